"""Canonical records: the same record always has the same bytes; anything else is refused."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.admission import admit_commitment
from ledger.errors import RecordError
from ledger.records import (
    MAX_CONTEXT_BYTES,
    MAX_ENTRY_BYTES,
    CommitmentRecord,
    canonical_json,
    decode_record,
    encode_record,
    parse_canonical,
)
from zk.field import R

TIME = "2024-05-01T12:00:00.000001Z"
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                  max_size=4),
    max_leaves=12,
)


@settings(max_examples=100, deadline=None)
@given(value=st.dictionaries(st.text(max_size=6), json_values, max_size=6))
def test_canonical_form_ignores_key_order(value):
    reordered = dict(reversed(list(value.items())))
    assert canonical_json(value) == canonical_json(reordered)
    assert parse_canonical(canonical_json(value)) == value


def test_canonical_bytes_are_the_documented_ones():
    assert canonical_json({"b": [1, "é"], "a": None}) == '{"a":null,"b":[1,"é"]}'.encode()


@pytest.mark.parametrize(
    "data",
    [b'{"a": 1}', b'{"b":1,"a":2}', b'{"a":1.5}', b"[1]", b"\xff", b'{"a":"\\u00e9"}'],
)
def test_non_canonical_payloads(data):
    with pytest.raises(RecordError):
        parse_canonical(data)


def test_floats_are_refused():
    with pytest.raises(RecordError, match="floating"):
        canonical_json({"x": 0.5})


def test_same_commitment_same_hash():
    a = CommitmentRecord("poseidon", "5", {"y": 1, "x": [2]}, TIME)
    b = CommitmentRecord("poseidon", "5", {"x": [2], "y": 1}, TIME)
    assert encode_record(a) == encode_record(b)
    assert decode_record(encode_record(a)) == a


def test_poseidon_commitment_values():
    poseidon_1_2 = "7853200120776062878684798364095072458815029376092732009249414926327459813530"
    assert admit_commitment(poseidon_1_2).record.commitment == poseidon_1_2
    assert admit_commitment(12).record.commitment == "12"
    for bad in [str(R), "-1", "007", "0x10", "1.5", "", True]:
        with pytest.raises(RecordError):
            admit_commitment(bad)


def test_pedersen_commitment_points():
    babyjub_base = (
        "5299619240641551281634865583518297030282874472190772894086521144482721001553",
        "16950150798460657717958625567821834550301663161624707787222815936182638968203",
    )
    assert admit_commitment(babyjub_base, "pedersen").record.commitment == babyjub_base
    assert admit_commitment("1,2", "pedersen").record.commitment == ("1", "2")  # G1 generator
    with pytest.raises(RecordError, match="not a point"):
        admit_commitment("1,3", "pedersen")
    with pytest.raises(RecordError):
        admit_commitment("5", "pedersen")


def test_unknown_scheme_and_oversized_context():
    with pytest.raises(RecordError, match="unknown commitment scheme"):
        admit_commitment("1", "sha256")
    with pytest.raises(RecordError, match="limit"):
        admit_commitment("1", "poseidon", "x" * (MAX_CONTEXT_BYTES + 1))
    with pytest.raises(RecordError):
        admit_commitment("1", "poseidon", ["not", "an", "object"])
    deep: dict = {}
    node = deep
    for _ in range(40):
        node["k"] = {}
        node = node["k"]
    with pytest.raises(RecordError, match="deeper"):
        admit_commitment("1", "poseidon", deep)


def test_decode_refuses_damaged_records():
    good = json.loads(encode_record(CommitmentRecord("poseidon", "5", "ctx", TIME)))
    for change in [{"kind": "other"}, {"v": 2}, {"time": "yesterday"}, {"extra": 1},
                   {"commitment": ["1", "2"]}, {"scheme": "pedersen"}]:
        with pytest.raises(RecordError):
            decode_record(canonical_json({**good, **change}))
    with pytest.raises(RecordError, match="limit"):
        decode_record(b" " * (MAX_ENTRY_BYTES + 1))
