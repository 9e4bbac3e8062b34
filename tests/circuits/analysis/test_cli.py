"""``zkgov analyze`` and the analyzer's part of ``zkgov compile`` / ``zkgov prove``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from zkgov.main import main

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "analysis"
EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "income_below.py"


def test_sound_python_circuit_exits_0(capsys):
    assert main(["analyze", str(EXAMPLE)]) == 0
    assert capsys.readouterr().out.startswith("ok: 192 constraints")


def test_ambiguous_output_exits_1_with_one_line_naming_the_signal(capsys):
    path = FIXTURES / "buggy" / "is_zero_missing_constraint.r1cs"
    assert main(["analyze", str(path), "--sym", str(path.with_suffix(".sym")), "-q"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [l for l in lines if l.startswith("error: main.out: ")] and len(lines) == 1


def test_sym_is_found_beside_the_r1cs_and_json_has_the_verdict(tmp_path, capsys):
    for suffix in (".r1cs", ".sym"):
        shutil.copy(FIXTURES / "sound" / f"is_zero{suffix}", tmp_path / f"c{suffix}")
    assert main(["analyze", str(tmp_path / "c.r1cs"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "pass" and data["exit"] == 0
    assert [f["signal"] for f in data["findings"]] == ["main.inv"]


def test_strict_fails_on_unknown(capsys):
    path = FIXTURES / "sound" / "num2bits_strict.r1cs"
    args = ["analyze", str(path), "--budget", "1", "--timeout-ms", "300", "-q"]
    assert main(args) == 0
    assert main([*args, "--strict"]) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["analyze", "missing.r1cs"],
        ["analyze", "missing.py"],
        ["analyze", "x.r1cs", "--param", "a=1"],
    ],
)
def test_bad_input_exits_2_with_one_line(args, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("zkgov: error: ") and err.count("\n") == 1


def test_a_sym_of_another_circuit_is_bad_input(tmp_path, capsys):
    big = FIXTURES / "sound" / "less_than.sym"
    small = FIXTURES / "sound" / "is_zero.r1cs"
    assert main(["analyze", str(small), "--sym", str(big)]) == 2
    assert "another circuit" in capsys.readouterr().err


def test_compile_warns_about_unused_and_untyped_inputs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loose.py").write_text(
        "from circuits import Circuit, private, u8\n\n\n"
        "class Loose(Circuit):\n"
        "    x = private(u8)\n"
        "    y = private()\n\n"
        "    def define(self, c):\n"
        "        pass\n"
    )
    assert main(["compile", "loose.py", "-q"]) == 0
    err = capsys.readouterr().err
    assert "warning: main.y: input that no constraint uses" in err
    assert "note: y: declared without a type" not in err  # notes are chatter under -q
    assert main(["compile", "loose.py"]) == 0
    assert "note: y: declared without a type" in capsys.readouterr().err


def test_prove_refuses_out_of_type_inputs_before_any_proof_work(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLE, tmp_path / "income_below.py")
    assert main(["compile", "income_below.py", "-q"]) == 0
    (tmp_path / "in.json").write_text('{"threshold": 30000, "income": -5}')
    assert main(["prove", "income_below", "--inputs", "in.json"]) == 2
    err = capsys.readouterr().err
    assert err == "zkgov: error: income (private, u64): -5 is not in 0..2^64−1\n"
    assert not (tmp_path / "proof.json").exists()
