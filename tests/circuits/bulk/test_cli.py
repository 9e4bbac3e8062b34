"""`zkgov prove --batch` and `zkgov verify --batch` as a user runs them: exit codes, one-line
errors, no output file when the batch cannot start, resume on a second run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zkgov.main import main

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "income_below.py"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    d = tmp_path_factory.mktemp("bulk-cli")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(d)
        assert main(["compile", str(EXAMPLE), "-q"]) == 0
        assert main(["setup", "income_below.r1cs", "-q"]) == 0
    lines = [{"threshold": 30000, "income": 21500}, {"threshold": 30000, "income": 29999},
             {"threshold": 30000, "income": 31000}, {"threshold": 30000}]
    (d / "inputs.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    (d / "good.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines[:2]))
    return d


def zkgov(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zkgov.main", *args], cwd=cwd,
                          capture_output=True, text=True)


def test_prove_and_verify_a_batch(workdir):
    run = zkgov("prove", "income_below", "--batch", "good.jsonl", "--out", "good.proofs.jsonl",
                "--workers", "2", "--json", cwd=workdir)
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert (summary["statements"], summary["proved"], summary["failed_lines"]) == (2, 2, [])
    check = zkgov("verify", "--batch", "good.proofs.jsonl", cwd=workdir)
    assert check.returncode == 0 and check.stdout.startswith("OK: all 2 proofs are valid")


def test_bad_lines_exit_2_with_their_numbers_and_verify_says_invalid(workdir):
    run = zkgov("prove", "income_below", "--batch", "inputs.jsonl", "--out", "all.jsonl",
                "--quiet", cwd=workdir)
    assert run.returncode == 2
    err = run.stderr.strip().splitlines()
    assert len(err) == 1 and "2 of 4 statements gave no proof: line 3:" in err[0]
    assert "(also line 4)" in err[0] and "Traceback" not in run.stderr
    assert len((workdir / "all.jsonl").read_text().splitlines()) == 4
    again = zkgov("prove", "income_below", "--batch", "inputs.jsonl", "--out", "all.jsonl",
                  "--json", cwd=workdir)
    assert again.returncode == 2 and json.loads(again.stdout)["resumed"] == 4
    assert len((workdir / "all.jsonl").read_text().splitlines()) == 4
    check = zkgov("verify", "--batch", "all.jsonl", "verification_key.json", "--json",
                  cwd=workdir)
    assert check.returncode == 1
    report = json.loads(check.stdout)
    assert report["valid_proofs"] == 2
    assert [bad["input_line"] for bad in report["invalid"]] == [3, 4]


def test_a_batch_that_cannot_start_writes_nothing(workdir):
    for args, message in [
        (["--batch", "missing.jsonl", "--out", "x.jsonl"], "inputs file not found"),
        (["--batch", "good.jsonl"], "--batch needs --out"),
        (["--batch", "good.jsonl", "--out", "x.jsonl", "--zkey", "no.zkey"],
         "proving key not found"),
        (["--batch", "good.jsonl", "--out", "x.jsonl", "--workers", "0"], "at least 1"),
    ]:
        run = zkgov("prove", "income_below", *args, cwd=workdir)
        assert run.returncode == 2, args
        assert run.stderr.strip().splitlines() == [run.stderr.strip()]
        assert message in run.stderr
        assert not (workdir / "x.jsonl").exists()


def test_verify_batch_bad_input(workdir):
    run = zkgov("verify", "--batch", "missing.jsonl", cwd=workdir)
    assert run.returncode == 2 and "proofs file not found" in run.stderr
    run = zkgov("verify", "--batch", "good.jsonl", "nokey.json", cwd=workdir)
    assert run.returncode == 2 and "not found" in run.stderr
    run = zkgov("verify", "verification_key.json", cwd=workdir)
    assert run.returncode == 2 and "verify needs" in run.stderr
