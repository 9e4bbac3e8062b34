"""The ledger file: one SQLite database in WAL mode with durable, append-only writes.

Tables:

* ``meta`` — the file format, the log's origin and its verifier key;
* ``entries`` — index, kind, canonical payload bytes, leaf hash, time (one row per leaf);
* ``nodes`` — the hash of every complete perfect subtree above the leaves, keyed by
  ``(level, index)``, so a proof for any size costs O(log n) point reads;
* ``checkpoints`` — every signed checkpoint note the log issued, by tree size;
* ``verification_keys`` — the snarkjs verification keys that proof records name by hash;
* ``circuit_keys`` — the key hash each circuit id was first recorded with (an index of the
  entries, for the append's check; the audit recomputes it from the entries). Files made
  before it existed get it on their first append.

Durability: ``journal_mode=WAL`` with ``synchronous=FULL`` makes SQLite fsync the WAL at
every commit, so an append that returned has reached the disk. Writers take the write lock
up front (``BEGIN IMMEDIATE``) and wait for each other (``busy_timeout``), so several
processes can append to one file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ledger.errors import StorageError
from ledger.proof import NodeID

FORMAT_NAME = "zkgov-ledger"
FORMAT_VERSION = "1"
#: How long a writer waits for another process's transaction, in seconds.
BUSY_TIMEOUT_S = 60.0
_CHUNK = 4096

_CIRCUIT_KEYS = ("CREATE TABLE circuit_keys (circuit_id TEXT PRIMARY KEY, vk_hash BLOB NOT NULL)"
                 " WITHOUT ROWID")
_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE entries (idx INTEGER PRIMARY KEY, kind TEXT NOT NULL, payload BLOB NOT NULL,"
    " leaf_hash BLOB NOT NULL, time TEXT NOT NULL)",
    "CREATE TABLE nodes (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,"
    " PRIMARY KEY (level, idx)) WITHOUT ROWID",
    "CREATE TABLE checkpoints (size INTEGER PRIMARY KEY, note TEXT NOT NULL)",
    "CREATE TABLE verification_keys (vk_hash BLOB PRIMARY KEY, vk_json BLOB NOT NULL)"
    " WITHOUT ROWID",
    _CIRCUIT_KEYS,
)


def _blob(value: object) -> bytes:
    """A BLOB column as bytes. A damaged file may hold TEXT or numbers there (SQLite is
    dynamically typed): keep TEXT as its UTF-8 bytes and make anything else empty, so the
    checks downstream see a mismatch instead of a type error."""
    if isinstance(value, bytes):
        return value
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


def _entry(row: tuple) -> StoredEntry:
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


class Storage:
    """Typed access to a ledger file. Not shared between threads: open one per thread."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    # --- opening --------------------------------------------------------------------------
    @staticmethod
    def _connect(path: Path, create: bool) -> sqlite3.Connection:
        mode = "rwc" if create else "rw"
        try:
            db = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode={mode}",
                uri=True,
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,  # we issue BEGIN/COMMIT ourselves
            )
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        except sqlite3.Error as exc:
            raise StorageError(f"cannot open ledger {path}: {exc}") from exc
        return db

    @classmethod
    def create(cls, path: str | Path, meta: dict[str, str]) -> Storage:
        """Create a new, empty ledger file (the caller adds the first checkpoint)."""
        p = Path(path)
        if p.exists():
            raise StorageError(f"{p} already exists: choose another --ledger path")
        p.parent.mkdir(parents=True, exist_ok=True)
        storage = cls(cls._connect(p, create=True), p)
        with storage.write() as db:
            for statement in _SCHEMA:
                db._db.execute(statement)
            rows = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION, **meta}
            db._db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(rows.items()))
        return storage

    @classmethod
    def open(cls, path: str | Path) -> Storage:
        """Open an existing ledger file."""
        p = Path(path)
        if not p.is_file():
            raise StorageError(f"no ledger at {p}: create one with `zkgov ledger init`")
        storage = cls(cls._connect(p, create=False), p)
        meta = storage.meta()
        if meta.get("format") != FORMAT_NAME:
            storage.close()
            raise StorageError(f"{p} is not a zkgov ledger")
        if meta.get("format_version") != FORMAT_VERSION:
            storage.close()
            raise StorageError(
                f"{p} is ledger format {meta.get('format_version')}, this zkgov reads "
                f"{FORMAT_VERSION}"
            )
        return storage

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    # --- transactions ---------------------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Storage]:
        """A write transaction: holds the file's write lock; commits (fsync) on success."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StorageError(f"cannot lock ledger {self.path} for writing: {exc}") from exc
        try:
            yield self
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StorageError(f"cannot commit to ledger {self.path}: {exc}") from exc

    @contextmanager
    def snapshot(self) -> Iterator[Storage]:
        """A read transaction: every read inside sees the same state of the file."""
        self._db.execute("BEGIN")
        try:
            yield self
        finally:
            self._db.execute("COMMIT")

    def _query(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, params)
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"ledger {self.path} cannot be read: {exc}") from exc

    # --- reads ----------------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        """The ``meta`` table: format, origin, verifier key."""
        try:
            return dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"{self.path} is not a zkgov ledger ({exc})") from exc

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

    def entries(self, start: int = 0) -> Iterator[StoredEntry]:
        """Every entry from ``start`` on, in index order (read in chunks)."""
        while True:
            rows = self._query(
                "SELECT idx, kind, payload, leaf_hash, time FROM entries WHERE idx >= ?"
                " ORDER BY idx LIMIT ?",
                (start, _CHUNK),
            ).fetchall()
            for row in rows:
                yield _entry(row)
            if len(rows) < _CHUNK:
                return
            start = rows[-1][0] + 1

    def node_hashes(self, ids: Iterable[NodeID]) -> dict[NodeID, bytes]:
        """Hashes of the given subtrees that are stored (level 0 are the leaf hashes)."""
        found: dict[NodeID, bytes] = {}
        for level, index in ids:
            if level == 0:
                row = self._query(
                    "SELECT leaf_hash FROM entries WHERE idx = ?", (index,)
                ).fetchone()
            else:
                row = self._query(
                    "SELECT hash FROM nodes WHERE level = ? AND idx = ?", (level, index)
                ).fetchone()
            if row is not None:
                found[(level, index)] = _blob(row[0])
        return found

    def nodes_outside(self, size: int) -> list[NodeID]:
        """Stored nodes that a tree of ``size`` entries does not have (at most 10)."""
        rows = self._query(
            "SELECT level, idx FROM nodes WHERE level < 1 OR level > 62"
            " OR (idx + 1) * (1 << level) > ? ORDER BY level, idx LIMIT 10",
            (size,),
        ).fetchall()
        return [(level, idx) for level, idx in rows]

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
        rows = self._query("SELECT vk_hash, vk_json FROM verification_keys ORDER BY vk_hash")
        for digest, vk in rows:
            yield _blob(digest), _blob(vk)

    def has_circuit_index(self) -> bool:
        """Whether the file has the ``circuit_keys`` table (older files do not)."""
        row = self._query(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'circuit_keys'"
        ).fetchone()
        return row is not None

    def circuit_key(self, circuit_id: str) -> bytes | None:
        """The key hash ``circuit_id`` is bound to, if it was used."""
        row = self._query(
            "SELECT vk_hash FROM circuit_keys WHERE circuit_id = ?", (circuit_id,)
        ).fetchone()
        return None if row is None else _blob(row[0])

    def circuit_keys(self) -> Iterator[tuple[str, bytes]]:
        """Every stored ``(circuit id, key hash)`` binding."""
        rows = self._query("SELECT circuit_id, vk_hash FROM circuit_keys ORDER BY circuit_id")
        for circuit_id, digest in rows.fetchall():
            yield _text(circuit_id), _blob(digest)

    # --- writes (inside :meth:`write`) -------------------------------------------------------
    def create_circuit_index(self, bindings: Iterable[tuple[str, bytes]]) -> None:
        """Add the ``circuit_keys`` table to an older file, filled with ``bindings``."""
        self._db.execute(_CIRCUIT_KEYS)
        self._db.executemany("INSERT INTO circuit_keys VALUES (?, ?)", bindings)

    def add_circuit_key(self, circuit_id: str, digest: bytes) -> None:
        """Bind a circuit id to its key hash (on its first use)."""
        self._db.execute("INSERT INTO circuit_keys VALUES (?, ?)", (circuit_id, digest))

    def add_entries(self, rows: Sequence[tuple[int, str, bytes, bytes, str]]) -> None:
        """Insert ``(index, kind, payload, leaf hash, time)`` rows."""
        self._db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?)", rows)

    def add_nodes(self, rows: Sequence[tuple[int, int, bytes]]) -> None:
        """Insert ``(level, index, hash)`` rows of complete subtrees."""
        self._db.executemany("INSERT INTO nodes VALUES (?, ?, ?)", rows)

    def add_checkpoint(self, size: int, note: str) -> None:
        """Record a signed checkpoint note."""
        self._db.execute("INSERT INTO checkpoints VALUES (?, ?)", (size, note))

    def add_verification_key(self, digest: bytes, vk_json: bytes) -> None:
        """Store a verification key under its hash (once)."""
        self._db.execute(
            "INSERT OR IGNORE INTO verification_keys VALUES (?, ?)", (digest, vk_json)
        )
