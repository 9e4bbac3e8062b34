"""``zkgov ledger …``: exit codes 0 / 1 / 2, --json, key handling, nothing written on bad input."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from zkgov.main import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ledger" / "snarkjs-multiplier"
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["ledger", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str) -> tuple[int, dict]:
    code, out, err = run(capsys, *argv, "--json")
    return code, json.loads(out) if out.strip() else {"stderr": err}


@pytest.fixture
def initialised(workdir, capsys):
    code, out, _ = run(capsys, "init", "--origin", "registry.example.gov/ledger")
    assert code == 0
    return workdir


def _size(path: Path) -> int:
    db = sqlite3.connect(path)
    (n,) = db.execute("SELECT count(*) FROM entries").fetchone()
    db.close()
    return n


def test_init_writes_private_key_0600_and_never_prints_it(workdir, capsys):
    code, body = run_json(capsys, "init", "--origin", "registry.example.gov/ledger")
    assert code == 0
    key = workdir / "zkgov-ledger.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    secret = key.read_text().strip()
    assert secret.startswith("PRIVATE+KEY+registry.example.gov/ledger+")
    assert secret not in json.dumps(body) and "PRIVATE" not in json.dumps(body)
    assert body["verifier_key"] == (workdir / "zkgov-ledger.pub").read_text().strip()
    code, _out, err = run(capsys, "init", "--origin", "registry.example.gov/ledger")
    assert code == 2 and "already exists" in err
    assert key.read_text().strip() == secret


def test_init_refuses_bad_origin(workdir, capsys):
    code, _out, err = run(capsys, "init", "--origin", "has space")
    assert code == 2 and "key name" in err
    assert not (workdir / "zkgov-ledger.sqlite").exists()
    assert not (workdir / "zkgov-ledger.key").exists()


def test_append_commitment_and_verify_receipt(initialised, capsys):
    code, receipt = run_json(capsys, "append", "--commitment", "12345", "--context", "cohort",
                             "--receipt", "r.json")
    assert code == 0 and receipt["index"] == 0
    assert json.loads(Path("r.json").read_text()) == receipt
    code, body = run_json(capsys, "verify-receipt", "r.json", "--vkey", "zkgov-ledger.pub")
    assert code == 0 and body["valid"] and body["entry"]["commitment"] == "12345"
    ctx = Path("ctx.json")
    ctx.write_text('{"dataset": "births-2024", "rows": 1200}')
    code, receipt = run_json(capsys, "append", "--commitment", "1,2", "--scheme", "pedersen",
                             "--context-file", str(ctx))
    assert code == 0 and receipt["index"] == 1


def test_append_proof_verified_first(initialised, capsys):
    args = ["append", "--proof", str(FIXTURES / "proof.json"), "--vk",
            str(FIXTURES / "verification_key.json"), "--circuit-id", "multiplier",
            "--submitter", "clerk-7"]
    code, receipt = run_json(capsys, *args, "--public", str(FIXTURES / "public.json"))
    assert code == 0 and receipt["tree_size"] == 1
    Path("bad_public.json").write_text('["34", "3"]')
    code, _out, err = run(capsys, *args, "--public", "bad_public.json")
    assert code == 2 and "does not verify" in err and "nothing was appended" in err
    assert _size(Path("zkgov-ledger.sqlite")) == 1
    code, entry = run_json(capsys, "get", "0")
    assert entry["record"]["kind"] == "proof" and entry["record"]["submitter"] == "clerk-7"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "nothing to append"),
        (["--commitment", "1", "--proof", "p.json"], "not both"),
        (["--proof", "p.json"], "also needs"),
        (["--commitment", "-5"], "decimal"),
        (["--commitment", "1", "--context", "x" * 20000], "limit"),
        (["--commitment", "1", "--context-file", "missing.json"], "not found"),
        (["--commitment", "1", "--key", "other.key"], "not found"),
        (["--vk", "huge.json", "--proof", "p.json", "--public", "p.json", "--circuit-id", "c",
          "--submitter", "s"], "the limit is"),
    ],
)
def test_append_bad_input_appends_nothing(initialised, capsys, args, message):
    Path("huge.json").write_text("[" + "1," * 3_000_000 + "1]")
    code, out, err = run(capsys, "append", *args)
    assert code == 2, out
    assert message in err and len(err.strip().splitlines()) == 1
    assert _size(Path("zkgov-ledger.sqlite")) == 0


def test_append_with_another_logs_key(initialised, capsys):
    assert run(capsys, "init", "--origin", "other.example/log", "--ledger", "o.sqlite")[0] == 0
    code, _out, err = run(capsys, "append", "--commitment", "1", "--key", "o.key")
    assert code == 2 and "does not belong" in err


def test_read_commands(initialised, capsys):
    for i in range(5):
        assert run(capsys, "append", "--commitment", str(i), "-q")[0] == 0
    code, receipt = run_json(capsys, "prove", "--index", "2")
    assert code == 0 and receipt["tree_size"] == 5
    code, plain = run_json(capsys, "prove", "--index", "1", "--size", "3")
    assert code == 0 and len(plain["inclusion_proof"]) == 2
    code, cons = run_json(capsys, "prove", "--from", "3", "--to", "5")
    assert code == 0 and cons["size2"] == 5 and cons["consistency_proof"]
    assert run(capsys, "prove", "--from", "3", "--out", "c.json")[0] == 0
    assert json.loads(Path("c.json").read_text())["size1"] == 3
    code, out, _ = run(capsys, "checkpoint")
    assert code == 0 and out.startswith("registry.example.gov/ledger\n5\n")
    code, cp = run_json(capsys, "checkpoint", "--size", "2")
    assert cp["size"] == 2
    assert run(capsys, "prove", "--index", "9")[0] == 2
    assert run(capsys, "prove")[0] == 2
    assert run(capsys, "get", "7")[0] == 2


def test_audit_export_and_tampering(initialised, capsys):
    for i in range(6):
        assert run(capsys, "append", "--commitment", str(100 + i), "-q")[0] == 0
    code, report = run_json(capsys, "audit", "--vkey", "zkgov-ledger.pub")
    assert code == 0 and report["ok"] and report["key_source"] == "pinned"
    code, out, _ = run(capsys, "export", "bundle.tar.gz")
    assert code == 0 and Path("bundle.tar.gz").is_file()
    code, report = run_json(capsys, "audit", "--bundle", "bundle.tar.gz",
                            "--vkey", "zkgov-ledger.pub")
    assert code == 0 and report["size"] == 6
    assert run(capsys, "export", "bundle.tar.gz")[0] == 2  # never overwritten
    db = sqlite3.connect("zkgov-ledger.sqlite")
    db.execute("UPDATE entries SET payload = replace(payload, '103', '104') WHERE idx = 3")
    db.commit()
    db.close()
    code, out, _ = run(capsys, "audit")
    assert code == 1 and "FAILED" in out and "entry 3" in out
    code, report = run_json(capsys, "audit")
    assert report["failure"]["entry"] == 3


def test_verify_receipt_failures(initialised, capsys):
    assert run(capsys, "append", "--commitment", "5", "--receipt", "r.json", "-q")[0] == 0
    assert run(capsys, "init", "--origin", "other.example/log", "--ledger", "o.sqlite")[0] == 0
    code, body = run_json(capsys, "verify-receipt", "r.json", "--vkey", "o.pub")
    assert code == 1 and "not 'other.example/log'" in body["reason"]
    receipt = json.loads(Path("r.json").read_text())
    receipt["entry"] = receipt["entry"].replace('"5"', '"6"')
    Path("forged.json").write_text(json.dumps(receipt))
    assert run(capsys, "verify-receipt", "forged.json", "--vkey", "zkgov-ledger.pub")[0] == 1
    Path("junk.json").write_text("{}")
    code, _out, err = run(capsys, "verify-receipt", "junk.json", "--vkey", "zkgov-ledger.pub")
    assert code == 2 and "receipt" in err
    assert run(capsys, "verify-receipt", "r.json", "--vkey", "nope+00+AA==")[0] == 2


def test_installed_command(workdir):
    exe = Path(sys.executable).parent / "zkgov"
    if not exe.exists():
        exe_path = shutil.which("zkgov")
        if exe_path is None:
            pytest.skip("the zkgov console script is not installed")
        exe = Path(exe_path)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))

    def zkgov(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(exe), "ledger", *args], capture_output=True, text=True,
                              env=env, cwd=workdir, timeout=120)

    assert zkgov("init", "--origin", "cli.example/log").returncode == 0
    bad = zkgov("append", "--commitment", "nine")
    assert bad.returncode == 2 and bad.stderr.startswith("zkgov: error:")
    assert "Traceback" not in bad.stderr
    assert zkgov("append", "--commitment", "9", "--receipt", "r.json").returncode == 0
    assert json.loads((workdir / "r.json").read_text())["index"] == 0
