"""Packing of scalars and points into the buffers that backends exchange.

The layouts are those of snarkjs binary files (see :mod:`zk.curve.base`): scalars plain
little-endian, points affine with Montgomery-form little-endian coordinates. These helpers
are plain Python; they are used at the edges (tests, JSON, small keys), while bulk data stays
packed end to end.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from zk.curve.base import G1, G2, BytesLike
from zk.errors import FormatError
from zk.field import FIELD_BYTES, Q, R

#: Montgomery radix for Fp: 2^256 mod q.
MONT_R = (1 << 256) % Q
MONT_R_INV = pow(MONT_R, -1, Q)

G1_BYTES = 2 * FIELD_BYTES
G2_BYTES = 4 * FIELD_BYTES
SCALAR_BYTES = FIELD_BYTES


def _fq_to_mont(x: int) -> bytes:
    return (x * MONT_R % Q).to_bytes(FIELD_BYTES, "little")


def _fq_from_mont(b: BytesLike, what: str) -> int:
    raw = int.from_bytes(b, "little")
    if raw >= Q:
        raise FormatError(f"{what}: coordinate is not below the base field modulus q")
    return raw * MONT_R_INV % Q


def pack_scalars(values: Iterable[int]) -> bytes:
    """Pack integers (reduced mod r) as 32-byte little-endian scalars."""
    return b"".join((v % R).to_bytes(SCALAR_BYTES, "little") for v in values)


def unpack_scalars(buf: BytesLike) -> list[int]:
    """Unpack 32-byte little-endian scalars (not reduced)."""
    mv = memoryview(buf).cast("B")
    if len(mv) % SCALAR_BYTES:
        raise FormatError(f"scalar buffer of {len(mv)} bytes is not a multiple of 32")
    return [
        int.from_bytes(mv[i : i + SCALAR_BYTES], "little") for i in range(0, len(mv), SCALAR_BYTES)
    ]


def pack_g1(points: Sequence[G1]) -> bytes:
    """Pack G1 points (affine tuples, ``None`` for identity) in the ``.zkey`` layout."""
    out = bytearray()
    for p in points:
        if p is None:
            out += bytes(G1_BYTES)
        else:
            out += _fq_to_mont(p[0]) + _fq_to_mont(p[1])
    return bytes(out)


def pack_g2(points: Sequence[G2]) -> bytes:
    """Pack G2 points (affine tuples, ``None`` for identity) in the ``.zkey`` layout."""
    out = bytearray()
    for p in points:
        if p is None:
            out += bytes(G2_BYTES)
        else:
            (x0, x1), (y0, y1) = p
            out += _fq_to_mont(x0) + _fq_to_mont(x1) + _fq_to_mont(y0) + _fq_to_mont(y1)
    return bytes(out)


def unpack_g1(buf: BytesLike) -> list[G1]:
    """Unpack G1 points from the ``.zkey`` layout (coordinates are not checked on the curve)."""
    mv = memoryview(buf).cast("B")
    if len(mv) % G1_BYTES:
        raise FormatError(f"G1 buffer of {len(mv)} bytes is not a multiple of {G1_BYTES}")
    out: list[G1] = []
    for i in range(0, len(mv), G1_BYTES):
        chunk = mv[i : i + G1_BYTES]
        if not any(chunk):
            out.append(None)
            continue
        out.append((_fq_from_mont(chunk[:32], "G1 x"), _fq_from_mont(chunk[32:], "G1 y")))
    return out


def unpack_g2(buf: BytesLike) -> list[G2]:
    """Unpack G2 points from the ``.zkey`` layout (coordinates are not checked on the curve)."""
    mv = memoryview(buf).cast("B")
    if len(mv) % G2_BYTES:
        raise FormatError(f"G2 buffer of {len(mv)} bytes is not a multiple of {G2_BYTES}")
    out: list[G2] = []
    for i in range(0, len(mv), G2_BYTES):
        c = mv[i : i + G2_BYTES]
        if not any(c):
            out.append(None)
            continue
        x = (_fq_from_mont(c[0:32], "G2 x.c0"), _fq_from_mont(c[32:64], "G2 x.c1"))
        y = (_fq_from_mont(c[64:96], "G2 y.c0"), _fq_from_mont(c[96:128], "G2 y.c1"))
        out.append((x, y))
    return out
