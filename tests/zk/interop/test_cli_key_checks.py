"""The commands refuse forgeable keys (exit 2, one line, no output file), warn when they
prove with or export an uncontributed key, and refuse non-canonical public inputs."""

from __future__ import annotations

import copy
import json

import pytest

from zkgov.main import main

from .conftest import load_json


def run(*argv) -> int:
    return main([str(a) for a in argv])


def _only_error(capsys, fragment: str) -> None:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("zkgov: error: ") and fragment in err[0], err


@pytest.fixture
def multiplier(circom_dir):
    return circom_dir / "multiplier"


@pytest.mark.parametrize("copy_from, to", [("vk_gamma_2", "vk_delta_2"),
                                           ("vk_gamma_2", "vk_beta_2")])
def test_verify_and_solidity_export_refuse_a_forgeable_key(multiplier, tmp_path, capsys,
                                                           copy_from, to):
    weak = copy.deepcopy(load_json(multiplier / "verification_key.json"))
    weak[to] = weak[copy_from]
    (tmp_path / "weak.json").write_text(json.dumps(weak))
    assert run("verify", tmp_path / "weak.json", multiplier / "public.json",
               multiplier / "proof.json") == 2
    _only_error(capsys, "forgeable")
    assert run("export", "solidity", tmp_path / "weak.json", "-o", tmp_path / "V.sol") == 2
    _only_error(capsys, "forgeable")
    assert not (tmp_path / "V.sol").exists()


def test_verify_refuses_a_non_canonical_public_input(multiplier, tmp_path, capsys):
    (tmp_path / "public.json").write_text(json.dumps(["033", "3"]))
    assert run("verify", multiplier / "verification_key.json", tmp_path / "public.json",
               multiplier / "proof.json") == 2
    _only_error(capsys, "canonical decimal")


def test_export_of_an_uncontributed_key_warns(multiplier, tmp_path, capsys):
    assert run("zkey", "export", "verificationkey", multiplier / "circuit_0000.zkey",
               tmp_path / "vk.json") == 0
    assert "no phase-2 contribution" in capsys.readouterr().err
    assert run("zkey", "export", "verificationkey", multiplier / "circuit.zkey",
               tmp_path / "vk2.json") == 0
    assert "warning" not in capsys.readouterr().err
