"""The exported Solidity verifier, compiled by solc 0.8 (npm) and run in an EVM
(@ethereumjs/vm): true for valid proofs, false — never a revert — for everything else."""

from __future__ import annotations

import json
import subprocess
import warnings
from pathlib import Path

import pytest

from tests.conftest import NODE_MODULES, node_tool
from zk import groth16
from zk.field import Q, R
from zk.formats.snarkjs_json import proof_from_json, public_from_json, vk_from_json
from zk.formats.solidity import calldata, calldata_values, solidity_verifier
from zk.formats.wtns import read_wtns_packed
from zk.formats.zkey import read_zkey
from zk.groth16.keys import Proof
from zk.r1cs import R1CS, Constraint, LinearCombination

from .conftest import load_json

pytestmark = pytest.mark.node
RUNNER = Path(__file__).with_name("evm_verify.mjs")


def _case(name: str, proof: Proof, public: list[int]) -> dict:
    a, b, c, inputs = calldata_values(proof, public)
    s = lambda values: [str(v) for v in values]  # noqa: E731
    return {"name": name, "a": s(a), "b": [s(b[0]), s(b[1])], "c": s(c), "input": s(inputs)}


def _run_evm(tmp_path: Path, source: str, name: str, cases: list[dict]) -> dict:
    for pkg in ("solc", "@ethereumjs/vm", "ethers"):
        node_tool(pkg)
    (tmp_path / "Verifier.sol").write_text(source)
    (tmp_path / "cases.json").write_text(json.dumps(cases))
    proc = subprocess.run(
        ["node", str(RUNNER), str(NODE_MODULES), str(tmp_path / "Verifier.sol"), name,
         str(tmp_path / "cases.json")],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_contract_accepts_valid_proofs_and_refuses_the_rest(circom_dir, tmp_path):
    d = circom_dir / "multiplier"
    vk = vk_from_json(load_json(d / "verification_key.json"))
    their_proof = proof_from_json(load_json(d / "proof.json"))
    public = public_from_json(load_json(d / "public.json"))
    pk = read_zkey((d / "circuit.zkey").read_bytes())
    _, witness = read_wtns_packed((d / "witness.wtns").read_bytes())
    our_proof, our_public = groth16.prove(pk, witness)
    assert our_public == public

    (bx0, bx1), (by0, by1) = our_proof.b
    cases = [
        _case("snarkjs proof", their_proof, public),
        _case("our proof", our_proof, public),
        _case("changed public input", our_proof, [public[0], public[1] + 1]),
        _case("public input not below r", our_proof, [public[0] + R, public[1]]),
        _case("A and C swapped", Proof(our_proof.c, our_proof.b, our_proof.a), public),
        _case("A off the curve", Proof((1, 3), our_proof.b, our_proof.c), public),
        _case("A coordinate not below q", Proof((our_proof.a[0] + Q, our_proof.a[1]),
                                                our_proof.b, our_proof.c), public),
        _case("B halves in snarkjs order", Proof(our_proof.a, ((bx1, bx0), (by1, by0)),
                                                 our_proof.c), public),
    ]
    out = _run_evm(tmp_path, solidity_verifier(vk, "MultiplierVerifier"), "MultiplierVerifier",
                   cases)
    assert out["solc"].startswith("0.8.")
    results = out["results"]
    assert all(r["success"] for r in results.values()), results  # nothing reverts
    assert {k: r["returned"] for k, r in results.items()} == {
        "snarkjs proof": True,
        "our proof": True,
        "changed public input": False,
        "public input not below r": False,
        "A and C swapped": False,
        "A off the curve": False,
        "A coordinate not below q": False,
        "B halves in snarkjs order": False,
    }
    assert results["our proof"]["gas"] < 300_000


def test_contract_for_a_circuit_without_public_values(tmp_path):
    lc = LinearCombination
    r1cs = R1CS(3, 0, 0, 1, [Constraint(lc({1: 1}), lc({1: 1}), lc({2: 1}))])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", groth16.DevelopmentSetupWarning)
        pk = groth16.setup(r1cs)
    proof, public = groth16.prove(pk, [1, 7, 49])
    assert public == []
    out = _run_evm(tmp_path, solidity_verifier(pk.verifying_key()), "Groth16Verifier", [
        _case("valid", proof, []),
        _case("extra input", proof, [1]),
        _case("tampered", Proof(proof.a, proof.b, proof.a), []),
    ])
    assert {k: r["returned"] for k, r in out["results"].items()} == {
        "valid": True, "extra input": False, "tampered": False}


def test_calldata_is_what_snarkjs_prints(circom_dir, snarkjs):
    d = circom_dir / "poseidon_pair"
    theirs = snarkjs("zkey", "export", "soliditycalldata", d / "public.json", d / "proof.json")
    ours = calldata(proof_from_json(load_json(d / "proof.json")),
                    public_from_json(load_json(d / "public.json")))
    assert ours == theirs.stdout.strip()

