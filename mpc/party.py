"""The department's job: share a column, compute the agreed statistics, reveal them.

Every party runs :func:`run_job` with the same :class:`Job` (the session digest in the
handshake makes sure of it) and its own values. Results are revealed only to the parties in
``reveal_to``; the others learn nothing but the record counts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from mpc import statistics as stats
from mpc.config import PartiesConfig, session_digest
from mpc.errors import MpcConfigError
from mpc.field import companion_field
from mpc.secure import SecureRuntime, SecureVector
from mpc.session import open_network, run_with
from mpc.statistics import SecureRatio
from mpc.transport.base import Network

#: Statistics a job may ask for, in the order they are computed (the CLI lists the same).
STATISTICS = ("count", "sum", "total", "mean", "variance", "pvariance", "stdev", "min", "max")
CONDITIONS = ("<=", ">=", "==", "!=", "<", ">")


@dataclass(frozen=True)
class Job:
    """What to compute. Every party must be started with the same job."""

    statistics: tuple[str, ...] = ("count", "mean")
    histogram: tuple[Fraction, ...] = ()
    conditions: tuple[tuple[str, Fraction], ...] = ()
    bits: int = 32
    frac_bits: int = 0
    reveal_to: tuple[int, ...] | None = None

    def describe(self) -> dict[str, Any]:
        """Canonical form for the session digest."""
        return {"statistics": list(self.statistics),
                "histogram": [str(e) for e in self.histogram],
                "conditions": [[op, str(v)] for op, v in self.conditions],
                "bits": self.bits, "frac_bits": self.frac_bits,
                "reveal_to": list(self.reveal_to) if self.reveal_to is not None else None}


def parse_statistics(text: str) -> tuple[str, ...]:
    """The statistics named in a comma-separated list (any case, repeats dropped), in
    :data:`STATISTICS` order; an unknown name raises :class:`MpcConfigError`."""
    names = tuple(dict.fromkeys(s.strip().lower() for s in text.split(",") if s.strip()))
    unknown = [s for s in names if s not in STATISTICS]
    if unknown:
        raise MpcConfigError(f"unknown statistic {unknown[0]!r}: choose from "
                             f"{', '.join(STATISTICS)}")
    return tuple(s for s in STATISTICS if s in names)


def parse_number(text: str, what: str) -> Fraction:
    """``text`` as an exact :class:`Fraction` (``12``, ``2.5``, ``1/3``); anything else
    raises :class:`MpcConfigError` naming ``what``."""
    try:
        return Fraction(text.strip())
    except (ValueError, ZeroDivisionError) as exc:
        raise MpcConfigError(f"{what}: {text!r} is not a number") from exc


def parse_condition(text: str) -> tuple[str, Fraction]:
    """'<20000', '>=18', '==0' → (op, value)."""
    s = text.strip()
    for op in CONDITIONS:
        if s.startswith(op):
            return op, parse_number(s[len(op):], f"condition {text!r}")
    raise MpcConfigError(f"condition {text!r} must start with one of {' '.join(CONDITIONS)}")


def parse_edges(text: str) -> tuple[Fraction, ...]:
    """Histogram bin edges from a comma-separated list such as ``0,10,20``; they must be
    strictly increasing, else :class:`MpcConfigError`."""
    edges = tuple(parse_number(e, "histogram edge") for e in text.split(",") if e.strip())
    if not edges or list(edges) != sorted(set(edges)):
        raise MpcConfigError("histogram edges must be strictly increasing numbers, e.g. 0,10,20")
    return edges


def _threshold(op: str, value: Fraction, frac_bits: int) -> tuple[str, float | int] | bool:
    """The condition on the data's own fixed-point grid that selects exactly the same records.

    Values are multiples of 2^-f, so x < c is x < ⌈c·2^f⌉/2^f, x ≤ c is x ≤ ⌊c·2^f⌋/2^f, and so
    on; an equality with a constant off the grid is never (or, for !=, always) true, which is
    returned as a bool. Thresholds are then exact binary fractions (or ints when f = 0).
    """
    scaled = value * (1 << frac_bits)
    up, down = math.ceil(scaled), math.floor(scaled)
    if op in ("==", "!=") and scaled.denominator != 1:
        return op == "!="
    k = up if op in ("<", ">=") else down

    def unscale(i: int) -> float | int:
        return i if frac_bits == 0 else i / (1 << frac_bits)

    return op, unscale(k)


def _number(q: Fraction) -> int | float:
    return q.numerator if q.denominator == 1 else float(q)


def steps(job: Job) -> int:
    """How many progress steps :func:`run_job` reports (sharing, each statistic, counting)."""
    return 1 + len(job.statistics) + (1 if job.conditions or job.histogram else 0)


def run_job(rt: SecureRuntime, job: Job, values: Sequence[int],
            on_step: Callable[[], None] = lambda: None) -> dict[str, Any] | None:
    """Run ``job`` with this party's (fixed-point scaled) ``values``; results or None.

    ``on_step`` is called after the sharing and after each statistic (for a progress bar).
    """
    if job.reveal_to is not None:
        unknown = [p for p in job.reveal_to if p not in rt.parties]
        if unknown:
            raise MpcConfigError(f"--reveal-to names party {unknown[0]}, which does not exist")
    wide = {"variance", "pvariance", "stdev"} & set(job.statistics)
    # the variance numerator needs about twice the data's bits: share the column in a second
    # word-sized field as well, in the same round, rather than converting it later
    twins = (companion_field(rt.field),) if wide and rt.field.word else ()
    columns = rt.input(values, bits=job.bits, frac_bits=job.frac_bits, prescaled=True,
                       twin_fields=twins)
    col = SecureVector.concat(columns)
    on_step()
    to = job.reveal_to
    results: dict[str, Any] = {}
    exact: dict[str, str] = {}

    def put(name: str, q: Fraction | None, as_float: bool = False) -> None:
        """Record a revealed value (None when undefined or not revealed to this party)."""
        if q is None:
            results[name] = None
            return
        results[name] = float(q) if as_float else _number(q)
        exact[name] = str(q)

    scale = Fraction(1, 1 << job.frac_bits)
    ratios = _reveal_ratios(col, job.statistics, to)
    extremes: tuple[Any, Any] | None = None
    for name in job.statistics:
        if name == "count":
            results["count"] = stats.count(col)
        elif name == "sum":
            raw = stats.total(col).reveal_exact(to)
            put(name, None if raw is None else raw[0])
        elif name == "total":
            # the departments' own subtotals, one shared value each
            secret = stats.joint_total(rt, sum(values), len(col) * col.bound)
            raw = secret.reveal_exact(to)
            put(name, None if raw is None else raw[0] * scale)
        elif name in ("mean", "variance", "pvariance"):
            put(name, ratios[name], as_float=True)
        elif name == "stdev":
            # revealing the variance says exactly as much as its square root
            q = ratios["variance"]
            results[name] = None if q is None else math.sqrt(q)
        elif name in ("min", "max"):
            if extremes is None:  # one tournament finds both
                extremes = stats.extremes(col) or (None, None)
            secret = extremes[0] if name == "min" else extremes[1]
            raw = None if secret is None else secret.reveal_exact(to)
            put(name, None if raw is None else raw[0])
        on_step()
    # all counting conditions and histogram edges in one comparison and one equality round
    thresholds = [_threshold(op, v, job.frac_bits) for op, v in job.conditions]
    secure_conditions = [c for c in thresholds if not isinstance(c, bool)]
    edges = [_threshold("<", e, job.frac_bits) for e in job.histogram]
    counts = stats.count_matches(col, secure_conditions + edges)  # type: ignore[arg-type]
    found = iter(counts)
    for (op, value), cond in zip(job.conditions, thresholds):
        name = f"count_if {op}{_number(value)}"
        if isinstance(cond, bool):  # an (in)equality with a value off the data's grid
            results[name] = (len(col) if cond else 0) if to is None or rt.party_id in to \
                else None
        else:
            results[name] = next(found).reveal(to)
    if job.histogram:
        bins = stats.histogram_from_counts(len(col), counts[len(secure_conditions):])
        revealed = bins.reveal(to)
        results["histogram"] = None if revealed is None else {
            "edges": [_number(e) for e in job.histogram], "counts": revealed}
    if job.conditions or job.histogram:
        on_step()
    if to is not None and rt.party_id not in to:
        return None
    return {"results": results, "exact": exact}


def _reveal_ratios(col: SecureVector, statistics: Sequence[str], to: Sequence[int] | None
                   ) -> dict[str, Fraction | None]:
    """The mean and variances among ``statistics`` (stdev: the sample variance), revealed
    together in one round; None where undefined (too few values) or not revealed here."""
    wanted = {"variance" if name == "stdev" else name for name in statistics} & {
        "mean", "variance", "pvariance"}
    made: dict[str, SecureRatio | None] = {}
    if "mean" in wanted:
        made["mean"] = stats.mean(col)
    if wanted & {"variance", "pvariance"}:
        sample, population = stats.variances(col)  # one numerator, one round, for both
        made.update((name, ratio) for name, ratio in (("pvariance", population),
                                                      ("variance", sample)) if name in wanted)
    defined = [name for name, ratio in made.items() if ratio is not None]
    revealed = stats.reveal_ratios([made[name] for name in defined], to)
    out: dict[str, Fraction | None] = dict.fromkeys(made)
    out.update(zip(defined, revealed))  # type: ignore[arg-type]
    return out


@dataclass
class PartyOutcome:
    """What one party learned: its results (None when not revealed to it) and who cheated."""

    results: dict[str, Any] | None
    corrected_parties: tuple[int, ...]


def run_party(config: PartiesConfig, party_id: int, job: Job, values: Sequence[int],
              plaintext: bool = False, timeout: float | None = None,
              wrap_network: Callable[[Network], Network] | None = None,
              on_step: Callable[[], None] = lambda: None) -> PartyOutcome:
    """Connect to the other parties and run ``job`` with this party's scaled ``values``.

    ``wrap_network`` lets a caller interpose on the connections (fault-injection tests);
    ``on_step`` is called once connected and then as :func:`run_job` progresses.
    """
    session = session_digest(config, job.describe())
    network: Network = open_network(config, party_id, session, plaintext, timeout)
    if wrap_network is not None:
        network = wrap_network(network)
    rt = SecureRuntime(party_id, config.n, config.threshold, config.field, network,
                       config.sec_param)
    on_step()
    results = run_with(rt, lambda r: run_job(r, job, values, on_step))
    return PartyOutcome(results, tuple(sorted(rt.corrected_parties)))
