"""What we write, snarkjs 0.7.6 accepts: our ``.r1cs``, ``.wtns``, ``.zkey`` and proofs."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest

from circuits import load_circuit
from zk import groth16
from zk.ceremony.ptau_setup import setup_from_ptau
from zk.formats.r1cs import write_r1cs
from zk.formats.snarkjs_json import (
    proof_from_json,
    proof_to_json,
    public_from_json,
    public_to_json,
    vk_to_json,
)
from zk.formats.wtns import write_wtns
from zk.formats.zkey import write_zkey

from .conftest import load_json

pytestmark = pytest.mark.node

CIRCUIT = '''
from circuits import Circuit, output, private, public


class CubePlusX(Circuit):
    """out = y³ + x with x public and y private."""

    out = output()
    x = public()
    y = private()

    def define(self, c):
        square = self.y * self.y
        self.out = square * self.y + self.x
'''


@pytest.fixture(scope="module")
def ours(tmp_path_factory):
    """Our circuit, witness, development key and proof, written to a folder."""
    folder: Path = tmp_path_factory.mktemp("ours")
    (folder / "cube.py").write_text(CIRCUIT)
    compiled = load_circuit(str(folder / "cube.py")).compile()
    witness = compiled.witness({"x": 5, "y": 3})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", groth16.DevelopmentSetupWarning)
        pk = groth16.setup(compiled.r1cs)
    proof, public = groth16.prove(pk, witness)
    (folder / "circuit.r1cs").write_bytes(write_r1cs(compiled.r1cs))
    (folder / "witness.wtns").write_bytes(write_wtns(witness))
    (folder / "circuit.zkey").write_bytes(write_zkey(pk))
    (folder / "verification_key.json").write_text(json.dumps(vk_to_json(pk.verifying_key())))
    (folder / "proof.json").write_text(json.dumps(proof_to_json(proof)))
    (folder / "public.json").write_text(json.dumps(public_to_json(public)))
    return folder, compiled, pk, public


def test_snarkjs_r1cs_info_reads_our_r1cs(ours, snarkjs):
    folder, compiled, _, _ = ours
    out = snarkjs("r1cs", "info", folder / "circuit.r1cs").stdout
    numbers = dict(re.findall(r"# of (\w[\w ]*): (\d+)", out))
    r1cs = compiled.r1cs
    assert int(numbers["Wires"]) == r1cs.n_wires
    assert int(numbers["Constraints"]) == r1cs.n_constraints
    assert int(numbers["Outputs"]) == 1
    assert int(numbers["Public Inputs"]) == 1
    assert int(numbers["Private Inputs"]) == 1


def test_snarkjs_wtns_check_accepts_our_witness(ours, snarkjs):
    folder, *_ = ours
    out = snarkjs("wtns", "check", folder / "circuit.r1cs", folder / "witness.wtns").stdout
    assert "WITNESS IS CORRECT" in out


def test_snarkjs_wtns_check_rejects_a_wrong_witness(ours, snarkjs, tmp_path):
    folder, compiled, _, _ = ours
    witness = compiled.witness({"x": 5, "y": 3})
    witness[1] += 1  # the output
    (tmp_path / "bad.wtns").write_bytes(write_wtns(witness))
    proc = snarkjs("wtns", "check", folder / "circuit.r1cs", tmp_path / "bad.wtns", check=False)
    assert "WITNESS IS CORRECT" not in proc.stdout


def test_snarkjs_proves_with_our_zkey(ours, snarkjs, tmp_path):
    folder, _, pk, public = ours
    snarkjs("groth16", "prove", folder / "circuit.zkey", folder / "witness.wtns",
            tmp_path / "proof.json", tmp_path / "public.json")
    their_proof = proof_from_json(load_json(tmp_path / "proof.json"))
    their_public = public_from_json(load_json(tmp_path / "public.json"))
    assert their_public == public == [32, 5]
    assert groth16.verify(pk.verifying_key(), their_public, their_proof,
                          allow_forgeable=True)  # no phase-2 contribution yet


def test_snarkjs_exports_the_same_verification_key(ours, snarkjs, tmp_path):
    folder, _, pk, _ = ours
    snarkjs("zkey", "export", "verificationkey", folder / "circuit.zkey", tmp_path / "vk.json")
    assert load_json(tmp_path / "vk.json") == vk_to_json(pk.verifying_key())


def test_snarkjs_verifies_our_proof_and_rejects_a_tampered_one(ours, snarkjs, tmp_path):
    folder, *_ = ours
    ok = snarkjs("groth16", "verify", folder / "verification_key.json",
                 folder / "public.json", folder / "proof.json")
    assert "OK!" in ok.stdout
    (tmp_path / "public.json").write_text(json.dumps(["32", "6"]))
    bad = snarkjs("groth16", "verify", folder / "verification_key.json",
                  tmp_path / "public.json", folder / "proof.json", check=False)
    assert bad.returncode != 0 and "Invalid proof" in bad.stdout + bad.stderr


def test_snarkjs_zkey_verify_accepts_our_key_from_ptau(circom_dir, snarkjs, tmp_path):
    """`snarkjs zkey verify` recomputes the key from the .r1cs and .ptau, hash included."""
    from zk.formats.r1cs import read_r1cs

    r1cs_path = circom_dir / "multiplier" / "circuit.r1cs"
    pk = setup_from_ptau(read_r1cs(r1cs_path.read_bytes()),
                         (circom_dir / "pot8.ptau").read_bytes())
    (tmp_path / "ours.zkey").write_bytes(write_zkey(pk))
    out = snarkjs("zkey", "verify", r1cs_path, circom_dir / "pot8.ptau", tmp_path / "ours.zkey")
    assert "ZKey Ok!" in out.stdout
