"""A ``.ptau`` with its contribution records decoded, and a fresh one (``powersoftau new``)."""

from __future__ import annotations

from dataclasses import dataclass

from zk.ceremony.records import PtauContribution, parse_ptau_contributions
from zk.ceremony.transcript import first_challenge_hash
from zk.curve import Backend
from zk.curve.base import G1_GENERATOR, G2_GENERATOR
from zk.curve.encoding import pack_g1, pack_g2
from zk.errors import ZkError
from zk.formats.ptau import (
    MAX_POWER,
    SECTION_ALPHA_TAU_G1,
    SECTION_BETA_G2,
    SECTION_BETA_TAU_G1,
    SECTION_CONTRIBUTIONS,
    SECTION_TAU_G1,
    SECTION_TAU_G2,
    Ptau,
    read_ptau,
    write_ptau,
)

#: The sections a contribution changes (the prepared ones are derived from them).
MONOMIAL_SECTIONS = (SECTION_TAU_G1, SECTION_TAU_G2, SECTION_ALPHA_TAU_G1, SECTION_BETA_TAU_G1,
                     SECTION_BETA_G2)


class Phase1Error(ZkError):
    """A ``.ptau`` cannot take this step (reduced file, power out of range, …)."""


@dataclass(frozen=True)
class CeremonyPtau:
    """A ``.ptau`` file with its contribution records decoded."""

    ptau: Ptau
    contributions: list[PtauContribution]

    @property
    def power(self) -> int:
        """The file's power p: 2^p points of τ·G2, enough for a 2^p-point QAP domain."""
        return self.ptau.power

    def section(self, section_type: int) -> memoryview:
        """The body of section ``section_type`` as a zero-copy view; a missing section
        raises :class:`FormatError` naming it."""
        return self.ptau.section(section_type)

    def last_challenge(self) -> bytes:
        """The challenge the next contributor answers."""
        if self.contributions:
            return self.contributions[-1].next_challenge
        return first_challenge_hash(self.ptau.ceremony_power)


def load(data: bytes | memoryview, backend: Backend | None = None) -> CeremonyPtau:
    """Parse a ``.ptau`` and its contribution records (raises :class:`FormatError`)."""
    ptau = read_ptau(data, backend)
    records: list[PtauContribution] = []
    if ptau.container.has(SECTION_CONTRIBUTIONS):
        records = parse_ptau_contributions(ptau.container.sections[SECTION_CONTRIBUTIONS])
    return CeremonyPtau(ptau, records)


def new(power: int) -> bytes:
    """A fresh power-``power`` file (every point a generator), as ``powersoftau new``."""
    if not 1 <= power <= MAX_POWER:
        raise Phase1Error(f"the power must be 1 … {MAX_POWER}, got {power}")
    n = 1 << power
    g1 = pack_g1([G1_GENERATOR])
    g2 = pack_g2([G2_GENERATOR])
    return write_ptau(power, {
        SECTION_TAU_G1: g1 * (2 * n - 1),
        SECTION_TAU_G2: g2 * n,
        SECTION_ALPHA_TAU_G1: g1 * n,
        SECTION_BETA_TAU_G1: g1 * n,
        SECTION_BETA_G2: g2,
    })
