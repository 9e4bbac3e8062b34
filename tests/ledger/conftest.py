"""Fixtures shared by the ledger tests: published vectors, keys, ledgers, a snarkjs proof.

Ledgers come from ``location``, parametrized by storage engine: every test that asks for it
(or for ``new_ledger``) runs on SQLite and on PostgreSQL — a real server, one throwaway
cluster per test session on a private socket, one schema per ledger. Without PostgreSQL's
binaries the PostgreSQL runs skip and say why.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from ledger import Ledger, NoteSigner

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ledger"
ORIGIN = "registry.example.gov/ledger"


def load_fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def merkle_vectors() -> dict:
    """transparency-dev/merkle test data (leaves, roots, inclusion and consistency cases)."""
    return load_fixture("transparency-dev-merkle-vectors.json")


@pytest.fixture(scope="session")
def snarkjs_multiplier() -> dict:
    """A real snarkjs proof: verification_key.json, proof.json, public.json as loaded JSON."""
    folder = FIXTURES / "snarkjs-multiplier"
    return {
        name: json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        for name in ("verification_key", "proof", "public")
    }


@pytest.fixture(scope="session")
def signer() -> NoteSigner:
    return NoteSigner.generate(ORIGIN)


_SCHEMAS = itertools.count()


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throwaway PostgreSQL server for the whole session (skips if there is none)."""
    from ledger.storage.cluster import TemporaryCluster, unavailable_reason

    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(f"PostgreSQL engine not tested: {reason}")
    cluster = TemporaryCluster(fsync=False).start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request) -> str:
    return request.param


@pytest.fixture
def location(engine: str, tmp_path: Path, request) -> Callable[[str], str]:
    """Factory of fresh ledger locations on the test's engine: a file path, or a URL to a
    new PostgreSQL schema."""
    if engine == "sqlite":
        return lambda name="ledger.sqlite": str(tmp_path / name)
    cluster = request.getfixturevalue("postgres_cluster")

    def make(name: str = "ledger") -> str:
        schema = f"t{next(_SCHEMAS)}"
        cluster.execute(f"CREATE SCHEMA {schema}")
        return cluster.url(schema=schema)

    return make


def run_sql(where: str | Path, *statements: tuple[str, Sequence[object]]) -> list:
    """Run statements (``?`` placeholders) on a ledger's database, as an attacker with write
    access to it would; returns the rows of the last one."""
    rows: list = []
    if not str(where).startswith("postgresql:"):
        db = sqlite3.connect(where)
        for statement, params in statements:
            rows = db.execute(statement, params).fetchall()
        db.commit()
        db.close()
        return rows
    import psycopg

    with psycopg.connect(str(where), autocommit=False) as conn:
        for statement, params in statements:
            cursor = conn.execute(statement.replace("?", "%s"), params)
            rows = cursor.fetchall() if cursor.description else []
    return rows


@pytest.fixture
def new_ledger(location, signer: NoteSigner) -> Iterator[Callable[..., Ledger]]:
    """Factory of fresh ledgers on the test's engine (closed after the test)."""
    opened: list[Ledger] = []

    def make(name: str = "ledger.sqlite", entries: int = 0) -> Ledger:
        log = Ledger.create(location(name), signer)
        opened.append(log)
        for i in range(entries):
            log.append_commitment(str(1000 + i), "poseidon", f"entry {i}")
        return log

    yield make
    for log in opened:
        log.close()
