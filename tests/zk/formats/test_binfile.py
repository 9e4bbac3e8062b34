"""The iden3 container: sections in any order, and every malformed layout rejected."""

from __future__ import annotations

import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zk.errors import FormatError
from zk.formats.binfile import SectionReader, read_binfile, write_binfile

sections_strategy = st.dictionaries(
    st.integers(min_value=0, max_value=2**32 - 1), st.binary(max_size=64), max_size=6
)


@given(sections_strategy, st.integers(min_value=1, max_value=3))
def test_write_then_read_returns_every_section(sections, version):
    data = write_binfile("test", version, list(sections.items()))
    parsed = read_binfile(data, "test", max_version=3)
    assert parsed.version == version
    assert {k: bytes(v) for k, v in parsed.sections.items()} == sections


def test_sections_may_come_in_any_order_and_offsets_point_at_bodies():
    data = write_binfile("r1cs", 1, [(2, b"two"), (1, b"one!"), (3, b"")])
    parsed = read_binfile(data, "r1cs", 1)
    assert list(parsed.sections) == [2, 1, 3]
    for kind, body in parsed.sections.items():
        start = parsed.offsets[kind]
        assert data[start : start + len(body)] == bytes(body)


def test_layout_is_magic_version_count_then_type_size_body():
    data = write_binfile("wtns", 2, [(7, b"\xaa\xbb")])
    assert data == b"wtns" + struct.pack("<II", 2, 1) + struct.pack("<IQ", 7, 2) + b"\xaa\xbb"


def test_wrong_magic_is_named():
    data = write_binfile("zkey", 1, [(1, b"x")])
    with pytest.raises(FormatError, match=r"this is a \.zkey file, expected a \.ptau file"):
        read_binfile(data, "ptau", 1)
    with pytest.raises(FormatError, match="magic bytes are 'abcd', expected 'ptau'"):
        read_binfile(b"abcd" + data[4:], "ptau", 1)


@pytest.mark.parametrize("text", [b'{"protocol": "groth16"}', b"  [1, 2, 3]", b"\xef\xbb\xbf{}"])
def test_a_json_file_given_for_a_binary_one_is_named(text):
    with pytest.raises(FormatError, match=r"this is a JSON file, expected a \.r1cs file"):
        read_binfile(text + bytes(12), "r1cs", 1)


def test_unsupported_version_is_rejected():
    data = write_binfile("zkey", 3, [])
    with pytest.raises(FormatError, match="version 3 is not supported"):
        read_binfile(data, "zkey", 2)


def test_duplicated_section_is_rejected():
    data = write_binfile("r1cs", 1, [(1, b"a"), (1, b"b")])
    with pytest.raises(FormatError, match="section 1 twice"):
        read_binfile(data, "r1cs", 1)


@pytest.mark.parametrize("cut", [1, 4, 11, 12, 13, 20, 23])
def test_every_truncation_is_rejected(cut):
    data = write_binfile("r1cs", 1, [(1, b"12345678"), (2, b"abc")])
    with pytest.raises(FormatError):
        read_binfile(data[: len(data) - cut], "r1cs", 1)


def test_section_size_beyond_the_end_is_rejected():
    data = bytearray(write_binfile("r1cs", 1, [(1, b"abcd")]))
    struct.pack_into("<Q", data, 16, 2**63)
    with pytest.raises(FormatError, match="truncated"):
        read_binfile(bytes(data), "r1cs", 1)


def test_huge_section_count_fails_fast():
    data = b"r1cs" + struct.pack("<II", 1, 2**32 - 1)
    with pytest.raises(FormatError, match="claims 4294967295 sections"):
        read_binfile(data, "r1cs", 1)


def test_trailing_bytes_are_rejected():
    data = write_binfile("r1cs", 1, [(1, b"abcd")]) + b"\x00"
    with pytest.raises(FormatError, match="1 unexpected bytes after its last section"):
        read_binfile(data, "r1cs", 1)


def test_missing_required_section_names_it():
    parsed = read_binfile(write_binfile("zkey", 1, [(1, b"")]), "zkey", 1)
    with pytest.raises(FormatError, match="no section 9 \\(H points\\)"):
        parsed.section(9, "H points")


def test_section_reader_checks_bounds_and_the_end():
    cur = SectionReader(struct.pack("<IQ", 5, 6) + b"\x01\x02", "test section")
    assert cur.u32() == 5 and cur.u64() == 6
    with pytest.raises(FormatError, match="test section is truncated"):
        cur.bigint(32)
    with pytest.raises(FormatError, match="2 unexpected bytes"):
        cur.expect_end()
    assert cur.bigint(2) == 0x0201
    cur.expect_end()
