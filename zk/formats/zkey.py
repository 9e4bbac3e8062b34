"""snarkjs's Groth16 proving-key file ``.zkey`` (written as version 1, read up to 2), both ways.

Sections (iden3 container; points affine with Montgomery-form LE coordinates, see
:mod:`zk.curve.base`):

1. protocol — u32, 1 for Groth16 (PLONK and FFLONK keys use other ids and are rejected);
2. Groth16 header — u32 n8q, q, u32 n8r, r, u32 nVars, u32 nPublic, u32 domainSize, then
   α₁, β₁, β₂, γ₂, δ₁, δ₂ in that order;
3. IC — nPublic + 1 G1 points;
4. coefficients — u32 count, then (u32 matrix 0=A/1=B, u32 row, u32 signal, coeff·R² mod r),
   read and written by :mod:`zk.formats.zkey_coefficients`;
5. A (nVars G1) · 6. B (nVars G1) · 7. B (nVars G2) · 8. C (nVars − nPublic − 1 G1) ·
9. H (domainSize G1);
10. contributions — 64-byte blake2b circuit hash, u32 count, then each phase-2 contribution.

New keys are written in the section order ``snarkjs groth16 setup`` uses (1, 2, 4, 3, 9, 8,
5, 6, 7, 10), so a key made from the same inputs is byte-identical; a key read from a file
remembers that file's order (``pk.extra["section_order"]``; ``zkey contribute`` writes 1 … 10)
so that writing it back reproduces the file.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable
from dataclasses import dataclass

from zk.curve import Backend, get_backend
from zk.curve.base import G1, G2, BytesLike
from zk.curve.encoding import G1_BYTES, G2_BYTES, pack_g1, pack_g2, unpack_g1, unpack_g2
from zk.curve.validity import check_g1, check_g1_points, check_g2, check_g2_points
from zk.errors import FormatError
from zk.field import FIELD_BYTES, Q, R
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
from zk.formats.zkey_coefficients import check_coefficients
from zk.groth16.keys import ProvingKey, VerifyingKey

MAGIC = "zkey"
VERSION = 1
MAX_VERSION = 2

GROTH16_PROTOCOL = 1
_OTHER_PROTOCOLS = {2: "PLONK", 10: "FFLONK"}

SECTION_PROTOCOL = 1
SECTION_HEADER = 2
SECTION_IC = 3
SECTION_COEFS = 4
SECTION_A = 5
SECTION_B1 = 6
SECTION_B2 = 7
SECTION_C = 8
SECTION_H = 9
SECTION_CONTRIBUTIONS = 10

#: The order ``snarkjs groth16 setup`` (zkey_new.js) writes its sections in.
WRITE_ORDER = (
    SECTION_PROTOCOL,
    SECTION_HEADER,
    SECTION_COEFS,
    SECTION_IC,
    SECTION_H,
    SECTION_C,
    SECTION_A,
    SECTION_B1,
    SECTION_B2,
    SECTION_CONTRIBUTIONS,
)

_SIZES = struct.Struct("<III")
_HEADER_BYTES = 4 + FIELD_BYTES + 4 + FIELD_BYTES + _SIZES.size + 3 * G1_BYTES + 3 * G2_BYTES
HASH_BYTES = 64
MAX_DOMAIN_LOG = 28


# ----- phase-2 contributions (section 10) ----------------------------------------------------

@dataclass(frozen=True)
class Contribution:
    """One phase-2 contribution as snarkjs records it (``zkey contribute``/``beacon``)."""

    delta_after: G1
    g1_s: G1
    g1_sx: G1
    g2_spx: G2
    transcript: bytes
    #: 0 for a random contribution, 1 for a beacon.
    kind: int
    #: The raw parameter bytes (name, beacon iterations, beacon hash), in snarkjs's encoding.
    params: bytes


@dataclass(frozen=True)
class Contributions:
    """Section 10: the circuit hash and the list of phase-2 contributions."""

    cs_hash: bytes
    entries: tuple[Contribution, ...] = ()


def parse_contributions(body: BytesLike) -> Contributions:
    """Decode section 10 (sizes checked; points decoded but not checked on the curve)."""
    cur = SectionReader(body, ".zkey contributions (section 10)")
    cs_hash = bytes(cur.take(HASH_BYTES, "the circuit hash"))
    count = cur.u32("the contribution count")
    entry_min = 3 * G1_BYTES + G2_BYTES + HASH_BYTES + 8
    if count * entry_min > cur.remaining:
        raise FormatError(
            f".zkey claims {count} contributions but section 10 holds {cur.remaining} bytes"
        )
    entries = []
    for i in range(count):
        what = f"contribution #{i}"
        delta_after, g1_s, g1_sx = unpack_g1(cur.take(3 * G1_BYTES, what))
        (g2_spx,) = unpack_g2(cur.take(G2_BYTES, what))
        transcript = bytes(cur.take(HASH_BYTES, what))
        kind = cur.u32(what)
        params = bytes(cur.take(cur.u32(what), f"the parameters of {what}"))
        entries.append(Contribution(delta_after, g1_s, g1_sx, g2_spx, transcript, kind, params))
    cur.expect_end()
    return Contributions(cs_hash, tuple(entries))


def pack_contributions(contributions: Contributions) -> bytes:
    """Encode section 10 (the inverse of :func:`parse_contributions`)."""
    if len(contributions.cs_hash) != HASH_BYTES:
        raise FormatError(f"circuit hash must be {HASH_BYTES} bytes")
    out = bytearray(contributions.cs_hash)
    out += u32(len(contributions.entries))
    for c in contributions.entries:
        if len(c.transcript) != HASH_BYTES:
            raise FormatError(f"contribution transcript must be {HASH_BYTES} bytes")
        out += pack_g1([c.delta_after, c.g1_s, c.g1_sx]) + pack_g2([c.g2_spx])
        out += c.transcript + u32(c.kind) + u32(len(c.params)) + c.params
    return bytes(out)


def default_contributions(pk: ProvingKey) -> bytes:
    """Section 10 for a key that did not come from a ``.ptau`` (no phase-2 contributions).

    snarkjs's circuit hash is defined over the ``.ptau`` points a key was made from; a key
    made without one gets blake2b-512 over its own packed sections instead.
    """
    h = hashlib.blake2b(digest_size=HASH_BYTES)
    h.update(pack_g1([pk.alpha1, pk.beta1]) + pack_g2([pk.beta2, pk.gamma2]))
    h.update(pack_g1([pk.delta1]) + pack_g2([pk.delta2]) + pack_g1(pk.ic))
    for section in (pk.h_points, pk.c_points, pk.a_points, pk.b1_points, pk.b2_points):
        h.update(section)
    return pack_contributions(Contributions(h.digest()))


# ----- writing -------------------------------------------------------------------------------

def _groth_header(pk: ProvingKey) -> bytes:
    return (
        u32(FIELD_BYTES)
        + Q.to_bytes(FIELD_BYTES, "little")
        + u32(FIELD_BYTES)
        + R.to_bytes(FIELD_BYTES, "little")
        + _SIZES.pack(pk.n_vars, pk.n_public, pk.domain_size)
        + pack_g1([pk.alpha1, pk.beta1])
        + pack_g2([pk.beta2, pk.gamma2])
        + pack_g1([pk.delta1])
        + pack_g2([pk.delta2])
    )


def write_zkey(pk: ProvingKey) -> bytes:
    """Serialise a Groth16 :class:`~zk.groth16.keys.ProvingKey` as a snarkjs ``.zkey``.

    Section 10 is ``pk.contributions`` when set, else :func:`default_contributions`.
    """
    order = pk.extra.get("section_order", WRITE_ORDER)
    if sorted(order) != sorted(WRITE_ORDER):
        order = WRITE_ORDER
    contributions = pk.contributions or default_contributions(pk)
    bodies: dict[int, BytesLike] = {
        SECTION_PROTOCOL: u32(GROTH16_PROTOCOL),
        SECTION_HEADER: _groth_header(pk),
        SECTION_IC: pack_g1(pk.ic),
        SECTION_COEFS: pk.coefs,
        SECTION_A: pk.a_points,
        SECTION_B1: pk.b1_points,
        SECTION_B2: pk.b2_points,
        SECTION_C: pk.c_points,
        SECTION_H: pk.h_points,
        SECTION_CONTRIBUTIONS: contributions,
    }
    return write_binfile(MAGIC, VERSION, [(s, bodies[s]) for s in order])


# ----- reading -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ZkeyHeader:
    """The sizes and the six fixed points of a Groth16 ``.zkey`` (section 2)."""

    n_vars: int
    n_public: int
    domain_size: int
    alpha1: G1
    beta1: G1
    beta2: G2
    gamma2: G2
    delta1: G1
    delta2: G2


def _check_protocol(body: BytesLike) -> None:
    cur = SectionReader(body, ".zkey protocol (section 1)")
    protocol = cur.u32("the protocol id")
    cur.expect_end()
    if protocol != GROTH16_PROTOCOL:
        name = _OTHER_PROTOCOLS.get(protocol, f"unknown protocol {protocol}")
        raise FormatError(f".zkey is a {name} key; zkgov proves with Groth16 keys only")


def _parse_header(body: BytesLike, be: Backend) -> ZkeyHeader:
    mv = expect_size(body, _HEADER_BYTES, ".zkey Groth16 header (section 2)")
    cur = SectionReader(mv, ".zkey Groth16 header (section 2)")
    for name, prime in (("q", Q), ("r", R)):
        n8 = cur.u32(f"n8{name}")
        if n8 != FIELD_BYTES:
            raise FormatError(f".zkey uses {n8}-byte field elements; zkgov supports BN254 only")
        if cur.bigint(n8, name) != prime:
            raise FormatError(f".zkey prime {name} is not BN254's: the key is for another curve")
    n_vars, n_public, domain_size = _SIZES.unpack(cur.take(_SIZES.size, "the sizes"))
    if n_public + 1 > n_vars:
        raise FormatError(f".zkey has {n_public} public values but only {n_vars} variables")
    if domain_size < 1 or domain_size & (domain_size - 1) or domain_size > 1 << MAX_DOMAIN_LOG:
        raise FormatError(f".zkey domain size {domain_size} is not a power of two ≤ 2^28")
    points = cur.take(3 * G1_BYTES + 3 * G2_BYTES, "the key points")
    check_below(points, Q, ".zkey header coordinate")
    alpha1, beta1 = unpack_g1(points[: 2 * G1_BYTES])
    beta2, gamma2 = unpack_g2(points[2 * G1_BYTES : 2 * G1_BYTES + 2 * G2_BYTES])
    rest = points[2 * G1_BYTES + 2 * G2_BYTES :]
    (delta1,) = unpack_g1(rest[:G1_BYTES])
    (delta2,) = unpack_g2(rest[G1_BYTES:])
    for name, p in (("alpha1", alpha1), ("beta1", beta1), ("delta1", delta1)):
        check_g1(p, f".zkey {name}", be, allow_identity=False)
    for name, q in (("beta2", beta2), ("gamma2", gamma2), ("delta2", delta2)):
        check_g2(q, f".zkey {name}", be, allow_identity=False)
    return ZkeyHeader(n_vars, n_public, domain_size, alpha1, beta1, beta2, gamma2, delta1, delta2)


def _points(container: BinFile, section: int, name: str, count: int, size: int) -> memoryview:
    what = f".zkey {name} (section {section}, {count} points)"
    body = expect_size(container.section(section, name), count * size, what)
    check_below(body, Q, f".zkey {name} point", per_item=size // FIELD_BYTES)
    return body


def check_all_points(pk: ProvingKey, backend: Backend | None = None) -> None:
    """Check every point of a proving key on the curve (and G2 points in the subgroup).

    One batch check per section (in C for the native backend); :func:`read_zkey` runs it
    with ``check_points=True``.
    """
    be = backend or get_backend()
    for name, buf in (
        ("A", pk.a_points),
        ("B1", pk.b1_points),
        ("C", pk.c_points),
        ("H", pk.h_points),
    ):
        check_g1_points(buf, f".zkey {name}", be)
    check_g2_points(pk.b2_points, ".zkey B2", be)


def read_zkey_header(data: Source, backend: Backend | None = None) -> ZkeyHeader:
    """Read and check only the protocol and Groth16 header of a ``.zkey`` (bytes or a path)."""
    container = read_binfile(source_bytes(data, ".zkey"), MAGIC, MAX_VERSION)
    _check_protocol(container.section(SECTION_PROTOCOL, "protocol"))
    body = container.section(SECTION_HEADER, "Groth16 header")
    return _parse_header(body, backend or get_backend())


def _open_key(data: Source, be: Backend) -> tuple[BinFile, ZkeyHeader, list[G1]]:
    """The container of a ``.zkey``, its checked protocol and header, and its checked IC
    points: what every reader needs before the point sections."""
    container = read_binfile(source_bytes(data, ".zkey"), MAGIC, MAX_VERSION)
    _check_protocol(container.section(SECTION_PROTOCOL, "protocol"))
    header = _parse_header(container.section(SECTION_HEADER, "Groth16 header"), be)
    ic = unpack_g1(_points(container, SECTION_IC, "IC", header.n_public + 1, G1_BYTES))
    for i, p in enumerate(ic):
        check_g1(p, f".zkey IC point #{i}", be)
    return container, header, ic


def _big_sections(header: ZkeyHeader) -> tuple[tuple[int, str, int, int], ...]:
    """(section id, name, point count, point size) of the five point sections."""
    n_vars, n_public = header.n_vars, header.n_public
    return ((SECTION_A, "A", n_vars, G1_BYTES),
            (SECTION_B1, "B1", n_vars, G1_BYTES),
            (SECTION_B2, "B2", n_vars, G2_BYTES),
            (SECTION_C, "C", n_vars - n_public - 1, G1_BYTES),
            (SECTION_H, "H", header.domain_size, G1_BYTES))


def read_verifying_key(data: Source, backend: Backend | None = None) -> VerifyingKey:
    """The verification key of a ``.zkey`` (bytes, a memory map or a path), reading only what
    it needs: the container, the protocol, the header and the IC points, checked as
    :func:`read_zkey` checks them (coordinates below q, points on the curve, G2 ones in the
    subgroup), and the sizes of the other sections. The big point sections are not read: on a
    memory-mapped 2 GB key this takes milliseconds, as snarkjs's export does."""
    container, header, ic = _open_key(data, backend or get_backend())
    for section, name, count, size in _big_sections(header):
        expect_size(container.section(section, name), count * size,
                    f".zkey {name} (section {section}, {count} points)")
    return VerifyingKey(header.alpha1, header.beta2, header.gamma2, header.delta2, ic)


def read_zkey(
    data: Source,
    check_points: bool = False,
    backend: Backend | None = None,
    copy: bool = True,
    section_done: Callable[[], None] | None = None,
) -> ProvingKey:
    """Parse a snarkjs Groth16 ``.zkey`` (its bytes or its path) into a
    :class:`~zk.groth16.keys.ProvingKey`.

    Always checked: the container, the protocol, both primes, every section's size, every
    coordinate below q, every coefficient below r with its matrix/row/signal in range, the six
    header points and the IC points on the curve (G2 ones in the subgroup), and the structure
    of the contributions section. With ``check_points`` every point of the big sections is
    checked on the curve too (slow). With ``copy=False`` the big sections stay views of
    ``data`` (which must then outlive the key): processes that read one memory-mapped file,
    or one shared buffer, share its pages instead of holding a copy each. ``section_done``
    is called after each big section has been checked (a reader of a memory-mapped file that
    proves once hands the pages back there, :func:`zk.files.release_pages`).
    """
    own = bytes if copy else memoryview
    be = backend or get_backend()
    container, header, ic = _open_key(data, be)
    n_vars, n_public = header.n_vars, header.n_public
    done = section_done or (lambda: None)
    coefs = container.section(SECTION_COEFS, "coefficients")
    check_coefficients(coefs, header.domain_size, n_vars)
    done()
    big = {}
    for section, name, count, size in _big_sections(header):
        big[name] = _points(container, section, name, count, size)
        done()
    a_points, b1_points, b2_points, c_points, h_points = big.values()
    contributions = b""
    if container.has(SECTION_CONTRIBUTIONS):
        contributions = bytes(container.sections[SECTION_CONTRIBUTIONS])
        parse_contributions(contributions)
    pk = ProvingKey(
        n_vars=n_vars,
        n_public=n_public,
        domain_size=header.domain_size,
        alpha1=header.alpha1,
        beta1=header.beta1,
        beta2=header.beta2,
        gamma2=header.gamma2,
        delta1=header.delta1,
        delta2=header.delta2,
        ic=ic,
        coefs=own(coefs),
        a_points=own(a_points),
        b1_points=own(b1_points),
        b2_points=own(b2_points),
        c_points=own(c_points),
        h_points=own(h_points),
        contributions=contributions,
        extra={"section_order": tuple(container.sections),
               "section_offsets": {
                   name: container.offsets[section] for name, section in (
                       ("a_points", SECTION_A), ("b1_points", SECTION_B1),
                       ("b2_points", SECTION_B2), ("c_points", SECTION_C),
                       ("h_points", SECTION_H))}},
    )
    if check_points:
        check_all_points(pk, be)
    return pk
