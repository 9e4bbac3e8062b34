"""Baby Jubjub arithmetic against circomlibjs and the group laws."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from circuits.crypto import babyjubjub as bj
from circuits.errors import InputError
from zk.errors import PointError

VECTORS = Path(__file__).resolve().parents[2] / "fixtures" / "circomlibjs"
DATA = json.loads((VECTORS / "babyjubjub_vectors.json").read_text())


def _pt(p: list[str]) -> bj.Point:
    return int(p[0]), int(p[1])


def test_parameters() -> None:
    assert bj.is_on_curve(bj.GENERATOR) and bj.is_on_curve(bj.BASE8)
    assert bj.multiply(bj.GENERATOR, 8) == bj.BASE8
    assert bj.in_subgroup(bj.BASE8)
    assert not bj.in_subgroup(bj.GENERATOR)
    assert bj.multiply(bj.GENERATOR, bj.ORDER) == bj.IDENTITY
    assert (bj.MONT_A, bj.MONT_B) == (168698, 1)


@pytest.mark.parametrize("case", DATA["mul_base8"], ids=lambda c: c["scalar"][:8])
def test_multiply_and_pack_match_circomlibjs(case: dict) -> None:
    point = bj.multiply(bj.BASE8, int(case["scalar"]))
    assert point == _pt(case["point"])
    assert bj.pack_point(point).hex() == case["packed"]
    assert bj.unpack_point(bytes.fromhex(case["packed"])) == point


@pytest.mark.parametrize("case", DATA["add"], ids=lambda c: c["p"][0][:8])
def test_add_matches_circomlibjs(case: dict) -> None:
    assert bj.add(_pt(case["p"]), _pt(case["q"])) == _pt(case["sum"])


@settings(max_examples=20, deadline=None)
@given(st.integers(0, bj.SUBORDER - 1), st.integers(0, bj.SUBORDER - 1))
def test_multiplication_is_linear(a: int, b: int) -> None:
    pa, pb = bj.multiply(bj.BASE8, a), bj.multiply(bj.BASE8, b)
    assert bj.add(pa, pb) == bj.multiply(bj.BASE8, a + b)
    assert bj.add(pa, bj.negate(pa)) == bj.IDENTITY
    assert bj.multiply(pa, -1) == bj.negate(pa)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, bj.SUBORDER - 1))
def test_montgomery_round_trip_and_equation(k: int) -> None:
    p = bj.multiply(bj.BASE8, k)
    u, v = bj.to_montgomery(p)
    assert (bj.MONT_B * v * v - u**3 - bj.MONT_A * u * u - u) % bj.P == 0
    assert bj.from_montgomery((u, v)) == p


def test_bad_points_are_rejected() -> None:
    with pytest.raises(PointError, match="not on the Baby Jubjub curve"):
        bj.check_point((1, 2))
    with pytest.raises(InputError, match="pair"):
        bj.check_point(5)
    with pytest.raises(PointError, match="32 bytes"):
        bj.unpack_point(b"\x00" * 31)
    with pytest.raises(PointError):
        bj.to_montgomery(bj.IDENTITY)


def test_hash_to_subgroup_is_deterministic_and_in_the_subgroup() -> None:
    h = bj.hash_to_subgroup(b"test tag")
    assert h == bj.hash_to_subgroup(b"test tag")
    assert h != bj.hash_to_subgroup(b"other tag")
    assert bj.in_subgroup(h) and h != bj.IDENTITY
