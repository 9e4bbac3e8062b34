"""Every binary reader bounds each declared count by the bytes the file holds, before it
allocates anything per item, and names a file of the wrong kind.

The files here are tiny and declare 2^25 or 2^32 − 1 items: a reader that trusted the header
would allocate gigabytes (a MemoryError); each must refuse at once with a FormatError, using
next to no memory.
"""

from __future__ import annotations

import struct
import tracemalloc

import pytest

from zk.errors import FormatError
from zk.field import FIELD_BYTES, Q, R
from zk.formats.binfile import read_binfile, u32, write_binfile
from zk.formats.ptau import read_ptau
from zk.formats.r1cs import read_r1cs, read_r1cs_header
from zk.formats.wtns import read_wtns
from zk.formats.zkey import read_zkey, read_zkey_header

HUGE = [1 << 25, (1 << 32) - 1]


def _refused_cheaply(read, data: bytes, match: str) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(FormatError, match=match):
            read(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20, f"the reader allocated {peak} bytes before refusing"


def _r1cs(wires: int, constraints: int = 0, labels: bytes | None = None,
          constraint_body: bytes = b"") -> bytes:
    header = (u32(FIELD_BYTES) + R.to_bytes(FIELD_BYTES, "little")
              + struct.pack("<IIIIQI", wires, 1, 0, 0, wires, constraints))
    sections = [(2, constraint_body), (1, header)]
    if labels is not None:
        sections.append((3, labels))
    return write_binfile("r1cs", 1, sections)


@pytest.mark.parametrize("wires", HUGE)
def test_r1cs_declaring_more_wires_than_it_holds_is_refused(wires):
    data = _r1cs(wires)
    assert len(data) < 220
    for read in (read_r1cs, read_r1cs_header):
        _refused_cheaply(read, data, f"declares {wires} wires")


@pytest.mark.parametrize("wires", HUGE)
def test_r1cs_with_a_short_label_map_is_refused(wires):
    _refused_cheaply(read_r1cs, _r1cs(wires, labels=bytes(16)), "wire-label map")


@pytest.mark.parametrize("constraints", HUGE)
def test_r1cs_declaring_more_constraints_than_it_holds_is_refused(constraints):
    data = _r1cs(4, constraints, labels=bytes(32), constraint_body=bytes(36))
    for read in (read_r1cs, read_r1cs_header):
        _refused_cheaply(read, data, f"declares {constraints} constraints")


def test_r1cs_without_labels_whose_wires_appear_in_terms_is_read():
    lc_one = u32(1) + u32(2) + (1).to_bytes(FIELD_BYTES, "little")  # 1·w2
    body = lc_one + lc_one + lc_one
    r1cs = read_r1cs(_r1cs(3, 1, constraint_body=body))
    assert r1cs.n_wires == 3 and r1cs.n_constraints == 1


@pytest.mark.parametrize("count", HUGE)
def test_wtns_declaring_more_values_than_it_holds_is_refused(count):
    header = u32(FIELD_BYTES) + R.to_bytes(FIELD_BYTES, "little") + u32(count)
    data = write_binfile("wtns", 2, [(1, header), (2, bytes(64))])
    _refused_cheaply(read_wtns, data, f"for {count} values")


@pytest.fixture
def zkey_sections(circom_dir) -> dict[int, bytes]:
    data = (circom_dir / "multiplier" / "circuit.zkey").read_bytes()
    return {k: bytes(v) for k, v in read_binfile(data, "zkey", 2).sections.items()}


def _zkey(sections: dict[int, bytes]) -> bytes:
    return write_binfile("zkey", 1, sorted(sections.items()))


_N_VARS_AT = 4 + FIELD_BYTES + 4 + FIELD_BYTES


@pytest.mark.parametrize("n_vars", HUGE)
def test_zkey_declaring_more_variables_than_it_holds_is_refused(zkey_sections, n_vars):
    header = bytearray(zkey_sections[2])
    header[_N_VARS_AT : _N_VARS_AT + 4] = u32(n_vars)
    zkey_sections[2] = bytes(header)
    _refused_cheaply(read_zkey, _zkey(zkey_sections), "expected")


@pytest.mark.parametrize("count", HUGE)
def test_zkey_declaring_more_coefficients_than_it_holds_is_refused(zkey_sections, count):
    zkey_sections[4] = u32(count) + zkey_sections[4][4:]
    _refused_cheaply(read_zkey, _zkey(zkey_sections), f"expected {count} entries")


@pytest.mark.parametrize("count", HUGE)
def test_zkey_declaring_more_contributions_than_it_holds_is_refused(zkey_sections, count):
    body = zkey_sections[10]
    zkey_sections[10] = body[:64] + u32(count) + body[68:]
    _refused_cheaply(read_zkey, _zkey(zkey_sections), f"claims {count} contributions")


def _ptau(power: int, contributions: int = 0) -> bytes:
    header = u32(FIELD_BYTES) + Q.to_bytes(FIELD_BYTES, "little") + u32(power) + u32(power)
    sections = [(1, header), (7, u32(contributions))]
    sections += [(s, bytes(64)) for s in (2, 3, 4, 5)] + [(6, bytes(128))]
    return write_binfile("ptau", 1, sections)


@pytest.mark.parametrize("power", [25, 28])
def test_ptau_declaring_more_powers_than_it_holds_is_refused(power):
    _refused_cheaply(read_ptau, _ptau(power), "expected")


def test_ptau_declaring_more_contributions_than_it_holds_is_refused(circom_dir):
    data = (circom_dir / "pot8.ptau").read_bytes()
    sections = {k: bytes(v) for k, v in read_binfile(data, "ptau", 1).sections.items()}
    sections[7] = u32((1 << 32) - 1) + sections[7][4:]
    lying = write_binfile("ptau", 1, sorted(sections.items()))
    _refused_cheaply(read_ptau, lying, "claims 4294967295 contributions")


@pytest.mark.parametrize("read, expected", [
    (read_r1cs, "r1cs"), (read_r1cs_header, "r1cs"), (read_wtns, "wtns"),
    (read_zkey, "zkey"), (read_zkey_header, "zkey"), (read_ptau, "ptau"),
])
@pytest.mark.parametrize("given", ["r1cs", "wtns", "zkey", "ptau"])
def test_a_file_of_another_kind_is_named(read, expected, given):
    if given == expected:
        return
    data = write_binfile(given, 1, [(1, b"")])
    with pytest.raises(FormatError, match=rf"this is a \.{given} file, expected a \.{expected}"):
        read(data)
