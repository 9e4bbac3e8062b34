"""The SQLite engine: one file in WAL mode with durable, append-only writes.

Durability: ``journal_mode=WAL`` with ``synchronous=FULL`` makes SQLite fsync the WAL at
every commit, so an append that returned has reached the disk. Writers take the write lock
up front (``BEGIN IMMEDIATE``) and wait for each other (``busy_timeout``), so several
processes can append to one file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ledger.errors import StorageError
from ledger.proof import NodeID
from ledger.storage.base import BUSY_TIMEOUT_S, Storage

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


class SqliteStorage(Storage):
    """A ledger in one SQLite file."""

    engine = "sqlite"

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        super().__init__(str(path))
        self._db = connection
        self._path = path

    @property
    def path(self) -> Path:
        """The ledger file."""
        return self._path

    @staticmethod
    def _connect(path: Path, create: bool) -> sqlite3.Connection:
        mode = "rwc" if create else "rw"
        try:
            db = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode={mode}",
                uri=True,
                timeout=BUSY_TIMEOUT_S,
                isolation_level=None,  # we issue BEGIN/COMMIT ourselves
                check_same_thread=False,  # one thread at a time, as the class says
            )
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        except sqlite3.Error as exc:
            raise StorageError(f"cannot open ledger {path}: {exc}") from exc
        return db

    @classmethod
    def create_file(cls, path: str | Path, meta: dict[str, str]) -> SqliteStorage:
        """Create a new, empty ledger file (the caller adds the first checkpoint)."""
        p = Path(path)
        if p.exists():
            raise StorageError(f"{p} already exists: choose another --ledger path")
        p.parent.mkdir(parents=True, exist_ok=True)
        storage = cls(cls._connect(p, create=True), p)
        with storage.write() as db:
            for statement in _SCHEMA:
                db._db.execute(statement)
            db._insert_meta(meta)
        return storage

    @classmethod
    def open_file(cls, path: str | Path) -> SqliteStorage:
        """Open an existing ledger file."""
        p = Path(path)
        if not p.is_file():
            raise StorageError(f"no ledger at {p}: create one with `zkgov ledger init`")
        storage = cls(cls._connect(p, create=False), p)
        storage._check_format()
        return storage

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def discard(self) -> None:
        """Remove the ledger (a creation that failed half-way); closes the connection."""
        self.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(self._path) + suffix).unlink(missing_ok=True)

    @contextmanager
    def write(self) -> Iterator[SqliteStorage]:
        """A write transaction: holds the writer lock; commits durably on success."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StorageError(f"cannot lock ledger {self._path} for writing: {exc}") from exc
        try:
            yield self
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StorageError(f"cannot commit to ledger {self._path}: {exc}") from exc

    @contextmanager
    def snapshot(self) -> Iterator[SqliteStorage]:
        """A read transaction: every read inside sees the same state."""
        self._db.execute("BEGIN")
        try:
            yield self
        finally:
            self._db.execute("COMMIT")

    def _query(self, sql: str, params: Sequence[object] = ()) -> Any:
        try:
            return self._db.execute(sql, params)
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"ledger {self._path} cannot be read: {exc}") from exc

    def _execute_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        self._db.executemany(sql, rows)

    def has_circuit_index(self) -> bool:
        """Whether the ledger has the ``circuit_keys`` table (older files do not)."""
        row = self._query(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'circuit_keys'"
        ).fetchone()
        return row is not None

    def _create_circuit_table(self) -> None:
        self._db.execute(_CIRCUIT_KEYS)

    def nodes_outside(self, size: int) -> list[NodeID]:
        """Stored nodes that a tree of ``size`` entries does not have (at most 10)."""
        rows = self._query(
            "SELECT level, idx FROM nodes WHERE level < 1 OR level > 62"
            " OR (idx + 1) * (1 << level) > ? ORDER BY level, idx LIMIT 10",
            (size,),
        ).fetchall()
        return [(level, idx) for level, idx in rows]
