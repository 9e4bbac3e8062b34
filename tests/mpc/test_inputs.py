"""Reading a party's own CSV column."""

from __future__ import annotations

from pathlib import Path

import pytest

from mpc.errors import MpcInputError
from mpc.inputs import read_column

CSV = Path(__file__).parents[1] / "fixtures" / "mpc" / "csv"


def test_named_and_single_columns() -> None:
    assert read_column(CSV / "incomes-two-columns.csv", "income", 32, 0) == [52000, -1200, 0,
                                                                              31000]
    assert read_column(CSV / "single-column.csv", None, 32, 0) == [10, 20]
    assert read_column(CSV / "header-only.csv", "income", 32, 0) == []


def test_decimals_become_fixed_point_integers() -> None:
    assert read_column(CSV / "decimals.csv", "income", 32, 8) == [12 * 256 + 64, -3 * 256 - 128]


@pytest.mark.parametrize(("name", "column", "frac", "message"), [
    ("decimals.csv", "income", 0, "line 2: not an integer; pass --frac-bits"),
    ("not-a-number.csv", "income", 0, "line 3: not a number"),
    ("missing-value.csv", "income", 0, "line 3: no value"),
    ("too-wide-for-32-bits.csv", "income", 0, "line 2: value does not fit 32-bit"),
    ("infinite.csv", "income", 0, "line 2: not a finite number"),
    ("empty-file.csv", None, 0, "is empty"),
    ("incomes-two-columns.csv", None, 0, "choose one with --column"),
    ("incomes-two-columns.csv", "salary", 0, "no column 'salary'"),
    ("absent.csv", None, 0, "not found"),
])
def test_errors_name_the_file_and_line(name: str, column: str | None, frac: int,
                                       message: str) -> None:
    with pytest.raises(MpcInputError, match=message) as info:
        read_column(CSV / name, column, 32, frac)
    assert "oops" not in str(info.value)  # the offending value itself is not echoed


def test_csv_in_other_unicode_encodings_and_not_csv_at_all(tmp_path) -> None:
    from mpc.inputs import read_column, read_ids

    for codec in ("utf-8-sig", "utf-16", "utf-16-le", "utf-32"):
        path = tmp_path / f"{codec}.csv"
        path.write_bytes("income,id\n10,a\n-3,b\n".encode(codec))
        assert read_column(path, "income", 32, 0) == [10, -3]
        assert read_ids(path, "id") == ["a", "b"]
    for data, message in ((b"zkey\x01\x00\x00\x00\x0a\x00\x00\x00" + bytes(40), ".zkey file"),
                          ("x\né\n".encode("latin-1"), "not UTF-8"),
                          (bytes(range(256)), "binary data")):
        path = tmp_path / "bad.csv"
        path.write_bytes(data)
        for read in (lambda p: read_column(p, None, 32, 0), lambda p: read_ids(p, None)):
            with pytest.raises(MpcInputError, match=message) as info:
                read(path)
            assert "\n" not in str(info.value)
