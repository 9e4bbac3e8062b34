"""The out-of-circuit Poseidon permutation in C against a plain Python transcription of
circomlib's round structure, and against circomlibjs's published parameters."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import node_tool
from zk.curve.encoding import pack_scalars, unpack_scalars
from zk.field import R
from zk.native import poseidon_hash_batch, poseidon_permute

fr = st.integers(min_value=0, max_value=R - 1)


def permute_python(state: list[int], constants: list[int], mds: list[list[int]],
                   n_full: int, n_partial: int) -> list[int]:
    t = len(state)
    state = list(state)
    for r in range(n_full + n_partial):
        state = [(s + constants[r * t + i]) % R for i, s in enumerate(state)]
        if r < n_full // 2 or r >= n_full // 2 + n_partial:
            state = [pow(s, 5, R) for s in state]
        else:
            state[0] = pow(state[0], 5, R)
        state = [sum(mds[i][j] * state[j] for j in range(t)) % R for i in range(t)]
    return state


def random_parameters(rng: random.Random, t: int, n_full: int, n_partial: int):
    constants = [rng.randrange(R) for _ in range((n_full + n_partial) * t)]
    mds = [[rng.randrange(R) for _ in range(t)] for _ in range(t)]
    return constants, mds


@settings(max_examples=20, deadline=None)
@given(t=st.integers(2, 6), n_full=st.sampled_from([0, 2, 4, 8]), n_partial=st.integers(0, 9),
       seed=st.integers(0, 2**32))
def test_permutation_matches_python(t: int, n_full: int, n_partial: int, seed: int) -> None:
    rng = random.Random(seed)
    constants, mds = random_parameters(rng, t, n_full, n_partial)
    state = [rng.randrange(R) for _ in range(t)]
    got = poseidon_permute(pack_scalars(state), pack_scalars(constants),
                           pack_scalars(c for row in mds for c in row), n_full, n_partial)
    assert unpack_scalars(got) == permute_python(state, constants, mds, n_full, n_partial)


@pytest.mark.parametrize("m", [1, 3, 300])
def test_batch_hash_is_state_zero_of_the_permutation(m: int) -> None:
    rng = random.Random(m)
    k, n_full, n_partial = 2, 8, 5
    constants, mds = random_parameters(rng, k + 1, n_full, n_partial)
    rows = [[rng.randrange(R) for _ in range(k)] for _ in range(m)]
    flat_mds = pack_scalars(c for row in mds for c in row)
    out = poseidon_hash_batch(pack_scalars(x for row in rows for x in row), k,
                              pack_scalars(constants), flat_mds, n_full, n_partial)
    expected = [permute_python([0, *row], constants, mds, n_full, n_partial)[0] for row in rows]
    assert unpack_scalars(out) == expected


def test_rejects_wrong_sizes() -> None:
    mds = pack_scalars([1] * 9)
    with pytest.raises(ValueError, match="round_constants"):
        poseidon_permute(pack_scalars([1, 2, 3]), pack_scalars([1] * 5), mds, 2, 0)
    with pytest.raises(ValueError, match="mds"):
        poseidon_permute(pack_scalars([1, 2, 3]), pack_scalars([1] * 6), mds[:-32], 2, 0)
    with pytest.raises(ValueError, match="even"):
        poseidon_permute(pack_scalars([1, 2, 3]), pack_scalars([1] * 9), mds, 3, 0)
    with pytest.raises(ValueError, match="rows"):
        poseidon_hash_batch(pack_scalars([1, 2, 3]), 2, pack_scalars([1] * 6), mds, 2, 0)


def test_circomlib_vector() -> None:
    """Poseidon([1, 2]) with circomlibjs's constants (t = 3: 8 full and 57 partial rounds)."""
    lib = node_tool("circomlibjs")
    params = json.loads((lib / "src" / "poseidon_constants.json").read_text())
    constants = [int(c, 16) for c in params["C"][1]]
    mds = [int(c, 16) for row in params["M"][1] for c in row]
    out = poseidon_hash_batch(pack_scalars([1, 2]), 2, pack_scalars(constants),
                              pack_scalars(mds), 8, 57)
    assert unpack_scalars(out) == [
        7853200120776062878684798364095072458815029376092732009249414926327459813530
    ]
