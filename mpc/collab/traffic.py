"""A network wrapper that counts what this party sends (frames, payload and header bytes)."""

from __future__ import annotations

from mpc.transport.base import Network
from mpc.transport.frames import HEADER_SIZE, Frame, Kind, Purpose


class CountingNetwork(Network):
    """Delegates to ``inner`` and counts the frames and bytes this party sends."""

    def __init__(self, inner: Network) -> None:
        self.inner = inner
        self.party_id = inner.party_id
        self.peers = inner.peers
        self.timeout = inner.timeout
        self.frames_sent = 0
        self.bytes_sent = 0

    def send(self, peer: int, kind: Kind, purpose: Purpose, tag: int,
             payload: bytes | memoryview) -> None:
        """Count the frame (its header and payload), then send it."""
        self.frames_sent += 1
        self.bytes_sent += HEADER_SIZE + len(payload)
        self.inner.send(peer, kind, purpose, tag, payload)

    def receive(self, peer: int, tag: int) -> Frame:
        """The inner network's frame (received bytes are not counted)."""
        return self.inner.receive(peer, tag)

    def close(self) -> None:
        """Close the inner network."""
        self.inner.close()

    def abort(self, reason: str) -> None:
        """Abort the inner network with ``reason``."""
        self.inner.abort(reason)
