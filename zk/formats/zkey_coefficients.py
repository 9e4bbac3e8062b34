"""The coefficient section (4) of a Groth16 ``.zkey``: the one reader and the one writer.

Body: u32 count, then per entry u32 matrix (0 = A, 1 = B), u32 row, u32 signal and the
coefficient c as 32 little-endian bytes holding c·R² mod r (R = 2²⁵⁶): the Montgomery form of
c·R, so that a Montgomery product with a plain witness value gives c·w in Montgomery form.
The C matrix is not stored (snarkjs's prover takes C = A·B row by row).

Entries may come in any order: snarkjs writes each constraint's A then B terms and then the
public rows; :func:`zk.groth16.setup` writes all of A (public rows included) then all of B.
Which order a key gets is :func:`zk.qap.coefficient_entries`'s business; the bytes are this
module's.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from zk.curve.base import BytesLike
from zk.errors import FieldError, FormatError
from zk.field import FIELD_BYTES, R
from zk.formats.packed import first_not_below

MATRIX_A = 0
MATRIX_B = 1

#: A coefficient c is stored as c·R² mod r with R = 2²⁵⁶.
TO_ZKEY_FORM = pow(2, 512, R)
FROM_ZKEY_FORM = pow(TO_ZKEY_FORM, -1, R)

_ENTRY = struct.Struct("<III32s")
_COUNT = struct.Struct("<I")
#: One entry as a numpy record (the coefficient as four little-endian 64-bit limbs).
ENTRY_DTYPE = np.dtype([("matrix", "<u4"), ("row", "<u4"), ("signal", "<u4"),
                        ("coeff", "<u8", (4,))])
ENTRY_BYTES = _ENTRY.size


@dataclass(frozen=True)
class CoefficientEntry:
    """One entry of the coefficient section: ``coeff`` (a plain field element) times witness
    value ``signal`` adds to row ``row`` of matrix ``matrix`` (0 = A, 1 = B)."""

    matrix: int
    row: int
    signal: int
    coeff: int


def write_coefficients(entries: Iterable[tuple[int, int, int, int]]) -> bytes:
    """The section body for ``(matrix, row, signal, coefficient)`` entries, in their order
    (coefficients plain field elements; they are written in the ``.zkey`` form)."""
    out = [b""]
    pack = _ENTRY.pack
    count = 0
    for matrix, row, signal, coeff in entries:
        out.append(pack(matrix, row, signal, (coeff * TO_ZKEY_FORM % R).to_bytes(32, "little")))
        count += 1
    out[0] = _COUNT.pack(count)
    return b"".join(out)


def coefficient_table(body: BytesLike, what: str = ".zkey coefficient section") -> np.ndarray:
    """The entries of a section body as a zero-copy numpy array of :data:`ENTRY_DTYPE`,
    after checking that the declared count matches the bytes present."""
    mv = memoryview(body).cast("B")
    if len(mv) < _COUNT.size:
        raise FormatError(f"{what} is shorter than its count")
    (count,) = _COUNT.unpack_from(mv, 0)
    if len(mv) != _COUNT.size + count * ENTRY_BYTES:
        raise FormatError(
            f"{what} holds {len(mv) - _COUNT.size} bytes, expected {count} entries "
            f"of {ENTRY_BYTES} bytes"
        )
    return np.frombuffer(mv, dtype=ENTRY_DTYPE, offset=_COUNT.size, count=count)


def check_coefficients(body: BytesLike, domain_size: int | None = None,
                       n_vars: int | None = None,
                       what: str = ".zkey coefficient section") -> np.ndarray:
    """Check a section body (count, matrices, rows inside the domain, signals inside the
    witness, coefficients below r) and return its table (see :func:`coefficient_table`)."""
    table = coefficient_table(body, what)
    limits = [("matrix", 2, "a matrix other than A (0) or B (1)")]
    if domain_size is not None:
        limits.append(("row", domain_size, f"a row outside the {domain_size}-point domain"))
    if n_vars is not None:
        limits.append(("signal", n_vars, f"a signal beyond the {n_vars} variables"))
    for field, limit, problem in limits:
        bad = np.flatnonzero(table[field] >= limit)
        if bad.size:
            i = int(bad[0])
            raise FormatError(
                f".zkey coefficient #{i} names {field} {int(table[field][i])}, {problem}"
            )
    index = first_not_below(np.ascontiguousarray(table["coeff"]).tobytes(), R)
    if index is not None:
        raise FieldError(f".zkey coefficient #{index} is not below r")
    return table


def read_coefficients(body: BytesLike) -> list[CoefficientEntry]:
    """Decode a section body into entries with plain coefficients (every field checked)."""
    table = check_coefficients(body, what="coefficient section")
    raw = np.ascontiguousarray(table["coeff"]).tobytes()
    return [
        CoefficientEntry(int(m), int(row), int(sig),
                         int.from_bytes(raw[i * FIELD_BYTES : (i + 1) * FIELD_BYTES], "little")
                         * FROM_ZKEY_FORM % R)
        for i, (m, row, sig) in enumerate(zip(table["matrix"], table["row"], table["signal"],
                                              strict=True))
    ]
