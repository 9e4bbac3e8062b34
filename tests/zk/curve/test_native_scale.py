"""Elementwise scaling, the group inverse FFT, powers and batch validity in C against py_ecc.

The native core multiplies with the GLV method (G1: φ(x, y) = (βx, y); G2: ψ), so scalars
near the decomposition's boundaries (λ, 6u², r/2 …) are tested by name. Larger batches, which
go through the worker threads, are checked against an independent answer: for P_i = a_i·G,
k_i·P_i = (k_i·a_i)·G, and the inverse FFT of the P_i is the inverse NTT of the a_i times G.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.zk.curve.conftest import (
    EDGE_SCALARS,
    G1_GEN,
    G2_GEN,
    off_curve_g1,
    random_twist_point,
)
from zk.curve.encoding import MONT_R, pack_g1, pack_g2, pack_scalars, unpack_g1, unpack_g2
from zk.curve.native import NativeBackend
from zk.curve.reference import ReferenceBackend
from zk.errors import PointError
from zk.field import Q, R, ntt

nat = NativeBackend()
ref = ReferenceBackend()

U = 4965661367192848881
#: λ of G1's endomorphism (both roots of λ² + λ + 1), G2's eigenvalue 6u², and their
#: neighbours: where a GLV decomposition has one half zero or at its largest.
LAMBDA = 36 * U**3 + 18 * U**2 + 6 * U + 1
GLV_SCALARS = [
    LAMBDA, LAMBDA + 1, LAMBDA - 1, R - LAMBDA - 1, R - LAMBDA,
    6 * U * U, 6 * U * U - 1, 6 * U * U + 1, 36 * U**4, (R - 1) // 2, (R + 1) // 2,
    2**127, 2**128 - 1, 2**128, 2**253, R - 2,
]

scalars = st.integers(min_value=0, max_value=2**256 - 1)
special = st.sampled_from(EDGE_SCALARS + GLV_SCALARS)
any_scalar = st.one_of(scalars, special)


def raw_scalars(values: list[int]) -> bytes:
    """Scalars as 32 plain little-endian bytes, not reduced (the backends reduce)."""
    return b"".join(k.to_bytes(32, "little") for k in values)


@st.composite
def g1_batches(draw, max_size: int = 9) -> tuple[list, list[int]]:
    size = draw(st.integers(min_value=0, max_value=max_size))
    multiples = draw(st.lists(st.one_of(st.none(), st.integers(1, R - 1)), min_size=size,
                              max_size=size))
    points = [None if a is None else nat.g1_mul(G1_GEN, a) for a in multiples]
    return points, draw(st.lists(any_scalar, min_size=size, max_size=size))


@st.composite
def g2_batches(draw, max_size: int = 3) -> tuple[list, list[int]]:
    size = draw(st.integers(min_value=0, max_value=max_size))
    multiples = draw(st.lists(st.one_of(st.none(), st.integers(1, R - 1)), min_size=size,
                              max_size=size))
    points = [None if a is None else nat.g2_mul(G2_GEN, a) for a in multiples]
    return points, draw(st.lists(any_scalar, min_size=size, max_size=size))


# ---- elementwise scaling --------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(batch=g1_batches())
def test_g1_scale_batch_matches_reference(batch) -> None:
    points, ks = batch
    packed, packed_k = pack_g1(points), raw_scalars(ks)
    assert nat.g1_scale_batch(packed, packed_k) == ref.g1_scale_batch(packed, packed_k)


@settings(max_examples=8, deadline=None)
@given(batch=g2_batches())
def test_g2_scale_batch_matches_reference(batch) -> None:
    points, ks = batch
    packed, packed_k = pack_g2(points), raw_scalars(ks)
    assert nat.g2_scale_batch(packed, packed_k) == ref.g2_scale_batch(packed, packed_k)


@pytest.mark.parametrize("k", EDGE_SCALARS + GLV_SCALARS)
def test_scaling_at_decomposition_boundaries(k: int) -> None:
    p1 = ref.g1_mul(G1_GEN, 987654321)
    assert unpack_g1(nat.g1_scale_batch(pack_g1([p1]), raw_scalars([k]))) == [ref.g1_mul(p1, k)]
    p2 = nat.g2_mul(G2_GEN, 123456789)
    assert unpack_g2(nat.g2_scale_batch(pack_g2([p2]), raw_scalars([k]))) == [nat.g2_mul(p2, k)]


def test_g2_scaling_at_boundaries_matches_py_ecc() -> None:
    p2 = nat.g2_mul(G2_GEN, 555)
    ks = [LAMBDA, 6 * U * U, 6 * U * U - 1, (R - 1) // 2, R - 1]
    assert nat.g2_scale_batch(pack_g2([p2] * len(ks)), raw_scalars(ks)) == ref.g2_scale_batch(
        pack_g2([p2] * len(ks)), raw_scalars(ks))


@pytest.mark.parametrize("threads", ["1", "2", "3"])
def test_threaded_scaling_matches_fixed_base(threads: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """More points than one task holds, with identities and zero scalars mixed in."""
    monkeypatch.setenv("ZKGOV_THREADS", threads)
    rng = random.Random(41)
    n1, n2 = 777, 301
    a1 = [0 if i % 97 == 5 else rng.randrange(R) for i in range(n1)]
    k1 = [0 if i % 89 == 7 else rng.randrange(2**256) for i in range(n1)]
    points1 = nat.g1_mul_batch(G1_GEN, pack_scalars(a1))
    expected1 = nat.g1_mul_batch(G1_GEN, pack_scalars(a * k for a, k in zip(a1, k1, strict=True)))
    assert nat.g1_scale_batch(points1, raw_scalars(k1)) == expected1
    a2 = [0 if i % 50 == 3 else rng.randrange(R) for i in range(n2)]
    k2 = [rng.choice([0, R, rng.randrange(2**256)]) for _ in range(n2)]
    points2 = nat.g2_mul_batch(G2_GEN, pack_scalars(a2))
    expected2 = nat.g2_mul_batch(G2_GEN, pack_scalars(a * k for a, k in zip(a2, k2, strict=True)))
    assert nat.g2_scale_batch(points2, raw_scalars(k2)) == expected2


def test_scaling_accepts_any_buffer() -> None:
    points = pack_g1([G1_GEN, None, G1_GEN])
    ks = raw_scalars([3, 4, R + 5])
    expected = nat.g1_scale_batch(points, ks)
    assert nat.g1_scale_batch(bytearray(points), memoryview(ks)) == expected
    assert unpack_g1(expected) == [ref.g1_mul(G1_GEN, 3), None, ref.g1_mul(G1_GEN, 5)]


def test_scaling_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="one scalar per point"):
        nat.g1_scale_batch(pack_g1([G1_GEN]), raw_scalars([1, 2]))
    with pytest.raises(ValueError, match="one scalar per point"):
        ref.g1_scale_batch(pack_g1([G1_GEN]), raw_scalars([1, 2]))
    with pytest.raises(ValueError, match="multiple"):
        nat.g2_scale_batch(bytes(100), raw_scalars([1]))
    with pytest.raises(ValueError, match="multiple"):
        nat.g1_scale_batch(pack_g1([G1_GEN]), bytes(31))
    non_canonical = pack_g1([G1_GEN]) + Q.to_bytes(32, "little") + bytes(32)
    with pytest.raises(PointError, match="#1"):
        nat.g1_scale_batch(non_canonical, raw_scalars([1, 1]))
    with pytest.raises(TypeError):
        nat.g1_scale_batch("not bytes", b"")


# ---- powers ---------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(first=any_scalar, inc=any_scalar, count=st.sampled_from([0, 1, 2, 3, 7, 16, 33]))
def test_fr_powers_matches_reference(first: int, inc: int, count: int) -> None:
    powers = nat.fr_powers(first, inc, count)
    assert isinstance(powers, bytearray)
    assert powers == ref.fr_powers(first, inc, count)
    assert powers == pack_scalars(first * pow(inc, i, R) for i in range(count))


def test_fr_powers_threaded_and_refusing_negative_counts() -> None:
    n = 5000
    assert nat.fr_powers(3, 7, n)[-32:] == pack_scalars([3 * pow(7, n - 1, R)])
    with pytest.raises(ValueError):
        nat.fr_powers(1, 2, -1)
    with pytest.raises(ValueError):
        ref.fr_powers(1, 2, -1)


# ---- the inverse FFT over the groups ----------------------------------------------------------


@settings(max_examples=10, deadline=None)
@given(log_n=st.integers(0, 3), data=st.data())
def test_g1_ifft_matches_the_definition(log_n: int, data) -> None:
    n = 1 << log_n
    multiples = data.draw(st.lists(st.one_of(st.none(), st.integers(1, R - 1)), min_size=n,
                                   max_size=n))
    points = pack_g1([None if a is None else nat.g1_mul(G1_GEN, a) for a in multiples])
    assert nat.g1_ifft(points) == ref.g1_ifft(points)


@pytest.mark.parametrize("log_n", [0, 1, 2])
def test_g2_ifft_matches_the_definition(log_n: int) -> None:
    rng = random.Random(log_n)
    points = pack_g2([None if i == 1 else nat.g2_mul(G2_GEN, rng.randrange(R))
                      for i in range(1 << log_n)])
    assert nat.g2_ifft(points) == ref.g2_ifft(points)


@pytest.mark.parametrize("threads", ["1", "3"])
def test_large_ifft_is_the_inverse_ntt_times_the_generator(
    threads: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Σ_i ω^(−ij)·(a_i·G)/n = (iNTT a)_j·G, through many threaded butterfly tasks."""
    monkeypatch.setenv("ZKGOV_THREADS", threads)
    rng = random.Random(7)
    for log_n, mul_batch, ifft in ((10, nat.g1_mul_batch, nat.g1_ifft),
                                   (7, nat.g2_mul_batch, nat.g2_ifft)):
        n = 1 << log_n
        a = [0 if i % 37 == 2 else rng.randrange(R) for i in range(n)]
        base = G1_GEN if ifft == nat.g1_ifft else G2_GEN
        points = mul_batch(base, pack_scalars(a))
        expected = mul_batch(base, pack_scalars(ntt(a, inverse=True)))
        assert ifft(points) == expected


def test_ifft_rejects_bad_input() -> None:
    for be in (nat, ref):
        with pytest.raises(ValueError, match="power of two"):
            be.g1_ifft(pack_g1([G1_GEN] * 3))
        with pytest.raises(ValueError, match="power of two"):
            be.g2_ifft(b"")
    with pytest.raises(PointError):
        nat.g1_ifft((Q + 1).to_bytes(32, "little") + bytes(32))


# ---- batch validity ---------------------------------------------------------------------------


def _mont(x: int) -> bytes:
    return (x * MONT_R % Q).to_bytes(32, "little")


@settings(max_examples=10, deadline=None)
@given(kinds=st.lists(st.sampled_from(["good", "none", "off", "big"]), max_size=7),
       seed=st.integers(0, 2**32))
def test_g1_first_invalid_matches_reference(kinds: list[str], seed: int) -> None:
    rng = random.Random(seed)
    parts = []
    for kind in kinds:
        if kind == "good":
            parts.append(pack_g1([nat.g1_mul(G1_GEN, rng.randrange(1, R))]))
        elif kind == "none":
            parts.append(pack_g1([None]))
        elif kind == "off":
            parts.append(pack_g1([off_curve_g1(rng)]))
        else:
            parts.append(Q.to_bytes(32, "little") + _mont(2))
    packed = b"".join(parts)
    expected = next((i for i, k in enumerate(kinds) if k in ("off", "big")), -1)
    assert nat.g1_first_invalid(packed) == ref.g1_first_invalid(packed) == expected


@pytest.mark.parametrize("kinds", [[], ["good"], ["none", "twist"], ["good", "good", "big"],
                                   ["twist", "good"]])
def test_g2_first_invalid_matches_reference(kinds: list[str]) -> None:
    rng = random.Random(len(kinds))
    parts = []
    for kind in kinds:
        if kind == "good":
            parts.append(pack_g2([nat.g2_mul(G2_GEN, rng.randrange(1, R))]))
        elif kind == "none":
            parts.append(pack_g2([None]))
        elif kind == "twist":
            parts.append(pack_g2([random_twist_point(rng)]))
        else:
            parts.append(bytes(32) + Q.to_bytes(32, "little") + bytes(64))
    packed = b"".join(parts)
    expected = next((i for i, k in enumerate(kinds) if k in ("twist", "big")), -1)
    assert nat.g2_first_invalid(packed) == ref.g2_first_invalid(packed) == expected
