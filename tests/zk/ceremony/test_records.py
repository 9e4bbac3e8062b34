"""Contribution parameters and phase-1 records: encode, decode, and refuse what snarkjs refuses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.zk.ceremony.conftest import BEACON_HEX, fixture_bytes
from zk.ceremony import phase1
from zk.ceremony.beacon import Beacon, BeaconError
from zk.ceremony.records import (
    KIND_BEACON,
    KIND_CONTRIBUTION,
    ContributionParams,
    decode_params,
    encode_params,
    pack_ptau_contributions,
    parse_ptau_contributions,
)
from zk.errors import FormatError
from zk.formats.ptau import SECTION_CONTRIBUTIONS


@settings(max_examples=40, deadline=None)
@given(st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",)), min_size=1,
               max_size=64))
def test_names_round_trip(name: str) -> None:
    raw = encode_params(ContributionParams(name))
    assert decode_params(raw, KIND_CONTRIBUTION, "c").name == name


def test_long_names_keep_64_utf16_units_as_snarkjs() -> None:
    assert decode_params(encode_params(ContributionParams("a" * 100)), 0, "c").name == "a" * 64
    emoji = "😀" * 40  # two UTF-16 units each
    assert decode_params(encode_params(ContributionParams(emoji)), 0, "c").name == "😀" * 32


def test_beacon_params_round_trip() -> None:
    beacon = Beacon.parse(BEACON_HEX, 12)
    raw = encode_params(ContributionParams("Final", beacon))
    assert raw[0] == 1 and raw[7] == 2  # sorted: name (1), iterations (2), value (3)
    assert decode_params(raw, KIND_BEACON, "c") == ContributionParams("Final", beacon)


@pytest.mark.parametrize(
    ("raw", "kind", "message"),
    [
        (bytes([2, 10, 1, 1, 65]), 0, "not sorted"),
        (bytes([9, 0]), 0, "unknown parameter"),
        (bytes([1, 5, 65]), 0, "truncated"),
        (bytes([1, 1, 65]), KIND_BEACON, "does not record the beacon"),
        (bytes([1, 2, 0xC3, 0x28]), 0, "UTF-8"),
    ],
)
def test_bad_params_are_rejected(raw: bytes, kind: int, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        decode_params(raw, kind, "contribution #1")


def test_section_7_of_a_snarkjs_file_round_trips() -> None:
    data = fixture_bytes("pot5_0003_beacon_by_snarkjs.ptau")
    current = phase1.load(data)
    names = [c.params.name for c in current.contributions]
    assert names == ["snarkjs contributor", "zkgov contributor", "Final Beacon"]
    assert current.contributions[2].kind == KIND_BEACON
    body = bytes(current.ptau.container.sections[SECTION_CONTRIBUTIONS])
    assert pack_ptau_contributions(parse_ptau_contributions(body)) == body


def test_truncated_section_7_is_a_format_error() -> None:
    body = bytes(phase1.load(fixture_bytes("pot5_0002_zkgov.ptau")).ptau.container.sections[
        SECTION_CONTRIBUTIONS])
    with pytest.raises(FormatError):
        parse_ptau_contributions(body[:-3])


@pytest.mark.parametrize(
    ("value", "exp", "message"),
    [("0x", 10, "1 … 255 bytes"), ("abc", 10, "hexadecimal"), ("zz", 10, "hexadecimal"),
     ("ab", 9, "10 … 63"), ("ab", 64, "10 … 63"), ("ab", "ten", "not an integer"),
     ("ab" * 256, 10, "1 … 255 bytes")],
)
def test_beacon_values_snarkjs_refuses_are_refused(value: str, exp, message: str) -> None:
    with pytest.raises(BeaconError, match=message):
        Beacon.parse(value, exp)


def test_beacon_stream_is_deterministic() -> None:
    a, b = Beacon.parse("0x" + BEACON_HEX, 10).rng(), Beacon.parse(BEACON_HEX, "10").rng()
    assert [a.next_u32() for _ in range(20)] == [b.next_u32() for _ in range(20)]
