"""The Solidity verifier source and the calldata text (the EVM run is in tests/zk/interop)."""

from __future__ import annotations

import json
import re

import pytest

from zk.errors import FormatError
from zk.formats.r1cs import read_r1cs
from zk.formats.snarkjs_json import proof_from_json, public_from_json, vk_from_json
from zk.formats.solidity import calldata, calldata_values, solidity_verifier


def _load(circom_dir, name, file):
    return json.loads((circom_dir / name / file).read_text())


def test_every_placeholder_is_filled_and_constants_are_in_eip197_order(circom_dir):
    vk = vk_from_json(_load(circom_dir, "merkle_membership", "verification_key.json"))
    r1cs = read_r1cs((circom_dir / "merkle_membership" / "circuit.r1cs").read_bytes())
    source = solidity_verifier(vk, "MerkleVerifier", vk_sha256="ab" * 32)
    assert "{{" not in source and "}}" not in source
    assert "contract MerkleVerifier {" in source
    assert f"uint256 public constant N_PUBLIC = {r1cs.n_public};" in source
    assert f"uint256[{r1cs.n_public}] calldata input" in source
    assert "Verification key sha256: " + "ab" * 32 in source

    def constant(name: str) -> int:
        return int(re.search(rf"constant {name} =\s+(\d+);", source).group(1))

    (x0, x1), (y0, y1) = vk.beta2
    assert (constant("BETA_X1"), constant("BETA_X0")) == (x1, x0)
    assert (constant("BETA_Y1"), constant("BETA_Y0")) == (y1, y0)
    assert (constant("IC2_X"), constant("IC2_Y")) == vk.ic[2]
    assert "IC3_X" not in source
    assert source.count("_mulAdd(ok, x, y,") == r1cs.n_public


def test_no_public_values_uses_a_dynamic_array(circom_dir):
    vk = vk_from_json(_load(circom_dir, "multiplier", "verification_key.json"))
    vk.ic = vk.ic[:1]
    source = solidity_verifier(vk)
    assert "uint256[] calldata input" in source and "N_PUBLIC = 0;" in source


@pytest.mark.parametrize("name", ["", "1Verifier", "Ver ifier", "A;contract B", "x" * 65])
def test_contract_name_must_be_an_identifier(circom_dir, name):
    vk = vk_from_json(_load(circom_dir, "multiplier", "verification_key.json"))
    with pytest.raises(FormatError, match="not a Solidity identifier"):
        solidity_verifier(vk, name)


def test_calldata_swaps_g2_halves_and_pads_to_32_bytes(circom_dir):
    proof = proof_from_json(_load(circom_dir, "multiplier", "proof.json"))
    public = public_from_json(_load(circom_dir, "multiplier", "public.json"))
    a, b, c, inputs = calldata_values(proof, public)
    (x0, x1), (y0, y1) = proof.b
    assert b == [[x1, x0], [y1, y0]] and a == list(proof.a) and inputs == [33, 3]
    text = calldata(proof, public)
    assert text.endswith(
        '["0x0000000000000000000000000000000000000000000000000000000000000021",'
        '"0x0000000000000000000000000000000000000000000000000000000000000003"]'
    )
    words = re.findall(r'"0x([0-9a-f]{64})"', text)
    assert [int(w, 16) for w in words] == [*a, x1, x0, y1, y0, *c, *inputs]
