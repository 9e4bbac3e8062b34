"""Files made by circom2 + snarkjs 0.7.6: we verify their proofs, prove with their keys and
witnesses, and their verification key accepts our proofs (no node needed)."""

from __future__ import annotations

import json

import pytest

from zk import groth16
from zk.field import R
from zk.formats.r1cs import read_r1cs
from zk.formats.snarkjs_json import (
    proof_from_json,
    public_from_json,
    vk_from_json,
    vk_to_json,
)
from zk.formats.wtns import read_wtns, read_wtns_packed
from zk.formats.zkey import read_zkey
from zk.groth16.keys import Proof
from zk.r1cs import public_values

from .conftest import load_json

SMALL = ["multiplier", "poseidon_pair"]
ALL = [*SMALL, "merkle_membership"]


def _their(circom_dir, name):
    d = circom_dir / name
    return (
        vk_from_json(load_json(d / "verification_key.json")),
        public_from_json(load_json(d / "public.json")),
        proof_from_json(load_json(d / "proof.json")),
    )


@pytest.mark.parametrize("name", ALL)
def test_we_verify_their_proofs(circom_dir, name):
    vk, public, proof = _their(circom_dir, name)
    assert groth16.verify(vk, public, proof)
    tampered = list(public)
    tampered[-1] = (tampered[-1] + 1) % R
    assert not groth16.verify(vk, tampered, proof)
    swapped = Proof(proof.c, proof.b, proof.a)
    assert not groth16.verify(vk, public, swapped)


@pytest.mark.parametrize("name", ALL)
def test_their_public_json_is_the_witness_public_part(circom_dir, name):
    r1cs = read_r1cs((circom_dir / name / "circuit.r1cs").read_bytes())
    witness = read_wtns((circom_dir / name / "witness.wtns").read_bytes())
    _, public, _ = _their(circom_dir, name)
    assert public_values(r1cs, witness) == public


@pytest.mark.parametrize("name", ALL)
def test_our_vk_export_equals_theirs(circom_dir, name):
    pk = read_zkey((circom_dir / name / "circuit.zkey").read_bytes())
    ours = vk_to_json(pk.verifying_key())
    text = (circom_dir / name / "verification_key.json").read_text()
    assert ours == json.loads(text)  # vk_alphabeta_12 included
    assert json.dumps(ours, indent=1) == text.rstrip("\n")


def _prove_with_their_files(circom_dir, name, backend=None):
    pk = read_zkey((circom_dir / name / "circuit.zkey").read_bytes())
    _, witness = read_wtns_packed((circom_dir / name / "witness.wtns").read_bytes())
    return groth16.prove(pk, witness, backend=backend)


@pytest.mark.parametrize("name", SMALL)
def test_their_vk_accepts_our_proof(circom_dir, name):
    vk, their_public, _ = _their(circom_dir, name)
    proof, public = _prove_with_their_files(circom_dir, name)
    assert public == their_public
    assert groth16.verify(vk, public, proof)


def test_their_vk_accepts_our_proof_for_a_few_thousand_constraints(circom_dir, fast_backend):
    """The circomlib Merkle-membership circuit: 1663 constraints (--O2), Poseidon hashes."""
    vk, their_public, _ = _their(circom_dir, "merkle_membership")
    proof, public = _prove_with_their_files(circom_dir, "merkle_membership", fast_backend)
    assert public == their_public
    assert groth16.verify(vk, public, proof, backend=fast_backend)
