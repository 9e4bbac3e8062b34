"""snarkjs's powers-of-tau file ``.ptau`` (phase 1 of a Groth16 ceremony, version 1).

Sections (iden3 container; points affine, Montgomery-form LE as in :mod:`zk.curve.base`),
for a file of power p:

1. header — u32 n8 (32), the base-field prime q, u32 power p, u32 ceremony power;
2. τⁱ·G1 for i < 2^(p+1) − 1 · 3. τⁱ·G2 for i < 2^p · 4. α·τⁱ·G1 · 5. β·τⁱ·G1 (2^p each) ·
6. β·G2 (one point);
7. contributions — u32 count, then per contribution the five points after it, its public key
   (6 G1 + 3 G2), a 216-byte partial blake2b state, the 64-byte next challenge, u32 type and
   length-prefixed parameters.

``snarkjs powersoftau prepare phase2`` adds 12, 13, 14, 15: sections 2, 3, 4, 5 in the
Lagrange basis, for every domain 2^k (k = 0 … p, and p + 1 for section 12) one after the
other, so the 2^k-point basis starts at point 2^k − 1. A circuit-specific setup needs only
the prepared sections and the first points of 4, 5, 6.
"""

from __future__ import annotations

from dataclasses import dataclass

from zk.curve import Backend, get_backend
from zk.curve.base import G1, G2, BytesLike
from zk.curve.encoding import G1_BYTES, G2_BYTES, unpack_g1, unpack_g2
from zk.curve.validity import check_g1, check_g2
from zk.errors import FormatError
from zk.field import FIELD_BYTES, TWO_ADICITY, Q
from zk.formats.binfile import (
    BinFile,
    SectionReader,
    expect_size,
    read_binfile,
    u32,
    write_binfile,
)
from zk.formats.packed import check_below
from zk.formats.source import Source, source_bytes

MAGIC = "ptau"
VERSION = 1

SECTION_HEADER = 1
SECTION_TAU_G1 = 2
SECTION_TAU_G2 = 3
SECTION_ALPHA_TAU_G1 = 4
SECTION_BETA_TAU_G1 = 5
SECTION_BETA_G2 = 6
SECTION_CONTRIBUTIONS = 7
SECTION_LAGRANGE_G1 = 12
SECTION_LAGRANGE_G2 = 13
SECTION_LAGRANGE_ALPHA_G1 = 14
SECTION_LAGRANGE_BETA_G1 = 15

#: The largest power snarkjs handles (Fr's 2-adicity; the Hermez files stop there too).
MAX_POWER = TWO_ADICITY

_CONTRIBUTION_FIXED = (
    G1_BYTES + G2_BYTES + G1_BYTES + G1_BYTES + G2_BYTES  # τG1, τG2, αG1, βG1, βG2 after it
    + 6 * G1_BYTES + 3 * G2_BYTES  # public key
    + 216  # partial blake2b state of the response
    + 64  # next challenge hash
    + 4  # type
    + 4  # parameter length
)


def _monomial_counts(power: int) -> dict[int, tuple[int, int]]:
    """Points and point size of every phase-1 section for a file of ``power``."""
    n = 1 << power
    return {
        SECTION_TAU_G1: (2 * n - 1, G1_BYTES),
        SECTION_TAU_G2: (n, G2_BYTES),
        SECTION_ALPHA_TAU_G1: (n, G1_BYTES),
        SECTION_BETA_TAU_G1: (n, G1_BYTES),
        SECTION_BETA_G2: (1, G2_BYTES),
    }


def _lagrange_counts(power: int) -> dict[int, tuple[int, int]]:
    """Points and point size of the prepared (Lagrange) sections."""
    levels = (1 << (power + 1)) - 1  # 2^0 + … + 2^power
    return {
        SECTION_LAGRANGE_G1: (2 * levels + 1, G1_BYTES),  # one more level: 2^(power+1)
        SECTION_LAGRANGE_G2: (levels, G2_BYTES),
        SECTION_LAGRANGE_ALPHA_G1: (levels, G1_BYTES),
        SECTION_LAGRANGE_BETA_G1: (levels, G1_BYTES),
    }


_SECTION_NAMES = {
    SECTION_TAU_G1: "tauG1",
    SECTION_TAU_G2: "tauG2",
    SECTION_ALPHA_TAU_G1: "alphaTauG1",
    SECTION_BETA_TAU_G1: "betaTauG1",
    SECTION_BETA_G2: "betaG2",
    SECTION_LAGRANGE_G1: "Lagrange tauG1",
    SECTION_LAGRANGE_G2: "Lagrange tauG2",
    SECTION_LAGRANGE_ALPHA_G1: "Lagrange alphaTauG1",
    SECTION_LAGRANGE_BETA_G1: "Lagrange betaTauG1",
}


@dataclass(frozen=True)
class Ptau:
    """A parsed ``.ptau``: sizes checked, every coordinate below q, sections as views."""

    power: int
    ceremony_power: int
    container: BinFile
    n_contributions: int

    @property
    def prepared(self) -> bool:
        """True when ``prepare phase2`` added the Lagrange sections a setup needs."""
        return self.container.has(SECTION_LAGRANGE_G1)

    def section(self, section_type: int) -> memoryview:
        """The body of section ``section_type`` as a zero-copy view; a missing section
        raises :class:`FormatError` naming it."""
        return self.container.section(section_type, _SECTION_NAMES.get(section_type, "?"))

    def _lagrange(self, section_type: int, domain_size: int, point_bytes: int) -> memoryview:
        top = self.power + 1 if section_type == SECTION_LAGRANGE_G1 else self.power
        if domain_size < 1 or domain_size & (domain_size - 1) or domain_size > 1 << top:
            raise FormatError(
                f"a 2^{self.power} powers-of-tau file has no {domain_size}-point Lagrange basis"
            )
        if not self.prepared:
            raise FormatError(
                "the .ptau file is not prepared for phase 2: run "
                "`snarkjs powersoftau prepare phase2` on it first"
            )
        start = (domain_size - 1) * point_bytes
        return self.section(section_type)[start : start + domain_size * point_bytes]

    def lagrange_g1(self, domain_size: int) -> memoryview:
        """L_j(τ)·G1 for the ``domain_size``-point domain (packed G1)."""
        return self._lagrange(SECTION_LAGRANGE_G1, domain_size, G1_BYTES)

    def lagrange_g2(self, domain_size: int) -> memoryview:
        """L_j(τ)·G2 (packed G2)."""
        return self._lagrange(SECTION_LAGRANGE_G2, domain_size, G2_BYTES)

    def lagrange_alpha_g1(self, domain_size: int) -> memoryview:
        """α·L_j(τ)·G1 (packed G1)."""
        return self._lagrange(SECTION_LAGRANGE_ALPHA_G1, domain_size, G1_BYTES)

    def lagrange_beta_g1(self, domain_size: int) -> memoryview:
        """β·L_j(τ)·G1 (packed G1)."""
        return self._lagrange(SECTION_LAGRANGE_BETA_G1, domain_size, G1_BYTES)

    def tau_g1(self) -> memoryview:
        """τⁱ·G1 for i < 2^(power+1) − 1 (packed G1, section 2)."""
        return self.section(SECTION_TAU_G1)

    @property
    def alpha1(self) -> G1:
        """α·G1: the first point of section 4 (α·τ⁰·G1)."""
        return unpack_g1(self.section(SECTION_ALPHA_TAU_G1)[:G1_BYTES])[0]

    @property
    def beta1(self) -> G1:
        """β·G1: the first point of section 5 (β·τ⁰·G1)."""
        return unpack_g1(self.section(SECTION_BETA_TAU_G1)[:G1_BYTES])[0]

    @property
    def beta2(self) -> G2:
        """β·G2: the one point of section 6."""
        return unpack_g2(self.section(SECTION_BETA_G2))[0]


def _parse_header(body: BytesLike) -> tuple[int, int]:
    cur = SectionReader(body, ".ptau header (section 1)")
    n8 = cur.u32("the field size n8")
    if n8 != FIELD_BYTES:
        raise FormatError(f".ptau uses {n8}-byte field elements; zkgov supports BN254 only")
    if cur.bigint(n8, "the prime q") != Q:
        raise FormatError(".ptau prime q is not BN254's: the file is for another curve")
    power = cur.u32("the power")
    ceremony_power = cur.u32("the ceremony power")
    cur.expect_end()
    if not 1 <= power <= MAX_POWER:
        raise FormatError(f".ptau power {power} is outside 1 … {MAX_POWER}")
    if ceremony_power < power or ceremony_power > MAX_POWER:
        raise FormatError(
            f".ptau ceremony power {ceremony_power} is inconsistent with its power {power}"
        )
    return power, ceremony_power


def _count_contributions(body: BytesLike) -> int:
    cur = SectionReader(body, ".ptau contributions (section 7)")
    count = cur.u32("the contribution count")
    if count * _CONTRIBUTION_FIXED > cur.remaining:
        raise FormatError(
            f".ptau claims {count} contributions but section 7 holds {cur.remaining} bytes"
        )
    for i in range(count):
        cur.take(_CONTRIBUTION_FIXED - 4, f"contribution #{i}")
        cur.take(cur.u32(f"contribution #{i}"), f"the parameters of contribution #{i}")
    cur.expect_end()
    return count


def _check_sized(container: BinFile, counts: dict[int, tuple[int, int]]) -> None:
    for section_type, (count, size) in counts.items():
        name = f".ptau {_SECTION_NAMES[section_type]} (section {section_type})"
        body = expect_size(container.section(section_type, name), count * size,
                           f"{name}, {count} points")
        check_below(body, Q, f"{name} point", per_item=size // FIELD_BYTES)


def read_ptau(data: Source, backend: Backend | None = None) -> Ptau:
    """Parse a ``.ptau`` file (its bytes or its path); the Lagrange sections are optional
    but must come as a set.

    Checked: the container, BN254's prime, the power, the exact size of every section, every
    coordinate below q, the contributions' structure, and α·G1, β·G1, β·G2 on the curve (β·G2
    in the subgroup). The big sections' points are checked when a setup uses them.
    """
    container = read_binfile(source_bytes(data, ".ptau"), MAGIC, VERSION)
    power, ceremony_power = _parse_header(container.section(SECTION_HEADER, "header"))
    _check_sized(container, _monomial_counts(power))
    lagrange = _lagrange_counts(power)
    present = [s for s in lagrange if container.has(s)]
    if present and len(present) != len(lagrange):
        raise FormatError(
            f".ptau has Lagrange sections {present} but not all of 12–15: the file is damaged"
        )
    if present:
        _check_sized(container, lagrange)
    n_contributions = 0
    if container.has(SECTION_CONTRIBUTIONS):
        n_contributions = _count_contributions(container.sections[SECTION_CONTRIBUTIONS])
    ptau = Ptau(power, ceremony_power, container, n_contributions)
    be = backend or get_backend()
    for name, p in (("alpha·G1", ptau.alpha1), ("beta·G1", ptau.beta1)):
        check_g1(p, f".ptau {name}", be, allow_identity=False)
    check_g2(ptau.beta2, ".ptau beta·G2", be, allow_identity=False)
    return ptau


def write_ptau(
    power: int,
    sections: dict[int, BytesLike],
    ceremony_power: int | None = None,
) -> bytes:
    """Assemble a ``.ptau`` from packed section bodies (types 2–7 and, if prepared, 12–15).

    Sizes are checked against ``power``; section 7 defaults to zero contributions.
    """
    ceremony = power if ceremony_power is None else ceremony_power
    header = u32(FIELD_BYTES) + Q.to_bytes(FIELD_BYTES, "little") + u32(power) + u32(ceremony)
    bodies = {SECTION_CONTRIBUTIONS: u32(0), **sections, SECTION_HEADER: header}
    counts = dict(_monomial_counts(power))
    if any(s in bodies for s in _lagrange_counts(power)):
        counts.update(_lagrange_counts(power))
    for section_type, (count, size) in counts.items():
        body = bodies.get(section_type)
        if body is None or memoryview(body).nbytes != count * size:
            raise FormatError(
                f"section {section_type} of a power-{power} .ptau needs {count} points"
            )
    return write_binfile(MAGIC, VERSION, [(s, bodies[s]) for s in sorted(bodies)])


def contribution_count(data: BytesLike) -> int:
    """How many phase-1 contributions a ``.ptau`` records (a cheap summary for CLIs)."""
    container = read_binfile(data, MAGIC, VERSION)
    if not container.has(SECTION_CONTRIBUTIONS):
        return 0
    return _count_contributions(container.sections[SECTION_CONTRIBUTIONS])

