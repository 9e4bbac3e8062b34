"""The PostgreSQL engine (psycopg 3): a server database that many writers share.

One database (or one schema, through ``options=-csearch_path=…`` in the URL) holds one
ledger, in the same tables as the SQLite file. An append is one transaction that first
takes a transaction-level advisory lock (``pg_advisory_xact_lock``): writers in any number
of processes and machines are sequenced by the server, so no index is handed out twice or
skipped, and the lock is released by the commit or by the server when a writer's connection
dies (a writer killed mid-append leaves nothing behind). Commits are durable with the
server's default ``synchronous_commit = on``. Reads of many rows (audit, export, proofs)
run in a ``REPEATABLE READ`` snapshot.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ledger.errors import StorageError
from ledger.proof import NodeID
from ledger.storage.base import BUSY_TIMEOUT_S, TABLES, Storage

#: The advisory lock key of appends ("zkgov" in ASCII): one ledger per database.
APPEND_LOCK = 0x7A6B676F76

_CIRCUIT_KEYS = "CREATE TABLE circuit_keys (circuit_id TEXT PRIMARY KEY, vk_hash BYTEA NOT NULL)"
_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE entries (idx BIGINT PRIMARY KEY, kind TEXT NOT NULL, payload BYTEA NOT NULL,"
    " leaf_hash BYTEA NOT NULL, time TEXT NOT NULL)",
    "CREATE TABLE nodes (level INTEGER NOT NULL, idx BIGINT NOT NULL, hash BYTEA NOT NULL,"
    " PRIMARY KEY (level, idx))",
    "CREATE TABLE checkpoints (size BIGINT PRIMARY KEY, note TEXT NOT NULL)",
    "CREATE TABLE verification_keys (vk_hash BYTEA PRIMARY KEY, vk_json BYTEA NOT NULL)",
    _CIRCUIT_KEYS,
)


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - psycopg is a dependency
        raise StorageError("PostgreSQL ledgers need psycopg 3: pip install 'psycopg[binary]'"
                           ) from exc
    return psycopg


def safe_location(url: str) -> str:
    """The URL without its password, for messages."""
    psycopg = _psycopg()
    try:
        params = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.Error:
        return "postgresql://…"
    params.pop("password", None)
    host = params.pop("host", "") or ""
    dbname = params.pop("dbname", "") or ""
    user = params.pop("user", None)
    where = f"{user}@" if user else ""
    return f"postgresql://{where}{'' if host.startswith('/') else host}/{dbname}" + (
        f" (socket {host})" if host.startswith("/") else "")


class PostgresStorage(Storage):
    """A ledger in a PostgreSQL database."""

    engine = "postgresql"

    def __init__(self, connection: Any, location: str) -> None:
        super().__init__(location)
        self._db = connection
        self._errors = _psycopg().Error

    @classmethod
    def _connect(cls, url: str) -> PostgresStorage:
        psycopg = _psycopg()
        location = safe_location(url)
        try:
            conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
            conn.execute(f"SET lock_timeout = '{int(BUSY_TIMEOUT_S)}s'")
        except psycopg.Error as exc:
            raise StorageError(f"cannot open ledger {location}: {_first_line(exc)}") from exc
        return cls(conn, location)

    @classmethod
    def create_database(cls, url: str, meta: dict[str, str]) -> PostgresStorage:
        """Create the ledger's tables in an existing, empty database."""
        storage = cls._connect(url)
        try:
            with storage.write() as db:
                if db._table_exists("meta"):
                    raise StorageError(f"{storage.location} already holds a ledger")
                for statement in _SCHEMA:
                    db._query(statement)
                db._insert_meta(meta)
        except BaseException:
            storage.close()
            raise
        return storage

    @classmethod
    def open_database(cls, url: str) -> PostgresStorage:
        """Open the ledger in a database."""
        storage = cls._connect(url)
        if not storage._table_exists("meta"):
            storage.close()
            raise StorageError(f"no ledger in {storage.location}: create one with "
                               "`zkgov ledger init`")
        storage._check_format()
        return storage

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def discard(self) -> None:
        """Remove the ledger (a creation that failed half-way); closes the connection."""
        try:
            with self.write():
                for table in reversed(TABLES):
                    self._query(f"DROP TABLE IF EXISTS {table}")
        finally:
            self.close()

    def _table_exists(self, name: str) -> bool:
        (found,) = self._query("SELECT to_regclass(?) IS NOT NULL", (name,)).fetchone()
        return bool(found)

    @contextmanager
    def write(self) -> Iterator[PostgresStorage]:
        """A write transaction: holds the writer lock; commits durably on success."""
        try:
            # one round trip: a parameterless query may hold several statements
            self._db.execute(f"BEGIN; SELECT pg_advisory_xact_lock({int(APPEND_LOCK)})")
        except self._errors as exc:
            self._rollback()
            raise StorageError(f"cannot lock ledger {self.location} for writing: "
                               f"{_first_line(exc)}") from exc
        try:
            yield self
        except BaseException:
            self._rollback()
            raise
        try:
            self._db.execute("COMMIT")
        except self._errors as exc:
            self._rollback()
            raise StorageError(f"cannot commit to ledger {self.location}: "
                               f"{_first_line(exc)}") from exc

    def _rollback(self) -> None:
        with contextlib.suppress(self._errors):  # a dead connection was rolled back already
            self._db.execute("ROLLBACK")

    @contextmanager
    def snapshot(self) -> Iterator[PostgresStorage]:
        """A read transaction: every read inside sees the same state."""
        self._db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield self
        finally:
            self._rollback()

    def _query(self, sql: str, params: Sequence[object] = ()) -> Any:
        try:
            return self._db.execute(sql.replace("?", "%s"), params)
        except self._errors as exc:
            raise StorageError(f"ledger {self.location}: {_first_line(exc)}") from exc

    def _execute_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        try:
            with self._db.cursor() as cursor:
                cursor.executemany(sql.replace("?", "%s"), rows)
        except self._errors as exc:
            raise StorageError(f"ledger {self.location}: {_first_line(exc)}") from exc

    def has_circuit_index(self) -> bool:
        """Whether the ledger has the ``circuit_keys`` table (older files do not)."""
        return self._table_exists("circuit_keys")

    def _create_circuit_table(self) -> None:
        self._query(_CIRCUIT_KEYS)

    def nodes_outside(self, size: int) -> list[NodeID]:
        """Stored nodes that a tree of ``size`` entries does not have (at most 10)."""
        rows = self._query(
            "SELECT level, idx FROM nodes WHERE CASE WHEN level < 1 OR level > 62 THEN TRUE"
            " ELSE (idx + 1)::numeric * (1::bigint << level) > ? END"
            " ORDER BY level, idx LIMIT 10",
            (size,),
        ).fetchall()
        return [(level, idx) for level, idx in rows]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
