"""EdDSA-Poseidon keys and signatures, byte for byte as circomlibjs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from circuits.crypto import babyjubjub as bj
from circuits.crypto import eddsa
from circuits.errors import InputError

VECTORS = Path(__file__).resolve().parents[2] / "fixtures" / "circomlibjs"
CASES = json.loads((VECTORS / "eddsa_poseidon_vectors.json").read_text())["cases"]


def _pt(p: list[str]) -> bj.Point:
    return int(p[0]), int(p[1])


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["private_key"][:8])
def test_keys_and_signatures_match_circomlibjs(case: dict) -> None:
    key = bytes.fromhex(case["private_key"])
    msg = int(case["message"])
    public = eddsa.derive_public_key(key)
    assert public == _pt(case["public_key"])
    sig = eddsa.sign_poseidon(key, msg)
    assert sig.r8 == _pt(case["signature"]["R8"])
    assert sig.s == int(case["signature"]["S"])
    assert sig.pack().hex() == case["packed_signature"]
    assert eddsa.Signature.unpack(bytes.fromhex(case["packed_signature"])) == sig
    assert eddsa.verify_poseidon(msg, sig, public) is case["valid"] is True
    assert eddsa.verify_poseidon(msg + 1, sig, public) is case["valid_other_message"] is False
    forged = eddsa.Signature(sig.r8, (sig.s + 1) % bj.SUBORDER)
    assert eddsa.verify_poseidon(msg, forged, public) is case["valid_other_s"] is False


@settings(max_examples=8, deadline=None)
@given(st.binary(min_size=32, max_size=32), st.integers(0, 2**253))
def test_sign_then_verify(key: bytes, msg: int) -> None:
    public = eddsa.derive_public_key(key)
    sig = eddsa.sign_poseidon(key, msg)
    assert eddsa.verify_poseidon(msg, sig, public)
    assert eddsa.private_scalar(key) % 8 == 0
    assert bj.multiply(bj.BASE8, eddsa.private_scalar(key) >> 3) == public


def test_verification_rejects_malformed_signatures() -> None:
    key = eddsa.generate_private_key()
    public = eddsa.derive_public_key(key)
    sig = eddsa.sign_poseidon(key, 42)
    assert not eddsa.verify_poseidon(42, eddsa.Signature(sig.r8, sig.s + bj.SUBORDER), public)
    assert not eddsa.verify_poseidon(42, eddsa.Signature((1, 2), sig.s), public)
    assert not eddsa.verify_poseidon(42, sig, (1, 2))
    assert not eddsa.verify_poseidon(42, "not a signature", public)  # type: ignore[arg-type]
    other = eddsa.derive_public_key(eddsa.generate_private_key())
    assert not eddsa.verify_poseidon(42, sig, other)


def test_signature_json_round_trip_and_errors() -> None:
    sig = eddsa.sign_poseidon(bytes(32), 7)
    assert eddsa.Signature.from_json(sig.to_json()) == sig
    with pytest.raises(InputError, match="R8x, R8y and S"):
        eddsa.Signature.from_json({"S": "1"})
    with pytest.raises(InputError, match="32 bytes"):
        eddsa.sign_poseidon(b"short", 1)
    with pytest.raises(InputError, match="field element"):
        eddsa.sign_poseidon(bytes(32), "7")  # type: ignore[arg-type]
