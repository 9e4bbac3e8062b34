"""Concrete values: run the propagation's steps forward for chosen input values.

Each :class:`~circuits.analysis.propagation.Step` is constructive, so once the inputs have
values every known variable gets its value; a sample that breaks a step (a value that does not
fit its bit decomposition) or an equation among known variables has no witness and is dropped.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping

from circuits.analysis.propagation import Propagation, Step
from circuits.analysis.system import System, Terms
from zk.field import R, inv
from zk.r1cs import ONE

Values = list[int | None]


def _eval(terms: Terms, values: Values) -> int | None:
    total = 0
    for w, c in terms.items():
        v = values[w]
        if v is None:
            return None
        total += c * v
    return total % R


def _eval_except(terms: Terms, values: Values, skip: int) -> int:
    return sum(c * values[w] for w, c in terms.items() if w != skip) % R  # type: ignore[operator]


def run_steps(
    system: System, prop: Propagation, inputs: Mapping[int, int]
) -> Values | None:
    """Values of every known variable for these input values, or None when they admit no
    witness."""
    values: Values = [None] * system.n_vars
    values[ONE] = 1
    for w, v in inputs.items():
        values[w] = v % R
    for step in prop.steps:
        if not _apply(system, step, values):
            return None
    for eq in system.equations:
        if eq.linear:
            total = _eval(eq.terms, values)
            if total is not None and total != 0:
                return None
        else:
            a, b, c = _eval(eq.a, values), _eval(eq.b, values), _eval(eq.c, values)
            if a is not None and b is not None and c is not None and a * b % R != c:
                return None
    return values


def _apply(system: System, step: Step, values: Values) -> bool:
    eqs = [system.equations[j] for j in step.equations]
    if step.rule == "linear":
        (t,) = step.targets
        terms = eqs[0].terms
        values[t] = -_eval_except(terms, values, t) * inv(terms[t]) % R
        return True
    if step.rule == "product":
        (t,) = step.targets
        eq = eqs[0]
        ab = _eval(eq.a, values) * _eval(eq.b, values)  # type: ignore[operator]
        values[t] = (ab - _eval_except(eq.c, values, t)) * inv(eq.c[t]) % R
        return True
    if step.rule == "bits":
        return _apply_bits(system, step, values)
    if step.rule == "quotient":
        return _apply_quotient(step, eqs[0], values)
    return _apply_is_zero(step, eqs, values)


def _apply_bits(system: System, step: Step, values: Values) -> bool:
    terms = system.equations[step.equations[0]].terms
    found = decompositions(system, terms, step.plan, values, set(step.targets))
    if not found:
        return False
    for v, x in found[0].items():
        values[v] = x
    return True


def decompositions(
    system: System, terms: Terms, plan, values: Values, unknown: set[int]
) -> list[dict[int, int]]:
    """Every assignment of the two-valued ``unknown`` variables that satisfies the linear
    equation ``terms`` = 0 (a decomposition ``plan`` from ``propagation.bits_plan``): one when
    the exponents stay below 253, up to two (x and x + r) for wider ones."""
    k, exps = plan
    rest = sum(c * values[w] for w, c in terms.items() if w not in unknown)  # type: ignore[operator]
    offset = sum(terms[v] * system.two_valued[v][0] for v in unknown)
    target = -(rest + offset) * inv(k) % R
    target = (target + sum(1 << e for s, e in exps.values() if s < 0)) % R
    top = sum(1 << e for _, e in exps.values())
    out = []
    for candidate in (target, target + R):
        if candidate > top or any(candidate >> e & 1 for e in _gaps(exps)):
            continue
        assignment = {}
        for v, (s, e) in exps.items():
            bit = candidate >> e & 1
            t = bit if s > 0 else 1 - bit
            p, q = system.two_valued[v]
            assignment[v] = (p + (q - p) * t) % R
        out.append(assignment)
    return out


def _gaps(exps) -> list[int]:
    used = {e for _, e in exps.values()}
    return [e for e in range(max(used) + 1) if e not in used]


def _apply_quotient(step: Step, eq, values: Values) -> bool:
    (y,) = step.targets
    x, other = (eq.a, eq.b) if y in eq.b else (eq.b, eq.a)
    xv = _eval(x, values)
    if not xv:  # the divisor is zero: these values have no witness
        return False
    rhs = _eval(eq.c, values) * inv(xv) - _eval_except(other, values, y)  # type: ignore[operator]
    values[y] = rhs * inv(other[y]) % R
    return True


def _apply_is_zero(step: Step, eqs: list, values: Values) -> bool:
    p_eq, q_eq = eqs
    (y,) = step.targets
    for x, other in ((p_eq.a, p_eq.b), (p_eq.b, p_eq.a)):
        xv = _eval(x, values)
        if xv is None or y not in other:
            continue
        if xv:
            # x·(μ·y + m) = c
            rhs = _eval(p_eq.c, values) * inv(xv) - _eval_except(other, values, y)  # type: ignore[operator]
            values[y] = rhs * inv(other[y]) % R
        else:
            # 0 = β·y + a
            values[y] = -_eval_except(q_eq.c, values, y) * inv(q_eq.c[y]) % R
        return True
    return False


def settle(system: System, values: Values) -> bool:
    """Fill in every variable that the values already present force, one equation at a time
    (an equation with one missing variable that enters it linearly with a non-zero
    coefficient — for *these* values, e.g. a division by a non-zero denominator). False when
    the values contradict an equation: then no assignment extends them."""
    eqs = system.equations
    queue: deque[int] = deque(range(len(eqs)))
    queued = bytearray([1]) * len(eqs)
    while queue:
        j = queue.popleft()
        queued[j] = 0
        eq = eqs[j]
        missing = [v for v in eq.variables() if values[v] is None]
        if not missing:
            if not _holds(eq, values):
                return False
            continue
        if len(missing) != 1:
            continue
        (y,) = missing
        solved = _solve_for(eq, y, values)
        if solved is None:
            continue
        if solved is False:
            return False
        pair = system.two_valued.get(y)
        if pair is not None and solved not in pair:
            return False
        values[y] = solved
        for k in system.occurs[y]:
            if not queued[k]:
                queued[k] = 1
                queue.append(k)
    return True


def _holds(eq, values: Values) -> bool:
    if eq.linear:
        return _eval(eq.terms, values) == 0
    return _eval(eq.a, values) * _eval(eq.b, values) % R == _eval(eq.c, values)  # type: ignore[operator]


def _solve_for(eq, y: int, values: Values):
    """y's value, None when the equation does not force it, False when it cannot hold."""
    if eq.linear:
        return -_eval_except(eq.terms, values, y) * inv(eq.terms[y]) % R
    if y in eq.a and y in eq.b:
        return None
    lin, other = (eq.a, eq.b) if y in eq.a else (eq.b, eq.a)
    ov = _eval(other, values)
    lin_rest = _eval_except(lin, values, y) if y in lin else _eval(lin, values)
    c_rest = _eval_except(eq.c, values, y)
    k = (lin.get(y, 0) * ov - eq.c.get(y, 0)) % R  # type: ignore[operator]
    free = (lin_rest * ov - c_rest) % R  # type: ignore[operator]
    if k == 0:
        return None if free == 0 else False
    return -free * inv(k) % R
