"""EdDSA-Poseidon verification in a circuit, on circomlibjs signatures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from circuits.crypto import babyjubjub as bj
from circuits.crypto import eddsa
from circuits.gadgets.eddsa import assert_eddsa_poseidon
from zk.errors import ConstraintError

VECTORS = Path(__file__).resolve().parents[2] / "fixtures" / "circomlibjs"
CASES = json.loads((VECTORS / "eddsa_poseidon_vectors.json").read_text())["cases"]
CIRCOMLIB_EDDSA_POSEIDON = 4217


@pytest.fixture(scope="module")
def verifier():
    from tests.circuits.gadgets.conftest import Compiled

    def body(c, xs):
        ax, ay, rx, ry, s, m = xs
        assert_eddsa_poseidon(c, (ax, ay), (rx, ry), s, m)
        return [m]

    return Compiled(body, 6, 1)


def _inputs(case: dict) -> list[int]:
    sig = case["signature"]
    key = [int(v) for v in case["public_key"]]
    return [*key, *(int(v) for v in sig["R8"]), int(sig["S"]), int(case["message"])]


def test_fewer_constraints_than_circomlib(verifier) -> None:
    assert verifier.constraints < CIRCOMLIB_EDDSA_POSEIDON
    assert verifier.constraints <= 3400


@pytest.mark.parametrize("case", CASES[:4], ids=lambda c: c["private_key"][:8])
def test_circomlibjs_signatures_verify(verifier, case: dict) -> None:
    xs = _inputs(case)
    assert verifier.run(xs) == [xs[-1]]


def test_forgeries_cannot_produce_a_witness(verifier) -> None:
    ax, ay, rx, ry, s, m = _inputs(CASES[0])
    with pytest.raises(ConstraintError, match="signature does not verify"):
        verifier.run([ax, ay, rx, ry, s, m + 1])  # another message
    with pytest.raises(ConstraintError, match="signature does not verify"):
        verifier.run([ax, ay, rx, ry, (s + 1) % bj.SUBORDER, m])  # another S
    other = _inputs(CASES[1])
    with pytest.raises(ConstraintError, match="signature does not verify"):
        verifier.run([*other[:2], rx, ry, s, m])  # another key
    with pytest.raises(ConstraintError, match="below"):
        verifier.run([ax, ay, rx, ry, s + bj.SUBORDER, m])  # S + l: same point, S ≥ l
    with pytest.raises(ConstraintError, match="R8: point not on curve"):
        verifier.run([ax, ay, rx, ry + 1, s, m])


def test_small_order_key_is_rejected(verifier) -> None:
    # the identity as a key: S·B8 = R8 would verify any message without this check
    sig = eddsa.sign_poseidon(bytes(32), 5)
    with pytest.raises(ConstraintError, match="small order"):
        verifier.run([0, 1, *sig.r8, sig.s, 5])


def test_fresh_signature_verifies(verifier) -> None:
    key = eddsa.generate_private_key()
    public = eddsa.derive_public_key(key)
    sig = eddsa.sign_poseidon(key, 2024)
    assert verifier.run([*public, *sig.r8, sig.s, 2024]) == [2024]
