"""The wire format: length-prefixed, typed frames decoded without ``pickle``.

Every frame is a fixed 22-byte header followed by ``length`` payload bytes::

    magic "ZKMP" · u8 version · u8 kind · u8 purpose · u8 reserved (0)
    · u16 sender · u64 tag · u32 length                       (little-endian)

``kind`` says how to read the payload (field elements, opaque bytes, a JSON hello, a short
UTF-8 reason); ``purpose`` says which protocol step sent field elements (for messages a person
can act on); ``tag`` numbers the communication rounds, which every party runs in the same
order, so a frame is matched to the round that waits for it. A header that is malformed, from
the wrong sender, or announces more than the size limit is rejected before any payload is read.
"""

from __future__ import annotations

import enum
import json
import struct
from dataclasses import dataclass
from typing import Any

from mpc.errors import MpcProtocolError

MAGIC = b"ZKMP"
VERSION = 1
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
    payload: bytes


def encode_header(kind: Kind, purpose: Purpose, sender: int, tag: int, length: int) -> bytes:
    """The 22-byte header of a frame from ``sender`` for round ``tag`` that announces
    ``length`` payload bytes."""
    return HEADER.pack(MAGIC, VERSION, int(kind), int(purpose), 0, sender, tag, length)


def encode(frame: Frame) -> bytes:
    """Header and payload as one byte string."""
    return encode_header(frame.kind, frame.purpose, frame.sender, frame.tag,
                         len(frame.payload)) + bytes(frame.payload)


def decode_header(data: bytes, expected_sender: int, max_message: int) -> tuple[Kind, Purpose,
                                                                                int, int]:
    """(kind, purpose, tag, length) of a header, checked; raises :class:`MpcProtocolError`."""
    who = f"party {expected_sender}"
    if len(data) != HEADER_SIZE:
        raise MpcProtocolError(f"{who} sent a truncated frame header", expected_sender)
    magic, version, kind, purpose, reserved, sender, tag, length = HEADER.unpack(data)
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
    if reserved != 0:
        raise MpcProtocolError(f"{who} sent a frame with reserved bits set", expected_sender)
    if sender != expected_sender:
        raise MpcProtocolError(f"{who} sent a frame claiming to come from party {sender}",
                               expected_sender)
    if length > max_message:
        raise MpcProtocolError(
            f"{who} sent a {length}-byte message, over the {max_message}-byte limit "
            "(raise max_message_mb in parties.toml if this is expected)", expected_sender)
    return kind_e, purpose_e, tag, length


def decode(data: bytes, expected_sender: int, max_message: int) -> Frame:
    """A whole frame from bytes (used by the in-process transport and tests)."""
    kind, purpose, tag, length = decode_header(data[:HEADER_SIZE], expected_sender, max_message)
    payload = data[HEADER_SIZE:]
    if len(payload) != length:
        raise MpcProtocolError(f"party {expected_sender} sent a frame whose length field says "
                               f"{length} bytes but carries {len(payload)}", expected_sender)
    return Frame(kind, purpose, expected_sender, tag, bytes(payload))


def hello_payload(party: int, session: str) -> bytes:
    """The JSON HELLO payload: the party id, the protocol version, the session digest."""
    return json.dumps({"party": party, "version": VERSION, "session": session}).encode()


def parse_hello(payload: bytes, sender_hint: str) -> tuple[int, str]:
    """(party id, session digest) from a HELLO payload."""
    try:
        obj: Any = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
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
