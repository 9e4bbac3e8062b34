"""TCP transport between party processes: asyncio on a background thread, mutual TLS by default.

Party i dials every party with a smaller id and accepts the others, so each pair shares one
connection. After TLS each side sends a HELLO with its id and the digest of the computation it
was started for; a peer with a different digest (other options, another parties.toml) is refused
before any share is sent. The protocol code runs on the caller's thread and blocks in
:meth:`TcpNetwork.receive` with a deadline; the event loop thread reads frames into the inbox.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import hmac
import ssl
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

from mpc.errors import (
    MpcConfigError,
    MpcConnectionError,
    MpcError,
    MpcNetworkError,
    MpcProtocolError,
    MpcTimeoutError,
)
from mpc.transport.base import DEFAULT_MAX_BUFFERED, Inbox, Network, connection_lost
from mpc.transport.frames import (
    DEFAULT_MAX_MESSAGE,
    HEADER_SIZE,
    Frame,
    Kind,
    Purpose,
    chunks,
    decode_header,
    encode_header,
    hello_payload,
    parse_hello,
    parse_reason,
    reason_payload,
)
from mpc.transport.tls import certificate_names, party_name

_STREAM_LIMIT = 1 << 22
#: Bytes handed to the stream at a time when sending. The TLS layer encrypts everything it is
#: given at once and the socket keeps what the kernel has not taken, so a round written whole
#: would sit there in one or two more copies; written in pieces, each drained before the next,
#: those buffers stay this small and the round's own buffer is the only copy.
_WRITE_PIECE = 1 << 20
#: Payloads larger than this are read piece by piece into one buffer of their announced size
#: (the stream's own buffer then holds at most a piece, and nothing is copied afterwards).
_READ_PIECE = 1 << 20
_RETRY_DELAY = 0.05
_GRACE = 2.0
_MAX_FAILURES_KEPT = 8


def _alert(exc: ssl.SSLError) -> str:
    """The TLS alert a peer sent, in words (``unknown ca``), or ``""`` when it is not one."""
    reason = str(exc.reason or "")
    if "ALERT_" not in reason:
        return ""
    return reason.split("ALERT_", 1)[1].replace("_", " ").lower()


class _UnreadStreamProtocol(asyncio.StreamReaderProtocol):
    """A server stream that reads nothing until the accept callback starts TLS (or resumes).

    Bytes read before ``start_tls`` would be lost to the TLS layer: the client's hello could
    land in the plain reader's buffer while the accept task is still being scheduled.
    """

    def __init__(self, accept: Callable[[asyncio.StreamReader, asyncio.StreamWriter],
                                        Awaitable[None]],
                 loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(asyncio.StreamReader(limit=_STREAM_LIMIT, loop=loop), accept, loop=loop)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.pause_reading()  # type: ignore[attr-defined]
        super().connection_made(transport)


@dataclass(frozen=True)
class TlsFiles:
    """The contexts a party uses: ``None`` for plaintext (loopback only, explicit flag)."""

    server: ssl.SSLContext | None
    client: ssl.SSLContext | None


class TcpNetwork(Network):
    """Party ``party_id``'s connections to the parties in ``addresses`` (id → (host, port))."""

    def __init__(self, party_id: int, addresses: Mapping[int, tuple[str, int]], tls: TlsFiles,
                 session: str, timeout: float = 30.0, connect_timeout: float = 60.0,
                 max_message: int = DEFAULT_MAX_MESSAGE,
                 max_buffered: int = DEFAULT_MAX_BUFFERED) -> None:
        self.party_id = party_id
        self.peers = tuple(sorted(i for i in addresses if i != party_id))
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.max_message = max_message
        self.inbox = Inbox(self.peers, max_buffered)
        self._addresses = dict(addresses)
        self._tls = tls
        self._session = session
        self._writers: dict[int, asyncio.StreamWriter] = {}
        self._outbox: dict[int, collections.deque[tuple[bytes, memoryview]]] = {}
        self._senders: dict[int, asyncio.Task[None]] = {}
        self._connected: dict[int, asyncio.Event] = {}
        self._refused: MpcError | None = None
        # (host, what went wrong), distinct, for the timeout message; bounded so that a flood
        # of failed handshakes cannot grow it
        self._handshake_failures: dict[tuple[str, str], None] = {}
        self._server: asyncio.AbstractServer | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True,
                                        name=f"mpc-net-{party_id}")
        self._thread.start()
        self._closed = False

    # ----- setting up -----------------------------------------------------------------------
    def connect(self) -> None:
        """Listen, dial and greet every peer; raises when one is not there in time."""
        future = asyncio.run_coroutine_threadsafe(self._establish(), self._loop)
        try:
            future.result(self.connect_timeout + 5)
        except BaseException:
            self._shutdown()
            raise

    async def _establish(self) -> None:
        host, port = self._addresses[self.party_id]
        self._connected = {p: asyncio.Event() for p in self.peers}
        try:
            # TLS is started inside _accept so that a refused certificate can be reported
            self._server = await self._loop.create_server(
                lambda: _UnreadStreamProtocol(self._accept, self._loop), host=host, port=port)
        except OSError as exc:
            raise MpcConfigError(f"party {self.party_id} cannot listen on {host}:{port}: "
                                 f"{exc.strerror or exc}") from exc
        deadline = time.monotonic() + self.connect_timeout
        dials = [asyncio.ensure_future(self._dial(p, deadline))
                 for p in self.peers if p < self.party_id]
        try:
            waiting = [p for p in self.peers if p > self.party_id]
            while True:
                if self._refused is not None:
                    raise self._refused
                failed = [t for t in dials if t.done() and t.exception() is not None]
                if failed:
                    # let the other handshakes finish briefly, so that every party this one
                    # could reach sees (and reports) what went wrong, not only the first
                    rest = [t for t in dials if not t.done()]
                    if rest:
                        await asyncio.wait(rest, timeout=_GRACE)
                    raise failed[0].exception()  # type: ignore[misc]
                waiting = [p for p in waiting if not self._connected[p].is_set()]
                if not waiting and all(task.done() for task in dials):
                    break
                if time.monotonic() > deadline and waiting:
                    raise self._not_connected(waiting)
                await asyncio.sleep(_RETRY_DELAY)
        except BaseException:
            for task in dials:
                task.cancel()
            raise
        if self._refused is not None:
            raise self._refused
        # every peer is here: accept no further connections
        self._server.close()

    def _not_connected(self, waiting: list[int]) -> MpcTimeoutError:
        # An unauthenticated connection must not be able to end the session, so a failed TLS
        # handshake is only recorded, and named here when the expected party never came.
        peer = waiting[0]
        if not self._handshake_failures:
            return MpcTimeoutError(f"party {peer} did not connect within {self.connect_timeout:g} "
                                   "s (is it running, with the same parties.toml?)", peer)
        reasons = []
        for host, what in self._handshake_failures:
            from_host = [p for p in waiting if self._addresses[p][0] == host]
            who = (f"party {from_host[0]} (at {host})" if len(from_host) == 1
                   else f"a connection from {host}")
            reasons.append(f"{who} {what}")
        return MpcTimeoutError(f"party {peer} did not connect within {self.connect_timeout:g} s; "
                               + "; ".join(reasons), peer)

    async def _start_tls(self, writer: asyncio.StreamWriter, server: ssl.SSLContext) -> bool:
        host = str((writer.get_extra_info("peername") or ("unknown address",))[0])
        try:
            await asyncio.wait_for(writer.start_tls(server), self.connect_timeout)
            return True
        except ssl.SSLCertVerificationError as exc:
            what = (f"presented a certificate this party refused: {exc.verify_message} (is it "
                    "signed by this deployment's CA?)")
        except ssl.SSLError as exc:
            alert = _alert(exc)
            what = (f"refused this party's certificate ({alert})" if alert
                    else f"failed the TLS handshake: {exc.reason or exc}")
        except (OSError, asyncio.IncompleteReadError):
            # asyncio drops the TLS alert when it aborts a refused handshake, so a peer that
            # refused this party's certificate shows up as a connection cut mid-handshake
            what = "cut the TLS handshake short (did it refuse this party's certificate?)"
        except asyncio.TimeoutError:
            what = ""
        if what and len(self._handshake_failures) < _MAX_FAILURES_KEPT:
            self._handshake_failures[(host, what)] = None
        writer.close()
        return False

    async def _dial(self, peer: int, deadline: float) -> None:
        host, port = self._addresses[peer]
        last = "no answer"
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise MpcTimeoutError(f"could not connect to party {peer} at {host}:{port} within "
                                      f"{self.connect_timeout:g} s ({last})", peer)
            try:
                reader, writer = await asyncio.wait_for(asyncio.open_connection(
                    host, port, ssl=self._tls.client,
                    server_hostname=party_name(peer) if self._tls.client else None,
                    limit=_STREAM_LIMIT), left)
            except ssl.SSLCertVerificationError as exc:
                raise MpcConnectionError(
                    f"party {peer} at {host}:{port} presented a certificate that is not party "
                    f"{peer}'s from this CA: {exc.verify_message}", peer) from exc
            except (OSError, asyncio.TimeoutError) as exc:
                last = getattr(exc, "strerror", None) or type(exc).__name__
                await asyncio.sleep(_RETRY_DELAY)
                continue
            break
        try:
            await self._send_hello(writer)
            claimed, session = await self._read_hello(reader, peer)
        except ssl.SSLError as exc:
            writer.close()
            alert = _alert(exc)
            if alert:
                raise MpcConnectionError(
                    f"party {peer} refused this party's certificate ({alert}); is it signed by "
                    f"the deployment's CA and for party {self.party_id}?", peer) from exc
            raise MpcConnectionError(f"the TLS session with party {peer} failed: "
                                     f"{exc.reason or exc}", peer) from exc
        except (asyncio.IncompleteReadError, OSError) as exc:
            writer.close()
            if self._tls.client is not None:
                # a TLS 1.3 server checks the client's certificate after the client's side of the
                # handshake is done, and asyncio drops the alert: the hello is simply not answered
                raise MpcConnectionError(
                    f"party {peer} closed the connection without answering: it most likely "
                    f"refused this party's certificate (is it signed by the deployment's CA "
                    f"and issued for party {self.party_id}?)", peer) from exc
            raise MpcConnectionError(f"party {peer} closed the connection during the handshake",
                                     peer) from exc
        except asyncio.TimeoutError as exc:
            writer.close()
            raise MpcTimeoutError(f"party {peer} did not answer the handshake", peer) from exc
        if claimed != peer:
            writer.close()
            raise MpcConnectionError(f"the party at {host}:{port} says it is party {claimed}, "
                                     f"not party {peer}", peer)
        self._check_session(session, peer)
        self._register(peer, reader, writer)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._tls.server is None:
            writer.transport.resume_reading()
        elif not await self._start_tls(writer, self._tls.server):
            return
        try:
            claimed, session = await self._read_hello(reader, None)
            if claimed not in self.peers or claimed < self.party_id:
                raise MpcProtocolError(f"a connection claimed to be party {claimed}, which should "
                                       "not dial this party")
            if self._tls.server is not None:
                names = certificate_names(writer.get_extra_info("peercert"))
                if party_name(claimed) not in names:
                    raise MpcProtocolError(f"a connection claimed to be party {claimed} but its "
                                           "certificate names " + (", ".join(sorted(names))
                                                                   or "nobody"))
            if claimed in self._writers:
                raise MpcProtocolError(f"party {claimed} connected twice", claimed)
            self._check_session(session, claimed)
            await self._send_hello(writer)
            self._register(claimed, reader, writer)
        except MpcError as exc:
            reason = reason_payload(f"party {self.party_id} refused: {exc}")
            with contextlib.suppress(Exception):
                writer.write(encode_header(Kind.ABORT, Purpose.CONTROL, self.party_id, 0,
                                           len(reason)) + reason)
                await asyncio.wait_for(writer.drain(), 2.0)
            writer.close()
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, ssl.SSLError):
            writer.close()

    async def _send_hello(self, writer: asyncio.StreamWriter) -> None:
        payload = hello_payload(self.party_id, self._session)
        writer.write(encode_header(Kind.HELLO, Purpose.CONTROL, self.party_id, 0, len(payload))
                     + payload)
        await writer.drain()

    async def _read_hello(self, reader: asyncio.StreamReader,
                          peer: int | None) -> tuple[int, str]:
        who = f"party {peer}" if peer else "a connecting peer"
        header = await asyncio.wait_for(reader.readexactly(HEADER_SIZE), self.connect_timeout)
        sender = int.from_bytes(header[8:10], "little") if peer is None else peer
        head = decode_header(header, sender, 4096)
        kind = head.kind
        payload = await asyncio.wait_for(reader.readexactly(head.length), self.connect_timeout)
        if kind == Kind.ABORT:
            reason = parse_reason(payload)
            err = MpcConnectionError(f"{who} refused the connection: {reason}", peer)
            self._refused = err
            raise err
        if kind != Kind.HELLO:
            raise MpcProtocolError(f"{who} did not start with a hello", peer)
        return parse_hello(payload, who)

    def _check_session(self, session: str, peer: int) -> None:
        if not hmac.compare_digest(session.encode(), self._session.encode()):
            err = MpcConfigError(
                f"party {peer} was started for a different computation (its options or "
                "parties.toml differ from this party's); start all parties with the same ones")
            self._refused = err
            raise err

    def _register(self, peer: int, reader: asyncio.StreamReader,
                  writer: asyncio.StreamWriter) -> None:
        self._writers[peer] = writer
        self._tasks.append(asyncio.ensure_future(self._read_loop(peer, reader)))
        self._connected[peer].set()

    async def _read_loop(self, peer: int, reader: asyncio.StreamReader) -> None:
        try:
            while True:
                header = await reader.readexactly(HEADER_SIZE)
                head = decode_header(header, peer, self.max_message)
                payload: bytes | bytearray
                if head.length > _READ_PIECE:
                    payload = await _read_into_buffer(reader, head.length)
                else:
                    payload = await reader.readexactly(head.length) if head.length else b""
                self.inbox.deliver(Frame(head.kind, head.purpose, peer, head.tag, payload,
                                         head.more))
                if head.kind in (Kind.BYE, Kind.ABORT):
                    return
                if self.inbox.failure(peer) is not None:  # it broke the rules: stop reading
                    self._drop(peer)
                    return
        except MpcNetworkError as exc:
            self.inbox.fail(peer, exc)
            self._drop(peer)
        except (asyncio.IncompleteReadError, OSError, ssl.SSLError):
            self.inbox.fail(peer, connection_lost(peer))
        except asyncio.CancelledError:
            raise

    def _drop(self, peer: int) -> None:
        writer = self._writers.get(peer)
        if writer is not None:
            writer.close()

    # ----- Network interface ----------------------------------------------------------------
    def send(self, peer: int, kind: Kind, purpose: Purpose, tag: int,
             payload: bytes | memoryview) -> None:
        """Queue the frame for ``peer`` on the event loop and return; raises the peer's
        recorded failure, or :class:`MpcConnectionError` once this party closed."""
        if self._closed:
            raise MpcConnectionError(f"party {self.party_id} already closed its connections")
        failure = self.inbox.failure(peer)
        if failure is not None:
            raise failure
        frames = [(encode_header(kind, purpose, self.party_id, tag, len(piece), more), piece)
                  for piece, more in chunks(payload, self.max_message)]
        self._loop.call_soon_threadsafe(self._write, peer, frames)

    def _write(self, peer: int, frames: list[tuple[bytes, memoryview]]) -> None:
        """Queue frames for ``peer`` behind those not yet sent (on the event loop)."""
        writer = self._writers.get(peer)
        if writer is None or writer.is_closing():
            self.inbox.fail(peer, connection_lost(peer))
            return
        queue = self._outbox.setdefault(peer, collections.deque())
        sender = self._senders.get(peer)
        idle = (sender is None or sender.done()) and not queue
        if idle and sum(len(piece) for _, piece in frames) <= _WRITE_PIECE:
            for header, piece in frames:  # a small round goes out at once, as before
                writer.write(header + piece if piece else header)
            return
        queue.extend(frames)
        if sender is None or sender.done():
            self._senders[peer] = asyncio.ensure_future(self._pump(peer, writer))

    async def _pump(self, peer: int, writer: asyncio.StreamWriter) -> None:
        """Write ``peer``'s queued frames in order, a piece at a time (see
        :data:`_WRITE_PIECE`)."""
        queue = self._outbox[peer]
        try:
            while queue:
                header, piece = queue.popleft()
                writer.write(header)
                for start in range(0, len(piece), _WRITE_PIECE):
                    writer.write(piece[start:start + _WRITE_PIECE])
                    await writer.drain()
                del piece
        except (OSError, ssl.SSLError):
            queue.clear()
            self.inbox.fail(peer, connection_lost(peer))

    def receive(self, peer: int, tag: int) -> Frame:
        """The frame ``peer`` sent for round ``tag``, waiting at most :attr:`timeout`
        seconds."""
        return self.inbox.take(peer, tag, self.timeout)

    def close(self) -> None:
        """Send BYE to every peer (waiting up to 10 s for it to go out), then close the
        connections and stop the event-loop thread; a second call does nothing."""
        self._finish(Kind.BYE, b"")

    def abort(self, reason: str) -> None:
        """As :meth:`close`, but with an ABORT frame carrying ``reason`` (cut to
        :data:`~mpc.transport.frames.MAX_REASON` bytes) instead of BYE."""
        self._finish(Kind.ABORT, reason_payload(reason))

    def _finish(self, kind: Kind, payload: bytes) -> None:
        if self._closed:
            return
        self._closed = True
        if self._loop.is_running():
            header = encode_header(kind, Purpose.CONTROL, self.party_id, 0, len(payload))
            future = asyncio.run_coroutine_threadsafe(self._say_goodbye(header + payload),
                                                      self._loop)
            with contextlib.suppress(Exception):
                future.result(min(self.timeout, 10.0))
        self._shutdown()

    async def _say_goodbye(self, data: bytes) -> None:
        for peer, writer in list(self._writers.items()):
            if not writer.is_closing():
                self._write(peer, [(data, memoryview(b""))])  # after what is still queued
        pumps = [task for task in self._senders.values() if not task.done()]
        if pumps:
            await asyncio.wait(pumps, timeout=5.0)
        for writer in list(self._writers.values()):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.drain(), 5.0)
            writer.close()

    def _shutdown(self) -> None:
        self._closed = True

        async def stop() -> None:
            if self._server is not None:
                self._server.close()
            for writer in self._writers.values():
                writer.close()
            for task in [*self._tasks, *self._senders.values()]:
                task.cancel()
            await asyncio.sleep(0)

        if self._loop.is_running():
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(stop(), self._loop).result(5.0)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5.0)
        if not self._loop.is_running() and not self._loop.is_closed():
            with contextlib.suppress(Exception):
                self._loop.close()


async def _read_into_buffer(reader: asyncio.StreamReader, length: int) -> bytearray:
    """Exactly ``length`` bytes from ``reader``, read a piece at a time into one buffer."""
    buffer = bytearray(length)
    view = memoryview(buffer)
    done = 0
    while done < length:
        piece = await reader.read(min(_READ_PIECE, length - done))
        if not piece:
            raise asyncio.IncompleteReadError(b"", length)
        view[done:done + len(piece)] = piece
        done += len(piece)
    view.release()
    return buffer
