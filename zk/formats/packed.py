"""Vectorised checks on packed 32-byte little-endian values (scalars and point coordinates).

Binary files carry millions of field elements; checking each one with Python integers is
slow, so these helpers compare the 4×64-bit limbs with numpy instead.
"""

from __future__ import annotations

import numpy as np

from zk.curve.base import BytesLike
from zk.errors import FieldError, FormatError

ELEMENT_BYTES = 32


def _limbs(buf: BytesLike) -> np.ndarray:
    mv = memoryview(buf).cast("B")
    if len(mv) % ELEMENT_BYTES:
        raise FormatError(f"buffer of {len(mv)} bytes is not a whole number of 32-byte values")
    return np.frombuffer(mv, dtype="<u8").reshape(-1, 4)


def first_not_below(buf: BytesLike, modulus: int) -> int | None:
    """Index of the first packed value that is ≥ ``modulus``, or ``None`` if all are below."""
    a = _limbs(buf)
    if a.shape[0] == 0:
        return None
    m = [(modulus >> (64 * i)) & 0xFFFFFFFFFFFFFFFF for i in range(4)]
    below = a[:, 0] < np.uint64(m[0])
    for i in range(1, 4):
        limb = np.uint64(m[i])
        below = (a[:, i] < limb) | ((a[:, i] == limb) & below)
    bad = np.flatnonzero(~below)
    return int(bad[0]) if bad.size else None


def check_below(buf: BytesLike, modulus: int, what: str, per_item: int = 1) -> None:
    """Raise :class:`FieldError` naming the first value ≥ ``modulus``.

    ``per_item`` is how many 32-byte values make one item (2 for a G1 point, 4 for G2), so
    the message names the item rather than the raw value index.
    """
    index = first_not_below(buf, modulus)
    if index is not None:
        raise FieldError(
            f"{what} #{index // per_item} holds a value that is not below the field modulus"
        )
