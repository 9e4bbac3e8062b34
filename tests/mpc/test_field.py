"""Prime fields: the compiled loops against Python integers and galois, and the wire format."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import factorint, isprime

from mpc.errors import MpcConfigError, MpcProtocolError
from mpc.field import (
    BN254_R,
    GOLDILOCKS,
    NAMED_FIELDS,
    P64_MAX,
    PRIMITIVE_ROOTS,
    PrimeField,
    companion_field,
    crt_combine,
    field_by_name,
)
from zk.field import R

FIELDS = [field_by_name("goldilocks"), field_by_name("p64"), field_by_name("bn254"),
          PrimeField((1 << 61) - 1)]
BN254_R_MINUS_1_FACTORS = [2] * 28 + [3, 3, 13, 29, 983, 11003, 237073, 405928799,
                                      1670836401704629, 13818364434197438864469338081]


def test_named_fields_are_the_primes_they_claim() -> None:
    assert BN254_R == R
    assert GOLDILOCKS == 2**64 - 2**32 + 1 and P64_MAX == 2**64 - 59
    for p in NAMED_FIELDS.values():
        assert isprime(p)


def test_primitive_roots_generate_the_multiplicative_groups() -> None:
    factors = {GOLDILOCKS: set(factorint(GOLDILOCKS - 1)), P64_MAX: set(factorint(P64_MAX - 1)),
               BN254_R: set(BN254_R_MINUS_1_FACTORS)}
    assert math.prod(BN254_R_MINUS_1_FACTORS) == BN254_R - 1
    assert all(isprime(q) for q in factors[BN254_R])
    for p, g in PRIMITIVE_ROOTS.items():
        assert all(pow(g, (p - 1) // q, p) != 1 for q in factors[p])


def _elems(draw: st.DrawFn, f: PrimeField, size: int) -> list[int]:
    edge = st.sampled_from([0, 1, 2, f.p - 1, f.p - 2, f.p // 2, (1 << 63) % f.p])
    return draw(st.lists(st.one_of(st.integers(0, f.p - 1), edge), min_size=size,
                         max_size=size))


@st.composite
def field_and_vectors(draw: st.DrawFn) -> tuple[PrimeField, list[int], list[int], int]:
    f = draw(st.sampled_from(FIELDS))
    size = draw(st.integers(0, 40))
    return f, _elems(draw, f, size), _elems(draw, f, size), draw(st.integers(-2**70, 2**70))


@settings(max_examples=60, deadline=None)
@given(field_and_vectors())
def test_vector_arithmetic_matches_python_integers(case: tuple) -> None:
    f, a, b, c = case
    p = f.p
    xa, xb = f.from_ints(np.array(a, dtype=object)), f.from_ints(np.array(b, dtype=object))
    assert f.to_ints(f.add(xa, xb)) == [(x + y) % p for x, y in zip(a, b)]
    assert f.to_ints(f.sub(xa, xb)) == [(x - y) % p for x, y in zip(a, b)]
    assert f.to_ints(f.mul(xa, xb)) == [x * y % p for x, y in zip(a, b)]
    assert f.to_ints(f.neg(xa)) == [-x % p for x in a]
    assert f.to_ints(f.add_const(xa, c)) == [(x + c) % p for x in a]
    assert f.to_ints(f.mul_const(xa, c)) == [x * c % p for x in a]
    assert f.sum(xa) == sum(a) % p
    assert f.dot(xa, xb) == sum(x * y for x, y in zip(a, b)) % p
    if a:
        rows = np.stack([xa, xb])
        assert f.to_ints(f.lincomb(rows, [c, 3])) == [(c * x + 3 * y) % p for x, y in zip(a, b)]


@pytest.mark.parametrize("f", FIELDS, ids=lambda f: f.name)
def test_long_sums_and_dot_products_carry_across_words(f: PrimeField) -> None:
    """Σa and Σa·b accumulate plain wide integers and reduce once: long runs of the largest
    elements carry into every word, and must still agree with Python integers."""
    top = [f.p - 1] * 70_000 + [f.p - 2, 1, f.p // 2] * 10
    rng = np.random.default_rng(7)
    mixed = [int(v) % f.p for v in rng.integers(0, 2**63, 5_000, dtype=np.uint64)] + top[:5_000]
    for a, b in ((top, top), (mixed, mixed[::-1])):
        xa, xb = f.from_ints(np.array(a, dtype=object)), f.from_ints(np.array(b, dtype=object))
        assert f.sum(xa) == sum(a) % f.p
        assert f.dot(xa, xb) == sum(x * y for x, y in zip(a, b)) % f.p


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(0, GOLDILOCKS - 1), min_size=1, max_size=20),
       st.lists(st.integers(0, GOLDILOCKS - 1), min_size=1, max_size=20))
def test_kernels_agree_with_galois(a: list[int], b: list[int]) -> None:
    f = field_by_name("goldilocks")
    size = min(len(a), len(b))
    a, b = a[:size], b[:size]
    ga, gb = f.gf(a), f.gf(b)
    xa, xb = f.from_ints(np.array(a, dtype=object)), f.from_ints(np.array(b, dtype=object))
    assert f.to_ints(f.mul(xa, xb)) == [int(v) for v in ga * gb]
    assert f.to_ints(f.sub(xa, xb)) == [int(v) for v in ga - gb]


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(FIELDS), st.lists(st.integers(-2**59, 2**59), max_size=30))
def test_signed_integers_round_trip(f: PrimeField, values: list[int]) -> None:
    assert f.to_signed(f.from_ints(np.array(values, dtype=np.int64))) == values
    assert f.to_signed(f.from_ints(np.array(values, dtype=object))) == values


@pytest.mark.parametrize("f", FIELDS, ids=lambda f: f.name)
def test_elements_around_half_the_modulus_read_back_with_their_sign(f: PrimeField) -> None:
    half = f.p // 2
    elements = [0, 1, half - 1, half, half + 1, half + 2, f.p - 2, f.p - 1]
    xs = f.from_ints(np.array(elements, dtype=object))
    assert f.to_ints(xs) == elements
    assert all(type(v) is int for v in f.to_ints(xs) + f.to_signed(xs))
    assert f.to_signed(xs) == [0, 1, half - 1, half, half + 1 - f.p, half + 2 - f.p, -2, -1]


@pytest.mark.parametrize("degree", [1, 2, 3])
@pytest.mark.parametrize("f", FIELDS, ids=lambda f: f.name)
def test_shares_of_a_polynomial_evaluate_horner_correctly(f: PrimeField, degree: int) -> None:
    """Degree one takes an additions-only path; higher degrees Horner's rule: both against
    Python integers, with the largest elements among the random ones."""
    edge = f.from_ints(np.array([f.p - 1, f.p - 2, 0, 1], dtype=object))
    secrets_ = np.concatenate([f.random(5), edge])
    coeffs = np.stack([np.concatenate([f.random(5), edge[::-1]]) for _ in range(degree)])
    shares = f.share_polynomials(secrets_, coeffs, 7)
    for x in range(1, 8):
        want = [(int(s) + sum(int(c) * x ** (k + 1) for k, c in enumerate(column))) % f.p
                for s, column in zip(secrets_, coeffs.T)]
        assert f.to_ints(shares[x - 1]) == want


@pytest.mark.parametrize("f", FIELDS, ids=lambda f: f.name)
def test_wire_format_round_trip_and_rejections(f: PrimeField) -> None:
    values = f.random(7)
    data = f.encode(values)
    assert len(data) == 7 * f.byte_width
    assert f.to_ints(f.decode(data)) == f.to_ints(values)
    with pytest.raises(MpcProtocolError, match="whole number"):
        f.decode(data[:-1], party=2)
    too_big = (f.p).to_bytes(f.byte_width, "little") if f.p < 256 ** f.byte_width else None
    if too_big is not None:
        with pytest.raises(MpcProtocolError, match="not a field element"):
            f.decode(too_big, party=3)


def test_randomness_is_in_range() -> None:
    for f in FIELDS:
        assert all(0 <= v < f.p for v in f.to_ints(f.random(200)))
        assert set(f.to_ints(f.random_bits(200))) <= {0, 1}
        assert max(f.to_ints(f.random_below(200, 10))) < 1024
    with pytest.raises(ValueError):
        FIELDS[0].random_below(1, 64)


def test_field_names_and_custom_primes() -> None:
    assert field_by_name("GoldiLocks").p == GOLDILOCKS
    assert field_by_name(str(P64_MAX)).name == "p64"
    assert field_by_name(str(2**61 - 1)).p == 2**61 - 1
    with pytest.raises(MpcConfigError, match="unknown field"):
        field_by_name("p256")
    with pytest.raises(MpcConfigError, match="not prime"):
        field_by_name(str(2**61 + 1))
    with pytest.raises(MpcConfigError, match="too small"):
        field_by_name("65537")
    assert companion_field(field_by_name("goldilocks")).p == P64_MAX
    assert companion_field(field_by_name("p64")).p == GOLDILOCKS


@settings(max_examples=40, deadline=None)
@given(st.integers(-(GOLDILOCKS * P64_MAX) // 2 + 1, (GOLDILOCKS * P64_MAX) // 2 - 1))
def test_crt_recovers_signed_integers(x: int) -> None:
    assert crt_combine([(x % GOLDILOCKS, GOLDILOCKS), (x % P64_MAX, P64_MAX)]) == x
