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
from mpc.transport.frames import Frame, Kind, Purpose
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
    a.send(2, Kind.ELEMENTS, Purpose.OPEN, 2, b"x" * 33)
    with pytest.raises(MpcProtocolError, match="over the 32-byte limit"):
        b.receive(1, 2)
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
