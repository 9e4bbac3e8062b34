"""``zkgov groth16 fullprove``: circom's witness from the ``.wasm`` and a proof from the
memory-mapped ``.zkey``, which ``groth16 verify`` accepts; a key of another circuit is refused."""

from __future__ import annotations

import json
import shutil

from zkgov.main import main


def test_fullprove_proves_what_verify_accepts(circom_dir, tmp_path, capsys):
    wasm = circom_dir / "wasm" / "multiplier.wasm"
    key = circom_dir / "multiplier" / "circuit.zkey"
    vk = circom_dir / "multiplier" / "verification_key.json"
    shutil.copy(circom_dir / "multiplier" / "input.json", tmp_path / "input.json")
    proof, public = tmp_path / "proof.json", tmp_path / "public.json"
    assert main(["groth16", "fullprove", str(tmp_path / "input.json"), str(wasm), str(key),
                 str(proof), str(public)]) == 0
    expected = json.loads((circom_dir / "multiplier" / "public.json").read_text())
    assert json.loads(public.read_text()) == expected
    capsys.readouterr()
    assert main(["groth16", "verify", str(vk), str(public), str(proof)]) == 0
    assert "OK" in capsys.readouterr().out


def test_fullprove_refuses_another_circuits_key(circom_dir, tmp_path, capsys):
    wasm = circom_dir / "wasm" / "guarded.wasm"
    shutil.copy(circom_dir / "wasm" / "guarded_input.json", tmp_path / "input.json")
    key = circom_dir / "multiplier" / "circuit.zkey"
    code = main(["groth16", "fullprove", str(tmp_path / "input.json"), str(wasm), str(key),
                 str(tmp_path / "proof.json"), str(tmp_path / "public.json")])
    assert code == 2
    assert "zkgov: error:" in capsys.readouterr().err
    assert not (tmp_path / "proof.json").exists()
