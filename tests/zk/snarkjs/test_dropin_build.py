"""A circom project's build script run once with snarkjs and once with ``zkgov`` in its place
(only the program name changed), then each tool checks the other's files, and both Solidity
verifiers accept the calldata in an EVM.

The script (tests/fixtures/circom/dropin/build.sh) is tangle-network/protocol-solidity's
phase-1, phase-2 and proving sequence, at power 8, on the poseidon_pair circuit (circomlib's
Poseidon)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import NODE_MODULES, node_tool

from .conftest import CIRCOM, FIXTURES

pytestmark = [pytest.mark.node, pytest.mark.slow]
SCRIPT = FIXTURES / "circom" / "dropin" / "build.sh"
EVM_RUNNER = Path(__file__).resolve().parents[1] / "interop" / "evm_verify.mjs"
ZKGOV = str(Path(sys.executable).with_name("zkgov"))


def _build(program: str, folder: Path, compiled: Path) -> subprocess.CompletedProcess:
    folder.mkdir()
    env = {**os.environ, "SNARKJS": program, "POWER": "8",
           "R1CS": str(compiled / "poseidon_pair.r1cs"),
           "WASM": str(compiled / "poseidon_pair_js" / "poseidon_pair.wasm"),
           "SYM": str(compiled / "poseidon_pair.sym"),
           "INPUT": str(CIRCOM / "poseidon_pair" / "input.json")}
    proc = subprocess.run(["bash", str(SCRIPT)], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, f"{program}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


def _calldata(path: Path) -> dict:
    a, b, c, inputs = json.loads("[" + path.read_text() + "]")
    return {"a": a, "b": b, "c": c, "input": inputs}


def _evm(tmp_path: Path, sol: Path, contract: str, cases: list[dict]) -> dict:
    for pkg in ("solc", "@ethereumjs/vm", "ethers"):
        node_tool(pkg)
    cases_file = tmp_path / f"{contract}_{sol.parent.parent.parent.name}.json"
    cases_file.write_text(json.dumps(cases))
    proc = subprocess.run(["node", str(EVM_RUNNER), str(NODE_MODULES), str(sol), contract,
                           str(cases_file)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return {k: r["returned"] for k, r in json.loads(proc.stdout)["results"].items()}


def test_build_script_with_zkgov_in_place_of_snarkjs(snarkjs, compiled_fixtures, tmp_path):
    compiled = compiled_fixtures["poseidon_pair"]
    cli = node_tool("snarkjs") / "build" / "cli.cjs"
    _build(f"node {cli}", tmp_path / "snarkjs", compiled)
    _build(ZKGOV, tmp_path / "zkgov", compiled)
    theirs, ours = tmp_path / "snarkjs" / "build", tmp_path / "zkgov" / "build"
    r1cs = compiled / "poseidon_pair.r1cs"

    # deterministic outputs: the same bytes
    assert (ours / "circuit" / "witness.wtns").read_bytes() == \
        (theirs / "circuit" / "witness.wtns").read_bytes()
    assert json.loads((ours / "circuit" / "public.json").read_text()) == \
        json.loads((theirs / "circuit" / "public.json").read_text())

    def zkgov(*args, expect=0):
        proc = subprocess.run([ZKGOV, *map(str, args)], capture_output=True, text=True,
                              timeout=300)
        assert proc.returncode == expect, (args, proc.stdout, proc.stderr)
        return proc.stdout

    # each tool accepts the other's ceremony files, keys and proofs
    for mine, other in ((ours, theirs), (theirs, ours)):
        ptau, zkey = other / "ptau" / "pot8_final.ptau", other / "circuit" / "circuit_final.zkey"
        vk, public, proof = (other / "circuit" / n for n in
                             ("verification_key.json", "public.json", "proof.json"))
        if mine is ours:
            zkgov("powersoftau", "verify", ptau)
            zkgov("zkey", "verify", r1cs, ptau, zkey)
            zkgov("groth16", "verify", vk, public, proof)
        else:
            assert "Powers of Tau Ok!" in snarkjs("powersoftau", "verify", ptau).stdout
            assert "ZKey Ok!" in snarkjs("zkey", "verify", r1cs, ptau, zkey).stdout
            assert "OK!" in snarkjs("groth16", "verify", vk, public, proof).stdout

    # the same calldata text for the same proof
    printed = zkgov("zkey", "export", "soliditycalldata", theirs / "circuit" / "public.json",
                    theirs / "circuit" / "proof.json")
    assert printed == (theirs / "circuit" / "calldata.txt").read_text()

    # both verifier contracts accept their calldata, and refuse a changed public input
    for build in (ours, theirs):
        good = _calldata(build / "circuit" / "calldata.txt")
        bad = {**good, "input": [hex(int(good["input"][0], 16) + 1), *good["input"][1:]]}
        results = _evm(tmp_path, build / "circuit" / "verifier.sol", "Groth16Verifier",
                       [{"name": "valid", **good}, {"name": "changed input", **bad}])
        assert results == {"valid": True, "changed input": False}, build
