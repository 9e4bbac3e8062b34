"""Three `zkgov mpc prove` processes over mutual TLS on loopback: the gov example's proof
verifies (zkgov and snarkjs), a false statement and a silent party stop everyone with exit 2,
and no party prints a share or a witness value."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import pytest

from circuits.artifact import write_artifact
from circuits.gov.examples import joint_income_below
from circuits.gov.joint_income import JointIncomeBelow, split_by_department
from tests.conftest import NODE_MODULES, node_tool
from zk import groth16
from zk.formats.snarkjs_json import proof_from_json, public_from_json, vk_to_json
from zk.formats.solidity import calldata_values, solidity_verifier
from zk.formats.zkey import write_zkey

FAULT_PROVER = [sys.executable, str(Path(__file__).with_name("fault_prover.py"))]
TIMEOUT = 4.0
EVM_RUNNER = Path(__file__).resolve().parents[2] / "zk" / "interop" / "evm_verify.mjs"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, groth16.ProvingKey]:
    """joint.circuit.json, joint.r1cs, joint.zkey and verification_key.json in one folder."""
    folder = tmp_path_factory.mktemp("joint")
    compiled = JointIncomeBelow.compile()
    write_artifact(compiled, "circuits.gov.joint_income:JointIncomeBelow", {}, folder, "joint")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pk = groth16.setup(compiled.r1cs)
    (folder / "joint.zkey").write_bytes(write_zkey(pk))
    (folder / "verification_key.json").write_text(json.dumps(vk_to_json(pk.verifying_key())))
    return folder, pk


def _deploy(folder: Path, mpc_env: Any, inputs: dict[str, Any]) -> Path:
    config = mpc_env.write_deployment(folder, 3, 1, timeout=TIMEOUT)
    for dept, mine in split_by_department(inputs).items():
        (folder / f"{dept}.json").write_text(json.dumps(mine))
    return config


def _command(i: int, config: Path, folder: Path, mpc_env: Any, cli: list[str] | None = None
             ) -> list[str]:
    dept = ("tax", "social", "housing")[i - 1]
    return [*(cli or [*mpc_env.mpc, "prove"]), str(folder / "joint"), "--id", str(i), "--config",
            str(config), "--inputs", str(config.parent / f"{dept}.json"),
            "--proof", str(folder / f"proof-{i}.json"),
            "--public", str(folder / f"public-{i}.json"), "--json"]


PUBLIC_NAMES = ("household", "threshold", "tax_commitment", "social_commitment",
                "housing_commitment")


@pytest.fixture(scope="module")
def joint_run(project: Any, tmp_path_factory: pytest.TempPathFactory, mpc_env_module: Any
              ) -> tuple[Path, dict[str, Any], list[tuple[int, str, str]]]:
    """The three departments' processes, run once: (project folder, inputs, outcomes)."""
    folder, _ = project
    inputs = joint_income_below()
    deploy = tmp_path_factory.mktemp("deploy")
    config = _deploy(deploy, mpc_env_module, inputs)
    outcomes = mpc_env_module.finish(mpc_env_module.start_parties(
        [_command(i, config, folder, mpc_env_module) for i in (1, 2, 3)], deploy))
    return folder, inputs, outcomes


@pytest.fixture(scope="module")
def mpc_env_module() -> Any:
    from tests.mpc.conftest import Helpers

    return Helpers


def test_three_departments_prove_over_tls(project: Any, joint_run: Any) -> None:
    _, pk = project
    folder, inputs, outcomes = joint_run
    assert [rc for rc, _, _ in outcomes] == [0, 0, 0], outcomes
    expected_public = [int(inputs[k]) for k in PUBLIC_NAMES]
    proofs = set()
    for i in (1, 2, 3):
        public = public_from_json(json.loads((folder / f"public-{i}.json").read_text()))
        proof = proof_from_json(json.loads((folder / f"proof-{i}.json").read_text()))
        assert public == expected_public
        assert groth16.verify(pk.verifying_key(), public, proof)
        proofs.add((folder / f"proof-{i}.json").read_text())
    assert len(proofs) == 1
    report = json.loads(outcomes[0][1])
    assert report["rounds"] > 0 and report["bytes_sent"] > 0
    _assert_logs_hold_no_secret(outcomes, inputs, PUBLIC_NAMES)


def _assert_logs_hold_no_secret(outcomes: list[tuple[int, str, str]], inputs: dict[str, Any],
                                public_names: tuple[str, ...]) -> None:
    """Only declared public values may appear as long numbers; no private value at all."""
    logs = "\n".join(out + err for _, out, err in outcomes)
    public = {str(inputs[k]) for k in public_names}
    long_numbers = set(re.findall(r"\d{12,}", logs))
    assert long_numbers <= public, long_numbers - public
    compiled = JointIncomeBelow.compile()
    witness = compiled.witness(inputs)
    n_public = compiled.r1cs.n_public
    secret = {str(v) for v in witness[n_public + 1:] if v > 1000} | {
        str(v) for k, v in inputs.items() if k not in public_names}
    for value in secret:
        assert not re.search(rf"(?<!\d){value}(?!\d)", logs), "a private value was printed"


def test_snarkjs_accepts_the_joint_proof(joint_run: Any) -> None:
    folder, _, outcomes = joint_run
    assert outcomes[0][0] == 0, outcomes
    cli = node_tool("snarkjs") / "build" / "cli.cjs"
    done = subprocess.run(["node", str(cli), "groth16", "verify",
                           str(folder / "verification_key.json"), str(folder / "public-1.json"),
                           str(folder / "proof-1.json")], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and "OK" in done.stdout, done.stdout + done.stderr


def test_the_solidity_verifier_accepts_the_joint_proof(project: Any, joint_run: Any,
                                                       tmp_path: Path) -> None:
    _, pk = project
    folder, _, outcomes = joint_run
    assert outcomes[0][0] == 0, outcomes
    for package in ("solc", "@ethereumjs/vm", "ethers"):
        node_tool(package)
    proof = proof_from_json(json.loads((folder / "proof-1.json").read_text()))
    public = public_from_json(json.loads((folder / "public-1.json").read_text()))
    cases = [_evm_case("joint proof", proof, public),
             _evm_case("another threshold", proof, [public[0], public[1] + 1, *public[2:]])]
    (tmp_path / "Verifier.sol").write_text(solidity_verifier(pk.verifying_key(), "Joint"))
    (tmp_path / "cases.json").write_text(json.dumps(cases))
    done = subprocess.run(["node", str(EVM_RUNNER), str(NODE_MODULES),
                           str(tmp_path / "Verifier.sol"), "Joint", str(tmp_path / "cases.json")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)["results"]
    assert {k: r["returned"] for k, r in results.items()} == {"joint proof": True,
                                                               "another threshold": False}


def _evm_case(name: str, proof: Any, public: list[int]) -> dict[str, Any]:
    a, b, c, inputs = calldata_values(proof, public)
    text = lambda values: [str(v) for v in values]  # noqa: E731
    return {"name": name, "a": text(a), "b": [text(b[0]), text(b[1])], "c": text(c),
            "input": text(inputs)}


def test_a_false_statement_stops_every_party(project: Any, tmp_path: Path,
                                             mpc_env: Any) -> None:
    folder, _ = project
    inputs = joint_income_below(incomes=(14_200, 6_350, 4_450))  # exactly the threshold
    config = _deploy(tmp_path, mpc_env, inputs)
    for i in (1, 2, 3):
        (folder / f"proof-false-{i}.json").unlink(missing_ok=True)
    commands = [_command(i, config, folder, mpc_env) for i in (1, 2, 3)]
    for i, cmd in enumerate(commands, start=1):
        cmd[cmd.index("--proof") + 1] = str(folder / f"proof-false-{i}.json")
    outcomes = mpc_env.finish(mpc_env.start_parties(commands, tmp_path))
    for rc, out, err in outcomes:
        assert rc == 2 and "statement is false" in err and "Traceback" not in err, (out, err)
    assert not any((folder / f"proof-false-{i}.json").exists() for i in (1, 2, 3))


@pytest.mark.parametrize("fault", ["crash", "stall"])
def test_a_party_that_drops_out_stops_the_others_within_the_deadline(
        project: Any, tmp_path: Path, mpc_env: Any, fault: str) -> None:
    folder, _ = project
    config = _deploy(tmp_path, mpc_env, joint_income_below())
    commands = [_command(i, config, folder, mpc_env) for i in (1, 2)]
    faulty = _command(3, config, folder, mpc_env,
                      cli=[*FAULT_PROVER, "--fault", fault, "--after", "40", "--"])
    procs = mpc_env.start_parties([*commands, faulty], tmp_path)
    started = time.monotonic()
    outcomes = mpc_env.finish(procs[:2], timeout=60)
    elapsed = time.monotonic() - started
    procs[2].kill()
    procs[2].communicate()
    for rc, out, err in outcomes:
        # a party may see the other survivor time out first (it waits on party 3 too)
        assert rc == 2 and re.search(r"party [23]", err) and "Traceback" not in err, (out, err)
    assert any("party 3" in err for _, _, err in outcomes), outcomes
    # start-up and the work before the fault take a few seconds; waiting is bounded by TIMEOUT
    assert elapsed < 30 + TIMEOUT
