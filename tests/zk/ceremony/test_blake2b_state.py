"""The resumable blake2b: equal to hashlib, and its midstate resumes to the same digest."""

from __future__ import annotations

import hashlib
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zk.ceremony.blake2b_state import PARTIAL_STATE_BYTES, Blake2b
from zk.errors import FormatError


def _pieces(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in itertools.pairwise(points)]


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=700), st.lists(st.integers(min_value=0), max_size=6))
def test_digest_equals_hashlib_however_the_input_is_split(data: bytes, cuts: list[int]) -> None:
    hasher = Blake2b()
    for piece in _pieces(data, cuts):
        hasher.update(piece)
    assert hasher.digest() == hashlib.blake2b(data).digest()


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=600), st.binary(max_size=300))
def test_midstate_resumes_to_the_digest_of_the_whole(prefix: bytes, rest: bytes) -> None:
    state = Blake2b(prefix).partial_state()
    assert len(state) == PARTIAL_STATE_BYTES
    resumed = Blake2b.from_partial_state(state).update(rest)
    assert resumed.digest() == hashlib.blake2b(prefix + rest).digest()


@pytest.mark.parametrize("length", [1, 127, 128, 129, 256, 257])
def test_midstate_keeps_the_last_block_pending(length: int) -> None:
    state = Blake2b(bytes(range(256)) * 2)  # 512 bytes, then more
    state.update(b"\xaa" * length)
    raw = state.partial_state()
    pending = int.from_bytes(raw[128 + 72 : 128 + 76], "little")
    compressed = int.from_bytes(raw[128 + 64 : 128 + 68], "little")
    assert 1 <= pending <= 128
    assert compressed + pending == 512 + length


def test_digest_does_not_consume_the_hasher() -> None:
    hasher = Blake2b(b"abc")
    first = hasher.digest()
    assert hasher.digest() == first
    hasher.update(b"def")
    assert hasher.digest() == hashlib.blake2b(b"abcdef").digest()


def test_malformed_midstates_are_rejected() -> None:
    with pytest.raises(FormatError, match="216 bytes"):
        Blake2b.from_partial_state(bytes(100))
    bad = bytearray(Blake2b(b"x" * 300).partial_state())
    bad[128 + 72] = 200  # more pending bytes than a block holds
    with pytest.raises(FormatError, match="inconsistent"):
        Blake2b.from_partial_state(bytes(bad))
