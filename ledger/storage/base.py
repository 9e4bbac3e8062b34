"""The storage interface every engine implements, and the SQL they share.

Tables (the same in every engine):

* ``meta`` — the format, the log's origin and its verifier key;
* ``entries`` — index, kind, canonical payload bytes, leaf hash, time (one row per leaf);
* ``nodes`` — the hash of every complete perfect subtree above the leaves, keyed by
  ``(level, index)``, so a proof for any size costs O(log n) point reads;
* ``checkpoints`` — every signed checkpoint note the log issued, by tree size;
* ``verification_keys`` — the snarkjs verification keys that proof records name by hash;
* ``circuit_keys`` — the key hash each circuit id was first recorded with (an index of the
  entries, for the append's check; the audit recomputes it from the entries). Files made
  before it existed get it on their first append.

An engine supplies the connection, the schema's column types, the transactions
(:meth:`Storage.write` holds the database's writer lock and commits durably;
:meth:`Storage.snapshot` reads one consistent state) and a few statements that differ in
dialect; everything else is here.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ledger.errors import StorageError
from ledger.proof import NodeID

FORMAT_NAME = "zkgov-ledger"
FORMAT_VERSION = "1"
#: How long a writer waits for another process's transaction, in seconds.
BUSY_TIMEOUT_S = 60.0
_CHUNK = 4096
#: Every table, in the order they are created.
TABLES = ("meta", "entries", "nodes", "checkpoints", "verification_keys", "circuit_keys")


def _blob(value: object) -> bytes:
    """A BLOB column as bytes. A damaged file may hold TEXT or numbers there (SQLite is
    dynamically typed): keep TEXT as its UTF-8 bytes and make anything else empty, so the
    checks downstream see a mismatch instead of a type error."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, memoryview | bytearray):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape")
    return b""


def _text(value: object) -> str:
    """A TEXT column as str (see :func:`_blob`)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return ""


def _entry(row: Sequence[Any]) -> StoredEntry:
    index, kind, payload, leaf_hash, time = row
    return StoredEntry(index, _text(kind), _blob(payload), _blob(leaf_hash), _text(time))


@dataclass(frozen=True)
class StoredEntry:
    """One row of ``entries``, as stored (nothing here has been checked)."""

    index: int
    kind: str
    payload: bytes
    leaf_hash: bytes
    time: str


class Storage(ABC):
    """Typed access to a ledger's tables. Not shared between threads: open one per thread.

    Open one with :func:`ledger.storage.open_storage` / :func:`~ledger.storage.create_storage`
    (or :meth:`open` / :meth:`create`, which take the same URLs and paths).
    """

    #: The engine's name in URLs: ``sqlite`` or ``postgresql``.
    engine = ""

    def __init__(self, location: str) -> None:
        #: Where the ledger is, for messages (never holds a password).
        self.location = location

    # --- opening (dispatch on the URL) --------------------------------------------------------
    @classmethod
    def create(cls, url: str | os.PathLike[str], meta: dict[str, str]) -> Storage:
        """Create a new, empty ledger at ``url`` (the caller adds the first checkpoint)."""
        from ledger.storage.url import create_storage

        return create_storage(url, meta)

    @classmethod
    def open(cls, url: str | os.PathLike[str]) -> Storage:
        """Open an existing ledger at ``url``."""
        from ledger.storage.url import open_storage

        return open_storage(url)

    def _check_format(self) -> None:
        meta = self.meta()
        if meta.get("format") != FORMAT_NAME:
            self.close()
            raise StorageError(f"{self.location} is not a zkgov ledger")
        if meta.get("format_version") != FORMAT_VERSION:
            self.close()
            raise StorageError(
                f"{self.location} is ledger format {meta.get('format_version')}, this zkgov "
                f"reads {FORMAT_VERSION}"
            )

    @property
    def path(self) -> Path | None:
        """The ledger file, for a file-based engine."""
        return None

    # --- what an engine provides ----------------------------------------------------------
    @abstractmethod
    def close(self) -> None:
        """Close the connection."""
        ...

    @abstractmethod
    def write(self) -> AbstractContextManager[Storage]:
        """A write transaction: holds the writer lock; commits durably on success."""
        ...

    @abstractmethod
    def snapshot(self) -> AbstractContextManager[Storage]:
        """A read transaction: every read inside sees the same state."""
        ...

    @abstractmethod
    def _query(self, sql: str, params: Sequence[object] = ()) -> Any:
        """Run one statement (``?`` placeholders); a cursor with ``fetchone``/``fetchall``."""
        ...

    @abstractmethod
    def _execute_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        ...

    @abstractmethod
    def has_circuit_index(self) -> bool:
        """Whether the ledger has the ``circuit_keys`` table (older files do not)."""
        ...

    @abstractmethod
    def _create_circuit_table(self) -> None:
        ...

    @abstractmethod
    def nodes_outside(self, size: int) -> list[NodeID]:
        """Stored nodes that a tree of ``size`` entries does not have (at most 10)."""
        ...

    @abstractmethod
    def discard(self) -> None:
        """Remove the ledger (a creation that failed half-way); closes the connection."""
        ...

    # --- reads ----------------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        """The ``meta`` table: format, origin, verifier key."""
        try:
            rows = self._query("SELECT key, value FROM meta").fetchall()
        except StorageError as exc:
            raise StorageError(f"{self.location} is not a zkgov ledger ({exc})") from exc
        return {_text(k): _text(v) for k, v in rows}

    def size(self) -> int:
        """Number of entries: one more than the highest index."""
        (top,) = self._query("SELECT max(idx) FROM entries").fetchone()
        return 0 if top is None else top + 1

    def entry(self, index: int) -> StoredEntry | None:
        """The entry at ``index``, if stored."""
        row = self._query(
            "SELECT idx, kind, payload, leaf_hash, time FROM entries WHERE idx = ?", (index,)
        ).fetchone()
        return None if row is None else _entry(row)

    def entries(self, start: int = 0, stop: int | None = None) -> Iterator[StoredEntry]:
        """Every entry from ``start`` on (before ``stop``), in index order (read in chunks)."""
        while True:
            limit = _CHUNK if stop is None else min(_CHUNK, stop - start)
            if limit <= 0:
                return
            rows = self._query(
                "SELECT idx, kind, payload, leaf_hash, time FROM entries WHERE idx >= ?"
                " ORDER BY idx LIMIT ?",
                (start, limit),
            ).fetchall()
            for row in rows:
                yield _entry(row)
            if len(rows) < limit:
                return
            start = rows[-1][0] + 1

    def node_hashes(self, ids: Iterable[NodeID]) -> dict[NodeID, bytes]:
        """Hashes of the given subtrees that are stored (level 0 are the leaf hashes), read
        in at most two statements (a proof's nodes cost two round trips, not one each)."""
        wanted = list(dict.fromkeys(ids))
        found: dict[NodeID, bytes] = {}
        leaves = [index for level, index in wanted if level == 0]
        inner = [(level, index) for level, index in wanted if level != 0]
        for start in range(0, len(leaves), 256):
            chunk = leaves[start:start + 256]
            rows = self._query(
                "SELECT idx, leaf_hash FROM entries WHERE idx IN "
                f"({', '.join('?' * len(chunk))})", chunk).fetchall()
            found.update(((0, idx), _blob(h)) for idx, h in rows)
        for start in range(0, len(inner), 256):
            chunk = inner[start:start + 256]
            rows = self._query(
                "SELECT level, idx, hash FROM nodes WHERE (level, idx) IN (VALUES "
                f"{', '.join('(?, ?)' for _ in chunk)})",
                [x for node in chunk for x in node]).fetchall()
            found.update(((level, idx), _blob(h)) for level, idx, h in rows)
        return found

    def level_hashes(self, level: int, start: int, stop: int) -> list[bytes]:
        """The stored hashes of the perfect subtrees ``(level, i)`` for ``start <= i < stop``
        (level 0: leaf hashes), in order; fewer if some are not stored."""
        if level == 0:
            rows = self._query(
                "SELECT leaf_hash FROM entries WHERE idx >= ? AND idx < ? ORDER BY idx",
                (start, stop),
            ).fetchall()
        else:
            rows = self._query(
                "SELECT hash FROM nodes WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx",
                (level, start, stop),
            ).fetchall()
        return [_blob(row[0]) for row in rows]

    def checkpoint(self, size: int) -> str | None:
        """The note signed at ``size``, if any."""
        row = self._query("SELECT note FROM checkpoints WHERE size = ?", (size,)).fetchone()
        return None if row is None else _text(row[0])

    def latest_checkpoint(self) -> tuple[int, str] | None:
        """``(size, note)`` of the largest signed checkpoint."""
        row = self._query(
            "SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1"
        ).fetchone()
        return None if row is None else (row[0], _text(row[1]))

    def checkpoints(self) -> Iterator[tuple[int, str]]:
        """Every stored checkpoint ``(size, note)`` in increasing size."""
        start = -1
        while True:
            rows = self._query(
                "SELECT size, note FROM checkpoints WHERE size > ? ORDER BY size LIMIT ?",
                (start, _CHUNK),
            ).fetchall()
            for size, note in rows:
                yield size, _text(note)
            if len(rows) < _CHUNK:
                return
            start = rows[-1][0]

    def verification_key(self, digest: bytes) -> bytes | None:
        """The canonical JSON of the verification key with this SHA-256, if stored."""
        row = self._query(
            "SELECT vk_json FROM verification_keys WHERE vk_hash = ?", (digest,)
        ).fetchone()
        return None if row is None else _blob(row[0])

    def verification_keys(self) -> Iterator[tuple[bytes, bytes]]:
        """Every stored ``(hash, canonical JSON)`` verification key."""
        rows = self._query(
            "SELECT vk_hash, vk_json FROM verification_keys ORDER BY vk_hash"
        ).fetchall()
        for digest, vk in rows:
            yield _blob(digest), _blob(vk)

    def circuit_key(self, circuit_id: str) -> bytes | None:
        """The key hash ``circuit_id`` is bound to, if it was used."""
        row = self._query(
            "SELECT vk_hash FROM circuit_keys WHERE circuit_id = ?", (circuit_id,)
        ).fetchone()
        return None if row is None else _blob(row[0])

    def circuit_keys(self) -> Iterator[tuple[str, bytes]]:
        """Every stored ``(circuit id, key hash)`` binding."""
        rows = self._query(
            "SELECT circuit_id, vk_hash FROM circuit_keys ORDER BY circuit_id"
        ).fetchall()
        for circuit_id, digest in rows:
            yield _text(circuit_id), _blob(digest)

    # --- writes (inside :meth:`write`) -------------------------------------------------------
    def add_entries(self, rows: Sequence[tuple[int, str, bytes, bytes, str]]) -> None:
        """Insert ``(index, kind, payload, leaf hash, time)`` rows."""
        if rows:
            self._execute_many("INSERT INTO entries VALUES (?, ?, ?, ?, ?)", rows)

    def add_nodes(self, rows: Sequence[tuple[int, int, bytes]]) -> None:
        """Insert ``(level, index, hash)`` rows of complete subtrees."""
        if rows:
            self._execute_many("INSERT INTO nodes VALUES (?, ?, ?)", rows)

    def add_checkpoint(self, size: int, note: str) -> None:
        """Record a signed checkpoint note."""
        self._query("INSERT INTO checkpoints VALUES (?, ?)", (size, note))

    def add_verification_key(self, digest: bytes, vk_json: bytes) -> None:
        """Store a verification key under its hash (once)."""
        self._query(
            "INSERT INTO verification_keys VALUES (?, ?) ON CONFLICT DO NOTHING",
            (digest, vk_json),
        )

    def create_circuit_index(self, bindings: Iterable[tuple[str, bytes]]) -> None:
        """Add the ``circuit_keys`` table to an older ledger, filled with ``bindings``."""
        self._create_circuit_table()
        rows = list(bindings)
        if rows:
            self._execute_many("INSERT INTO circuit_keys VALUES (?, ?)", rows)

    def add_circuit_key(self, circuit_id: str, digest: bytes) -> None:
        """Bind a circuit id to its key hash (on its first use)."""
        self._query("INSERT INTO circuit_keys VALUES (?, ?)", (circuit_id, digest))

    def _insert_meta(self, meta: dict[str, str]) -> None:
        rows = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION, **meta}
        self._execute_many("INSERT INTO meta VALUES (?, ?)", sorted(rows.items()))
