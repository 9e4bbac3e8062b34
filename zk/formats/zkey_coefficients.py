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

from zk.curve import get_backend
from zk.curve.base import BytesLike
from zk.errors import FieldError, FormatError
from zk.field import R

MATRIX_A = 0
MATRIX_B = 1

#: A coefficient c is stored as c·R² mod r with R = 2²⁵⁶.
TO_ZKEY_FORM = pow(2, 512, R)
FROM_ZKEY_FORM = pow(TO_ZKEY_FORM, -1, R)

_ENTRY = struct.Struct("<III32s")
_COUNT = struct.Struct("<I")
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


def check_coefficients(body: BytesLike, domain_size: int | None = None,
                       n_vars: int | None = None,
                       what: str = ".zkey coefficient section") -> int:
    """Check a section body (count, matrices, rows inside the domain, signals inside the
    witness, coefficients below r) in one pass of the curve backend; return the count."""
    mv = memoryview(body).cast("B")
    problem = get_backend().coefficient_problem(mv, domain_size, n_vars)
    if problem is None:
        return _COUNT.unpack_from(mv, 0)[0]
    kind, index, value = problem
    if kind == "short":
        raise FormatError(f"{what} is shorter than its count")
    if kind == "length":
        raise FormatError(
            f"{what} holds {len(mv) - _COUNT.size} bytes, expected {value} entries "
            f"of {ENTRY_BYTES} bytes"
        )
    if kind == "coeff":
        raise FieldError(f".zkey coefficient #{index} is not below r")
    problems = {
        "matrix": "a matrix other than A (0) or B (1)",
        "row": f"a row outside the {domain_size}-point domain",
        "signal": f"a signal beyond the {n_vars} variables",
    }
    raise FormatError(f".zkey coefficient #{index} names {kind} {value}, {problems[kind]}")


def read_coefficients(body: BytesLike) -> list[CoefficientEntry]:
    """Decode a section body into entries with plain coefficients (every field checked)."""
    check_coefficients(body, what="coefficient section")
    mv = memoryview(body).cast("B")
    return [
        CoefficientEntry(m, row, sig, int.from_bytes(coeff, "little") * FROM_ZKEY_FORM % R)
        for m, row, sig, coeff in _ENTRY.iter_unpack(mv[_COUNT.size :])
    ]
