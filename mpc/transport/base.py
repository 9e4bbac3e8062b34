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

#: Rounds one peer may have waiting for this party to take. An honest peer is never more than
#: a few rounds ahead; a flood of small frames is refused rather than buffered without end.
MAX_PENDING_FRAMES = 1024

#: Bytes one peer may have waiting for this party to take (received but not yet consumed:
#: whole rounds and the chunks of a round still arriving). The protocols keep each message
#: to tens of MiB (comparisons run in blocks), and an honest peer is at most a round or two
#: ahead, so 512 MiB leaves room; past it the peer is refused with an MpcProtocolError and
#: what it sent is dropped. ``max_buffer_mb`` in parties.toml changes it.
DEFAULT_MAX_BUFFERED = 512 * 1024 * 1024


class Inbox:
    """Frames received from peers, by (sender, tag), and what became of each peer.

    Chunks of a round (frames with ``more`` set, then one without) are joined into one frame.
    Everything a peer has sent that this party has not taken yet counts against that peer's
    budget of ``max_buffered`` bytes and :data:`MAX_PENDING_FRAMES` rounds.
    """

    def __init__(self, peers: Iterable[int], max_buffered: int = DEFAULT_MAX_BUFFERED) -> None:
        self._cond = threading.Condition()
        self._frames: dict[tuple[int, int], Frame] = {}
        self._partial: dict[tuple[int, int], tuple[Frame, bytearray]] = {}
        self._pending: dict[int, int] = {}
        self._buffered: dict[int, int] = {}
        self._failed: dict[int, MpcNetworkError] = {}
        self._finished: set[int] = set()
        self.peers = tuple(peers)
        self.max_buffered = max_buffered

    def buffered(self, peer: int) -> int:
        """Bytes from ``peer`` received and not yet taken."""
        with self._cond:
            return self._buffered.get(peer, 0)

    def deliver(self, frame: Frame) -> None:
        """Store a frame (or a chunk of one) from the network thread, or record a BYE / ABORT.

        A peer that breaks the rules (a round twice, too many rounds or bytes ahead) is marked
        failed and everything buffered from it is dropped; later frames from it are ignored.
        """
        with self._cond:
            if frame.kind == Kind.BYE:
                self._finished.add(frame.sender)
            elif frame.kind == Kind.ABORT:
                reason = parse_reason(frame.payload)
                self._failed.setdefault(frame.sender, MpcAbortedError(
                    f"party {frame.sender} stopped the computation: {reason}", frame.sender))
            elif frame.sender not in self._failed:
                error = self._store(frame)
                if error is not None:
                    self._failed[frame.sender] = error
                    self._forget(frame.sender)
            self._cond.notify_all()

    def _store(self, frame: Frame) -> MpcProtocolError | None:
        sender, key = frame.sender, (frame.sender, frame.tag)
        if key in self._frames:
            return MpcProtocolError(f"party {sender} sent round {frame.tag} twice", sender)
        if frame.more and not frame.payload:  # chunks() never sends one: a stall tactic
            return MpcProtocolError(f"party {sender} sent an empty chunk in round {frame.tag}",
                                    sender)
        buffered = self._buffered.get(sender, 0) + len(frame.payload)
        if buffered > self.max_buffered:
            return MpcProtocolError(
                f"party {sender} sent more than {self.max_buffered} bytes ahead of this party "
                "(its per-peer buffer budget; raise max_buffer_mb in parties.toml if this is "
                "expected)", sender)
        partial = self._partial.pop(key, None)
        if partial is None:
            pending = self._pending.get(sender, 0)
            if pending >= MAX_PENDING_FRAMES:
                return MpcProtocolError(
                    f"party {sender} sent more than {MAX_PENDING_FRAMES} messages ahead of "
                    "this party", sender)
            self._pending[sender] = pending + 1
            first, joined = frame, bytearray()
        else:
            first, joined = partial
            if (frame.kind, frame.purpose) != (first.kind, first.purpose):
                return MpcProtocolError(
                    f"party {sender} changed the type of round {frame.tag} between its chunks",
                    sender)
        self._buffered[sender] = buffered
        if partial is None and not frame.more:
            self._frames[key] = frame
            return None
        joined += frame.payload
        if frame.more:
            self._partial[key] = (first, joined)
        else:
            self._frames[key] = Frame(first.kind, first.purpose, sender, frame.tag, joined)
        return None

    def _forget(self, peer: int) -> None:
        """Drop everything buffered from ``peer`` (it has failed)."""
        for store in (self._frames, self._partial):
            for key in [k for k in store if k[0] == peer]:
                del store[key]
        self._pending[peer] = 0
        self._buffered[peer] = 0

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
                    self._buffered[peer] -= len(frame.payload)
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
    def send(self, peer: int, kind: Kind, purpose: Purpose, tag: int,
             payload: bytes | memoryview) -> None:
        """Queue a frame for ``peer`` (returns without waiting for delivery). ``payload`` may
        be a view of memory the caller leaves untouched afterwards (a share array): it is
        read when the frame goes out."""

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
