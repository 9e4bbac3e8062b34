"""The command line against both engines (``--db URL``), kept checkpoints in ``audit``, and
``zkgov ledger serve`` as a real process — killed with SIGKILL under load, it loses no
acknowledged append."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from ledger import Ledger
from ledger.keys import read_signer_key
from tests.ledger.conftest import run_sql
from zkgov.main import main

ORIGIN = "cli.example.gov/ledger"
ROOT = Path(__file__).resolve().parents[2]


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["ledger", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_on_each_engine_with_kept_checkpoints(location, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = location("cli.sqlite")
    key = str(tmp_path / "cli.key")
    assert _run(capsys, "init", "--origin", ORIGIN, "--db", db, "--key", key,
                "--vkey-out", str(tmp_path / "cli.pub"))[0] == 0
    for value in ("1", "2", "3", "4"):
        assert _run(capsys, "append", "--db", db, "--key", key, "--commitment", value)[0] == 0
    code, out, _ = _run(capsys, "checkpoint", "--db", db)
    kept = tmp_path / "kept.txt"
    kept.write_text(out)
    code, out, err = _run(capsys, "audit", "--db", db, "--vkey", str(tmp_path / "cli.pub"),
                          "--checkpoint", str(kept), "--json")
    assert code == 0, err
    assert json.loads(out)["kept_checkpoints_checked"] == 1
    run_sql(db, ("DELETE FROM entries WHERE idx >= 2", ()),
            ("DELETE FROM nodes WHERE (idx + 1) * (1 << level) > 2", ()),
            ("DELETE FROM checkpoints WHERE size > 2", ()))
    code, out, err = _run(capsys, "audit", "--db", db, "--vkey", str(tmp_path / "cli.pub"))
    assert code == 0  # the shortened log is self-consistent...
    code, out, err = _run(capsys, "audit", "--db", db, "--vkey", str(tmp_path / "cli.pub"),
                          "--checkpoint", str(kept))
    assert code == 1 and "kept checkpoint at size 4" in out  # ...but not with what was kept
    code, out, err = _run(capsys, "append", "--db", db, "--key", key, "--commitment", "9")
    assert code == 2 and "would fork" in err and len(err.strip().splitlines()) == 1


def test_a_database_url_needs_an_explicit_key(capsys):
    code, _out, err = _run(capsys, "init", "--origin", ORIGIN, "--db",
                           "postgresql:///nowhere?host=/nonexistent")
    assert code == 2 and "--key" in err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(db: str, key: str, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "zkgov", "ledger", "serve", "--db", db, "--key", key,
         "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/checkpoint", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.1)
        if proc.poll() is not None:
            raise AssertionError(f"serve exited: {proc.stderr.read()}")
    proc.kill()
    raise AssertionError("serve did not start")


def test_serve_killed_mid_load_loses_no_acknowledged_append(location, tmp_path, capsys):
    db = location("served.sqlite")
    key = str(tmp_path / "served.key")
    assert _run(capsys, "init", "--origin", ORIGIN, "--db", db, "--key", key,
                "--vkey-out", str(tmp_path / "served.pub"))[0] == 0
    port = _free_port()
    server = _start_server(db, key, port)
    acked: dict[int, str] = {}
    lock = threading.Lock()
    stop = threading.Event()

    def client(worker: int) -> None:
        n = 0
        with httpx.Client(timeout=10) as http:
            while not stop.is_set():
                context = f"w{worker}-{n}"
                try:
                    res = http.post(f"http://127.0.0.1:{port}/v1/commitments",
                                    json={"commitment": str(n), "context": context})
                except httpx.HTTPError:
                    return  # the server is gone
                if res.status_code == 201:
                    with lock:
                        acked[res.json()["index"]] = context
                n += 1

    threads = [threading.Thread(target=client, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    os.kill(server.pid, signal.SIGKILL)
    server.wait(timeout=30)
    stop.set()
    for t in threads:
        t.join(timeout=30)
    assert len(acked) > 10
    with Ledger.open(db) as log:
        for index, context in acked.items():
            assert log.entry(index).record.context == context
        assert log.audit(verifier=read_signer_key(key).verifier()).ok
    # and the log goes on: a new server appends after the crash
    server = _start_server(db, key, port)
    try:
        res = httpx.post(f"http://127.0.0.1:{port}/v1/commitments", json={"commitment": "1"})
        assert res.status_code == 201, res.text
    finally:
        server.terminate()
        server.wait(timeout=30)
