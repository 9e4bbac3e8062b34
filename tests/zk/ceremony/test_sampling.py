"""snarkjs's deterministic draws: the ChaCha stream, field elements, curve points, hash-to-G2."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.zk.ceremony.conftest import FIXTURES
from zk.ceremony.pok import hash_to_g2
from zk.ceremony.rng import ChaChaRng, entropy_rng
from zk.ceremony.sampling import g1_from_rng, g2_from_rng
from zk.curve import get_backend
from zk.field import Q, R


def test_chacha_stream_is_rfc8439_chacha20_with_zero_key_and_nonce() -> None:
    # RFC 8439 appendix A.1, test vector #1: the first block of ChaCha20(key 0, nonce 0, counter 0).
    expected = bytes.fromhex(
        "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
        "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586"
    )
    rng = ChaChaRng([0] * 8)
    words = [rng.next_u32() for _ in range(16)]
    assert b"".join(w.to_bytes(4, "little") for w in words) == expected


def test_u64_takes_the_high_word_first() -> None:
    a, b = ChaChaRng([1] * 8), ChaChaRng([1] * 8)
    high, low = a.next_u32(), a.next_u32()
    assert b.next_u64() == (high << 32) | low


def test_field_draws_are_below_the_primes() -> None:
    rng = ChaChaRng([7] * 8)
    for _ in range(50):
        assert 0 <= rng.next_fr() < R
        assert 0 <= rng.next_fq() < Q


def test_hash_to_g2_matches_snarkjs() -> None:
    vectors = json.loads((FIXTURES / "hash_to_g2_by_snarkjs.json").read_text())
    assert len(vectors) == 5
    for v in vectors:
        x, y = tuple(int(c) for c in v["x"]), tuple(int(c) for c in v["y"])
        assert hash_to_g2(bytes.fromhex(v["digest"])) == (x, y)


@settings(max_examples=5, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2**32 - 1), min_size=8, max_size=8))
def test_drawn_points_are_group_elements(seed: list[int]) -> None:
    be = get_backend()
    rng = ChaChaRng(seed)
    p1 = g1_from_rng(rng)
    assert be.g1_is_on_curve(p1)
    p2 = g2_from_rng(rng)
    assert p2 is not None and be.g2_in_subgroup(p2)


def test_entropy_streams_differ_even_with_the_same_user_text() -> None:
    assert entropy_rng("same").next_fr() != entropy_rng("same").next_fr()


def test_seed_must_be_eight_words() -> None:
    with pytest.raises(ValueError):
        ChaChaRng([1, 2, 3])
