"""The circuit artifact (``.circuit.json``) refers to its neighbours by relative paths, so a
project folder can be moved; ``prove`` finds it from the base name, the artifact or the .py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from circuits.artifact import find_artifact, read_artifact, write_artifact
from circuits.circuit import compile_circuit
from circuits.errors import CircuitError
from circuits.loader import load_circuit

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "income_below.py"
INPUTS = {"threshold": 30000, "income": 21500}


def _compile_into(project: Path) -> Path:
    source = project / "income_below.py"
    project.mkdir(parents=True)
    shutil.copy(EXAMPLE, source)
    cls = load_circuit(str(source))
    write_artifact(compile_circuit(cls()), str(source), {}, project / "build", "income_below")
    return project / "build" / "income_below.circuit.json"


def test_paths_are_relative_to_the_artifact(tmp_path):
    path = _compile_into(tmp_path / "project")
    stored = json.loads(path.read_text())
    assert stored["circuit"] == "../income_below.py"
    assert stored["r1cs"] == "income_below.r1cs"


def test_a_moved_project_folder_still_solves(tmp_path):
    _compile_into(tmp_path / "project")
    moved = tmp_path / "elsewhere" / "project"
    moved.parent.mkdir()
    shutil.move(str(tmp_path / "project"), moved)
    artifact = read_artifact(moved / "build" / "income_below.circuit.json")
    assert artifact.r1cs_path.is_file()
    assert artifact.zkey_path == moved / "build" / "income_below.zkey"
    compiled, witness = artifact.solve(INPUTS)
    assert compiled.public_names() == ["threshold"] and witness[0] == 1


def test_found_by_base_name_or_by_the_python_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLE, tmp_path / "income_below.py")
    cls = load_circuit("income_below.py")
    write_artifact(compile_circuit(cls()), "income_below.py", {}, tmp_path, "income_below")
    for name in ("income_below", "income_below.circuit.json", "income_below.py"):
        assert find_artifact(name).name == "income_below"


def test_an_edited_circuit_must_be_compiled_again(tmp_path):
    path = _compile_into(tmp_path / "project")
    source = tmp_path / "project" / "income_below.py"
    source.write_text(source.read_text().replace("u64", "u32").replace("bits=64", "bits=32"))
    with pytest.raises(CircuitError, match="compile it again"):
        read_artifact(path).solve(INPUTS)


def test_missing_or_foreign_artifacts_are_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CircuitError, match="run `zkgov compile` first"):
        find_artifact("nothing_here")
    (tmp_path / "x.circuit.json").write_text('{"format": "other"}')
    with pytest.raises(CircuitError, match="not a zkgov circuit artifact"):
        read_artifact(tmp_path / "x.circuit.json")
