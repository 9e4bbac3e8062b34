"""The receive buffer and the in-process transport: deadlines, aborts, goodbyes."""

from __future__ import annotations

import threading
import time

import pytest

from mpc.errors import (
    MpcAbortedError,
    MpcConnectionError,
    MpcProtocolError,
    MpcTimeoutError,
)
from mpc.transport.base import Inbox, connection_lost
from mpc.transport.frames import Frame, Kind, Purpose, chunks, encode_header
from mpc.transport.memory import MemoryHub


def test_frames_wait_for_their_round() -> None:
    inbox = Inbox([2, 3])
    inbox.deliver(Frame(Kind.ELEMENTS, Purpose.OPEN, 2, 8, b"late"))
    inbox.deliver(Frame(Kind.ELEMENTS, Purpose.OPEN, 2, 7, b"early"))
    assert inbox.take(2, 7, 1.0).payload == b"early"
    assert inbox.take(2, 8, 1.0).payload == b"late"


def test_silent_party_is_named_after_the_deadline() -> None:
    inbox = Inbox([2])
    started = time.monotonic()
    with pytest.raises(MpcTimeoutError, match=r"party 2 sent nothing for round 4 within 0\.2 s"):
        inbox.take(2, 4, 0.2)
    assert 0.15 < time.monotonic() - started < 2


def test_a_frame_arriving_from_another_thread_wakes_the_receiver() -> None:
    inbox = Inbox([2])
    timer = threading.Timer(0.1, inbox.deliver, [Frame(Kind.ELEMENTS, Purpose.OPEN, 2, 1, b"x")])
    timer.start()
    assert inbox.take(2, 1, 5.0).payload == b"x"


def test_abort_bye_duplicate_and_lost_connection() -> None:
    inbox = Inbox([2, 3, 4, 5])
    inbox.deliver(Frame(Kind.ABORT, Purpose.CONTROL, 2, 0, b"bad input"))
    with pytest.raises(MpcAbortedError, match="party 2 stopped the computation: bad input"):
        inbox.take(2, 1, 1.0)
    inbox.deliver(Frame(Kind.BYE, Purpose.CONTROL, 3, 0, b""))
    with pytest.raises(MpcProtocolError, match="different computations"):
        inbox.take(3, 1, 1.0)
    inbox.fail(3, connection_lost(3))  # ignored after a goodbye
    inbox.deliver(Frame(Kind.ELEMENTS, Purpose.OPEN, 4, 1, b"a"))
    inbox.deliver(Frame(Kind.ELEMENTS, Purpose.OPEN, 4, 1, b"b"))
    with pytest.raises(MpcProtocolError, match="twice"):
        inbox.take(4, 2, 1.0)
    inbox.fail(5, connection_lost(5))
    with pytest.raises(MpcConnectionError, match="party 5"):
        inbox.take(5, 1, 1.0)


def test_memory_hub_checks_limits_and_propagates_aborts() -> None:
    hub = MemoryHub(3, timeout=0.5, max_message=32)
    a, b = hub.network(1), hub.network(2)
    a.send(2, Kind.ELEMENTS, Purpose.OPEN, 1, b"12345678")
    assert b.receive(1, 1).payload == b"12345678"
    a.send(2, Kind.ELEMENTS, Purpose.OPEN, 2, b"x" * 33)  # goes in two chunks
    assert b.receive(1, 2).payload == b"x" * 33
    hub._deliver(1, 2, encode_header(Kind.ELEMENTS, Purpose.OPEN, 1, 3, 33) + b"x" * 33)
    with pytest.raises(MpcProtocolError, match="over the 32-byte limit"):
        b.receive(1, 3)
    hub.network(3).abort("party 3 stopped: test")
    with pytest.raises(MpcAbortedError, match="party 3 stopped"):
        b.receive(3, 5)
    b.close()
    with pytest.raises(MpcConnectionError):
        b.send(1, Kind.ELEMENTS, Purpose.OPEN, 3, b"")


def test_a_flood_of_frames_ahead_is_refused() -> None:
    from mpc.transport.base import MAX_PENDING_FRAMES

    inbox = Inbox([2])
    for tag in range(1, MAX_PENDING_FRAMES + 2):
        inbox.deliver(Frame(Kind.ELEMENTS, Purpose.OPEN, 2, tag, b""))
    with pytest.raises(MpcProtocolError, match="ahead of this party"):
        inbox.take(2, 10**6, 1.0)


def test_chunks_cover_the_payload_under_the_limit() -> None:
    assert [(bytes(p), m) for p, m in chunks(b"", 4)] == [(b"", False)]
    assert [(bytes(p), m) for p, m in chunks(b"abcd", 4)] == [(b"abcd", False)]
    assert [(bytes(p), m) for p, m in chunks(b"abcdefghij", 4)] == [
        (b"abcd", True), (b"efgh", True), (b"ij", False)]


def test_a_round_larger_than_a_frame_is_reassembled() -> None:
    hub = MemoryHub(3, timeout=1.0, max_message=64, max_buffered=4096)
    a, b = hub.network(1), hub.network(2)
    big = bytes(range(256)) * 3 + b"tail"
    a.send(2, Kind.BYTES, Purpose.PSI, 1, big)
    a.send(2, Kind.ELEMENTS, Purpose.OPEN, 2, b"small")
    assert b.inbox.buffered(1) == len(big) + 5
    frame = b.receive(1, 1)
    assert (frame.kind, frame.purpose, frame.payload, frame.more) == (
        Kind.BYTES, Purpose.PSI, big, False)
    assert b.receive(1, 2).payload == b"small"
    assert b.inbox.buffered(1) == 0


def test_a_peer_that_sends_more_than_the_byte_budget_is_refused() -> None:
    inbox = Inbox([2, 3], max_buffered=1000)
    inbox.deliver(Frame(Kind.ELEMENTS, Purpose.OPEN, 3, 1, b"x" * 900))  # another peer
    for tag in range(1, 10):  # 900 bytes ahead: within the budget
        inbox.deliver(Frame(Kind.ELEMENTS, Purpose.OPEN, 2, tag, b"y" * 100))
    assert inbox.buffered(2) == 900
    inbox.deliver(Frame(Kind.ELEMENTS, Purpose.OPEN, 2, 10, b"z" * 101))
    assert inbox.buffered(2) == 0  # what it sent is dropped, not kept
    with pytest.raises(MpcProtocolError, match="more than 1000 bytes ahead") as info:
        inbox.take(2, 1, 1.0)
    assert info.value.party == 2
    inbox.deliver(Frame(Kind.ELEMENTS, Purpose.OPEN, 2, 11, b"w" * 10))  # ignored from now on
    assert inbox.buffered(2) == 0
    assert inbox.take(3, 1, 1.0).payload == b"x" * 900  # the other peer is unaffected


def test_the_budget_counts_chunks_of_a_round_still_arriving() -> None:
    inbox = Inbox([2], max_buffered=100)
    for _ in range(3):
        inbox.deliver(Frame(Kind.BYTES, Purpose.PSI, 2, 7, b"c" * 30, more=True))
    assert inbox.buffered(2) == 90
    inbox.deliver(Frame(Kind.BYTES, Purpose.PSI, 2, 7, b"c" * 30, more=True))
    with pytest.raises(MpcProtocolError, match="budget"):
        inbox.take(2, 7, 1.0)


def test_taking_frees_the_budget_for_the_next_rounds() -> None:
    inbox = Inbox([2], max_buffered=100)
    for tag in range(1, 50):
        inbox.deliver(Frame(Kind.ELEMENTS, Purpose.OPEN, 2, tag, b"a" * 60))
        assert inbox.take(2, tag, 1.0).payload == b"a" * 60


def test_chunks_of_one_round_must_keep_its_type() -> None:
    inbox = Inbox([2])
    inbox.deliver(Frame(Kind.BYTES, Purpose.PSI, 2, 1, b"a", more=True))
    inbox.deliver(Frame(Kind.ELEMENTS, Purpose.PSI, 2, 1, b"b"))
    with pytest.raises(MpcProtocolError, match="changed the type"):
        inbox.take(2, 1, 1.0)


def test_an_empty_chunk_is_refused() -> None:
    inbox = Inbox([2])
    inbox.deliver(Frame(Kind.BYTES, Purpose.PSI, 2, 1, b"", more=True))
    with pytest.raises(MpcProtocolError, match="empty chunk"):
        inbox.take(2, 1, 1.0)
