"""Concrete values: run the propagation's steps forward for chosen input values.

Each :class:`~circuits.analysis.propagation.Step` is constructive, so once the inputs have
values every known variable gets its value; a sample that breaks a step (a value that does not
fit its bit decomposition) or an equation among known variables has no witness and is dropped.
"""

from __future__ import annotations

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
