"""Range checks on packed 32-byte little-endian values (scalars and point coordinates).

Binary files carry millions of field elements; checking each one with Python integers is
slow, so the scan runs in the curve backend (in C for the native one), without a detour
through Python objects.
"""

from __future__ import annotations

from zk.curve import get_backend
from zk.curve.base import BytesLike
from zk.errors import FieldError, FormatError

ELEMENT_BYTES = 32


def first_not_below(buf: BytesLike, modulus: int) -> int | None:
    """Index of the first packed value that is ≥ ``modulus``, or ``None`` if all are below."""
    mv = memoryview(buf).cast("B")
    if len(mv) % ELEMENT_BYTES:
        raise FormatError(f"buffer of {len(mv)} bytes is not a whole number of 32-byte values")
    index = get_backend().first_not_below(mv, modulus)
    return None if index < 0 else index


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
