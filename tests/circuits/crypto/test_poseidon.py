"""Poseidon outside the circuit: parameters and outputs against circomlibjs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from circuits.crypto import poseidon as P
from circuits.crypto.poseidon_params import PARTIAL_ROUNDS, params_for_inputs, params_for_width
from circuits.errors import InputError
from zk.field import R

ROOT = Path(__file__).resolve().parents[3]
VECTORS = ROOT / "tests" / "fixtures" / "circomlibjs" / "poseidon_vectors.json"
CIRCOMLIBJS_CONSTANTS = (
    ROOT / ".cache" / "npm" / "node_modules" / "circomlibjs" / "src" / "poseidon_constants.json"
)


def _cases() -> list[dict]:
    return json.loads(VECTORS.read_text())["cases"]


def test_vectors_cover_every_width() -> None:
    widths = {len(c["inputs"]) for c in _cases()}
    assert widths == set(range(1, 17))


@pytest.mark.parametrize("case", _cases(), ids=lambda c: f"n{len(c['inputs'])}")
def test_matches_circomlibjs(case: dict) -> None:
    inputs = [int(x) for x in case["inputs"]]
    assert P.poseidon(inputs, use_native=False) == int(case["output"])


def test_known_value_of_two_inputs() -> None:
    # the value every circomlib user has seen: Poseidon([1, 2])
    assert P.poseidon([1, 2]) == (
        7853200120776062878684798364095072458815029376092732009249414926327459813530
    )


def test_generated_constants_equal_circomlibjs_file() -> None:
    if not CIRCOMLIBJS_CONSTANTS.exists():
        pytest.skip("circomlibjs is not installed under .cache/npm (run `make node-deps`)")
    ref = json.loads(CIRCOMLIBJS_CONSTANTS.read_text())
    for t in range(2, 18):
        p = params_for_width(t)
        assert p.partial_rounds == PARTIAL_ROUNDS[t - 2]
        assert list(p.round_constants) == [int(x, 16) for x in ref["C"][t - 2]], t
        assert [list(row) for row in p.mds] == [[int(x, 16) for x in r] for r in ref["M"][t - 2]]


def test_mds_is_cauchy_and_invertible() -> None:
    import sympy

    p = params_for_width(3)
    m = sympy.Matrix(p.mds)
    assert m.det() % R != 0


def test_rejects_bad_input_counts_and_types() -> None:
    with pytest.raises(InputError, match="1 to 16 inputs"):
        P.poseidon([])
    with pytest.raises(InputError, match="1 to 16 inputs"):
        P.poseidon(list(range(17)))
    with pytest.raises(InputError, match="must be an integer"):
        P.poseidon(["1"])  # type: ignore[list-item]
    with pytest.raises(InputError):
        params_for_inputs(0)


def test_inputs_are_reduced_mod_r_as_circomlibjs_does() -> None:
    assert P.poseidon([R + 5, -1]) == P.poseidon([5, R - 1])


def test_n_out_returns_the_first_state_elements() -> None:
    state = P.poseidon_permute([7, 1, 2])
    assert P.poseidon([1, 2], init_state=7, n_out=3) == state
    assert P.poseidon([1, 2], init_state=7) == state[0]


def test_batch_equals_one_by_one() -> None:
    rows = [[i, i * i, 3] for i in range(20)]
    assert P.poseidon_batch(rows) == [P.poseidon(r) for r in rows]
    packed = P.pack_elements([x for r in rows for x in r])
    assert P.unpack_elements(P.poseidon_batch_packed(packed, 3)) == P.poseidon_batch(rows)
    with pytest.raises(InputError, match="whole number"):
        P.poseidon_batch_packed(packed[:-32], 3)
    with pytest.raises(InputError, match="every row"):
        P.poseidon_batch([[1, 2], [3]])


@pytest.mark.skipif(not P.native_available(), reason="the native Poseidon is not built")
@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, R - 1), min_size=1, max_size=16))
def test_native_equals_python(inputs: list[int]) -> None:
    assert P.poseidon(inputs, use_native=True) == P.poseidon(inputs, use_native=False)


@pytest.mark.skipif(not P.native_available(), reason="the native Poseidon is not built")
def test_native_batch_equals_python_batch() -> None:
    rows = [[i, 2 * i + 1] for i in range(257)]
    packed = P.pack_elements([x for r in rows for x in r])
    assert P.poseidon_batch_packed(packed, 2, use_native=True) == P.poseidon_batch_packed(
        packed, 2, use_native=False
    )


def test_use_native_without_native_is_a_clear_error() -> None:
    if P.native_available():
        pytest.skip("the native Poseidon is built")
    with pytest.raises(InputError, match="not built"):
        P.poseidon([1], use_native=True)
