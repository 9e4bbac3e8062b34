"""What holds on both storage engines: URLs, tampering caught by the audit, one index per
append across writer processes (PostgreSQL: the advisory lock)."""

from __future__ import annotations

import pytest

from ledger import Ledger, NoteSigner
from ledger.errors import StorageError
from ledger.storage import describe_location, engine_of
from ledger.storage.url import sqlite_path
from tests.ledger.conftest import run_sql

ORIGIN = "engines.example.gov/ledger"


def test_urls_choose_the_engine(tmp_path):
    assert engine_of("ledger.sqlite") == engine_of(tmp_path / "x") == "sqlite"
    assert engine_of("sqlite:///srv/l.sqlite") == "sqlite"
    assert sqlite_path("sqlite:///srv/l.sqlite").as_posix() == "/srv/l.sqlite"
    assert engine_of("postgresql://u:secret@db.example/ledger") == "postgresql"
    assert engine_of("postgres:///ledger?host=/run/postgresql") == "postgresql"
    assert "secret" not in describe_location("postgresql://u:secret@db.example/ledger")
    with pytest.raises(StorageError, match="unknown ledger URL scheme"):
        engine_of("mysql://db/ledger")
    with pytest.raises(StorageError, match="local file"):
        sqlite_path("sqlite://host/l.sqlite")
    path = tmp_path / "u.sqlite"
    signer = NoteSigner.generate(ORIGIN)
    Ledger.create(f"sqlite://{path}", signer).close()
    with Ledger.open(path) as log:
        assert log.location == str(path) and log.path == path


@pytest.mark.parametrize(("statement", "params", "subject"), [
    ("UPDATE entries SET payload = ? WHERE idx = 5", (b'{"v":1}',), "entry 5"),
    ("UPDATE entries SET leaf_hash = ? WHERE idx = 8", (b"\0" * 32,), "entry 8"),
    ("UPDATE entries SET kind = 'proof' WHERE idx = 2", (), "entry 2"),
    ("UPDATE entries SET time = '2000-01-01T00:00:00.000000Z' WHERE idx = 3", (), "entry 3"),
    ("UPDATE nodes SET hash = ? WHERE level = 2 AND idx = 1", (b"\0" * 32,),
     "node (level 2, index 1)"),
    ("UPDATE checkpoints SET note = replace(note, 'ledger', 'ledgex') WHERE size = 9", (),
     "checkpoint at size 9"),
    ("DELETE FROM entries WHERE idx = 6", (), "entry 6"),
    ("DELETE FROM checkpoints WHERE size = 12", (), "entries 11..11"),
    ("DELETE FROM nodes WHERE level = 3", (), "node (level 3, index 0)"),
])
def test_tampering_is_caught_on_every_engine(location, statement, params, subject):
    signer = NoteSigner.generate(ORIGIN)
    where = location("t.sqlite")
    with Ledger.create(where, signer) as log:
        for i in range(12):
            log.append_commitment(str(7000 + i), context=f"e{i}")
        assert log.audit(verifier=signer.verifier()).ok
    run_sql(where, (statement, params))
    with Ledger.open(where) as log:
        report = log.audit(verifier=signer.verifier())
    assert not report.ok
    assert report.failure.subject.startswith(subject), report.failure


def test_an_existing_ledger_is_never_overwritten(location):
    signer = NoteSigner.generate(ORIGIN)
    where = location("o.sqlite")
    Ledger.create(where, signer).close()
    with pytest.raises(StorageError, match="already"):
        Ledger.create(where, NoteSigner.generate(ORIGIN))
    with Ledger.open(where) as log:
        assert log.verifier == signer.verifier()
