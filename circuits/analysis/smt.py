"""What propagation cannot decide, asked of an SMT solver (z3), one cluster at a time.

A *cluster* is a set of undetermined variables tied together by equations; the equations
touching it involve only its own variables and known ones. Two questions are asked, each with
a time budget; z3's "unknown" or a timeout is passed on as ``None``, never as an answer:

- :func:`prove_unique`: with the known variables left free (shared by both copies), can two
  assignments of the cluster differ on a target variable? "unsat" proves they cannot.
- :func:`solve_cluster`: with the known variables fixed to concrete values, one assignment
  of the cluster — or two that differ on a target variable.

Field equations are encoded over integers: each variable in 0 … r − 1 and each equation
``(A·B − C) mod r = 0``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import z3

from circuits.analysis.system import Equation, Terms
from zk.field import R
from zk.r1cs import ONE


def _signed(c: int) -> int:
    return c - R if c > R // 2 else c


class _Encoder:
    def __init__(
        self,
        known: Sequence[int | None] | None,
        copy: str,
        two_valued: Mapping[int, tuple[int, int]],
    ) -> None:
        self.known = known
        self.copy = copy
        self.two_valued = two_valued
        self.vars: dict[int, z3.ArithRef] = {}  # or an If over a Bool
        self.count = 0
        self.shared: dict[int, z3.ArithRef] = {}
        self.ranges: list[z3.BoolRef] = []

    def var(self, v: int, cluster: set[int]) -> z3.ArithRef | int:
        if v == ONE:
            return 1
        if v in cluster:
            table, name = self.vars, f"{self.copy}{v}"
        elif self.known is not None:
            value = self.known[v]
            assert value is not None
            return value
        else:
            table, name = self.shared, f"k{v}"
        if v not in table:
            pair = self.two_valued.get(v)
            if pair is None:
                x = table[v] = z3.Int(name)
                self.ranges += [x >= 0, x < R]
            else:  # a Boolean choice: the SAT core handles it far better than an Int
                table[v] = z3.If(z3.Bool(name), z3.IntVal(pair[1]), z3.IntVal(pair[0]))
        return table[v]

    def _range(self, v: int, cluster: set[int]) -> tuple[int, int]:
        if v == ONE:
            return 1, 1
        if v not in cluster and self.known is not None:
            value = self.known[v]
            assert value is not None
            return value, value
        pair = self.two_valued.get(v)
        return (min(pair), max(pair)) if pair else (0, R - 1)

    def lc(self, terms: Terms, cluster: set[int]) -> tuple[z3.ArithRef | int, int, int]:
        """The combination as an integer expression, with bounds on its integer value."""
        acc: z3.ArithRef | int = 0
        lo = hi = 0
        for w, c in terms.items():
            k = _signed(c)
            acc = acc + k * self.var(w, cluster)
            a, b = self._range(w, cluster)
            lo += min(k * a, k * b)
            hi += max(k * a, k * b)
        return acc, lo, hi

    def equation(self, eq: Equation, cluster: set[int]) -> z3.BoolRef:
        if eq.domain_only:  # stated by the variable's two values
            for v in eq.variables():
                self.var(v, cluster)
            return z3.BoolVal(True)
        if eq.linear:
            expr, lo, hi = self.lc(eq.terms, cluster)
        else:
            (a, alo, ahi), (b, blo, bhi) = self.lc(eq.a, cluster), self.lc(eq.b, cluster)
            c, clo, chi = self.lc(eq.c, cluster)
            corners = [alo * blo, alo * bhi, ahi * blo, ahi * bhi]
            expr, lo, hi = a * b - c, min(corners) - chi, max(corners) - clo
        # expr ≡ 0 (mod r) as expr = r·k with k bounded: linear arithmetic, no modulo.
        self.count += 1
        k = z3.Int(f"{self.copy}q{self.count}")
        return z3.And(expr == R * k, k >= -(-lo // R), k <= hi // R)


def _solver(timeout_ms: int) -> z3.Solver:
    s = z3.Solver()
    s.set("timeout", max(1, int(timeout_ms)))
    return s


def _cluster_solver(
    equations: Iterable[Equation],
    cluster: set[int],
    known: Sequence[int | None],
    timeout_ms: int,
    two_valued: Mapping[int, tuple[int, int]],
) -> tuple[z3.Solver, _Encoder]:
    """A solver holding the cluster's equations and its variables' ranges."""
    one = _Encoder(known, "a", two_valued)
    s = _solver(timeout_ms)
    for eq in equations:
        s.add(one.equation(eq, cluster))
    for v in cluster:
        one.var(v, cluster)
    s.add(*one.ranges)
    return s, one


def prove_unique(
    equations: Iterable[Equation],
    cluster: set[int],
    targets: Sequence[int],
    timeout_ms: int,
    two_valued: Mapping[int, tuple[int, int]],
) -> bool | None:
    """True when no two solutions (same known values) differ on a target; None if undecided."""
    eqs = list(equations)
    one, two = _Encoder(None, "a", two_valued), _Encoder(None, "b", two_valued)
    two.shared = one.shared  # the known variables are the same in both copies
    s = _solver(timeout_ms)
    for eq in eqs:
        s.add(one.equation(eq, cluster), two.equation(eq, cluster))
    s.add(z3.Or([one.var(t, cluster) != two.var(t, cluster) for t in targets]))
    s.add(*one.ranges, *two.ranges)
    result = s.check()
    return True if result == z3.unsat else None


def solve_cluster(
    equations: Iterable[Equation],
    cluster: set[int],
    known: Sequence[int | None],
    targets: Sequence[int],
    timeout_ms: int,
    two_valued: Mapping[int, tuple[int, int]],
) -> tuple[dict[int, int], dict[int, int] | None] | None:
    """One solution of the cluster for concrete known values, and (when ``targets``) a
    second one differing on some target, or ``None`` for the second when none was found.
    ``None`` overall when no solution was found in time."""
    s, one = _cluster_solver(equations, cluster, known, timeout_ms, two_valued)
    if s.check() != z3.sat:
        return None
    first = _read(s.model(), one)
    if not targets:
        return first, None
    # The same system again, with the first solution's target values excluded.
    s.add(z3.Or([one.var(t, cluster) != first[t] for t in targets]))
    if s.check() != z3.sat:
        return first, None
    return first, _read(s.model(), one)


def solve_once(
    equations: Iterable[Equation],
    cluster: set[int],
    known: Sequence[int | None],
    timeout_ms: int,
    two_valued: Mapping[int, tuple[int, int]],
) -> tuple[str, dict[int, int] | None]:
    """("sat", a solution), ("unsat", None) — none exists — or ("unknown", None)."""
    s, one = _cluster_solver(equations, cluster, known, timeout_ms, two_valued)
    result = s.check()
    if result == z3.sat:
        return "sat", _read(s.model(), one)
    return ("unsat" if result == z3.unsat else "unknown"), None


def _read(model: z3.ModelRef, enc: _Encoder) -> dict[int, int]:
    return {v: model.eval(x, model_completion=True).as_long() % R for v, x in enc.vars.items()}
