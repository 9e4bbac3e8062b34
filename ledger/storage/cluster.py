"""A throwaway PostgreSQL cluster on a private Unix socket, for tests, benchmarks and demos.

It runs the machine's own PostgreSQL binaries (Debian's ``postgresql`` package puts them in
``/usr/lib/postgresql/<version>/bin``): ``initdb`` a fresh data folder in a temporary
directory, ``pg_ctl start`` with TCP off and the socket in that directory, and on
:meth:`TemporaryCluster.stop` shut it down and delete everything. ``initdb`` refuses to run
as root, so as root the server runs as the ``postgres`` user (``runuser``).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

from ledger.errors import StorageError


def find_binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl`` (newest version first), or ``None``."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                        key=lambda p: int(p.split("/")[-2]) if p.split("/")[-2].isdigit() else 0,
                        reverse=True)
    for folder in candidates:
        if os.access(Path(folder) / "initdb", os.X_OK):
            return Path(folder)
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def unavailable_reason() -> str | None:
    """Why a cluster cannot be started here, or ``None`` if it can."""
    if find_binaries() is None:
        return ("PostgreSQL binaries (initdb, pg_ctl) not found: install Debian's postgresql "
                "package (make test does where apt-get works)")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run the server as"
        if shutil.which("runuser") is None:
            return "running as root and runuser is missing"
    return None


class TemporaryCluster:
    """A PostgreSQL server of its own, reachable only through a socket in a temporary folder."""

    def __init__(self, fsync: bool = True, max_connections: int = 100) -> None:
        reason = unavailable_reason()
        if reason is not None:
            raise StorageError(reason)
        self.bin = find_binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="zkgov-pg-"))
        self.data = self.folder / "data"
        self.socket_dir = self.folder
        self.user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
        self.fsync = fsync
        self.max_connections = max_connections
        self._started = False

    def _run(self, *argv: str) -> None:
        command = [str(self.bin / argv[0]), *argv[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise StorageError(f"{argv[0]} failed: {(result.stderr or result.stdout).strip()}")

    def start(self) -> TemporaryCluster:
        """initdb and start the server (a few seconds)."""
        if os.geteuid() == 0:
            entry = pwd.getpwnam("postgres")
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", self.user,
                  "-E", "UTF8", "--no-instructions")
        options = (f"-k {self.socket_dir} -c listen_addresses='' "
                   f"-c max_connections={self.max_connections} "
                   f"-c fsync={'on' if self.fsync else 'off'}")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                  str(self.folder / "server.log"), "-w", "-t", "60", "start")
        self._started = True
        return self

    def url(self, dbname: str = "postgres", schema: str | None = None) -> str:
        """A libpq URL to a database of this server (``schema`` first on the search path)."""
        url = f"postgresql:///{dbname}?host={quote(str(self.socket_dir))}&user={self.user}"
        if schema is not None:
            url += "&options=" + quote(f"-csearch_path={schema}")
        return url

    def execute(self, sql: str, dbname: str = "postgres") -> None:
        """Run one administrative statement (CREATE DATABASE, CREATE SCHEMA, …)."""
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as conn:
            conn.execute(sql)

    def stop(self) -> None:
        """Stop the server and delete its folder."""
        try:
            if self._started:
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            self._started = False
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> TemporaryCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
