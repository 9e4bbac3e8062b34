"""The analyzer: are a circuit's outputs uniquely determined by its inputs?

1. Structural checks (:mod:`.structure`).
2. Uniqueness propagation (:mod:`.propagation`): sound rules, near-linear time.
3. For each output still undecided, its cluster of undetermined variables goes to z3
   (:mod:`.smt`): first to prove uniqueness with the known variables left free; failing that,
   to find two witnesses for the same concrete inputs (inputs sampled: zeros, ones, small and
   random values; known variables computed by the propagation's steps). A pair is checked
   against the R1CS itself before it is reported.
4. An output neither proven nor refuted is "unknown"; an undetermined internal variable that
   no output depends on is a note.
"""

from __future__ import annotations

import itertools
import secrets
import time
from collections.abc import Mapping, Sequence

from circuits.analysis import concrete, smt
from circuits.analysis.propagation import bits_plan, propagate, undetermined_clusters
from circuits.analysis.report import ERROR, NOTE, UNKNOWN, Finding, Report
from circuits.analysis.structure import structural_findings, wire_namer
from circuits.analysis.system import System, build_system
from zk.field import R
from zk.r1cs import R1CS

#: Clusters larger than this many equations are not sent to the solver.
MAX_CLUSTER_EQUATIONS = 400
#: Witness pairs sought per cluster and sample: one already settles the verdict.
MAX_PAIRS_PER_CLUSTER = 1


def analyze_r1cs(
    r1cs: R1CS,
    names: Sequence[str | None] | None = None,
    *,
    timeout_ms: int = 5000,
    budget_s: float = 60.0,
    input_ranges: Mapping[int, tuple[int, int]] | None = None,
    inputs: Sequence[int] | None = None,
) -> Report:
    """Analyze an R1CS (outputs, public inputs and private inputs in circom's wire order).

    ``names`` gives a name per wire (a ``.sym`` read by :func:`read_sym`); ``timeout_ms``
    bounds each solver query and ``budget_s`` the whole solver stage; ``input_ranges`` gives
    integer ranges (inclusive) to sample input values from, per input wire; ``inputs``
    overrides the input wires the header counts (see :func:`load_circom`).
    """
    started = time.perf_counter()
    name = wire_namer(r1cs, names)
    report = Report(findings=structural_findings(r1cs, names, inputs))
    flagged = {f.signal for f in report.findings if f.severity == ERROR}
    system = build_system(r1cs, inputs)
    input_set = set(system.inputs)
    prop = propagate(system)
    t_prop = time.perf_counter() - started
    undecided = [o for o in system.outputs if not prop.known[o] and name(o) not in flagged]
    clusters = undetermined_clusters(system, prop)
    deadline = time.perf_counter() + budget_s
    stage = _SolverStage(system, prop, clusters, timeout_ms, deadline, input_ranges or {})
    outcome = stage.run(undecided)
    for o in undecided:
        verdict = outcome.get(o)
        if verdict is None:
            report.findings.append(
                Finding(
                    UNKNOWN,
                    "undecided-output",
                    name(o),
                    "could not be proven uniquely determined by the inputs, nor shown not to be",
                )
            )
        elif verdict != "unique":
            report.findings.append(_ambiguous(name, o, verdict, system))
    # Free internal variables: reported, never a failure.
    for w in range(1 + r1cs.n_public_outputs, r1cs.n_wires):
        if not prop.known[w] and w not in input_set:
            report.findings.append(
                Finding(
                    NOTE,
                    "free-internal",
                    name(w),
                    "internal signal not determined by the inputs; no output depends on it",
                )
                if not undecided
                else Finding(
                    NOTE, "undetermined-internal", name(w), "not determined by propagation"
                )
            )
    report.stats = {
        "constraints": r1cs.n_constraints,
        "wires": r1cs.n_wires,
        "determined_by_propagation": sum(prop.known[: r1cs.n_wires]),
        "propagation_s": round(t_prop, 3),
        "solver_queries": stage.queries,
        "total_s": round(time.perf_counter() - started, 3),
    }
    return report


def _ambiguous(name, o: int, pair, system: System) -> Finding:
    w1, w2 = pair
    inputs = {name(w): _show(w1[w]) for w in system.inputs}
    shown = ", ".join(f"{k} = {v}" for k, v in list(inputs.items())[:6])
    if len(inputs) > 6:
        shown += ", …"
    message = (
        f"not uniquely determined by the inputs: {_show(w1[o])} and {_show(w2[o])} both "
        f"satisfy every constraint" + (f" for {shown}" if shown else "")
    )
    evidence = {"inputs": inputs, "values": [_show(w1[o]), _show(w2[o])]}
    return Finding(ERROR, "underconstrained-output", name(o), message, evidence)


def _show(v: int) -> str:
    return str(v - R) if v > R - (1 << 64) else str(v)


class _SolverStage:
    """Step 3 of the module docstring, within a deadline."""

    def __init__(self, system, prop, clusters, timeout_ms, deadline, input_ranges) -> None:
        self.system, self.prop, self.clusters = system, prop, clusters
        self.timeout_ms, self.deadline = timeout_ms, deadline
        self.input_ranges = input_ranges
        self.queries = 0
        self.members: dict[int, set[int]] = {}
        for v, root in clusters.items():
            self.members.setdefault(root, set()).add(v)

    def _left_ms(self) -> int:
        return int(min(self.timeout_ms, (self.deadline - time.perf_counter()) * 1000))

    def _prove(self, eqs: list, root: int, targets: list[int]) -> bool:
        self.queries += 1
        return bool(
            smt.prove_unique(
                eqs, self.members[root], targets, self._left_ms(), self.system.two_valued
            )
        )

    def _solve(self, eqs: list, root: int, values, targets: list[int]):
        self.queries += 1
        return smt.solve_cluster(
            eqs, self.members[root], values, targets, self._left_ms(), self.system.two_valued
        )

    def _alias_pass(self, by_root, outcome) -> None:
        """Clusters that are one over-wide bit decomposition get their pair first, cheaply."""
        wide = [r for r in by_root if all(v in self.system.two_valued for v in self.members[r])]
        if not wide:
            return
        others = [r for r in self.members if r not in by_root]
        for sample in itertools.islice(self._samples(), 3):
            values = concrete.run_steps(self.system, self.prop, sample)
            base = None if values is None else self._solve_others(others, values)
            if base is None:
                continue
            for root in wide:
                found = self._alias_pair(self._equations(root), root, values)
                pair = found and self._witness_pair(values, base, found, list(by_root), root)
                if pair:
                    outcome.update({o: pair for o in by_root[root] if pair[0][o] != pair[1][o]})
            return

    def _alias_pair(self, eqs: list, root: int, values):
        """Two solutions without the solver when the cluster is one bit decomposition too
        wide to be unique (254 bits: x and x + r), else None."""
        members = self.members[root]
        if not all(v in self.system.two_valued for v in members):
            return None
        for eq in eqs:
            if not eq.linear:
                continue
            unknown = {v: c for v, c in eq.terms.items() if v in members}
            if set(unknown) != members:
                continue
            plan = bits_plan(unknown, self.system, max_exponent=253)
            if plan is None:
                continue
            found = concrete.decompositions(self.system, eq.terms, plan, values, members)
            if len(found) == 2:
                return found[0], found[1]
        return None

    def _equations(self, root: int) -> list:
        eqs: set[int] = set()
        for v in self.members[root]:
            eqs.update(self.system.occurs[v])
        return [self.system.equations[j] for j in sorted(eqs)]

    def run(self, undecided: list[int]) -> dict[int, object]:
        outcome: dict[int, object] = {}
        by_root: dict[int, list[int]] = {}
        for o in undecided:
            by_root.setdefault(self.clusters[o], []).append(o)
        self._alias_pass(by_root, outcome)
        open_roots = []
        for root, outs in by_root.items():
            if any(o in outcome for o in outs):  # settled: a witness pair exists
                continue
            eqs = self._equations(root)
            if len(eqs) > MAX_CLUSTER_EQUATIONS or self._left_ms() <= 0:
                continue
            if self._prove(eqs, root, outs):
                outcome.update(dict.fromkeys(outs, "unique"))
            else:
                open_roots.append(root)
        if open_roots:
            self._search_pairs(open_roots, by_root, outcome)
        return outcome

    def _samples(self):
        inputs = list(self.system.inputs)
        yield dict.fromkeys(inputs, 0)
        yield dict.fromkeys(inputs, 1)
        for limit in (4, 4, 16, 16, 1 << 16, 1 << 32, 1 << 64, R, R):
            yield {w: self._draw(w, limit) for w in inputs}

    def _draw(self, w: int, limit: int) -> int:
        lo, hi = self.input_ranges.get(w, (0, R - 1))
        return lo + secrets.randbelow(min(hi - lo + 1, limit))

    def _search_pairs(self, roots: list[int], by_root, outcome) -> None:
        pending = {root: list(by_root[root]) for root in roots}
        others = [r for r in self.members if r not in pending]
        for sample in self._samples():
            if not pending or self._left_ms() <= 0:
                return
            values = concrete.run_steps(self.system, self.prop, sample)
            if values is None:
                continue
            base = self._solve_others(others, values)
            if base is None:
                continue
            for root in list(pending):
                self._pairs_in_cluster(root, pending, values, base, outcome)

    def _pairs_in_cluster(self, root, pending, values, base, outcome) -> None:
        """Witness pairs for the cluster's pending outputs, one query per output found."""
        eqs = self._equations(root)
        by_root_outputs = list(pending.get(root, []))
        tries = 0
        while (
            pending.get(root)
            and tries < MAX_PAIRS_PER_CLUSTER
            and len(eqs) <= MAX_CLUSTER_EQUATIONS
            and self._left_ms() > 0
        ):
            tries += 1
            targets = pending[root]
            found = self._solve(eqs, root, values, targets)
            if found is None or found[1] is None:
                break
            pair = self._witness_pair(values, base, found, list(pending), root)
            if pair is None:
                break
            w1, w2 = pair
            for o in targets:
                if w1[o] != w2[o]:
                    outcome[o] = pair
            pending[root] = [o for o in targets if o not in outcome]
        # One sample with a witness pair settles the cluster; its other outputs stay unknown.
        if tries and any(o in outcome for o in by_root_outputs):
            pending.pop(root, None)

    def _solve_others(self, roots: list[int], values) -> dict[int, int] | None:
        """One solution for every cluster without a target output (a full witness needs
        them), or None."""
        assignment: dict[int, int] = {}
        for root in roots:
            eqs = self._equations(root)
            if not eqs:
                assignment.update(dict.fromkeys(self.members[root], 0))
                continue
            if len(eqs) > MAX_CLUSTER_EQUATIONS or self._left_ms() <= 0:
                return None
            found = self._solve(eqs, root, values, [])
            if found is None:
                return None
            assignment.update(found[0])
        return assignment

    def _witness_pair(self, values, base, found, roots, root):
        """Two full witnesses (checked against the R1CS) that differ only in ``root``'s
        cluster, or None when another open cluster has no solution for these values."""
        extra: dict[int, int] = {}
        for other in roots:
            if other == root:
                continue
            eqs = self._equations(other)
            got = self._solve(eqs, other, values, [])
            if got is None:
                return None
            extra.update(got[0])
        r1cs = self.system.r1cs
        pair = []
        for solution in found:
            full = list(values[: r1cs.n_wires])
            for v, x in {**base, **extra, **solution}.items():
                if v < r1cs.n_wires:
                    full[v] = x
            witness = [0 if x is None else x for x in full]
            if not r1cs.is_satisfied(witness):
                return None
            pair.append(witness)
        return tuple(pair)
