"""The ready circuits through the ``zkgov`` command line.

A false statement stops ``zkgov prove`` before any key is read (exit 2, one line naming the
broken constraint), so those tests run everywhere. Full compile → setup → prove → verify runs
need the native curve backend: on the reference backend one setup takes minutes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from circuits.gov import examples
from zk.curve import available_backends
from zkgov.main import main

#: (circuit reference, parameters, inputs) — sizes kept small where a parameter allows it
CASES = {
    "age_at_least": ("circuits.gov.credential:AgeAtLeast", {}, examples.age_at_least),
    "income_at_most": ("circuits.gov.credential:IncomeAtMost", {}, examples.income_at_most),
    "registry_membership": (
        "circuits.gov.membership:RegistryMembership",
        {"depth": 8},
        lambda: examples.registry_membership(depth=8),
    ),
    "invoice_total": (
        "circuits.gov.invoice:InvoiceTotal",
        {"lines": 4},
        lambda: examples.invoice_total(lines=4),
    ),
    "chain_of_custody": (
        "circuits.gov.custody:ChainOfCustody",
        {"hops": 2, "depth": 3},
        lambda: examples.chain_of_custody(hops=2, depth=3),
    ),
    "committed_value_in_range": (
        "circuits.gov.committed_range:CommittedValueInRange",
        {},
        examples.committed_value_in_range,
    ),
}

needs_native = pytest.mark.skipif(
    "native" not in available_backends(),
    reason="the native curve backend is not built: a reference-backend setup takes minutes",
)


def _compile(tmp_path: Path, name: str) -> None:
    ref, params, _ = CASES[name]
    argv = ["compile", ref, "--name", name, "--out-dir", str(tmp_path), "--quiet"]
    for key, value in params.items():
        argv += ["--param", f"{key}={value}"]
    assert main(argv) == 0


def _write(path: Path, obj: object) -> Path:
    path.write_text(json.dumps(obj))
    return path


def test_false_statement_is_refused_with_the_reason(tmp_path: Path, capsys) -> None:
    _compile(tmp_path, "age_at_least")
    too_young = _write(tmp_path / "in.json", examples.age_at_least(min_age=60))
    proof = tmp_path / "proof.json"
    code = main(
        ["prove", str(tmp_path / "age_at_least"), "--inputs", str(too_young),
         "--proof", str(proof), "--public", str(tmp_path / "public.json"), "--quiet"]
    )
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert "younger than the minimum age" in err and len(err.splitlines()) == 1
    assert not proof.exists()


def test_non_member_is_refused(tmp_path: Path, capsys) -> None:
    _compile(tmp_path, "registry_membership")
    inputs = {**examples.registry_membership(depth=8), "secret": "42"}
    code = main(
        ["prove", str(tmp_path / "registry_membership"), "--inputs",
         str(_write(tmp_path / "in.json", inputs)), "--quiet",
         "--proof", str(tmp_path / "p.json"), "--public", str(tmp_path / "pub.json")]
    )
    assert code == 2
    assert "not in the tree" in capsys.readouterr().err


@needs_native
@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_prove_and_verify_through_the_cli(tmp_path: Path, name: str, capsys) -> None:
    _compile(tmp_path, name)
    zkey = tmp_path / f"{name}.zkey"
    vk = tmp_path / "verification_key.json"
    assert main(["setup", str(tmp_path / f"{name}.r1cs"), "--zkey", str(zkey),
                 "--vk", str(vk), "--quiet"]) == 0
    inputs = _write(tmp_path / "inputs.json", CASES[name][2]())
    proof, public = tmp_path / "proof.json", tmp_path / "public.json"
    assert main(["prove", str(tmp_path / name), "--inputs", str(inputs), "--zkey", str(zkey),
                 "--proof", str(proof), "--public", str(public), "--quiet"]) == 0
    assert main(["verify", str(vk), str(public), str(proof), "--quiet"]) == 0
    values = json.loads(public.read_text())
    values[-1] = str(int(values[-1]) + 1)  # change one public value: the proof must fail
    tampered = _write(tmp_path / "tampered.json", values)
    assert main(["verify", str(vk), str(tampered), str(proof), "--quiet"]) == 1
    capsys.readouterr()
