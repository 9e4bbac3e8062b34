"""The point encodings snarkjs hashes in its ceremony transcripts.

Files keep points affine in Montgomery form, little-endian (see :mod:`zk.curve.base`). The
transcript hashes use two other forms, both big-endian with an Fq2 coordinate written c1‖c0:

* uncompressed — x‖y (64 bytes in G1, 128 in G2); the identity is all zeros;
* compressed — x alone, with 0x80 set in the first byte when y is "negative" (above
  (q − 1)/2; in Fq2 judged on c1, or on c0 when c1 is zero) and the identity written as 0x40
  followed by zeros.

The batch functions convert whole packed sections at once: the Montgomery reduction is the
curve backend's ``fp_from_montgomery`` (in C for the native backend), the byte shuffling numpy.
"""

from __future__ import annotations

import numpy as np

from zk.curve import get_backend
from zk.curve.base import G1, G2, BytesLike
from zk.curve.encoding import G1_BYTES, G2_BYTES
from zk.field import FIELD_BYTES, Q

_HALF_Q = (Q - 1) // 2
_FLAG_NEGATIVE = 0x80
_FLAG_INFINITY = 0x40


# ----- single points ---------------------------------------------------------------------------

def _be(value: int) -> bytes:
    return value.to_bytes(FIELD_BYTES, "big")


def g1_uncompressed(p: G1) -> bytes:
    """x‖y big-endian (64 bytes); the identity as zeros."""
    return bytes(G1_BYTES) if p is None else _be(p[0]) + _be(p[1])


def g2_uncompressed(p: G2) -> bytes:
    """x.c1‖x.c0‖y.c1‖y.c0 big-endian (128 bytes); the identity as zeros."""
    if p is None:
        return bytes(G2_BYTES)
    (x0, x1), (y0, y1) = p
    return _be(x1) + _be(x0) + _be(y1) + _be(y0)


# ----- packed sections -------------------------------------------------------------------------

def _plain_coordinates(packed: BytesLike) -> np.ndarray:
    """The coordinates of packed points out of Montgomery form, as an (n, 32) LE byte array."""
    mv = memoryview(packed).cast("B")
    count = len(mv) // FIELD_BYTES
    plain = get_backend().fp_from_montgomery(mv)
    return np.frombuffer(plain, dtype=np.uint8).reshape(count, FIELD_BYTES)


def _is_negative(coords_le: np.ndarray) -> np.ndarray:
    """Per row of LE 32-byte values: value > (q − 1)/2."""
    limbs = coords_le.view("<u8").reshape(-1, 4)
    half = [np.uint64((_HALF_Q >> (64 * i)) & 0xFFFFFFFFFFFFFFFF) for i in range(4)]
    greater = limbs[:, 0] > half[0]
    for i in range(1, 4):
        greater = (limbs[:, i] > half[i]) | ((limbs[:, i] == half[i]) & greater)
    return greater


def _split(packed: BytesLike, point_bytes: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(plain coordinates (n, k, 32) big-endian, in snarkjs's c1‖c0 order; identity mask;
    y-is-negative mask) for packed points of ``point_bytes``."""
    mv = memoryview(packed).cast("B")
    raw = np.frombuffer(mv, dtype=np.uint8).reshape(-1, point_bytes)
    identity = ~raw.any(axis=1)
    per_point = point_bytes // FIELD_BYTES
    plain = _plain_coordinates(mv).reshape(-1, per_point, FIELD_BYTES)
    if per_point == 2:
        negative = _is_negative(np.ascontiguousarray(plain[:, 1]))
        ordered = plain
    else:
        y0, y1 = np.ascontiguousarray(plain[:, 2]), np.ascontiguousarray(plain[:, 3])
        y1_zero = ~y1.any(axis=1)
        negative = np.where(y1_zero, _is_negative(y0), _is_negative(y1))
        ordered = plain[:, [1, 0, 3, 2]]
    return ordered[:, :, ::-1], identity, negative


def _batch_uncompressed(packed: BytesLike, point_bytes: int) -> bytes:
    coords, _identity, _negative = _split(packed, point_bytes)
    return np.ascontiguousarray(coords).tobytes()


def _batch_compressed(packed: BytesLike, point_bytes: int) -> bytes:
    coords, identity, negative = _split(packed, point_bytes)
    half = point_bytes // (2 * FIELD_BYTES)  # coordinates in x
    x = np.array(coords[:, :half]).reshape(len(coords), -1)
    x[:, 0] |= np.where(negative, _FLAG_NEGATIVE, 0).astype(np.uint8)
    x[identity] = 0
    x[identity, 0] = _FLAG_INFINITY
    return x.tobytes()


def g1_batch_uncompressed(packed: BytesLike) -> bytes:
    """Uncompressed form of packed G1 points."""
    return _batch_uncompressed(packed, G1_BYTES)


def g2_batch_uncompressed(packed: BytesLike) -> bytes:
    """Uncompressed form of packed G2 points."""
    return _batch_uncompressed(packed, G2_BYTES)


def g1_batch_compressed(packed: BytesLike) -> bytes:
    """Compressed form of packed G1 points (32 bytes each)."""
    return _batch_compressed(packed, G1_BYTES)


def g2_batch_compressed(packed: BytesLike) -> bytes:
    """Compressed form of packed G2 points (64 bytes each)."""
    return _batch_compressed(packed, G2_BYTES)
