"""The sparse matrix × point vector product (one row per wire in a circuit-specific setup)
in C against py_ecc term by term, and against closed forms for rows too wide for py_ecc."""

from __future__ import annotations

import random
from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.zk.curve.conftest import (
    EDGE_SCALARS,
    G1_GEN,
    G2_GEN,
    off_curve_g1,
    random_twist_point,
    scalar_bytes,
)
from zk.curve.encoding import pack_g1, pack_g2, unpack_g1, unpack_g2
from zk.curve.native import NativeBackend
from zk.curve.reference import ReferenceBackend
from zk.errors import PointError
from zk.field import Q, R

nat = NativeBackend()
ref = ReferenceBackend()

CURVES = {
    "g1": (G1_GEN, nat.g1_mul, pack_g1, unpack_g1, "g1_sparse_msm"),
    "g2": (G2_GEN, nat.g2_mul, pack_g2, unpack_g2, "g2_sparse_msm"),
}

#: Scalars that take each path: skipped, added, subtracted, multiplied (and unreduced ones).
TERM_SCALARS = [*EDGE_SCALARS, R - 1, 1, 1, R - 2, 3]


def as_buffers(rows: list[list[tuple[int, int]]]) -> tuple[bytes, bytes, bytes]:
    """u32 indices, packed scalars and u32 row ends for rows of (point index, scalar)."""
    idx = array("I", [i for row in rows for i, _ in row])
    ends = array("I")
    total = 0
    for row in rows:
        total += len(row)
        ends.append(total)
    scalars = b"".join(scalar_bytes(k) for row in rows for _, k in row)
    return idx.tobytes(), scalars, ends.tobytes()


def run(backend, curve: str, points: bytes, rows: list[list[tuple[int, int]]]) -> bytes:
    return getattr(backend, CURVES[curve][4])(points, *as_buffers(rows))


def point_pool(curve: str, rng: random.Random, count: int) -> list:
    gen, mul, *_ = CURVES[curve]
    pool = [mul(gen, rng.randrange(1, R)) for _ in range(count)]
    return [*pool, None, pool[0], mul(pool[0], R - 1)]  # a repeat and a negation


row_strategy = st.lists(
    st.lists(st.tuples(st.integers(0, 9), st.sampled_from(TERM_SCALARS) | st.integers(
        0, 2**256 - 1)), max_size=7),
    max_size=5,
)


@pytest.mark.parametrize("curve", sorted(CURVES))
@settings(max_examples=12, deadline=None)
@given(rows=row_strategy, seed=st.integers(0, 2**32))
def test_rows_match_the_reference(curve: str, rows, seed: int) -> None:
    """Random rows over ten points (repeats, the identity, P and −P), scalars that are zero,
    ±1, small, random or ≥ r: every row equals py_ecc's term-by-term sum."""
    pack = CURVES[curve][2]
    pool = point_pool(curve, random.Random(seed), 7)
    points = pack(pool)
    assert run(nat, curve, points, rows) == run(ref, curve, points, rows)


def test_g2_points_outside_the_subgroup_are_exact() -> None:
    """The product uses no endomorphism on G2, so twist points of any order work."""
    rng = random.Random(7)
    pool = [random_twist_point(rng) for _ in range(6)]
    points = pack_g2(pool)
    rows = [[(0, 5), (1, R - 1), (2, 1)], [(i, rng.randrange(R)) for i in range(6)], []]
    assert run(nat, "g2", points, rows) == run(ref, "g2", points, rows)


@pytest.mark.parametrize("curve", sorted(CURVES))
def test_wide_rows_in_closed_form(curve: str) -> None:
    """Rows wide enough to run as a threaded MSM of their own (the constant wire), with
    narrow rows around them: points a_i·G, so row o is (Σ k_t·a_(i_t))·G."""
    gen, mul, pack, unpack, _ = CURVES[curve]
    rng = random.Random(curve)
    logs = [rng.randrange(1, R) for _ in range(3000)]
    points = pack([mul(gen, a) for a in logs])
    wide_minus_one = [(i, R - 1) for i in range(2500)]
    wide_mixed = [(i, 1 if i % 3 == 0 else rng.randrange(R)) for i in range(0, 3000, 2)]
    narrow = [[(rng.randrange(3000), rng.choice([1, R - 1, 7, rng.randrange(R)]))
               for _ in range(rng.randrange(6))] for _ in range(600)]
    rows = [*narrow[:300], wide_minus_one, *narrow[300:], wide_mixed, []]
    got = unpack(run(nat, curve, points, rows))
    expected = [mul(gen, sum(k * logs[i] for i, k in row) % R) for row in rows]
    assert got == expected


@pytest.mark.parametrize("backend", [nat, ref], ids=["native", "reference"])
def test_malformed_shapes_raise_value_error(backend) -> None:
    points = pack_g1([G1_GEN, None])
    idx_ok, scalars, ends_ok = as_buffers([[(0, 1)], [(1, 2)]])
    cases = [
        (array("I", [0, 2]).tobytes(), scalars, ends_ok),  # index beyond the points
        (idx_ok, scalars, array("I", [2, 1]).tobytes()),  # ends decrease
        (idx_ok, scalars, array("I", [1]).tobytes()),  # ends short of the terms
        (idx_ok, scalars[:32], ends_ok),  # fewer scalars than indices
        (idx_ok[:3], scalars, ends_ok),  # a torn u32
    ]
    for idx, ks, ends in cases:
        with pytest.raises(ValueError):
            backend.g1_sparse_msm(points, idx, ks, ends)


@pytest.mark.parametrize("backend", [nat, ref], ids=["native", "reference"])
def test_bad_points_raise_point_error(backend) -> None:
    rng = random.Random(3)
    idx, scalars, ends = as_buffers([[(0, 1)]])
    off = pack_g1([off_curve_g1(rng)])
    with pytest.raises(PointError, match="#0 is not on the curve"):
        backend.g1_sparse_msm(off + pack_g1([G1_GEN]), idx, scalars, ends)
    too_big = Q.to_bytes(32, "little") + bytes(32)
    with pytest.raises(PointError, match="#1: coordinate is not below"):
        backend.g1_sparse_msm(pack_g1([G1_GEN]) + too_big, idx, scalars, ends)


def test_empty_inputs() -> None:
    for backend in (nat, ref):
        assert backend.g1_sparse_msm(b"", b"", b"", b"") == b""
        assert backend.g2_sparse_msm(pack_g2([G2_GEN]), b"", b"", array("I", [0, 0])) == bytes(
            256)
