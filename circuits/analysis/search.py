"""Search the R1CS itself for an assignment with some wires fixed (what a cheating prover
would do): the witness generator is not involved.

Fixed wires (inputs, claimed outputs) become the known variables; propagation computes every
variable they determine (a forced value that breaks an equation proves that no assignment
exists); each remaining cluster of free variables goes to z3. The answer is "found" (with a
witness checked against the R1CS), "none" (proven), or "unknown" (a query ran out of time).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

from circuits.analysis import concrete, smt
from circuits.analysis.propagation import (
    Propagation,
    bits_plan,
    propagate,
    undetermined_clusters,
)
from circuits.analysis.system import Equation, System, build_system
from zk.field import R
from zk.r1cs import R1CS

_CACHE: dict[tuple[int, tuple[int, ...]], tuple[R1CS, System, Propagation]] = {}


def _prepared(r1cs: R1CS, wires: tuple[int, ...]) -> tuple[System, Propagation]:
    """The system and its propagation for these fixed wires; the last few are kept, since a
    harness searches one circuit for many assignments."""
    key = (id(r1cs), wires)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is r1cs:
        return hit[1], hit[2]
    system = build_system(r1cs, inputs=wires)
    prop = propagate(system)
    if len(_CACHE) >= 8:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = (r1cs, system, prop)
    return system, prop


def _solve_cluster(
    system: System, eqs: list[Equation], cluster: set[int], values: list, timeout_ms: int
) -> tuple[str, dict[int, int] | None]:
    """z3 on the cluster — after enumerating, when the cluster holds one, the (at most two)
    solutions of a bit decomposition too wide for the propagation (254 bits: x and x + r),
    which leaves the solver only easy equations."""
    wide = _wide_decomposition(system, eqs, cluster)
    if wide is None:
        return smt.solve_once(eqs, cluster, values, timeout_ms, system.two_valued)
    equation, plan, bits = wide
    rest = cluster - bits
    verdicts = []
    for candidate in concrete.decompositions(system, equation.terms, plan, values, bits):
        trial = list(values)
        for v, x in candidate.items():
            trial[v] = x
        if not rest:
            ok = all(_holds(eq, trial) for eq in eqs)
            verdict, solution = ("sat", {}) if ok else ("unsat", None)
        else:
            verdict, solution = smt.solve_once(eqs, rest, trial, timeout_ms, system.two_valued)
        if verdict == "sat":
            return "sat", {**candidate, **(solution or {})}
        verdicts.append(verdict)
    return ("unknown" if "unknown" in verdicts else "unsat"), None


def _wide_decomposition(system: System, eqs: list[Equation], cluster: set[int]):
    for eq in eqs:
        if not eq.linear:
            continue
        unknown = {v: c for v, c in eq.terms.items() if v in cluster}
        if len(unknown) < 2 or not all(v in system.two_valued for v in unknown):
            continue
        plan = bits_plan(unknown, system, max_exponent=253)
        if plan is not None:
            return eq, plan, set(unknown)
    return None


def _holds(eq: Equation, values: list) -> bool:
    def ev(terms):
        return sum(c * values[w] for w, c in terms.items()) % R

    if eq.domain_only:
        return True
    return ev(eq.terms) == 0 if eq.linear else ev(eq.a) * ev(eq.b) % R == ev(eq.c)


@dataclass
class SearchResult:
    """``status`` is "found", "none" or "unknown"; ``witness`` is set when found."""

    status: str
    witness: list[int] | None = None


def find_assignment(
    r1cs: R1CS, fixed: Mapping[int, int], *, timeout_ms: int = 5000, budget_s: float = 30.0
) -> SearchResult:
    """An assignment of every wire that satisfies the R1CS with ``fixed`` wires as given."""
    deadline = time.perf_counter() + budget_s
    system, prop = _prepared(r1cs, tuple(sorted(fixed)))
    given = {w: v % R for w, v in fixed.items()}
    return _search(system, prop, given, timeout_ms, deadline, depth=0)


#: Wide decompositions branched on, one inside the other at most this deep.
_MAX_DEPTH = 3


def _search(
    system: System, prop: Propagation, given: dict[int, int], timeout_ms: int,
    deadline: float, depth: int,
) -> SearchResult:  # fmt: skip
    values = concrete.run_steps(system, prop, given)
    if values is None or not concrete.settle(system, values):
        return SearchResult("none")
    members: dict[int, set[int]] = {}
    for v, root in undetermined_clusters(system, prop).items():
        if values[v] is None:  # not settled by the concrete values either
            members.setdefault(root, set()).add(v)
    for cluster in members.values():
        eqs = [system.equations[j] for j in sorted({j for v in cluster for j in system.occurs[v]})]
        wide = _wide_decomposition(system, eqs, cluster) if depth < _MAX_DEPTH else None
        if wide is not None:
            return _branch(system, given, values, wide, timeout_ms, deadline, depth)
    status = "found"
    for cluster in members.values():
        eqs = sorted({j for v in cluster for j in system.occurs[v]})
        if not eqs:  # variables in no equation: any value, 0 will do
            for v in cluster:
                values[v] = 0
            continue
        left = int(min(timeout_ms, (deadline - time.perf_counter()) * 1000))
        if left <= 0:
            return SearchResult("unknown")
        verdict, solution = smt.solve_once(
            [system.equations[j] for j in eqs], cluster, values, left, system.two_valued
        )
        if verdict == "unsat":
            return SearchResult("none")
        if solution is None:
            status = "unknown"
            continue
        for v, x in solution.items():
            values[v] = x
    if status != "found":
        return SearchResult(status)
    witness = [0 if x is None else x for x in values[: system.r1cs.n_wires]]
    if not system.r1cs.is_satisfied(witness):  # pragma: no cover - the steps and z3 agree
        return SearchResult("unknown")
    return SearchResult("found", witness)


def _branch(system, given, values, wide, timeout_ms, deadline, depth) -> SearchResult:
    """Try each of the (at most two) solutions of a bit decomposition too wide for the
    propagation (254 bits: x and x + r); the propagation then runs on with those bits known.
    The candidates are all the decomposition's solutions, so "none" for each is "none"."""
    equation, plan, bits = wide
    outcomes = []
    for candidate in concrete.decompositions(system, equation.terms, plan, values, bits):
        prop = propagate(system, extra=bits)
        result = _search(
            system, prop, {**given, **candidate}, timeout_ms, deadline, depth + 1
        )
        if result.status == "found":
            return result
        outcomes.append(result.status)
    return SearchResult("unknown" if "unknown" in outcomes else "none")
