"""The interface between protocols and a transport, and the receive buffer with deadlines.

A :class:`Network` sends frames to peers and hands back the frame a peer sent for a given
round tag. Frames arrive on a transport's own thread and wait in an :class:`Inbox` until the
protocol asks for them; every wait has a deadline, so a peer that vanishes or stalls turns into
an :class:`~mpc.errors.MpcTimeoutError` naming it, never a hang.
"""

from __future__ import annotations

import abc
import threading
import time
from collections.abc import Iterable

from mpc.errors import (
    MpcAbortedError,
    MpcConnectionError,
    MpcNetworkError,
    MpcProtocolError,
    MpcTimeoutError,
)
from mpc.transport.frames import Frame, Kind, Purpose, parse_reason

#: Frames one peer may have waiting for rounds this party has not reached. An honest peer is
#: never more than a few rounds ahead; a flood is refused rather than buffered without end.
MAX_PENDING_FRAMES = 1024


class Inbox:
    """Frames received from peers, by (sender, tag), and what became of each peer."""

    def __init__(self, peers: Iterable[int]) -> None:
        self._cond = threading.Condition()
        self._frames: dict[tuple[int, int], Frame] = {}
        self._pending: dict[int, int] = {}
        self._failed: dict[int, MpcNetworkError] = {}
        self._finished: set[int] = set()
        self.peers = tuple(peers)

    def deliver(self, frame: Frame) -> None:
        """Store a frame from the network thread (or record a BYE / ABORT)."""
        with self._cond:
            if frame.kind == Kind.BYE:
                self._finished.add(frame.sender)
            elif frame.kind == Kind.ABORT:
                reason = parse_reason(frame.payload)
                self._failed.setdefault(frame.sender, MpcAbortedError(
                    f"party {frame.sender} stopped the computation: {reason}", frame.sender))
            else:
                key = (frame.sender, frame.tag)
                pending = self._pending.get(frame.sender, 0)
                if key in self._frames:
                    self._failed.setdefault(frame.sender, MpcProtocolError(
                        f"party {frame.sender} sent round {frame.tag} twice", frame.sender))
                elif pending >= MAX_PENDING_FRAMES:
                    self._failed.setdefault(frame.sender, MpcProtocolError(
                        f"party {frame.sender} sent more than {MAX_PENDING_FRAMES} messages "
                        "ahead of this party", frame.sender))
                else:
                    self._frames[key] = frame
                    self._pending[frame.sender] = pending + 1
            self._cond.notify_all()

    def fail(self, peer: int, error: MpcNetworkError) -> None:
        """Record that a peer's connection broke (ignored once it said BYE)."""
        with self._cond:
            if peer not in self._finished:
                self._failed.setdefault(peer, error)
            self._cond.notify_all()

    def failure(self, peer: int) -> MpcNetworkError | None:
        """The error recorded for ``peer`` (broken connection, ABORT, protocol violation),
        or ``None`` while its connection is sound."""
        with self._cond:
            return self._failed.get(peer)

    def take(self, peer: int, tag: int, timeout: float) -> Frame:
        """The frame ``peer`` sent for round ``tag``, waiting at most ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                frame = self._frames.pop((peer, tag), None)
                if frame is not None:
                    self._pending[peer] -= 1
                    return frame
                if peer in self._failed:
                    raise self._failed[peer]
                if peer in self._finished:
                    raise MpcProtocolError(
                        f"party {peer} finished while this party still waited for its round "
                        f"{tag}: the parties ran different computations", peer)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise MpcTimeoutError(
                        f"party {peer} sent nothing for round {tag} within {timeout:g} s: it "
                        "stopped, stalled or lost its connection (or waits on a party that "
                        "did)", peer)
                self._cond.wait(left)


class Network(abc.ABC):
    """One party's connections to all the others."""

    party_id: int
    peers: tuple[int, ...]
    timeout: float

    @abc.abstractmethod
    def send(self, peer: int, kind: Kind, purpose: Purpose, tag: int, payload: bytes) -> None:
        """Queue a frame for ``peer`` (returns without waiting for delivery)."""

    @abc.abstractmethod
    def receive(self, peer: int, tag: int) -> Frame:
        """The frame ``peer`` sent for round ``tag`` (waits at most ``timeout`` seconds)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Say BYE to every peer and release the connections."""

    @abc.abstractmethod
    def abort(self, reason: str) -> None:
        """Tell every peer this party stops (with a short reason) and release the connections."""


def check_payload_kind(frame: Frame, kind: Kind) -> Frame:
    """``frame`` if it holds ``kind``; else the sender broke the protocol."""
    if frame.kind != kind:
        raise MpcProtocolError(
            f"party {frame.sender} sent {frame.kind.name.lower()} in round {frame.tag} where "
            f"{kind.name.lower()} was expected", frame.sender)
    return frame


def connection_lost(peer: int) -> MpcConnectionError:
    """The :class:`MpcConnectionError` for ``peer`` when its connection closed before it
    said BYE."""
    return MpcConnectionError(
        f"connection to party {peer} closed before the computation finished (the party "
        "stopped or crashed)", peer)
