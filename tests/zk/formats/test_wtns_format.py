"""``.wtns`` v2: circom/snarkjs witnesses read, ours written byte-identically."""

from __future__ import annotations

import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zk.errors import FieldError, FormatError
from zk.field import R
from zk.formats.binfile import read_binfile, write_binfile
from zk.formats.wtns import read_wtns, read_wtns_packed, write_wtns, write_wtns_packed

field_elements = st.lists(st.integers(min_value=0, max_value=R - 1), max_size=40)


@given(field_elements)
def test_write_then_read_is_the_identity(values):
    data = write_wtns(values)
    assert read_wtns(data) == values
    count, packed = read_wtns_packed(data)
    assert count == len(values)
    assert write_wtns_packed(packed) == data


def test_layout_is_version_2_with_n8_prime_and_count(circom_dir):
    data = write_wtns([1, 33, 3, 11])
    parsed = read_binfile(data, "wtns", 2)
    assert parsed.version == 2
    header = bytes(parsed.sections[1])
    assert struct.unpack_from("<I", header) == (32,)
    assert int.from_bytes(header[4:36], "little") == R
    assert struct.unpack_from("<I", header, 36) == (4,)
    assert data == (circom_dir / "multiplier" / "witness.wtns").read_bytes()


@pytest.mark.parametrize("name", ["poseidon_pair", "merkle_membership"])
def test_snarkjs_witness_rewrites_byte_for_byte(circom_dir, name):
    raw = (circom_dir / name / "witness.wtns").read_bytes()
    values = read_wtns(raw)
    assert values[0] == 1
    assert write_wtns(values) == raw


def test_packed_values_are_a_view_of_the_file(circom_dir):
    raw = (circom_dir / "multiplier" / "witness.wtns").read_bytes()
    count, packed = read_wtns_packed(raw)
    assert count == 4 and packed.nbytes == 128
    assert int.from_bytes(packed[32:64], "little") == 33


def test_values_not_below_r_are_rejected_both_ways():
    with pytest.raises(FieldError, match="witness value #1"):
        write_wtns([1, R])
    with pytest.raises(FieldError):
        write_wtns([1, -1])
    good = bytearray(write_wtns([1, 2, 3]))
    good[-32:] = R.to_bytes(32, "little")
    with pytest.raises(FieldError, match="witness value #2"):
        read_wtns(bytes(good))


def test_count_that_disagrees_with_the_values_is_rejected():
    parsed = read_binfile(write_wtns([1, 2, 3]), "wtns", 2)
    header = bytearray(parsed.sections[1])
    struct.pack_into("<I", header, 36, 4)
    data = write_binfile("wtns", 2, [(1, header), (2, parsed.sections[2])])
    with pytest.raises(FormatError, match="holds 96 bytes, expected 128"):
        read_wtns(data)


def test_other_field_is_rejected():
    parsed = read_binfile(write_wtns([1]), "wtns", 2)
    header = bytearray(parsed.sections[1])
    header[4:36] = (R + 2).to_bytes(32, "little")
    with pytest.raises(FormatError, match="not BN254's r"):
        read_wtns(write_binfile("wtns", 2, [(1, header), (2, parsed.sections[2])]))


def test_version_1_files_are_read_and_version_3_refused():
    parsed = read_binfile(write_wtns([1, 5]), "wtns", 2)
    body = [(1, parsed.sections[1]), (2, parsed.sections[2])]
    assert read_wtns(write_binfile("wtns", 1, body)) == [1, 5]
    with pytest.raises(FormatError, match="version 3"):
        read_wtns(write_binfile("wtns", 3, body))
