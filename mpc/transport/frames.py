"""The wire format: length-prefixed, typed frames decoded without ``pickle``.

Every frame is a fixed 22-byte header followed by ``length`` payload bytes::

    magic "ZKMP" · u8 version · u8 kind · u8 purpose · u8 flags
    · u16 sender · u64 tag · u32 length                       (little-endian)

``kind`` says how to read the payload (field elements, opaque bytes, a JSON hello, a short
UTF-8 reason); ``purpose`` says which protocol step sent field elements (for messages a person
can act on); ``tag`` numbers the communication rounds, which every party runs in the same
order, so a frame is matched to the round that waits for it. A header that is malformed, from
the wrong sender, or announces more than the size limit is rejected before any payload is read.

A round's message larger than the frame limit goes as several frames with the same tag, in
order; every frame but the last has the :data:`FLAG_MORE` bit set (:func:`chunks`), and the
receiving inbox joins them (:class:`mpc.transport.base.Inbox`, within its per-peer byte budget).
"""

from __future__ import annotations

import enum
import json
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from mpc.errors import MpcProtocolError
from zk.errors import ZkError
from zk.formats.jsonfile import parse_json_text

MAGIC = b"ZKMP"
#: 2: the former reserved byte carries flags (chunked rounds); version 1 peers are refused.
VERSION = 2
#: Flag bit: more frames of this round follow (a chunk of a message over the frame limit).
FLAG_MORE = 0x01
HEADER = struct.Struct("<4sBBBBHQI")
HEADER_SIZE = HEADER.size
#: Default limit on one frame's payload (a column of 8 million 64-bit shares).
DEFAULT_MAX_MESSAGE = 64 * 1024 * 1024
MAX_REASON = 400


class Kind(enum.IntEnum):
    """What a frame's payload holds."""

    HELLO = 1  # JSON: {"party": int, "version": int, "session": hex str}
    ELEMENTS = 2  # fixed-width little-endian field elements
    BYTES = 3  # opaque bytes that the protocol parses (e.g. PSI curve points)
    BYE = 4  # empty: the sender finished normally
    ABORT = 5  # UTF-8 reason: the sender stopped the computation


class Purpose(enum.IntEnum):
    """Which protocol step sent a frame."""

    CONTROL = 0
    INPUT = 1
    RESHARE = 2
    OPEN = 3
    DEAL = 4
    OUTPUT = 5
    PSI = 6


@dataclass(frozen=True)
class Frame:
    """One decoded frame."""

    kind: Kind
    purpose: Purpose
    sender: int
    tag: int
    #: The bytes (a ``bytearray`` when received in pieces: large payloads, chunked rounds).
    payload: bytes | bytearray
    #: True for a chunk that more chunks of the same round follow.
    more: bool = False


class Header(NamedTuple):
    """A decoded, checked frame header."""

    kind: Kind
    purpose: Purpose
    tag: int
    length: int
    more: bool


def encode_header(kind: Kind, purpose: Purpose, sender: int, tag: int, length: int,
                  more: bool = False) -> bytes:
    """The 22-byte header of a frame from ``sender`` for round ``tag`` that announces
    ``length`` payload bytes (``more``: further chunks of the round follow)."""
    return HEADER.pack(MAGIC, VERSION, int(kind), int(purpose), FLAG_MORE if more else 0,
                       sender, tag, length)


def encode(frame: Frame) -> bytes:
    """Header and payload as one byte string."""
    return encode_header(frame.kind, frame.purpose, frame.sender, frame.tag,
                         len(frame.payload), frame.more) + bytes(frame.payload)


def chunks(payload: bytes | memoryview, max_message: int) -> Iterator[tuple[memoryview, bool]]:
    """(piece, more) for each frame that carries ``payload`` under the ``max_message`` limit:
    one piece when it fits (an empty payload too), else pieces of ``max_message`` bytes."""
    view = memoryview(payload).cast("B")
    if len(view) <= max_message:
        yield view, False
        return
    for start in range(0, len(view), max_message):
        end = min(start + max_message, len(view))
        yield view[start:end], end < len(view)


def decode_header(data: bytes, expected_sender: int, max_message: int) -> Header:
    """The header's fields, checked; raises :class:`MpcProtocolError`."""
    who = f"party {expected_sender}"
    if len(data) != HEADER_SIZE:
        raise MpcProtocolError(f"{who} sent a truncated frame header", expected_sender)
    magic, version, kind, purpose, flags, sender, tag, length = HEADER.unpack(data)
    if magic != MAGIC:
        raise MpcProtocolError(f"{who} sent a frame without the ZKMP magic (not a zkgov peer?)",
                               expected_sender)
    if version != VERSION:
        raise MpcProtocolError(f"{who} speaks protocol version {version}, this party {VERSION}",
                               expected_sender)
    try:
        kind_e, purpose_e = Kind(kind), Purpose(purpose)
    except ValueError as exc:
        raise MpcProtocolError(f"{who} sent a frame of unknown type {kind}/{purpose}",
                               expected_sender) from exc
    if flags & ~FLAG_MORE:
        raise MpcProtocolError(f"{who} sent a frame with reserved flag bits set",
                               expected_sender)
    more = bool(flags & FLAG_MORE)
    if more and kind_e not in (Kind.ELEMENTS, Kind.BYTES):
        raise MpcProtocolError(f"{who} sent a {kind_e.name.lower()} frame in chunks",
                               expected_sender)
    if sender != expected_sender:
        raise MpcProtocolError(f"{who} sent a frame claiming to come from party {sender}",
                               expected_sender)
    if length > max_message:
        raise MpcProtocolError(
            f"{who} sent a {length}-byte message, over the {max_message}-byte limit "
            "(raise max_message_mb in parties.toml if this is expected)", expected_sender)
    return Header(kind_e, purpose_e, tag, length, more)


def decode(data: bytes, expected_sender: int, max_message: int) -> Frame:
    """A whole frame from bytes (used by the in-process transport and tests)."""
    head = decode_header(data[:HEADER_SIZE], expected_sender, max_message)
    payload = data[HEADER_SIZE:]
    if len(payload) != head.length:
        raise MpcProtocolError(f"party {expected_sender} sent a frame whose length field says "
                               f"{head.length} bytes but carries {len(payload)}",
                               expected_sender)
    return Frame(head.kind, head.purpose, expected_sender, head.tag, bytes(payload), head.more)


def hello_payload(party: int, session: str) -> bytes:
    """The JSON HELLO payload: the party id, the protocol version, the session digest."""
    return json.dumps({"party": party, "version": VERSION, "session": session}).encode()


def parse_hello(payload: bytes, sender_hint: str) -> tuple[int, str]:
    """(party id, session digest) from a HELLO payload."""
    try:
        obj: Any = parse_json_text(payload.decode("utf-8"), "hello")
    except (UnicodeDecodeError, ZkError) as exc:
        raise MpcProtocolError(f"{sender_hint} sent a malformed hello") from exc
    if (not isinstance(obj, dict) or not isinstance(obj.get("party"), int)
            or not isinstance(obj.get("session"), str) or obj.get("version") != VERSION):
        raise MpcProtocolError(f"{sender_hint} sent a malformed hello")
    return obj["party"], obj["session"]


def reason_payload(reason: str) -> bytes:
    """An ABORT reason as UTF-8, cut to :data:`MAX_REASON` bytes."""
    return reason.encode("utf-8")[:MAX_REASON]


def parse_reason(payload: bytes) -> str:
    """The text of an ABORT payload: at most :data:`MAX_REASON` bytes, bytes that are not
    valid UTF-8 (a character cut in two, say) replaced."""
    return payload[:MAX_REASON].decode("utf-8", errors="replace")
