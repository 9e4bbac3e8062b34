"""``zkgov ptau …`` and ``zkgov ceremony …``: one file in, one file out, exit codes 0/1/2."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.zk.ceremony.conftest import BEACON_EXP, BEACON_HEX, FIXTURES
from zk.ceremony import phase1
from zk.ceremony.records import pack_ptau_contributions
from zk.formats.ptau import SECTION_CONTRIBUTIONS, write_ptau
from zkgov.main import main

pytestmark = pytest.mark.usefixtures("fast_backend")


def _copy(tmp_path: Path, *names: str) -> None:
    for name in names:
        shutil.copy(FIXTURES / name, tmp_path / name)


def test_phase1_steps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path
    assert main(["ptau", "new", "3", str(d / "p0.ptau"), "--quiet"]) == 0
    assert main(["ptau", "contribute", str(d / "p0.ptau"), str(d / "p1.ptau"),
                 "--name", "Tax office", "-e", "some text"]) == 0
    out = capsys.readouterr().out
    assert "p1.ptau" in out and "response hash" in out
    assert main(["ptau", "beacon", str(d / "p1.ptau"), str(d / "p2.ptau"), BEACON_HEX,
                 str(BEACON_EXP), "-n", "Final Beacon", "--json"]) == 0
    beacon = json.loads(capsys.readouterr().out)
    assert beacon["name"] == "Final Beacon" and len(beacon["hash"]) == 128
    assert main(["ptau", "prepare", str(d / "p2.ptau"), str(d / "final.ptau"), "-q"]) == 0
    assert main(["ptau", "verify", str(d / "final.ptau"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and [c["name"] for c in report["contributions"]] == [
        "Tax office", "Final Beacon"]
    assert report["contributions"][1]["beacon"]["iterations_exp"] == BEACON_EXP


def test_ptau_verify_exits_1_naming_the_failing_contribution(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = (FIXTURES / "pot5_0002_zkgov.ptau").read_bytes()
    current = phase1.load(data)
    records = current.contributions
    records[0] = records[1]  # the second record copied over the first
    bodies = {s: bytes(b) for s, b in current.ptau.container.sections.items() if s != 1}
    bodies[SECTION_CONTRIBUTIONS] = pack_ptau_contributions(records)
    (tmp_path / "bad.ptau").write_bytes(write_ptau(current.power, bodies))
    assert main(["ptau", "verify", str(tmp_path / "bad.ptau")]) == 1
    out = capsys.readouterr().out
    assert "INVALID: contribution #1 'zkgov contributor'" in out


def test_phase2_steps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path
    _copy(d, "chain.r1cs", "pot5_0002_prepared_by_snarkjs.ptau")
    r1cs, ptau = str(d / "chain.r1cs"), str(d / "pot5_0002_prepared_by_snarkjs.ptau")
    assert main(["ceremony", "new", r1cs, ptau, str(d / "c0.zkey"), "-q"]) == 0
    assert (d / "c0.zkey").read_bytes() == (FIXTURES / "chain_0000_by_snarkjs.zkey").read_bytes()
    assert main(["ceremony", "verify", r1cs, ptau, str(d / "c0.zkey"), "-q"]) == 1
    capsys.readouterr()
    assert main(["ceremony", "contribute", str(d / "c0.zkey"), str(d / "c1.zkey"),
                 "--name", "Tax office", "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(["ceremony", "beacon", str(d / "c1.zkey"), str(d / "c2.zkey"), BEACON_HEX,
                 str(BEACON_EXP), "--name", "Final Beacon", "-q"]) == 0
    assert main(["ceremony", "verify", r1cs, ptau, str(d / "c2.zkey"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["contributions"][0]["hash"] == first["hash"]
    assert main(["ceremony", "export", "verificationkey", str(d / "c2.zkey"),
                 str(d / "vk.json"), "-q"]) == 0
    vk = json.loads((d / "vk.json").read_text())
    assert vk["protocol"] == "groth16" and vk["nPublic"] == 2


def test_bad_input_exits_2_and_writes_nothing(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    d = tmp_path
    (d / "junk.ptau").write_bytes(b"not a ptau at all")
    assert main(["ptau", "contribute", str(d / "junk.ptau"), str(d / "out.ptau")]) == 2
    assert main(["ptau", "beacon", str(FIXTURES / "pot5_0002_zkgov.ptau"), str(d / "out.ptau"),
                 "xyz", "10"]) == 2
    assert main(["ptau", "verify", str(d / "missing.ptau")]) == 2
    assert main(["ceremony", "contribute", str(d / "junk.ptau"), str(d / "out.zkey")]) == 2
    assert main(["ptau", "contribute", str(d / "junk.ptau"), str(d / "junk.ptau")]) == 2
    err = capsys.readouterr().err
    assert err.count("zkgov: error:") == 5
    assert sorted(p.name for p in d.iterdir()) == ["junk.ptau"]


def test_installed_command_runs(tmp_path: Path) -> None:
    exe = ROOT / ".venv" / "bin" / "zkgov"
    if not exe.exists():
        pytest.skip("the zkgov console script is not installed in .venv")
    done = subprocess.run([str(exe), "ptau", "new", "2", str(tmp_path / "p.ptau")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([str(exe), "ptau", "verify", str(tmp_path / "p.ptau")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "no contributions" in done.stdout
