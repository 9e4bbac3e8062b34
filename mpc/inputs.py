"""Reading a party's own column from a CSV file (read by that party only, never sent).

The file has a header row. ``column`` picks a column by name; a file with one column needs no
name. Values are integers, or decimals when fixed-point fractional bits are used; each must fit
the agreed bit width. Errors name the file and line but never echo other values.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

from mpc.errors import MpcInputError
from zk.errors import ZkError
from zk.formats.textfile import read_text

#: A party's column file; 4 GiB holds hundreds of millions of records.
MAX_CSV_BYTES = 4 << 30


def read_rows(path: str | Path) -> list[list[str]]:
    """The rows of a CSV file (UTF-8, with or without a BOM, or UTF-16/32); a missing,
    binary or undecodable file raises :class:`MpcInputError`."""
    return list(iter_rows(path))


def iter_rows(path: str | Path) -> Iterator[list[str]]:
    """:func:`read_rows` one row at a time (a column of millions of records is never held
    as a list of rows); errors as there, raised when reached."""
    p = Path(path)
    try:
        text = read_text(p, "CSV file", max_bytes=MAX_CSV_BYTES)
    except ZkError as exc:
        raise MpcInputError(str(exc)) from exc
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error as exc:
        raise MpcInputError(f"cannot read {p} as CSV: {exc}") from exc


def _header_and_rows(p: Path) -> tuple[list[str], Iterator[list[str]]]:
    """The stripped header of a CSV file and an iterator over the rows after it."""
    rows = iter_rows(p)
    first = next(rows, None)
    if first is None:
        raise MpcInputError(f"{p} is empty: it needs a header row")
    return [h.strip() for h in first], rows


def read_column(path: str | Path, column: str | None, bits: int, frac_bits: int) -> list[int]:
    """The column's values as fixed-point integers round(x·2^frac_bits), checked to fit."""
    p = Path(path)
    header, rows = _header_and_rows(p)
    if column is None:
        if len(header) != 1:
            raise MpcInputError(f"{p} has {len(header)} columns ({', '.join(header)}): choose "
                                "one with --column")
        index = 0
    elif column in header:
        index = header.index(column)
    else:
        raise MpcInputError(f"{p} has no column {column!r} (columns: {', '.join(header)})")
    limit = (1 << (bits - 1)) - 1
    values = []
    for line, row in enumerate(rows, start=2):
        if not row or all(not c.strip() for c in row):
            continue
        if index >= len(row) or not row[index].strip():
            raise MpcInputError(f"{p} line {line}: no value in column {header[index]!r}")
        text = row[index].strip()
        if frac_bits == 0:
            try:  # the common case, an integer literal: no Decimal needed
                value = int(text)
            except ValueError:
                pass
            else:
                if abs(value) > limit:
                    raise MpcInputError(f"{p} line {line}: value does not fit {bits}-bit "
                                        "signed integers; raise --bits")
                values.append(value)
                continue
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise MpcInputError(f"{p} line {line}: not a number in column "
                                f"{header[index]!r}") from exc
        if not number.is_finite():
            raise MpcInputError(f"{p} line {line}: not a finite number")
        scaled = number * (1 << frac_bits)
        if frac_bits == 0 and scaled != scaled.to_integral_value():
            raise MpcInputError(f"{p} line {line}: not an integer; pass --frac-bits (e.g. 16) "
                                "to use fixed-point numbers")
        value = int(scaled.to_integral_value())
        if abs(value) > limit:
            raise MpcInputError(f"{p} line {line}: value does not fit {bits}-bit signed "
                                "integers" + (f" with {frac_bits} fractional bits"
                                              if frac_bits else "") + "; raise --bits")
        values.append(value)
    return values


def read_ids(path: str | Path, column: str | None) -> list[str]:
    """The non-empty identifiers of one column (by name, or the only one) of a CSV file with a
    header row, for private set intersection."""
    p = Path(path)
    header, rows = _header_and_rows(p)
    if column is None and len(header) != 1:
        raise MpcInputError(f"{p} has several columns: choose one with --column")
    if column is not None and column not in header:
        raise MpcInputError(f"{p} has no column {column!r}")
    idx = 0 if column is None else header.index(column)
    return [r[idx].strip() for r in rows if len(r) > idx and r[idx].strip()]
