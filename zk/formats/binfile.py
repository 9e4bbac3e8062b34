"""The iden3 binary container shared by ``.r1cs``, ``.wtns``, ``.zkey`` and ``.ptau`` files.

Layout (all little-endian): 4 ASCII magic bytes, u32 version, u32 section count, then each
section as u32 type, u64 body size, body. Sections may come in any order (circom writes the
constraints of a ``.r1cs`` before its header), so readers index them by type.

Every file is treated as hostile: a short read, a size that runs past the end, a duplicated
section, or bytes left over after the last section is a :class:`~zk.errors.FormatError`.
Section bodies are returned as zero-copy ``memoryview`` slices of the input.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from zk.curve.base import BytesLike
from zk.errors import FormatError

_PREAMBLE = struct.Struct("<4sII")
_SECTION_HEAD = struct.Struct("<IQ")
_U32 = struct.Struct("<I")
_U64 = struct.Struct("<Q")


@dataclass(frozen=True)
class BinFile:
    """A parsed container: its magic, version, and section bodies by type."""

    magic: str
    version: int
    sections: Mapping[int, memoryview]
    #: Absolute offset of each section body in the file (for readers that address the file).
    offsets: Mapping[int, int]
    #: The whole file, for readers that must address bytes by absolute offset.
    data: memoryview

    def has(self, section_type: int) -> bool:
        """True when the file holds a section of this type."""
        return section_type in self.sections

    def section(self, section_type: int, name: str) -> memoryview:
        """The body of a required section, or a :class:`FormatError` naming what is missing."""
        body = self.sections.get(section_type)
        if body is None:
            raise FormatError(
                f".{self.magic} file has no section {section_type} ({name}); "
                "the file is incomplete or not what it claims to be"
            )
        return body


def read_binfile(data: BytesLike, magic: str, max_version: int, min_version: int = 1) -> BinFile:
    """Parse the container of a file whose 4-byte magic must be ``magic``.

    Versions outside ``min_version … max_version`` are rejected, as are duplicated sections,
    sections that run past the end of the data, and trailing bytes after the last section.
    """
    mv = memoryview(data).cast("B")
    if len(mv) < _PREAMBLE.size:
        raise FormatError(
            f"not a .{magic} file: {len(mv)} bytes is shorter than the {_PREAMBLE.size}-byte header"
        )
    raw_magic, version, n_sections = _PREAMBLE.unpack_from(mv, 0)
    if raw_magic != magic.encode("ascii"):
        raise FormatError(_wrong_kind(mv, raw_magic, magic))
    if not min_version <= version <= max_version:
        raise FormatError(
            f".{magic} version {version} is not supported (this reader handles "
            f"{min_version}–{max_version})"
        )
    pos = _PREAMBLE.size
    if n_sections * _SECTION_HEAD.size > len(mv) - pos:
        raise FormatError(
            f".{magic} file claims {n_sections} sections but holds only {len(mv)} bytes"
        )
    sections: dict[int, memoryview] = {}
    offsets: dict[int, int] = {}
    for index in range(n_sections):
        if len(mv) - pos < _SECTION_HEAD.size:
            raise FormatError(f".{magic} file is truncated in the header of section #{index}")
        section_type, size = _SECTION_HEAD.unpack_from(mv, pos)
        pos += _SECTION_HEAD.size
        if size > len(mv) - pos:
            raise FormatError(
                f".{magic} section {section_type} claims {size} bytes but only "
                f"{len(mv) - pos} remain: the file is truncated"
            )
        if section_type in sections:
            raise FormatError(f".{magic} file holds section {section_type} twice")
        sections[section_type] = mv[pos : pos + size]
        offsets[section_type] = pos
        pos += size
    if pos != len(mv):
        raise FormatError(
            f".{magic} file has {len(mv) - pos} unexpected bytes after its last section"
        )
    return BinFile(magic, version, sections, offsets, mv)


#: The container kinds zkgov reads, by magic, to name a file given in the wrong place.
KNOWN_MAGICS = ("r1cs", "wtns", "zkey", "ptau")


def _wrong_kind(mv: memoryview, raw_magic: bytes, magic: str) -> str:
    """The message for a file whose magic is not ``magic``, naming what it is when known."""
    found = raw_magic.decode("ascii", errors="replace")
    if found in KNOWN_MAGICS:
        return f"this is a .{found} file, expected a .{magic} file"
    start = bytes(mv[:64]).removeprefix(b"\xef\xbb\xbf").lstrip()
    if start[:1] in (b"{", b"["):
        return f"this is a JSON file, expected a .{magic} file"
    return f"not a .{magic} file: magic bytes are {found!r}, expected {magic!r}"


def write_binfile(magic: str, version: int, sections: Iterable[tuple[int, BytesLike]]) -> bytes:
    """Assemble a container from ``(type, body)`` pairs, written in the order given."""
    encoded = magic.encode("ascii")
    if len(encoded) != 4:
        raise ValueError(f"magic must be 4 ASCII characters, got {magic!r}")
    parts: list[BytesLike] = []
    count = 0
    for section_type, body in sections:
        parts.append(_SECTION_HEAD.pack(section_type, memoryview(body).nbytes))
        parts.append(body)
        count += 1
    return _PREAMBLE.pack(encoded, version, count) + b"".join(parts)


class SectionReader:
    """A bounds-checked cursor over one section body.

    Every read that would run past the end raises :class:`FormatError` naming the section;
    :meth:`expect_end` checks that the body was consumed exactly.
    """

    __slots__ = ("_mv", "name", "pos")

    def __init__(self, body: BytesLike, name: str) -> None:
        self._mv = memoryview(body).cast("B")
        self.name = name
        self.pos = 0

    @property
    def remaining(self) -> int:
        """Bytes of the section body not read yet."""
        return len(self._mv) - self.pos

    def _need(self, n: int, what: str) -> None:
        if n < 0 or n > self.remaining:
            raise FormatError(
                f"{self.name} is truncated: {what} needs {n} bytes at offset {self.pos}, "
                f"{self.remaining} remain"
            )

    def u32(self, what: str = "a u32") -> int:
        """Read the next little-endian u32; ``what`` names the field in the error when the
        body is truncated."""
        self._need(4, what)
        (value,) = _U32.unpack_from(self._mv, self.pos)
        self.pos += 4
        return value

    def u64(self, what: str = "a u64") -> int:
        """Read the next little-endian u64; ``what`` names the field in the error when the
        body is truncated."""
        self._need(8, what)
        (value,) = _U64.unpack_from(self._mv, self.pos)
        self.pos += 8
        return value

    def take(self, n: int, what: str = "data") -> memoryview:
        """The next ``n`` bytes as a zero-copy view."""
        self._need(n, what)
        out = self._mv[self.pos : self.pos + n]
        self.pos += n
        return out

    def bigint(self, n8: int, what: str = "an integer") -> int:
        """A plain little-endian unsigned integer of ``n8`` bytes."""
        return int.from_bytes(self.take(n8, what), "little")

    def expect_end(self) -> None:
        """Raise :class:`FormatError` if bytes are left after the last field read."""
        if self.remaining:
            raise FormatError(
                f"{self.name} has {self.remaining} unexpected bytes after its last field"
            )


def expect_size(body: BytesLike, size: int, name: str) -> memoryview:
    """Return ``body`` as bytes if it holds exactly ``size`` bytes, else raise."""
    mv = memoryview(body).cast("B")
    if len(mv) != size:
        raise FormatError(f"{name} holds {len(mv)} bytes, expected {size}")
    return mv


def u32(value: int) -> bytes:
    """A u32 in little-endian (for writers)."""
    return _U32.pack(value)


def u64(value: int) -> bytes:
    """A u64 in little-endian (for writers)."""
    return _U64.pack(value)
