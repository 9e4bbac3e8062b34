"""Phase 2 through bellman's ``MPCParameters`` file (kobi/phase2-bn254), as snarkjs's
``zkey export bellman`` and ``zkey import bellman`` do.

The file, big-endian throughout, points uncompressed (see :mod:`zk.snarkjs.point_codec`):
α₁, β₁, β₂, γ₂, δ₁, δ₂; then arrays, each a u32 count and its points — IC (G1), H (G1,
domain − 1 points of τⁱ·Z(τ)/δ), L (G1, the ``.zkey``'s C section), A (G1), B1 (G1), B2 (G2);
then the circuit hash (64 bytes), a u32 contribution count and per contribution δ_after,
g1_s, g1_sx (G1), g2_spx (G2) and the 64-byte transcript.

snarkjs keeps H as the odd-index Lagrange points of the doubled domain; the conversion is a
group FFT and a scaling by −2·ω₂ₙⁱ (export), undone on import with −½·ω₂ₙ⁻ⁱ and an inverse FFT.
Only δ, H, L and the contribution list come back from an import: everything else is copied
from the old ``.zkey``, as snarkjs does.
"""

from __future__ import annotations

import struct
from dataclasses import replace

from zk.ceremony.encoding import (
    g1_batch_uncompressed,
    g1_uncompressed,
    g2_batch_uncompressed,
    g2_uncompressed,
)
from zk.ceremony.h_basis import h_power_basis
from zk.ceremony.records import ContributionParams, encode_params
from zk.curve import Backend, get_backend
from zk.curve.encoding import pack_g1
from zk.field import R, root_of_unity
from zk.formats.zkey import (
    SECTION_A,
    SECTION_B1,
    SECTION_B2,
    SECTION_C,
    SECTION_COEFS,
    SECTION_CONTRIBUTIONS,
    SECTION_H,
    SECTION_HEADER,
    SECTION_IC,
    SECTION_PROTOCOL,
    Contribution,
    Contributions,
    pack_contributions,
    parse_contributions,
    read_zkey,
    write_zkey,
)
from zk.snarkjs.errors import SnarkjsCompatError
from zk.snarkjs.point_codec import (
    G1_UNCOMPRESSED,
    G2_UNCOMPRESSED,
    decode_points,
    g1_from_uncompressed,
    g2_from_uncompressed,
    read_points,
)

#: The section order ``zkey import bellman`` writes.
IMPORT_ORDER = (SECTION_PROTOCOL, SECTION_HEADER, SECTION_IC, SECTION_COEFS, SECTION_H,
                SECTION_C, SECTION_A, SECTION_B1, SECTION_B2, SECTION_CONTRIBUTIONS)
_HASH_BYTES = 64


def _array(points_uncompressed: bytes, point_bytes: int) -> bytes:
    return struct.pack(">I", len(points_uncompressed) // point_bytes) + points_uncompressed


def _h_from_bellman(be: Backend, points: bytes, domain_size: int) -> bytes:
    n = domain_size
    full = points + pack_g1([None])
    scalars = be.fr_powers(-pow(2, -1, R) % R, pow(root_of_unity(2 * n), -1, R), n)
    return be.g1_ifft(be.g1_scale_batch(full, scalars))


def export_bellman(zkey: bytes, backend: Backend | None = None) -> bytes:
    """The ``MPCParameters`` file of a Groth16 ``.zkey`` (``snarkjs zkey export bellman``)."""
    be = backend or get_backend()
    pk = read_zkey(zkey, backend=be)
    contributions = parse_contributions(pk.contributions) if pk.contributions else None
    if contributions is None:
        raise SnarkjsCompatError("the .zkey has no contributions section (10): it was not made "
                                 "from a .ptau, so it has no circuit hash to export")
    out = bytearray()
    out += g1_uncompressed(pk.alpha1) + g1_uncompressed(pk.beta1)
    out += g2_uncompressed(pk.beta2) + g2_uncompressed(pk.gamma2)
    out += g1_uncompressed(pk.delta1) + g2_uncompressed(pk.delta2)
    out += _array(g1_batch_uncompressed(pack_g1(pk.ic)), G1_UNCOMPRESSED)
    out += _array(g1_batch_uncompressed(h_power_basis(be, pk.h_points, pk.domain_size)),
                  G1_UNCOMPRESSED)
    for section in (pk.c_points, pk.a_points, pk.b1_points):
        out += _array(g1_batch_uncompressed(section), G1_UNCOMPRESSED)
    out += _array(g2_batch_uncompressed(pk.b2_points), G2_UNCOMPRESSED)
    out += contributions.cs_hash + struct.pack(">I", len(contributions.entries))
    for c in contributions.entries:
        out += g1_uncompressed(c.delta_after) + g1_uncompressed(c.g1_s)
        out += g1_uncompressed(c.g1_sx) + g2_uncompressed(c.g2_spx) + c.transcript
    return bytes(out)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, size: int, what: str) -> bytes:
        if self.pos + size > len(self.data):
            raise SnarkjsCompatError(f"the MPC parameters file ends inside {what}")
        out = self.data[self.pos : self.pos + size]
        self.pos += size
        return out

    def count(self, expected: int, what: str) -> int:
        (n,) = struct.unpack(">I", self.take(4, f"the count of {what}"))
        if n != expected:
            raise SnarkjsCompatError(f"invalid number of points in {what}: {n}, the .zkey "
                                     f"has {expected}")
        return n


def _same(a: Contribution, b: Contribution) -> bool:
    return (a.delta_after, a.g1_s, a.g1_sx, a.g2_spx, a.transcript) == (
        b.delta_after, b.g1_s, b.g1_sx, b.g2_spx, b.transcript)


def import_bellman(zkey: bytes, mpcparams: bytes, name: str | None = None,
                   backend: Backend | None = None) -> bytes:
    """The new ``.zkey`` after the contributions made to an exported ``MPCParameters`` file
    (``snarkjs zkey import bellman old.zkey circuit.mpcparams new.zkey``). Raises
    :class:`SnarkjsCompatError` when the file belongs to another circuit, drops or changes an
    earlier contribution, or has the wrong sizes. New contributions are checked later by
    ``zkey verify``, as snarkjs leaves them."""
    be = backend or get_backend()
    pk = read_zkey(zkey, backend=be)
    old = parse_contributions(pk.contributions) if pk.contributions else Contributions(b"")
    cur = _Reader(mpcparams)
    cur.take(2 * G1_UNCOMPRESSED + 2 * G2_UNCOMPRESSED, "the verification key")
    (delta1,) = read_points(cur.take(G1_UNCOMPRESSED, "δ₁"), 1, G1_UNCOMPRESSED,
                            g1_from_uncompressed, "δ₁")
    (delta2,) = read_points(cur.take(G2_UNCOMPRESSED, "δ₂"), 1, G2_UNCOMPRESSED,
                            g2_from_uncompressed, "δ₂")
    n_ic = cur.count(pk.n_public + 1, "IC")
    cur.take(n_ic * G1_UNCOMPRESSED, "IC")
    n_h = cur.count(pk.domain_size - 1, "H")
    h = decode_points(cur.take(n_h * G1_UNCOMPRESSED, "H"), n_h, False, False, "H point", be)
    n_l = cur.count(pk.n_vars - pk.n_public - 1, "L")
    lpts = decode_points(cur.take(n_l * G1_UNCOMPRESSED, "L"), n_l, False, False, "L point",
                         be)
    for what, size in (("A", G1_UNCOMPRESSED), ("B1", G1_UNCOMPRESSED), ("B2", G2_UNCOMPRESSED)):
        cur.take(cur.count(pk.n_vars, what) * size, what)
    cs_hash = cur.take(_HASH_BYTES, "the circuit hash")
    (count,) = struct.unpack(">I", cur.take(4, "the contribution count"))
    entries = []
    for i in range(count):
        what = f"contribution #{i + 1}"
        raw = cur.take(3 * G1_UNCOMPRESSED + G2_UNCOMPRESSED + _HASH_BYTES, what)
        g1s = read_points(raw, 3, G1_UNCOMPRESSED, g1_from_uncompressed, what)
        (g2,) = read_points(raw[3 * G1_UNCOMPRESSED :], 1, G2_UNCOMPRESSED,
                            g2_from_uncompressed, what)
        transcript = raw[3 * G1_UNCOMPRESSED + G2_UNCOMPRESSED :]
        if i < len(old.entries):
            kind, params = old.entries[i].kind, old.entries[i].params
        else:
            kind, params = 0, encode_params(ContributionParams(name))
        entries.append(Contribution(g1s[0], g1s[1], g1s[2], g2, transcript, kind, params))
    if cs_hash != old.cs_hash:
        raise SnarkjsCompatError("the MPC parameters belong to another circuit (circuit hash "
                                 "differs from the .zkey's)")
    if len(entries) < len(old.entries):
        raise SnarkjsCompatError("the MPC parameters do not include the .zkey's contributions")
    for i, (a, b) in enumerate(zip(old.entries, entries, strict=False)):
        if not _same(a, b):
            raise SnarkjsCompatError(f"previous contribution #{i + 1} does not match the .zkey")
    new_pk = replace(
        pk, delta1=delta1, delta2=delta2,
        h_points=_h_from_bellman(be, h, pk.domain_size),
        c_points=lpts,
        contributions=pack_contributions(Contributions(cs_hash, tuple(entries))),
        extra={**pk.extra, "section_order": IMPORT_ORDER},
    )
    return write_zkey(new_pk)
