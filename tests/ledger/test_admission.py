"""Proof records are verified before they are admitted; commitments are validated."""

from __future__ import annotations

import copy
import hashlib
import warnings

import pytest

from ledger.admission import admit_proof, verification_key_json
from ledger.errors import RecordError, RejectedProofError
from ledger.records import canonical_json, decode_record, encode_record
from zk import groth16
from zk.errors import FormatError, PointError, ZkError
from zk.formats.snarkjs_json import (
    proof_to_json,
    public_to_json,
    vk_from_json,
    vk_hash,
    vk_to_json,
)
from zk.r1cs import R1CS, Constraint, LinearCombination


def test_snarkjs_proof_is_admitted(snarkjs_multiplier):
    m = snarkjs_multiplier
    admitted = admit_proof(m["verification_key"], m["proof"], m["public"], "multiplier", "clerk")
    record = admitted.record
    assert record.public_inputs == ("33", "3")
    assert record.proof["pi_a"] == m["proof"]["pi_a"]
    digest, stored = admitted.verification_key
    assert hashlib.sha256(stored).digest() == digest
    assert record.vk_hash == digest.hex()
    # the documented hash is zk.formats.snarkjs_json.vk_hash of the parsed key
    assert record.vk_hash == vk_hash(vk_from_json(m["verification_key"]))
    assert decode_record(encode_record(admitted.stamped("2024-01-01T00:00:00.000000Z")))


def test_altered_public_input_is_rejected(snarkjs_multiplier):
    m = snarkjs_multiplier
    with pytest.raises(RejectedProofError, match="nothing was appended"):
        admit_proof(m["verification_key"], m["proof"], ["34", "3"], "multiplier", "clerk")


def test_wrong_key_is_rejected(snarkjs_multiplier):
    m = snarkjs_multiplier
    wrong = copy.deepcopy(m["verification_key"])
    wrong["vk_delta_2"] = wrong["vk_gamma_2"]  # a valid key, but not this proof's
    with pytest.raises(RejectedProofError):
        admit_proof(wrong, m["proof"], m["public"], "multiplier", "clerk")


@pytest.mark.parametrize(
    ("mutate", "error"),
    [
        (lambda m: m["proof"].pop("pi_a"), FormatError),
        (lambda m: m["proof"].__setitem__("pi_a", ["x", "y", "1"]), ZkError),
        (lambda m: m.__setitem__("public", ["33"]), RecordError),
        (lambda m: m.__setitem__("public", {"a": 1}), FormatError),
        (lambda m: m["verification_key"].__setitem__("protocol", "plonk"), FormatError),
    ],
)
def test_malformed_inputs_are_refused_before_verifying(snarkjs_multiplier, mutate, error):
    m = copy.deepcopy(snarkjs_multiplier)
    mutate(m)

    def never(*_args):
        raise AssertionError("malformed input reached the verifier")

    with pytest.raises(error):
        admit_proof(m["verification_key"], m["proof"], m["public"], "multiplier", "clerk",
                    verify=never)


def test_points_off_the_curve_are_named(snarkjs_multiplier):
    m = copy.deepcopy(snarkjs_multiplier)
    m["proof"]["pi_c"] = ["1", "3", "1"]
    with pytest.raises(PointError, match="pi_c"):
        admit_proof(m["verification_key"], m["proof"], m["public"], "multiplier", "clerk",
                    verify=lambda *a: False)


@pytest.mark.parametrize("name", ["", "   ", "x" * 257, "tab\tname"])
def test_bad_names(snarkjs_multiplier, name):
    m = snarkjs_multiplier
    with pytest.raises(RecordError):
        admit_proof(m["verification_key"], m["proof"], m["public"], name, "clerk",
                    verify=lambda *a: True)


def test_oversized_public_inputs(snarkjs_multiplier):
    m = snarkjs_multiplier
    with pytest.raises(RecordError, match="limit"):
        admit_proof(m["verification_key"], m["proof"], ["1" * 70] * 4000, "multiplier", "clerk",
                    verify=lambda *a: True)


def test_zkgov_prover_output_is_admitted():
    """The lead's prover and our admission agree: a fresh proof of x·x = y is accepted."""
    r1cs = R1CS(n_wires=3, n_public_outputs=1, n_public_inputs=0, n_private_inputs=1,
                constraints=[Constraint(LinearCombination.wire(2), LinearCombination.wire(2),
                                        LinearCombination.wire(1))])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", groth16.DevelopmentSetupWarning)
        pk = groth16.setup(r1cs)
    proof, public = groth16.prove(pk, [1, 49, 7])
    vk = pk.verifying_key()
    admitted = admit_proof(vk_to_json(vk), proof_to_json(proof), public_to_json(public),
                           "square", "tester")
    assert admitted.record.public_inputs == ("49",)
    assert admitted.verification_key[1] == canonical_json(verification_key_json(vk))



def test_a_forgeable_key_is_refused(snarkjs_multiplier):
    from zk.curve import get_backend
    from zk.groth16.keys import Proof

    weak = copy.deepcopy(snarkjs_multiplier["verification_key"])
    weak["vk_delta_2"] = weak["vk_gamma_2"]
    vk = vk_from_json(weak)
    be = get_backend()
    invented = [1, 2]
    acc = vk.ic[0]
    for x, point in zip(invented, vk.ic[1:], strict=True):
        acc = be.g1_add(acc, be.g1_mul(point, x))
    forged = Proof(vk.alpha1, vk.beta2, be.g1_neg(acc))
    assert groth16.verify(vk, invented, forged, allow_forgeable=True)  # the forgery is real ...
    with pytest.raises(RejectedProofError, match="anyone can forge"):  # ... and refused
        admit_proof(weak, proof_to_json(forged), public_to_json(invented), "multiplier", "clerk")
