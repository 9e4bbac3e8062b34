"""Fp and Fr in C (Montgomery form, 4×64-bit limbs) against Python integers."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zk.curve.encoding import unpack_scalars
from zk.field import Q, R, batch_inv
from zk.native import _bn254, _testing

FIELDS = {"fp": (Q, _testing.fp_mul_batch, _testing.fp_batch_inv),
          "fr": (R, _testing.fr_mul_batch, _testing.fr_batch_inv)}

any_u256 = st.integers(min_value=0, max_value=2**256 - 1)


def pack_raw(values: list[int]) -> bytes:
    return b"".join(v.to_bytes(32, "little") for v in values)


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_products_at_the_edges(field: str) -> None:
    p, mul, _ = FIELDS[field]
    edges = [0, 1, 2, p - 2, p - 1, p, p + 1, 2**254, 2**256 - 1, (p - 1) // 2]
    a = [x for x in edges for _ in edges]
    b = [y for _ in edges for y in edges]
    assert unpack_scalars(mul(pack_raw(a), pack_raw(b))) == [x * y % p for x, y in zip(a, b)]


@pytest.mark.parametrize("field", sorted(FIELDS))
@settings(max_examples=60, deadline=None)
@given(a=st.lists(any_u256, min_size=1, max_size=8), data=st.data())
def test_products_random(field: str, a: list[int], data: st.DataObject) -> None:
    p, mul, _ = FIELDS[field]
    b = data.draw(st.lists(any_u256, min_size=len(a), max_size=len(a)))
    assert unpack_scalars(mul(pack_raw(a), pack_raw(b))) == [x * y % p for x, y in zip(a, b)]


@pytest.mark.parametrize("field", sorted(FIELDS))
@settings(max_examples=30, deadline=None)
@given(values=st.lists(st.integers(min_value=1, max_value=Q - 1), min_size=0, max_size=20))
def test_batch_inversion(field: str, values: list[int]) -> None:
    p, _, inv = FIELDS[field]
    values = [v % p or 1 for v in values]
    assert unpack_scalars(inv(pack_raw(values))) == batch_inv(values, p)


INVERSES = {"fp": (Q, _testing.fp_inverses), "fr": (R, _testing.fr_inverses)}


def structured_values(p: int) -> list[int]:
    """Inputs whose divstep runs are unusual: powers of two (long runs of halvings), their
    negatives, all-ones patterns, numbers next to p, p/2 and p/3, small and sparse values."""
    values = [0, 1, 2, 3, p - 1, p - 2, p - 3, (p - 1) // 2, (p + 1) // 2, p // 3, 2 * p // 3]
    for k in range(0, 254, 7):
        values += [2**k % p, (p - 2**k) % p, (2**k - 1) % p, (2**k + 1) % p]
    values += [int("10" * 126, 2) % p, int("1" * 253, 2) % p, int("1101" * 63, 2) % p]
    return values


@pytest.mark.parametrize("field", sorted(INVERSES))
def test_inversion_of_structured_values(field: str) -> None:
    """fp_inv/fr_inv (constant-time divsteps) against Python's pow, zero mapping to zero."""
    p, inverses = INVERSES[field]
    values = structured_values(p)
    expected = [pow(v, -1, p) if v else 0 for v in values]
    assert unpack_scalars(inverses(pack_raw(values))) == expected


@pytest.mark.parametrize("field", sorted(INVERSES))
@settings(max_examples=40, deadline=None)
@given(values=st.lists(any_u256, min_size=1, max_size=64))
def test_inversion_random(field: str, values: list[int]) -> None:
    p, inverses = INVERSES[field]
    expected = [pow(v % p, -1, p) if v % p else 0 for v in values]
    assert unpack_scalars(inverses(pack_raw(values))) == expected


def test_inversion_of_many_random_values() -> None:
    """Twenty thousand random inverses in each field, checked by multiplying back."""
    rng = random.Random(20261207)
    for field, (p, inverses) in INVERSES.items():
        values = [rng.randrange(1, p) for _ in range(20_000)]
        got = unpack_scalars(inverses(pack_raw(values)))
        assert all(v * w % p == 1 for v, w in zip(values, got, strict=True)), field


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_batch_inversion_rejects_zero(field: str) -> None:
    p, _, inv = FIELDS[field]
    with pytest.raises(ZeroDivisionError, match="index 1"):
        inv(pack_raw([3, p, 5]))


def fp2_products(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(a0 + a1·u)(b0 + b1·u) with u² = −1, in Python integers."""
    return [((x0 * y0 - x1 * y1) % Q, (x0 * y1 + x1 * y0) % Q) for (x0, x1), (y0, y1) in zip(a, b)]


def pack_fp2(values: list[tuple[int, int]]) -> bytes:
    return pack_raw([c for pair in values for c in pair])


def unpack_fp2(raw: bytes) -> list[tuple[int, int]]:
    flat = unpack_scalars(raw)
    return list(zip(flat[::2], flat[1::2]))


FP2_EDGES = [0, 1, 2, Q - 2, Q - 1, (Q - 1) // 2, 2**253, 2**254 - 1]


def test_fp2_products_at_the_edges() -> None:
    """Every pairing of edge coordinates: a0·b0 below and above a1·b1 (the deferred-reduction
    kernel adds q·2²⁵⁶ to a negative real part), sums of coordinates near 2q."""
    pairs = [(x, y) for x in FP2_EDGES for y in FP2_EDGES]
    a = [p for p in pairs for _ in pairs]
    b = [q for _ in pairs for q in pairs]
    assert unpack_fp2(_testing.fp2_mul_batch(pack_fp2(a), pack_fp2(b))) == fp2_products(
        [(x % Q, y % Q) for x, y in a], [(x % Q, y % Q) for x, y in b])


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.tuples(*[st.integers(min_value=0, max_value=Q - 1)] * 4),
                       min_size=1, max_size=8))
def test_fp2_products_random(values: list[tuple[int, int, int, int]]) -> None:
    a = [(v[0], v[1]) for v in values]
    b = [(v[2], v[3]) for v in values]
    assert unpack_fp2(_testing.fp2_mul_batch(pack_fp2(a), pack_fp2(b))) == fp2_products(a, b)


def test_mismatched_operands_are_rejected() -> None:
    with pytest.raises(ValueError, match="same number"):
        _testing.fr_mul_batch(bytes(64), bytes(32))
    with pytest.raises(ValueError, match="multiple of 32"):
        _testing.fr_batch_inv(bytes(33))


def test_portable_and_adx_kernels_agree() -> None:
    """The mulx/adcx/adox kernel and the portable C one give the same products."""
    if _bn254.kernel() != "adx":
        pytest.skip("the ADX kernel is not in use (no BMI2/ADX here, or ZKGOV_PORTABLE is set)")
    values = [0, 1, Q - 1, R - 1, 2**256 - 1] + [pow(7, e, 2**256) for e in range(40)]
    a, b = pack_raw(values), pack_raw(values[::-1])
    script = (
        "import sys; from zk.native import _bn254 as core, _testing as n; "
        "a, b = bytes.fromhex(sys.argv[1]), bytes.fromhex(sys.argv[2]); "
        "print(core.kernel(), n.fp_mul_batch(a, b).hex(), n.fr_mul_batch(a, b).hex(), "
        "n.fp2_mul_batch(a[:1408], b[:1408]).hex())"
    )
    env = dict(os.environ, ZKGOV_PORTABLE="1")
    out = subprocess.run([sys.executable, "-c", script, a.hex(), b.hex()], env=env,
                         capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "portable"
    assert bytes.fromhex(out[1]) == _testing.fp_mul_batch(a, b)
    assert bytes.fromhex(out[2]) == _testing.fr_mul_batch(a, b)
    assert bytes.fromhex(out[3]) == _testing.fp2_mul_batch(a[:1408], b[:1408])  # 22 Fp2 values


@settings(max_examples=20, deadline=None)
@given(values=st.lists(st.integers(min_value=0, max_value=2**256 - 1), max_size=9))
def test_from_montgomery_matches_python(values: list[int]) -> None:
    from zk.curve.encoding import MONT_R_INV
    from zk.native import fp_from_montgomery

    plain = fp_from_montgomery(pack_raw(values))
    assert unpack_scalars(plain) == [v * MONT_R_INV % Q for v in values]
    with pytest.raises(ValueError):
        fp_from_montgomery(bytes(33))
