"""What a ceremony verification found: each contribution's name and hash, and every failure,
each naming the contribution (or the part of the file) it concerns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zk.ceremony.beacon import Beacon


@dataclass(frozen=True)
class ContributionSummary:
    """One contribution as a verifier lists it (index is 1-based, as snarkjs prints it)."""

    index: int
    name: str | None
    #: phase 1: the response hash; phase 2: the contribution hash (blake2b of its public key).
    hash: bytes
    beacon: Beacon | None = None

    @property
    def label(self) -> str:
        """``#2 'Ministry of Health'`` or ``#2``."""
        return f"#{self.index}" + (f" {self.name!r}" if self.name else "")

    def to_json(self) -> dict[str, Any]:
        """``{"index", "name", "hash"}`` with the hash in hex, plus ``"beacon"``
        (value in hex and ``iterations_exp``) for a beacon contribution."""
        out: dict[str, Any] = {"index": self.index, "name": self.name, "hash": self.hash.hex()}
        if self.beacon is not None:
            out["beacon"] = {"value": self.beacon.value.hex(),
                             "iterations_exp": self.beacon.iterations_exp}
        return out


@dataclass
class VerificationReport:
    """The outcome of verifying a ``.ptau`` or ``.zkey`` ceremony file."""

    contributions: list[ContributionSummary] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    #: The contributions (1-based) that at least one failure names.
    failed_contributions: set[int] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        """True when no failure was recorded: every contribution and the key checked out."""
        return not self.failures

    def fail(self, message: str, contribution: int | None = None) -> None:
        """Record a failure, optionally naming the contribution it belongs to."""
        self.failures.append(message)
        if contribution is not None:
            self.failed_contributions.add(contribution)

    def to_json(self) -> dict[str, Any]:
        """The report for ``--json``: ``ok``, the contributions, the failure messages and
        the sorted 1-based numbers of the contributions that failed."""
        return {
            "ok": self.ok,
            "contributions": [c.to_json() for c in self.contributions],
            "failures": list(self.failures),
            "failed_contributions": sorted(self.failed_contributions),
        }
