"""`zkgov inputs CIRCUIT` prints an inputs.json template a user can fill in and prove with."""

from __future__ import annotations

import json
from pathlib import Path

from zkgov.main import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "income_below.py"


def test_template_from_a_circuit_file_and_from_its_artifact(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["inputs", str(EXAMPLE)]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == {"threshold": 0, "income": 0}
    assert "income (private)" in captured.err
    assert main(["compile", str(EXAMPLE), "-q"]) == 0
    assert main(["inputs", "income_below", "-q"]) == 0
    assert json.loads(capsys.readouterr().out) == {"threshold": 0, "income": 0}


def test_arrays_and_parameters(capsys):
    ref = "circuits.gov.membership:RegistryMembership"
    assert main(["inputs", ref, "--param", "depth=3", "-q"]) == 0
    template = json.loads(capsys.readouterr().out)
    lists = [v for v in template.values() if isinstance(v, list)]
    assert lists and all(len(v) == 3 for v in lists)


def test_unknown_circuit_is_one_line_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["inputs", "nothing_here"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "zkgov compile" in err[0]
