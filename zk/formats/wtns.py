"""The ``.wtns`` witness file of circom/snarkjs (version 2), both ways.

Sections: 1 — u32 n8 (32), the prime r (n8 bytes LE), u32 witness count; 2 — the values,
n8 bytes each, plain (not Montgomery) little-endian, in circom wire order (wire 0 is 1).
Version 1 files (same layout) are read too.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

from zk.curve.base import BytesLike
from zk.errors import FormatError
from zk.field import FIELD_BYTES, R, check_element
from zk.formats.binfile import SectionReader, expect_size, read_binfile, u32, write_binfile
from zk.formats.packed import check_below
from zk.formats.source import Source, source_bytes

MAGIC = "wtns"
VERSION = 2

SECTION_HEADER = 1
SECTION_VALUES = 2


def _pack_header(count: int) -> bytes:
    return u32(FIELD_BYTES) + R.to_bytes(FIELD_BYTES, "little") + u32(count)


def write_wtns(values: Sequence[int]) -> bytes:
    """Serialise a full witness (each value a field element 0 ≤ v < r) as a ``.wtns`` file."""
    body = bytearray(len(values) * FIELD_BYTES)
    for i, v in enumerate(values):
        check_element(v, R, f"witness value #{i}")
        body[i * FIELD_BYTES : (i + 1) * FIELD_BYTES] = v.to_bytes(FIELD_BYTES, "little")
    return write_wtns_packed(body)


def write_wtns_packed(packed: BytesLike) -> bytes:
    """Serialise an already packed witness (32-byte LE values, each below r)."""
    mv = memoryview(packed).cast("B")
    if len(mv) % FIELD_BYTES:
        raise FormatError(f"packed witness of {len(mv)} bytes is not a multiple of 32")
    check_below(mv, R, "witness value")
    count = len(mv) // FIELD_BYTES
    return write_binfile(
        MAGIC, VERSION, [(SECTION_HEADER, _pack_header(count)), (SECTION_VALUES, mv)]
    )


def read_wtns_packed(data: Source) -> tuple[int, memoryview]:
    """Validate a ``.wtns`` file and return ``(count, values)`` with the values still packed.

    ``values`` is a zero-copy view of the file's section 2 (count × 32 bytes, plain LE), the
    layout the prover's backend consumes. Every value is checked to be below r.
    """
    container = read_binfile(source_bytes(data, ".wtns"), MAGIC, VERSION)
    cur = SectionReader(container.section(SECTION_HEADER, "header"), ".wtns header (section 1)")
    n8 = cur.u32("the field size n8")
    if n8 != FIELD_BYTES:
        raise FormatError(
            f".wtns uses {n8}-byte field elements; zkgov supports BN254 (32 bytes) only"
        )
    prime = cur.bigint(n8, "the prime")
    if prime != R:
        raise FormatError(
            f".wtns is over prime {prime}, not BN254's r; it belongs to another curve"
        )
    count = cur.u32("the witness count")
    cur.expect_end()
    values = expect_size(
        container.section(SECTION_VALUES, "values"),
        count * FIELD_BYTES,
        f".wtns value section (for {count} values)",
    )
    check_below(values, R, "witness value")
    return count, values


def read_wtns(data: Source) -> list[int]:
    """Parse a ``.wtns`` file (its bytes or its path) into the list of witness values
    (ints below r)."""
    count, values = read_wtns_packed(data)
    words = struct.unpack(f"<{4 * count}Q", values)
    return [
        words[i] | words[i + 1] << 64 | words[i + 2] << 128 | words[i + 3] << 192
        for i in range(0, 4 * count, 4)
    ]
