"""Choosing the engine from a URL: ``sqlite:///path``, a plain path, or ``postgresql://…``."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ledger.errors import StorageError
from ledger.storage.base import Storage

_POSTGRES_SCHEMES = ("postgresql", "postgres")


def engine_of(url: str | os.PathLike[str]) -> str:
    """``"sqlite"`` or ``"postgresql"``; :class:`StorageError` for another scheme."""
    if isinstance(url, os.PathLike):
        return "sqlite"
    scheme, sep, _rest = url.partition("://")
    if not sep or len(scheme) == 1:  # a path (or a Windows drive letter)
        return "sqlite"
    if scheme in _POSTGRES_SCHEMES:
        return "postgresql"
    if scheme == "sqlite":
        return "sqlite"
    raise StorageError(f"unknown ledger URL scheme {scheme!r}: use sqlite:///path or "
                       "postgresql://…")


def sqlite_path(url: str | os.PathLike[str]) -> Path:
    """The file of a ``sqlite:`` URL or a plain path. As in ``file:`` URLs, the path after
    ``sqlite://`` is absolute (``sqlite:///srv/ledger.sqlite``); give a relative file as a
    plain path."""
    if isinstance(url, os.PathLike) or "://" not in url:
        return Path(url)
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise StorageError(f"a sqlite URL names a local file, not host {parts.netloc!r}")
    path = unquote(parts.path)
    if not path or path == "/":
        raise StorageError(f"sqlite URL {url!r} names no file")
    return Path(path)


def describe_location(url: str | os.PathLike[str]) -> str:
    """Where a URL points, for messages (no password)."""
    if engine_of(url) == "sqlite":
        return str(sqlite_path(url))
    from ledger.storage.postgres import safe_location

    return safe_location(str(url))


def open_storage(url: str | os.PathLike[str]) -> Storage:
    """Open the ledger at ``url``."""
    if engine_of(url) == "sqlite":
        from ledger.storage.sqlite import SqliteStorage

        return SqliteStorage.open_file(sqlite_path(url))
    from ledger.storage.postgres import PostgresStorage

    return PostgresStorage.open_database(str(url))


def create_storage(url: str | os.PathLike[str], meta: dict[str, str]) -> Storage:
    """Create an empty ledger at ``url`` (the caller signs its first checkpoint)."""
    if engine_of(url) == "sqlite":
        from ledger.storage.sqlite import SqliteStorage

        return SqliteStorage.create_file(sqlite_path(url), meta)
    from ledger.storage.postgres import PostgresStorage

    return PostgresStorage.create_database(str(url), meta)
