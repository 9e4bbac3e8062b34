"""The wire format: round trips, and every malformed frame in the fixture rejected by name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mpc.errors import MpcProtocolError
from mpc.transport.frames import (
    HEADER_SIZE,
    Frame,
    Kind,
    Purpose,
    decode,
    encode,
    hello_payload,
    parse_hello,
    parse_reason,
    reason_payload,
)

VECTORS = json.loads((Path(__file__).parents[2] / "fixtures" / "mpc" / "frames.json").read_text())


@pytest.mark.parametrize("name", sorted(VECTORS["vectors"]))
def test_frame_vectors(name: str) -> None:
    case = VECTORS["vectors"][name]
    data = bytes.fromhex(case["hex"])
    if case["error"] is None:
        frame = decode(data, case["sender"], VECTORS["max_message"])
        assert encode(frame) == data
    else:
        with pytest.raises(MpcProtocolError, match=case["error"]) as info:
            decode(data, case["sender"], VECTORS["max_message"])
        assert info.value.party == case["sender"]


def test_round_trip_of_every_kind() -> None:
    for kind in Kind:
        frame = Frame(kind, Purpose.OPEN, 5, 2**40, b"abc" * 10)
        data = encode(frame)
        assert len(data) == HEADER_SIZE + 30
        assert decode(data, 5, 1024) == frame


def test_hello_and_reason_payloads() -> None:
    assert parse_hello(hello_payload(3, "ab12"), "p") == (3, "ab12")
    for bad in (b"\xff", b"[]", b'{"party": "3", "session": "x", "version": 1}',
                b'{"party": 3, "session": "x", "version": 9}', b"[" * 2000 + b"]" * 2000,
                b'{"party": ' + b"9" * 4000 + b"}"):
        with pytest.raises(MpcProtocolError, match="malformed hello"):
            parse_hello(bad, "party 3")
    long = "x" * 5000
    assert len(reason_payload(long)) == 400
    assert parse_reason(reason_payload("stopped: é")) == "stopped: é"
