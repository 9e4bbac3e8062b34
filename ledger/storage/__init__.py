"""Where a ledger lives: one storage interface, two engines, chosen by a URL.

* ``sqlite:///path/to/ledger.sqlite`` (or a plain path) — :class:`~ledger.storage.sqlite.
  SqliteStorage`, one file, the embedded default;
* ``postgresql://user@host/dbname`` (libpq URLs and their parameters, e.g.
  ``postgresql:///ledger?host=/run/postgresql``) — :class:`~ledger.storage.postgres.
  PostgresStorage`, a server database that many writer processes on many machines share.

Both keep the same tables and give the same guarantees: appends are one transaction that
commits with an fsync, writers are serialised by a lock the database provides (SQLite's
write lock, a PostgreSQL transaction-level advisory lock), and readers see consistent
snapshots.
"""

from ledger.storage.base import FORMAT_NAME, FORMAT_VERSION, Storage, StoredEntry
from ledger.storage.url import create_storage, describe_location, engine_of, open_storage

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "Storage",
    "StoredEntry",
    "create_storage",
    "describe_location",
    "engine_of",
    "open_storage",
]
