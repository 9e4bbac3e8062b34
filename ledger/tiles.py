"""The C2SP tlog-tiles view of a log (https://c2sp.org/tlog-tiles): paths, tiles, bundles.

A tile at level *L*, index *N* holds up to 256 consecutive Merkle Tree Hashes of the
subtrees of 256^L entries each — in this ledger's terms the stored nodes
``(8·L, 256·N + i)``; level 0 holds the leaf hashes. A partial tile of width *W* holds the
first *W*. An entry bundle holds the entries of the level-0 tile, each as a big-endian
uint16 length followed by the entry (the canonical record the leaf hash covers).

Paths encode *N* in zero-padded 3-digit elements, all but the last prefixed with ``x``:
1234067 is ``x001/x234/067``.

Only what the latest signed checkpoint covers is served, so every tile is immutable.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

from ledger.errors import LedgerError
from ledger.storage import Storage

TILE_WIDTH = 256
#: Tree levels per tile level.
TILE_HEIGHT = 8
MAX_LEVEL = 63
#: Largest entry an entry bundle can hold (uint16 length prefix).
MAX_BUNDLED_ENTRY = 0xFFFF

_INDEX = re.compile(r"(?:x\d{3}/)*\d{3}\Z")
_WIDTH = re.compile(r"[1-9]\d{0,2}\Z")
_LEVEL = re.compile(r"(0|[1-9]\d?)\Z")


class TileError(LedgerError):
    """A tile path is malformed, or names a tile the log does not have (yet)."""


class TileNotFound(TileError):
    """The tile is well formed but not covered by the latest checkpoint."""


@dataclass(frozen=True)
class TileRef:
    """A tile: ``level`` (``-1`` for an entry bundle), ``index`` and ``width`` (256 = full)."""

    level: int
    index: int
    width: int = TILE_WIDTH

    @property
    def is_entries(self) -> bool:
        """Whether this is an entry bundle rather than a hash tile."""
        return self.level < 0

    def path(self) -> str:
        """The path after ``<prefix>/``: ``tile/<L>/<N>[.p/<W>]`` or ``tile/entries/…``."""
        head = "entries" if self.is_entries else str(self.level)
        tail = "" if self.width == TILE_WIDTH else f".p/{self.width}"
        return f"tile/{head}/{encode_index(self.index)}{tail}"


def encode_index(n: int) -> str:
    """``1234067`` → ``x001/x234/067``."""
    if n < 0:
        raise TileError("a tile index is not negative")
    groups = []
    while True:
        groups.append(f"{n % 1000:03d}")
        n //= 1000
        if n == 0:
            break
    groups.reverse()
    return "/".join([*("x" + g for g in groups[:-1]), groups[-1]])


def parse_tile_path(path: str) -> TileRef:
    """Parse what follows ``tile/``: ``<L>/<N>[.p/<W>]`` or ``entries/<N>[.p/<W>]``."""
    head, sep, rest = path.partition("/")
    if not sep:
        raise TileError(f"tile path {path!r} is too short")
    if head == "entries":
        level = -1
    elif _LEVEL.match(head) and int(head) <= MAX_LEVEL:
        level = int(head)
    else:
        raise TileError(f"tile level {head!r} is not a decimal between 0 and {MAX_LEVEL}")
    width = TILE_WIDTH
    if ".p/" in rest:
        rest, _, width_text = rest.partition(".p/")
        if not _WIDTH.match(width_text) or int(width_text) >= TILE_WIDTH:
            raise TileError(f"partial tile width {width_text!r} is not between 1 and 255")
        width = int(width_text)
    if not _INDEX.match(rest):
        raise TileError(f"tile index {rest!r} is not in x-prefixed 3-digit groups")
    index = int(rest.replace("x", "").replace("/", ""))
    if encode_index(index) != rest:  # e.g. a leading group of 000
        raise TileError(f"tile index {rest!r} is not canonically encoded")
    return TileRef(level, index, width)


def _available(storage: Storage, tree_size: int, ref: TileRef) -> tuple[int, int]:
    """``(tree level, first node index)`` of a tile, if the tree of ``tree_size`` has it."""
    level = 0 if ref.is_entries else ref.level
    count = tree_size >> (TILE_HEIGHT * level) if TILE_HEIGHT * level < 64 else 0
    first = ref.index * TILE_WIDTH
    if first + ref.width > count:
        raise TileNotFound(f"{ref.path()} is beyond the signed tree of {tree_size} entries")
    return TILE_HEIGHT * level, first


def read_tile(storage: Storage, tree_size: int, ref: TileRef) -> bytes:
    """The bytes of a hash tile or an entry bundle of the tree of ``tree_size`` entries
    (the latest checkpoint's size: only signed data is served)."""
    tree_level, first = _available(storage, tree_size, ref)
    if ref.is_entries:
        out = bytearray()
        for entry in storage.entries(first, first + ref.width):
            if len(entry.payload) > MAX_BUNDLED_ENTRY:
                raise TileError(f"entry {entry.index} is {len(entry.payload)} bytes, more than "
                                "an entry bundle can hold")
            out += struct.pack(">H", len(entry.payload)) + entry.payload
        count = ref.width
        got = _count_bundle(bytes(out))
        if got != count:
            raise TileError(f"{ref.path()}: {count - got} entries are missing from the ledger")
        return bytes(out)
    hashes = storage.level_hashes(tree_level, first, first + ref.width)
    if len(hashes) != ref.width:
        raise TileError(f"{ref.path()}: {ref.width - len(hashes)} hashes are missing from the "
                        "ledger (run `zkgov ledger audit`)")
    return b"".join(hashes)


def _count_bundle(data: bytes) -> int:
    n, at = 0, 0
    while at < len(data):
        (length,) = struct.unpack_from(">H", data, at)
        at += 2 + length
        n += 1
    return n


def split_bundle(data: bytes) -> list[bytes]:
    """The entries of an entry bundle; :class:`TileError` if it is malformed."""
    out, at = [], 0
    while at < len(data):
        if at + 2 > len(data):
            raise TileError("entry bundle ends inside a length prefix")
        (length,) = struct.unpack_from(">H", data, at)
        if at + 2 + length > len(data):
            raise TileError("entry bundle ends inside an entry")
        out.append(data[at + 2:at + 2 + length])
        at += 2 + length
    return out
