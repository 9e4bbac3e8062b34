"""Read a text file (JSON, TOML) that a person may have saved with any common encoding, and
refuse anything that is not text with one line that says what it is.

UTF-8 is the norm; a UTF-8 byte-order mark, and UTF-16 or UTF-32 (with a BOM, or recognised by
the zero bytes around the first ASCII character, as RFC 4627 §3 describes — Windows editors
save JSON that way) are decoded too. A file of a known binary kind is named
(:func:`zk.formats.filekind.identify_binary`); other bytes that do not decode, or control
characters that no text file holds, are refused as binary data.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

from zk.errors import FormatError
from zk.files import FileAccessError, read_bytes
from zk.formats.filekind import identify_binary

#: Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

#: C0 control characters other than tab, line feed and carriage return: never in a text file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Source = str | os.PathLike[str] | bytes | bytearray | memoryview


def detect_encoding(data: bytes) -> tuple[str, int]:
    """(codec name, length of the byte-order mark) for ``data``; UTF-8 when nothing says
    otherwise."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    head = data[:4]
    if len(head) == 4:
        if head[:3] == b"\x00\x00\x00" and head[3]:
            return "utf-32-be", 0
        if head[0] and head[1:] == b"\x00\x00\x00":
            return "utf-32-le", 0
    if len(head) >= 2:
        if head[0] == 0 and head[1]:
            return "utf-16-be", 0
        if head[0] and head[1] == 0:
            return "utf-16-le", 0
    return "utf-8", 0


def read_source(source: Source, what: str, name: str | None = None,
                max_bytes: int | None = None) -> tuple[bytes, str]:
    """(the bytes, a name for messages) of a path or of bytes given directly.

    A missing, unreadable or oversized file raises :class:`~zk.files.FileAccessError`.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        label = name or what
    else:
        path = Path(source)
        label = name or str(path)
        if max_bytes is not None:
            with contextlib.suppress(OSError):  # read_bytes says what is wrong
                size = path.stat().st_size
                if size > max_bytes:
                    raise FileAccessError(f"{what} {label} is {size} bytes; the limit is "
                                          f"{max_bytes}")
        data = read_bytes(path, what)
    if max_bytes is not None and len(data) > max_bytes:
        raise FileAccessError(f"{what} {label} is {len(data)} bytes; the limit is {max_bytes}")
    return data, label


def decode_text(data: bytes, what: str, name: str) -> str:
    """``data`` as text (BOM removed), or a one-line :class:`~zk.errors.FormatError` naming
    ``name`` and what was expected (``what``)."""
    if not data.strip():
        raise FormatError(f"{name} is empty, expected {what}")
    kind = identify_binary(data)
    if kind is not None:
        raise FormatError(f"{name}: this is {kind}, expected {what}")
    codec, bom = detect_encoding(data)
    try:
        text = data[bom:].decode(codec)
    except UnicodeDecodeError as exc:
        if codec != "utf-8" and not bom:  # the zero bytes were not UTF-16/32 after all
            raise FormatError(f"{name}: binary data (neither UTF-8 nor UTF-16/32 text), "
                              f"expected {what}") from exc
        shown = "UTF-8" if codec == "utf-8" else codec.upper()
        raise FormatError(
            f"{name}: not {shown} text (byte 0x{data[bom + exc.start]:02x} at offset "
            f"{bom + exc.start} does not decode), expected {what}") from exc
    bad = _CONTROL.search(text)
    if bad is not None:
        raise FormatError(f"{name}: binary data (control character 0x{ord(bad.group()):02x} "
                          f"at character {bad.start()}), expected {what}")
    return text


def read_text(source: Source, what: str, name: str | None = None,
              max_bytes: int | None = None) -> str:
    """Read and decode a text file (or bytes) with :func:`decode_text`."""
    data, label = read_source(source, what, name, max_bytes)
    return decode_text(data, what, label)


__all__ = ["decode_text", "detect_encoding", "read_source", "read_text"]
