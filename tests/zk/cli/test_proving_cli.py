"""`zkgov compile | setup | prove | verify | info` as a user runs them, including the failures:
exit codes, one-line errors, and no partial output files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zk.field import R
from zkgov.main import main

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "examples" / "income_below.py"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A directory with the example compiled, set up and proved once (shared: setup is the
    slow part), so every test finds a valid proof.json whichever worker runs it."""
    d = tmp_path_factory.mktemp("cli")
    (d / "inputs.json").write_text(json.dumps({"threshold": 3000000, "income": 2150000}))
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(d)
        assert main(["compile", str(EXAMPLE), "-q"]) == 0
        assert main(["setup", "income_below.r1cs", "-q"]) == 0
        assert main(["prove", "income_below", "--inputs", "inputs.json", "-q"]) == 0
    return d


def zkgov(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zkgov.main", *args], cwd=cwd, capture_output=True, text=True
    )


def test_compile_writes_r1cs_and_metadata(workdir):
    assert (workdir / "income_below.r1cs").read_bytes()[:4] == b"r1cs"
    meta = json.loads((workdir / "income_below.circuit.json").read_text())
    assert meta["public"] == ["threshold"] and meta["class"] == "IncomeBelow"
    assert (workdir / "income_below.zkey").read_bytes()[:4] == b"zkey"
    vk = json.loads((workdir / "verification_key.json").read_text())
    assert list(vk) == [
        "protocol",
        "curve",
        "nPublic",
        "vk_alpha_1",
        "vk_beta_2",
        "vk_gamma_2",
        "vk_delta_2",
        "vk_alphabeta_12",
        "IC",
    ]


def test_prove_and_verify(workdir, monkeypatch, capsys):
    monkeypatch.chdir(workdir)
    assert main(["prove", "income_below", "--inputs", "inputs.json", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["public_values"] == {"threshold": "3000000"}
    assert json.loads((workdir / "public.json").read_text()) == ["3000000"]
    proof = json.loads((workdir / "proof.json").read_text())
    assert list(proof) == ["pi_a", "pi_b", "pi_c", "protocol", "curve"]
    assert main(["verify", "verification_key.json", "public.json", "proof.json"]) == 0


def test_verify_says_no_with_exit_1(workdir, tmp_path):
    tampered = tmp_path / "public.json"
    tampered.write_text(json.dumps(["3000001"]))
    result = zkgov("verify", "verification_key.json", str(tampered), "proof.json", cwd=workdir)
    assert result.returncode == 1, result.stderr
    assert "INVALID" in result.stdout


@pytest.mark.parametrize(
    ("public", "message"),
    [([str(R)], "not a field element"), (["1", "2"], "expects 1"), ({"x": 1}, "JSON list")],
)
def test_verify_rejects_bad_public_inputs_with_exit_2(workdir, tmp_path, public, message):
    bad = tmp_path / "public.json"
    bad.write_text(json.dumps(public))
    result = zkgov("verify", "verification_key.json", str(bad), "proof.json", cwd=workdir)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_verify_rejects_point_off_the_curve_with_exit_2(workdir, tmp_path):
    proof = json.loads((workdir / "proof.json").read_text())
    proof["pi_a"][1] = str(int(proof["pi_a"][1]) + 1)
    bad = tmp_path / "proof.json"
    bad.write_text(json.dumps(proof))
    result = zkgov("verify", "verification_key.json", "public.json", str(bad), cwd=workdir)
    assert result.returncode == 2
    assert "pi_a is not a point on G1" in result.stderr


def test_unsatisfied_constraint_exits_2_and_writes_nothing(workdir, tmp_path):
    inputs = tmp_path / "too_rich.json"
    inputs.write_text(json.dumps({"threshold": 3000000, "income": 3000000}))
    out = tmp_path / "never.json"
    result = zkgov(
        "prove",
        "income_below",
        "--inputs",
        str(inputs),
        "--proof",
        str(out),
        "--public",
        str(tmp_path / "never_public.json"),
        cwd=workdir,
    )
    assert result.returncode == 2
    line = result.stderr.strip()
    assert "constraint #" in line and "left must be less than right" in line
    assert "Traceback" not in line and len(line.splitlines()) == 1
    assert not out.exists() and not (tmp_path / "never_public.json").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"threshold": 3000000', "not valid JSON"),
        ('{"threshold": 3000000}', "missing input(s): income"),
        ('{"threshold": 3000000, "income": "lots"}', "not an integer"),
        ("[]", "JSON object"),
    ],
)
def test_malformed_inputs_exit_2_in_one_line(workdir, tmp_path, content, message):
    inputs = tmp_path / "inputs.json"
    inputs.write_text(content)
    out = tmp_path / "proof.json"
    result = zkgov(
        "prove", "income_below", "--inputs", str(inputs), "--proof", str(out), cwd=workdir
    )
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_missing_files_are_one_line_errors(workdir):
    result = zkgov("verify", "nope.json", "public.json", "proof.json", cwd=workdir)
    assert result.returncode == 2 and "not found: nope.json" in result.stderr
    result = zkgov("prove", "nothing", "--inputs", "x.json", cwd=workdir)
    assert result.returncode == 2 and "zkgov compile" in result.stderr


def test_info_json(workdir, monkeypatch, capsys):
    monkeypatch.chdir(workdir)
    assert main(["info", "income_below.r1cs", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["constraints"] == 192
    assert main(["info", "verification_key.json", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["public_values"] == 1


def test_written_files_follow_the_umask_and_secrets_stay_private(tmp_path):
    import os
    import stat

    from zk.files import write_atomic

    umask = os.umask(0o027)
    try:
        write_atomic(tmp_path / "public.json", "[]")
        write_atomic(tmp_path / "party.key", b"secret", secret=True)
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "public.json").stat().st_mode) == 0o640
    assert stat.S_IMODE((tmp_path / "party.key").stat().st_mode) == 0o600


def test_atomic_writes_leave_nothing_behind(tmp_path, monkeypatch):
    import os

    from zk.files import write_atomic

    write_atomic(tmp_path / "a" / "b" / "proof.json", "{}")  # folders made as needed
    assert (tmp_path / "a" / "b" / "proof.json").read_text() == "{}"
    monkeypatch.chdir(tmp_path)
    write_atomic("bare.json", b"[]")  # a name without a folder lands in the current one
    assert (tmp_path / "bare.json").read_bytes() == b"[]"
    write_atomic("bare.json", "[1]")  # replaced whole
    assert (tmp_path / "bare.json").read_text() == "[1]"

    def failing_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    try:
        write_atomic("bare.json", "[2]")
    except OSError:
        pass
    else:
        raise AssertionError("the failed rename was not reported")
    assert (tmp_path / "bare.json").read_text() == "[1]"  # the old file stays
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_temporary_files_are_new_and_private(tmp_path):
    import os
    import stat

    from zk.files import _create_temporary

    names = set()
    for _ in range(50):
        fd, name = _create_temporary(str(tmp_path), "proof.json")
        os.close(fd)
        assert os.path.basename(name).startswith(".proof.json.")
        assert stat.S_IMODE(os.stat(name).st_mode) == 0o600
        names.add(name)
    assert len(names) == 50
