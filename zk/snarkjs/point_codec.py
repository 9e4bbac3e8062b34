"""Reading the point encodings of snarkjs's challenge and response files.

Challenges carry points *uncompressed* (x‖y big-endian, an Fq2 coordinate as c1‖c0, the
identity as zeros), responses *compressed* (x alone; 0x80 in the first byte when y is above
(q − 1)/2 — in Fq2 judged on y.c1, or on y.c0 when y.c1 is zero — and 0x40 for the identity).
The writing side is :mod:`zk.ceremony.encoding`. Decompressing takes a square root: in Fq by
one exponentiation (q ≡ 3 mod 4), in Fq2 by the complex method of Adj and
Rodríguez-Henríquez (ePrint 2012/685, algorithm 9).
"""

from __future__ import annotations

from zk.curve import get_backend
from zk.curve.base import G1, G2
from zk.curve.encoding import pack_g1, pack_g2
from zk.curve.fq2 import fq2_inv, fq2_mul, fq2_sqrt, fq_sqrt
from zk.errors import PointError
from zk.field import FIELD_BYTES, Q

G1_UNCOMPRESSED = 2 * FIELD_BYTES
G2_UNCOMPRESSED = 4 * FIELD_BYTES
G1_COMPRESSED = FIELD_BYTES
G2_COMPRESSED = 2 * FIELD_BYTES

_HALF_Q = (Q - 1) // 2
_FLAG_NEGATIVE = 0x80
_FLAG_INFINITY = 0x40
_B1 = 3
#: b of the twist y² = x³ + 3/(9 + u).
_B2 = fq2_mul((3, 0), fq2_inv((9, 1)))


def _coordinate(raw: bytes, what: str) -> int:
    value = int.from_bytes(raw, "big")
    if value >= Q:
        raise PointError(f"{what}: a coordinate is not below q")
    return value


def g1_from_uncompressed(raw: bytes, what: str) -> G1:
    """A G1 point from 64 uncompressed bytes (checked on the curve)."""
    if not any(raw):
        return None
    x = _coordinate(raw[:FIELD_BYTES], what)
    y = _coordinate(raw[FIELD_BYTES:], what)
    if (y * y - x * x * x - _B1) % Q:
        raise PointError(f"{what} is not on the curve")
    return (x, y)


def g2_from_uncompressed(raw: bytes, what: str) -> G2:
    """A G2 point from 128 uncompressed bytes (checked on the twist)."""
    if not any(raw):
        return None
    x1, x0, y1, y0 = (_coordinate(raw[i : i + FIELD_BYTES], what)
                      for i in range(0, G2_UNCOMPRESSED, FIELD_BYTES))
    x, y = (x0, x1), (y0, y1)
    rhs = fq2_mul(fq2_mul(x, x), x)
    rhs = ((rhs[0] + _B2[0]) % Q, (rhs[1] + _B2[1]) % Q)
    if fq2_mul(y, y) != rhs:
        raise PointError(f"{what} is not on the twist curve")
    return (x, y)


def g1_from_compressed(raw: bytes, what: str) -> G1:
    """A G1 point from 32 compressed bytes."""
    flags = raw[0]
    if flags & _FLAG_INFINITY:
        return None
    x = _coordinate(bytes([flags & 0x3F]) + raw[1:], what)
    y = fq_sqrt((x * x * x + _B1) % Q)
    if y is None:
        raise PointError(f"{what}: no curve point has this x")
    if (y > _HALF_Q) != bool(flags & _FLAG_NEGATIVE):
        y = Q - y if y else 0
    return (x, y)


def g2_from_compressed(raw: bytes, what: str) -> G2:
    """A G2 point from 64 compressed bytes."""
    flags = raw[0]
    if flags & _FLAG_INFINITY:
        return None
    x1 = _coordinate(bytes([flags & 0x3F]) + raw[1:FIELD_BYTES], what)
    x0 = _coordinate(raw[FIELD_BYTES:], what)
    x = (x0, x1)
    rhs = fq2_mul(fq2_mul(x, x), x)
    y = fq2_sqrt(((rhs[0] + _B2[0]) % Q, (rhs[1] + _B2[1]) % Q))
    if y is None:
        raise PointError(f"{what}: no twist point has this x")
    negative = y[1] > _HALF_Q if y[1] else y[0] > _HALF_Q
    if negative != bool(flags & _FLAG_NEGATIVE):
        y = (-y[0] % Q, -y[1] % Q)
    return (x, y)


def read_points(data: bytes, count: int, size: int, decode, what: str) -> list:
    """``count`` points of ``size`` bytes each decoded with ``decode(raw, what)``."""
    return [decode(data[i * size : (i + 1) * size], f"{what} #{i}") for i in range(count)]


_REASONS = {
    (False, True): ": no curve point has this x",
    (True, True): ": no twist point has this x",
    (False, False): " is not on the curve",
    (True, False): " is not on the twist curve",
}
_NOT_CANONICAL = 1


def decode_points(data: bytes | memoryview, count: int, is_g2: bool, compressed: bool,
                  what: str, backend: object | None = None) -> bytes:
    """``count`` encoded points (compressed or not) as packed points (see
    :mod:`zk.curve.base`), raising :class:`PointError` for the first that is no point with the
    message the single-point decoders give (``"{what} #i: …"``).

    The native backend decodes the whole buffer in C on its worker threads; other backends
    go point by point through the decoders above (the reference the native one is tested
    against)."""
    size = (G2_COMPRESSED if compressed else G2_UNCOMPRESSED) if is_g2 else (
        G1_COMPRESSED if compressed else G1_UNCOMPRESSED)
    raw = memoryview(data).cast("B")[: count * size]
    if len(raw) != count * size:
        raise PointError(f"{what}: {len(raw)} bytes cannot hold {count} points of {size}")
    be = backend if backend is not None else get_backend()
    native = getattr(be, "g2_decode_be" if is_g2 else "g1_decode_be", None)
    if native is None:
        if is_g2:
            decode = g2_from_compressed if compressed else g2_from_uncompressed
            return pack_g2(read_points(bytes(raw), count, size, decode, what))
        decode = g1_from_compressed if compressed else g1_from_uncompressed
        return pack_g1(read_points(bytes(raw), count, size, decode, what))
    packed, bad, why = native(raw, compressed)
    if packed is None:
        if why == _NOT_CANONICAL:
            raise PointError(f"{what} #{bad}: a coordinate is not below q")
        raise PointError(f"{what} #{bad}{_REASONS[is_g2, compressed]}")
    return packed
