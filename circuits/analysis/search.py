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
from circuits.analysis.propagation import Propagation, propagate, undetermined_clusters
from circuits.analysis.system import System, build_system
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
    values = concrete.run_steps(system, prop, {w: v % R for w, v in fixed.items()})
    if values is None:
        return SearchResult("none")
    members: dict[int, set[int]] = {}
    for v, root in undetermined_clusters(system, prop).items():
        members.setdefault(root, set()).add(v)
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
    witness = [0 if x is None else x for x in values[: r1cs.n_wires]]
    if not r1cs.is_satisfied(witness):  # pragma: no cover - the steps and z3 agree
        return SearchResult("unknown")
    return SearchResult("found", witness)
