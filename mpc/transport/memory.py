"""In-process transport: parties are threads of one process (tests and demos).

Frames are encoded to bytes and decoded again on delivery, so the in-process path checks the
same wire format and limits as TCP.
"""

from __future__ import annotations

from mpc.errors import MpcConnectionError, MpcNetworkError
from mpc.transport.base import DEFAULT_MAX_BUFFERED, Inbox, Network, connection_lost
from mpc.transport.frames import (
    DEFAULT_MAX_MESSAGE,
    HEADER_SIZE,
    Frame,
    Kind,
    Purpose,
    chunks,
    decode,
    encode_header,
    reason_payload,
)


class MemoryHub:
    """Connects n in-process parties; ``hub.network(i)`` is party i's endpoint."""

    def __init__(self, n: int, timeout: float = 30.0,
                 max_message: int = DEFAULT_MAX_MESSAGE,
                 max_buffered: int = DEFAULT_MAX_BUFFERED) -> None:
        self.n = n
        self._endpoints = {i: MemoryNetwork(self, i, timeout, max_message, max_buffered)
                           for i in range(1, n + 1)}

    def network(self, party_id: int) -> MemoryNetwork:
        """Party ``party_id``'s endpoint (ids 1 … n; another id raises ``KeyError``)."""
        return self._endpoints[party_id]

    def _deliver(self, sender: int, peer: int, data: bytes) -> None:
        target = self._endpoints[peer]
        if target.closed:
            return
        try:
            frame = decode(data, sender, target.max_message)
        except MpcNetworkError as exc:
            target.inbox.fail(sender, exc)
            return
        target.inbox.deliver(frame)

    def _gone(self, sender: int) -> None:
        for i, ep in self._endpoints.items():
            if i != sender:
                ep.inbox.fail(sender, connection_lost(sender))


class MemoryNetwork(Network):
    """Party ``party_id``'s endpoint of a :class:`MemoryHub`."""

    def __init__(self, hub: MemoryHub, party_id: int, timeout: float, max_message: int,
                 max_buffered: int = DEFAULT_MAX_BUFFERED) -> None:
        self._hub = hub
        self.party_id = party_id
        self.peers = tuple(i for i in range(1, hub.n + 1) if i != party_id)
        self.timeout = timeout
        self.max_message = max_message
        self.inbox = Inbox(self.peers, max_buffered)
        self.closed = False

    def send(self, peer: int, kind: Kind, purpose: Purpose, tag: int,
             payload: bytes | memoryview) -> None:
        """Encode the frame (in chunks over the frame limit) and hand it to ``peer``'s inbox at
        once, decoded there with the same checks as over TCP; raises
        :class:`MpcConnectionError` once this endpoint closed."""
        if self.closed:
            raise MpcConnectionError(f"party {self.party_id} already closed its connections")
        for piece, more in chunks(payload, self.max_message):
            data = encode_header(kind, purpose, self.party_id, tag, len(piece), more) + piece
            self._hub._deliver(self.party_id, peer, data)

    def receive(self, peer: int, tag: int) -> Frame:
        """The frame ``peer`` sent for round ``tag``, waiting at most :attr:`timeout`
        seconds."""
        return self.inbox.take(peer, tag, self.timeout)

    def close(self) -> None:
        """Send BYE to every peer and stop sending; a second call does nothing."""
        if not self.closed:
            for peer in self.peers:
                self._hub._deliver(self.party_id, peer,
                                   encode_header(Kind.BYE, Purpose.CONTROL, self.party_id, 0, 0))
            self.closed = True

    def abort(self, reason: str) -> None:
        """Send ABORT with ``reason`` to every peer, stop sending, and mark this party's
        connections lost at the other endpoints; nothing happens once closed."""
        if not self.closed:
            payload = reason_payload(reason)
            for peer in self.peers:
                self._hub._deliver(self.party_id, peer, encode_header(
                    Kind.ABORT, Purpose.CONTROL, self.party_id, 0, len(payload)) + payload)
            self.closed = True
            self._hub._gone(self.party_id)


__all__ = ["HEADER_SIZE", "MemoryHub", "MemoryNetwork"]
