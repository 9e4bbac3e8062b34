"""BLAKE-512 against the npm ``blake-hash`` package that circomlibjs uses."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from circuits.crypto.blake512 import blake512

VECTORS = Path(__file__).resolve().parents[2] / "fixtures" / "circomlibjs" / "blake512_vectors.json"


@pytest.mark.parametrize(
    "case", json.loads(VECTORS.read_text())["cases"], ids=lambda c: f"{len(c['message']) // 2}B"
)
def test_matches_blake_hash_npm(case: dict) -> None:
    assert blake512(bytes.fromhex(case["message"])).hex() == case["digest"]


def test_specification_example_one_zero_byte() -> None:
    # BLAKE submission, appendix A: BLAKE-512 of the 8-bit message 0x00
    assert blake512(b"\x00").hex().startswith("97961587f6d970fa")


def test_is_not_blake2b() -> None:
    assert blake512(b"abc") != hashlib.blake2b(b"abc").digest()
    assert len(blake512(b"abc")) == 64
