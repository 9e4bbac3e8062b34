"""The BN254 fields: derived constants, inversion, NTT."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import factorint, isprime
from sympy.ntheory import is_quad_residue

from zk.errors import FieldError
from zk.field import (
    NON_RESIDUE,
    ROOT_OF_UNITY,
    TWO_ADICITY,
    Q,
    R,
    batch_inv,
    coset_ntt,
    ntt,
    parse_element,
    root_of_unity,
)

elements = st.integers(min_value=0, max_value=R - 1)


def test_primes_and_two_adicity_are_derived_correctly():
    assert isprime(R) and isprime(Q)
    assert R == 21888242871839275222246405745257275088548364400416034343698204186575808495617
    assert Q == 21888242871839275222246405745257275088696311157297823662689037894645226208583
    assert factorint(R - 1)[2] == TWO_ADICITY == 28
    assert NON_RESIDUE == 5
    assert not is_quad_residue(NON_RESIDUE, R)
    assert all(is_quad_residue(g, R) for g in range(2, NON_RESIDUE))
    assert pow(ROOT_OF_UNITY, 1 << 28, R) == 1 and pow(ROOT_OF_UNITY, 1 << 27, R) != 1


@pytest.mark.parametrize("log_n", [0, 1, 5, 28])
def test_root_of_unity_has_exact_order(log_n):
    w = root_of_unity(1 << log_n)
    assert pow(w, 1 << log_n, R) == 1
    if log_n:
        assert pow(w, 1 << (log_n - 1), R) == R - 1


def test_root_of_unity_rejects_bad_sizes():
    with pytest.raises(ValueError):
        root_of_unity(3)
    with pytest.raises(ValueError):
        root_of_unity(1 << 29)


@given(st.lists(elements.filter(bool), min_size=0, max_size=20))
def test_batch_inverse(values):
    assert batch_inv(values) == [pow(v, -1, R) for v in values]


def test_batch_inverse_names_zero():
    with pytest.raises(ZeroDivisionError, match="index 1"):
        batch_inv([3, 0])


@settings(max_examples=30)
@given(
    st.integers(min_value=0, max_value=5).flatmap(
        lambda k: st.lists(elements, min_size=1 << k, max_size=1 << k)
    )
)
def test_ntt_matches_naive_evaluation_and_inverts(coeffs):
    n = len(coeffs)
    w = root_of_unity(n)
    evals = ntt(coeffs)
    naive = [sum(c * pow(w, i * j, R) for j, c in enumerate(coeffs)) % R for i in range(n)]
    assert evals == naive
    assert ntt(evals, inverse=True) == coeffs


@settings(max_examples=20)
@given(st.lists(elements, min_size=8, max_size=8), elements.filter(bool))
def test_coset_ntt_evaluates_on_shifted_domain(coeffs, shift):
    w = root_of_unity(8)
    evals = coset_ntt(coeffs, shift)
    for i in range(8):
        x = shift * pow(w, i, R) % R
        assert evals[i] == sum(c * pow(x, j, R) for j, c in enumerate(coeffs)) % R
    assert coset_ntt(evals, shift, inverse=True) == coeffs


@pytest.mark.parametrize("bad", [str(R), "-1", "abc", 1.5, True, None, R, -3])
def test_parse_element_rejects_non_elements(bad):
    with pytest.raises(FieldError):
        parse_element(bad)


def test_parse_element_accepts_decimal_strings():
    assert parse_element("12") == 12
    assert parse_element(str(R - 1)) == R - 1


@pytest.mark.parametrize("spelling", [
    "0x1e", "0X1E", " 30", "30 ", "\t30", "30\n", "030", "00", "+30", "-0", "٣٠", "３０",
    "1_000", "3e1", "", "30.0", "9" * 5000,
])
def test_parse_element_accepts_one_spelling_per_value(spelling):
    with pytest.raises(FieldError, match="canonical decimal"):
        parse_element(spelling)


def test_parse_canonical_refuses_json_numbers():
    from zk.field import parse_canonical

    assert parse_canonical("30") == 30 and parse_canonical("0") == 0
    for value in (30, 30.0, None, ["30"]):
        with pytest.raises(FieldError):
            parse_canonical(value)
