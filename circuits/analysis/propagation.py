"""Uniqueness propagation (as in Picus): which variables the inputs determine, and how.

Starting from the inputs (and the constant wire), a variable becomes *known* — uniquely
determined by the inputs — by one of these sound rules:

- **linear**: an equation whose only unknown has a constant non-zero coefficient (a linear
  equation, or a product whose two sides are already known);
- **bits**: a linear equation whose unknowns are all two-valued (xⱼ ∈ {pⱼ, qⱼ}) with
  coefficients k·(qⱼ − pⱼ)⁻¹·(±2^eⱼ), distinct eⱼ ≤ 252: distinct choices give distinct sums
  (below 2^253 < r), so one sum fixes every variable — a bit decomposition;
- **is-zero**: x·y = c and x·z = a + β·y with x known, β ≠ 0: y is fixed both when x ≠ 0
  (first equation) and when x = 0 (second), while z need not be (IsZero's inverse);
- **quotient**: x·y = c with x known and y the only unknown (not in c): y = c/x as soon as
  x ≠ 0 is proven — by this very equation when c is a non-zero constant (an inverse), or by
  another one x·w = k ≠ 0 (a division whose divisor is proven non-zero).

Every rule is recorded as a :class:`Step` that also *computes* the variable from the earlier
ones, so the analyzer can build concrete witnesses for chosen inputs (see ``solver``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from circuits.analysis.system import Equation, System, Terms
from zk.field import R, inv
from zk.r1cs import ONE

#: ±2^e mod r for |e| ≤ 253 → (sign, e)
_POWERS: dict[int, tuple[int, int]] = {}
for _e in range(254):
    for _sign in (1, -1):
        _POWERS.setdefault(_sign * (1 << _e) % R, (_sign, _e))
        _POWERS.setdefault(_sign * inv(1 << _e) % R, (_sign, -_e))


@dataclass
class Step:
    """One determination: ``rule`` fixed ``targets`` using equation(s) ``equations``."""

    rule: str
    targets: list[int]
    equations: list[int]
    #: for "bits": per target (coefficient k·s·2^e as (s, e)) and the common factor k
    plan: object = None


@dataclass
class Propagation:
    """The outcome: which variables are known, and the steps that fixed them, in order."""

    known: bytearray
    steps: list[Step]


def _value_terms(eq: Equation) -> list[Terms]:
    return [eq.terms] if eq.linear else [eq.a, eq.b, eq.c]


def _unknowns(terms: Terms, known: bytearray) -> list[int]:
    return [v for v in terms if v != ONE and not known[v]]


def bits_plan(
    coeffs: dict[int, int], system: System, max_exponent: int = 252
) -> tuple[int, dict[int, tuple[int, int]]] | None:
    """If the unknowns (var → coefficient) form a decomposition with exponents up to
    ``max_exponent``, (k, var → (sign, e)); 252 makes it unique (the sum stays below r)."""
    scaled = {}
    for v, c in coeffs.items():
        p, q = system.two_valued[v]
        scaled[v] = c * (q - p) % R
    first = next(iter(scaled))
    base_inv = inv(scaled[first])
    exps: dict[int, tuple[int, int]] = {}
    for v, m in scaled.items():
        found = _POWERS.get(m * base_inv % R)
        if found is None:
            return None
        exps[v] = found
    low = min(e for _, e in exps.values())
    shifted = {v: (s, e - low) for v, (s, e) in exps.items()}
    es = [e for _, e in shifted.values()]
    if max(es) > max_exponent or len(set(es)) != len(es):
        return None
    k = scaled[first] * (pow(2, low, R) if low >= 0 else pow(inv(2), -low, R)) % R
    return k, shifted


def propagate(system: System, extra: Iterable[int] = ()) -> Propagation:
    """Run the rules to a fixpoint from the inputs (and the ``extra`` variables, taken as
    given too)."""
    known = bytearray(system.n_vars)
    known[ONE] = 1
    for w in (*system.inputs, *extra):
        known[w] = 1
    steps: list[Step] = []
    nonzero = _nonzero_combinations(system)
    queue: deque[int] = deque(range(len(system.equations)))
    queued = bytearray([1]) * len(system.equations)

    def learn(vars_: list[int]) -> None:
        for v in vars_:
            known[v] = 1
            for j in system.occurs[v]:
                if not queued[j]:
                    queued[j] = 1
                    queue.append(j)

    while True:
        while queue:
            j = queue.popleft()
            queued[j] = 0
            step = _try_equation(system, j, known, nonzero)
            if step is not None:
                steps.append(step)
                learn(step.targets)
        found = _is_zero_steps(system, known)
        if not found:
            break
        for step in found:
            if not known[step.targets[0]]:
                steps.append(step)
                learn(step.targets)
    return Propagation(known, steps)


def _nonzero_combinations(system: System) -> set[tuple[tuple[int, int], ...]]:
    """Combinations every solution keeps non-zero: both sides of x·y = c, c ≠ 0 constant."""
    out = set()
    for eq in system.equations:
        if not eq.linear and set(eq.c) == {ONE} and eq.c[ONE]:
            for side in (eq.a, eq.b):
                key = _normalized(side)
                if key is not None:
                    out.add(key)
    return out


def _try_equation(
    system: System, j: int, known: bytearray, nonzero: set[tuple[tuple[int, int], ...]]
) -> Step | None:
    eq = system.equations[j]
    if eq.linear:
        unknown = _unknowns(eq.terms, known)
        if not unknown:
            return None
        if len(unknown) == 1:
            return Step("linear", unknown, [j])
        if all(v in system.two_valued for v in unknown):
            plan = bits_plan({v: eq.terms[v] for v in unknown}, system)
            if plan is not None:
                return Step("bits", unknown, [j], plan)
        return None
    ua, ub = _unknowns(eq.a, known), _unknowns(eq.b, known)
    if ua or ub:
        return _quotient(eq, j, ua, ub, known, nonzero)
    unknown = _unknowns(eq.c, known)
    if len(unknown) == 1:
        return Step("product", unknown, [j])
    return None


def _quotient(eq: Equation, j: int, ua, ub, known, nonzero) -> Step | None:
    if (ua and ub) or _unknowns(eq.c, known):
        return None
    x, unknown = (eq.b, ua) if ua else (eq.a, ub)
    if len(unknown) != 1:
        return None
    constant_c = set(eq.c) == {ONE} and bool(eq.c[ONE])
    if constant_c or _normalized(x) in nonzero:
        return Step("quotient", unknown, [j])
    return None


def _normalized(terms: Terms) -> tuple[tuple[int, int], ...] | None:
    """The combination up to a constant factor (first wire's coefficient 1), as a key."""
    wires = [w for w in terms if w != ONE]
    if not wires:
        return None
    lead = terms[min(wires)]
    if lead == 1:
        return tuple(sorted(terms.items()))
    k = inv(lead)
    return tuple(sorted((w, c * k % R) for w, c in terms.items()))


def _is_zero_steps(system: System, known: bytearray) -> list[Step]:
    """The is-zero rule, over all product equations at once."""
    # P: x·(μ·y + known) = known, x known and not constant.
    zero_side: dict[tuple[tuple[int, int], ...], list[tuple[int, int]]] = {}
    products = [j for j, eq in enumerate(system.equations) if not eq.linear]
    for j in products:
        eq = system.equations[j]
        if _unknowns(eq.c, known):
            continue
        for x, other in ((eq.a, eq.b), (eq.b, eq.a)):
            if _unknowns(x, known):
                continue
            unknown = _unknowns(other, known)
            if len(unknown) != 1:
                continue
            key = _normalized(x)
            if key is not None:
                zero_side.setdefault(key, []).append((j, unknown[0]))
    if not zero_side:
        return []
    steps = []
    for j in products:
        eq = system.equations[j]
        c_unknown = _unknowns(eq.c, known)
        if len(c_unknown) != 1:
            continue
        y = c_unknown[0]
        for x, other in ((eq.a, eq.b), (eq.b, eq.a)):
            if _unknowns(x, known) or y in other:
                continue
            for p, py in zero_side.get(_normalized(x) or (), []):
                if py == y and p != j:
                    steps.append(Step("is-zero", [y], [p, j]))
    return steps


def undetermined_clusters(system: System, prop: Propagation) -> dict[int, int]:
    """Undetermined variable → representative of its cluster (union-find over equations)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for v in range(system.n_vars):
        if not prop.known[v]:
            parent[v] = v
    for eq in system.equations:
        unknown = [v for v in eq.variables() if not prop.known[v]]
        for v in unknown[1:]:
            a, b = find(unknown[0]), find(v)
            if a != b:
                parent[b] = a
    return {v: find(v) for v in parent}
