"""`zkgov mpc prove` refuses what it can before connecting: one line on stderr, exit 2, no
file written."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest

from circuits import Builder, Circuit, compile_circuit, private
from circuits.artifact import write_artifact
from circuits.gov.committed_range import CommittedValueInRange
from zk import groth16
from zk.formats.zkey import write_zkey
from zkgov.commands.mpc import main

HALVING = '''
from circuits import Circuit, private


class Halving(Circuit):
    x = private()

    def define(self, c):
        half = c.hint(lambda v: v // 2, self.x, label="halve")
        c.assert_eq(half + half, self.x)
'''


class OtherCircuit(Circuit):
    """Any other circuit, for a key that does not belong."""

    x = private()

    def define(self, c: Builder) -> None:
        c.assert_bool(self.x)


def _project(folder: Path, circuit: Circuit, ref: str, name: str) -> None:
    compiled = compile_circuit(circuit)
    write_artifact(compiled, ref, {}, folder, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (folder / f"{name}.zkey").write_bytes(write_zkey(groth16.setup(compiled.r1cs)))


@pytest.fixture
def deployment(tmp_path: Path, mpc_env: Any) -> Path:
    return mpc_env.write_deployment(tmp_path, 3, 1, tls=False)


def _prove(tmp_path: Path, config: Path, name: str, inputs: dict[str, Any], capsys: Any,
           *extra: str) -> tuple[int, str]:
    (tmp_path / "mine.json").write_text(json.dumps(inputs))
    code = main(["prove", str(tmp_path / name), "--id", "1", "--config", str(config),
                 "--inputs", str(tmp_path / "mine.json"), "--proof",
                 str(tmp_path / "proof.json"), "--insecure-plaintext", *extra])
    err = capsys.readouterr().err
    assert not (tmp_path / "proof.json").exists()
    return code, err


def test_an_arbitrary_hint_is_refused_before_connecting(tmp_path: Path, deployment: Path,
                                                        capsys: Any) -> None:
    (tmp_path / "halving.py").write_text(HALVING)
    from circuits import load_circuit

    cls = load_circuit(str(tmp_path / "halving.py") + ":Halving")
    _project(tmp_path, cls(), str(tmp_path / "halving.py") + ":Halving", "halving")
    code, err = _prove(tmp_path, deployment, "halving", {"x": 4}, capsys)
    assert code == 2 and "'halve'" in err and "secret shares" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize(("inputs", "message"), [
    ({"nonsense": 1}, "has no input 'nonsense'"),
    ({"value": "twelve"}, "'value' is not an integer"),
    ({"value": str(1 << 254)}, "not below the field modulus"),
])
def test_bad_own_inputs_are_refused_before_connecting(tmp_path: Path, deployment: Path,
                                                      capsys: Any, inputs: dict,
                                                      message: str) -> None:
    _project(tmp_path, CommittedValueInRange(), "circuits.gov.committed_range:"
             "CommittedValueInRange", "range")
    code, err = _prove(tmp_path, deployment, "range", inputs, capsys)
    assert code == 2 and message in err and "Traceback" not in err


def test_a_key_of_another_circuit_is_refused(tmp_path: Path, deployment: Path,
                                             capsys: Any) -> None:
    _project(tmp_path, CommittedValueInRange(), "circuits.gov.committed_range:"
             "CommittedValueInRange", "range")
    (tmp_path / "other").mkdir()
    _project(tmp_path / "other", OtherCircuit(), "tests:other", "other")
    code, err = _prove(tmp_path, deployment, "range", {"value": 1}, capsys, "--zkey",
                       str(tmp_path / "other" / "other.zkey"))
    assert code == 2 and "does not belong" in err


def test_reveal_to_must_name_parties(tmp_path: Path, deployment: Path, capsys: Any) -> None:
    _project(tmp_path, CommittedValueInRange(), "circuits.gov.committed_range:"
             "CommittedValueInRange", "range")
    code, err = _prove(tmp_path, deployment, "range", {"value": 1}, capsys, "--reveal-to", "7")
    assert code == 2 and "--reveal-to" in err
