"""Collaborative proofs (in-process parties) verify under the circuit's ordinary key, like a
single prover's; false statements and inconsistent inputs stop every party."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

from circuits import Builder, Circuit, compile_circuit, output, private, public
from circuits.gadgets.poseidon import poseidon
from circuits.gov.examples import joint_income_below
from circuits.gov.joint_income import JointIncomeBelow, split_by_department
from circuits.types import field, u32, uint
from mpc.collab import prove_jointly
from mpc.errors import MpcConfigError, MpcInputError, MpcStatementError
from mpc.session import run_local
from zk import groth16
from zk.ceremony.ptau_setup import setup_from_ptau

PTAU8 = Path(__file__).resolve().parents[2] / "fixtures" / "circom" / "pot8.ptau"


class PreimageBelow(Circuit):
    """Poseidon preimage whose sum with another party's value stays below a public bound."""

    digest = public(field)
    bound = public(uint(34))
    x = private(u32)
    y = private(u32)
    total = output()

    def define(self, c: Builder) -> None:
        c.assert_eq(poseidon(c, [self.x]), self.digest)
        c.assert_less_than(self.x + self.y, self.bound, 34)
        self.total = self.x * self.y + self.x


class SmallComparison(Circuit):
    a = private(uint(24))
    b = private(uint(24))
    less = output()

    def define(self, c: Builder) -> None:
        self.less = c.less_than(self.a, self.b, 24)
        c.assert_bool(self.less)


def _dev_key(compiled: Any) -> groth16.ProvingKey:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return groth16.setup(compiled.r1cs)


def _jointly(compiled: Any, pk: Any, parts: list[dict[str, Any]], **kw: Any) -> list[Any]:
    return run_local(lambda rt, mine: prove_jointly(rt, compiled, pk, mine, **kw), n=3,
                     field="bn254", party_args=parts)


def _preimage_parts(x: int = 1234, y: int = 4321, bound: int = 10_000) -> list[dict[str, Any]]:
    from circuits.crypto.poseidon import poseidon as poseidon_hash

    return [{"x": x, "digest": str(poseidon_hash([x]))}, {"y": y}, {"bound": bound}]


@pytest.mark.parametrize("case", ["preimage", "gov"])
def test_joint_proof_verifies_like_a_single_provers(case: str) -> None:
    if case == "gov":
        compiled = JointIncomeBelow.compile()
        joint = joint_income_below()
        parts = list(split_by_department(joint).values())
    else:
        compiled = compile_circuit(PreimageBelow())
        parts = _preimage_parts()
        joint = {k: v for p in parts for k, v in p.items()}
    pk = _dev_key(compiled)
    results = _jointly(compiled, pk, parts)
    single_proof, single_public = groth16.prove(pk, compiled.witness(joint))
    vk = pk.verifying_key()
    assert groth16.verify(vk, single_public, single_proof)
    for result in results:
        assert result.public == single_public
        assert groth16.verify(vk, result.public, result.proof)
    # one proof, opened identically at every receiver, and a fresh one each time (r, s)
    assert len({str(r.proof) for r in results}) == 1
    assert str(results[0].proof) != str(single_proof)


def test_joint_proof_under_a_key_from_powers_of_tau() -> None:
    compiled = compile_circuit(SmallComparison())
    pk = setup_from_ptau(compiled.r1cs, PTAU8.read_bytes())
    results = _jointly(compiled, pk, [{"a": 99}, {"b": 1000}, {}])
    assert results[0].public == [1]
    # a key straight from powers of tau has had no phase-2 contribution yet (γ = δ)
    assert groth16.verify(pk.verifying_key(), results[0].public, results[0].proof,
                          allow_forgeable=True)


@pytest.mark.parametrize("parts", [
    _preimage_parts(x=6000, y=4000),  # the sum reaches the bound
    _preimage_parts(y=1 << 32),  # y does not fit 32 bits
    [{"x": 1234, "digest": "5"}, {"y": 1}, {"bound": 10_000}],  # a wrong preimage
])
def test_a_false_statement_cannot_be_proven_jointly(parts: list[dict[str, Any]]) -> None:
    compiled = compile_circuit(PreimageBelow())
    with pytest.raises(MpcStatementError, match="statement is false"):
        _jointly(compiled, _dev_key(compiled), parts)


def test_only_the_receivers_learn_the_proof() -> None:
    compiled = compile_circuit(PreimageBelow())
    pk = _dev_key(compiled)
    results = _jointly(compiled, pk, _preimage_parts(), receivers=[2])
    assert results[0].proof is None and results[0].public is None
    assert results[2].proof is None and results[2].public is None
    assert groth16.verify(pk.verifying_key(), results[1].public, results[1].proof)


@pytest.mark.parametrize(("parts", "message"), [
    ([{"x": 1, "digest": "1"}, {"y": 1, "x": 1}, {"bound": 9}], "both hold the private input 'x'"),
    ([{"x": 1, "digest": "1"}, {}, {"bound": 9}], "no party holds the private input 'y'"),
    ([{"x": 1, "digest": "1", "bound": 8}, {"y": 1}, {"bound": 9}], "different values for the "
     "public input 'bound'"),
    ([{"x": 1, "digest": "1"}, {"y": 1, "z": 2}, {"bound": 9}], "no input 'z'"),
])
def test_inconsistent_inputs_are_refused(parts: list[dict[str, Any]], message: str) -> None:
    compiled = compile_circuit(PreimageBelow())
    with pytest.raises(MpcInputError, match=message):
        _jointly(compiled, _dev_key(compiled), parts)


def test_a_key_of_another_circuit_is_refused() -> None:
    compiled = compile_circuit(PreimageBelow())
    other = _dev_key(compile_circuit(SmallComparison()))
    with pytest.raises(MpcConfigError, match="does not belong"):
        _jointly(compiled, other, _preimage_parts())
