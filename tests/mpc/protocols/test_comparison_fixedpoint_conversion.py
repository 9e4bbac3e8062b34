"""Comparisons by bit decomposition, fixed-point arithmetic and moving shares between fields."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mpc.errors import MpcOverflowError
from mpc.field import field_by_name
from mpc.protocols.comparison import check_room
from mpc.runtime import Runtime
from mpc.secure import SecureVector
from mpc.session import run_local

LIMIT = 2**31 - 1
VALUE = st.one_of(st.integers(-LIMIT, LIMIT), st.sampled_from([0, 1, -1, LIMIT, -LIMIT]))


@settings(max_examples=10, deadline=None)
@given(st.lists(st.tuples(VALUE, VALUE), min_size=1, max_size=25),
       st.sampled_from([(3, 1, "goldilocks"), (5, 2, "goldilocks"), (3, 1, "bn254")]))
def test_comparisons_of_32_bit_values(pairs: list[tuple[int, int]], setup: tuple) -> None:
    n, t, field = setup
    pairs = pairs + [(a, a) for a, _ in pairs[:3]]
    xs, ys = [a for a, _ in pairs], [b for _, b in pairs]

    def program(rt: Runtime) -> tuple:
        x = rt.input(xs if rt.party_id == 1 else [])[0]
        y = rt.input(ys if rt.party_id == 2 else [])[1]
        return tuple(v.reveal() for v in (x < y, x <= y, x > y, x >= y, x == y, x != y))

    lt, le, gt, ge, eq, ne = run_local(program, n=n, t=t, field=field)[0]
    assert lt == [int(a < b) for a, b in pairs]
    assert le == [int(a <= b) for a, b in pairs]
    assert gt == [int(a > b) for a, b in pairs]
    assert ge == [int(a >= b) for a, b in pairs]
    assert eq == [int(a == b) for a, b in pairs]
    assert ne == [int(a != b) for a, b in pairs]


def test_comparison_that_cannot_fit_the_field_is_refused() -> None:
    def program(rt: Runtime) -> object:
        x = rt.input([2**40] if rt.party_id == 1 else [], bits=48)[0]
        return (x < 5).reveal()

    with pytest.raises(MpcOverflowError, match="does not fit the goldilocks field"):
        run_local(program, n=3)
    # the same comparison works in the BN254 field
    assert run_local(program, n=3, field="bn254")[0] == [0]


def test_room_check_names_the_largest_size() -> None:
    class Rt:
        t, sec_param = 1, 30

    with pytest.raises(MpcOverflowError, match=r"at most 2\^32"):
        check_room(Rt(), field_by_name("goldilocks"), 33, "comparison")  # type: ignore[arg-type]


@settings(max_examples=8, deadline=None)
@given(st.data(), st.sampled_from([("goldilocks", 8, 16, 100.0), ("bn254", 16, 40, 1000.0)]))
def test_fixed_point_products_are_within_rounding(data: st.DataObject, setup: tuple) -> None:
    field, f, bits, size = setup
    real = st.floats(-size, size)
    pairs = data.draw(st.lists(st.tuples(real, real), min_size=1, max_size=10))

    def program(rt: Runtime) -> tuple:
        x = rt.input([a for a, _ in pairs] if rt.party_id == 1 else [], bits, f)[0]
        y = rt.input([b for _, b in pairs] if rt.party_id == 2 else [], bits, f)[1]
        return (x * y).reveal(), (x * 0.5).reveal(), (x < y).reveal(), (x + y).reveal()

    prod, half, lt, total = run_local(program, n=3, field=field)[0]
    ulp = 2.0 ** -f
    for (a, b), p, h, less, s in zip(pairs, prod, half, lt, total):
        ra, rb = round(a / ulp) * ulp, round(b / ulp) * ulp
        assert abs(p - ra * rb) <= 2 * ulp + 1e-9
        assert abs(h - ra / 2) <= 2 * ulp
        assert less == int(ra < rb)
        assert s == pytest.approx(ra + rb, abs=1e-12)


def test_fixed_point_product_too_wide_for_the_field_is_refused() -> None:
    def program(rt: Runtime) -> object:
        x = rt.input([1.5] if rt.party_id == 1 else [], 32, 16)[0]
        return (x * x).reveal()

    with pytest.raises(MpcOverflowError, match="truncating"):
        run_local(program, n=3)


def test_mean_as_secure_fixed_point_number() -> None:
    from mpc.statistics import mean_fixed

    values = [3, 4, 4, 10, -7, 1000]

    def program(rt: Runtime) -> object:
        col = SecureVector.concat(rt.input(values if rt.party_id == 1 else [], 32, 16))
        return mean_fixed(col).reveal()

    got = run_local(program, n=3, field="bn254")[0]
    assert got == pytest.approx(sum(values) / len(values), abs=2 ** -15)


@pytest.mark.parametrize("target", ["p64", "bn254"])
def test_conversion_to_another_field(target: str) -> None:
    values = [0, 1, -1, LIMIT, -LIMIT, 123456]

    def program(rt: Runtime) -> object:
        x = rt.input(values if rt.party_id == 3 else [])[2]
        y = x.to_field(field_by_name(target))
        return (y * y).reveal()

    assert run_local(program, n=3)[0] == [v * v for v in values]


@settings(max_examples=6, deadline=None)
@given(st.lists(st.integers(0, 2**20 - 1), min_size=1, max_size=12),
       st.sampled_from(["goldilocks", "bn254"]))
def test_bit_decomposition(values: list[int], field: str) -> None:
    values = [*values, 0, 2**20 - 1]

    def program(rt: Runtime) -> object:
        x = rt.input(values if rt.party_id == 1 else [], bits=22)[0]
        return [b.reveal() for b in x.bits(20)]

    bits = run_local(program, n=3, field=field)[0]
    assert [sum(bits[i][k] << i for i in range(20)) for k in range(len(values))] == values
    assert all(set(row) <= {0, 1} for row in bits)


def test_long_vectors_are_compared_in_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    import mpc.protocols.comparison as comparison

    monkeypatch.setattr(comparison, "BLOCK_ELEMENTS", 1 << 12)  # blocks of 1,024 values
    values = [int(v) for v in np.random.default_rng(7).integers(-500, 500, 2500)] + [0, 0]
    seen: list[int] = []
    original = comparison._less_than_zero

    def counting(rt, field, a, bound):
        seen.append(a.shape[0])
        return original(rt, field, a, bound)

    monkeypatch.setattr(comparison, "_less_than_zero", counting)

    def program(rt: Runtime) -> tuple:
        col = SecureVector.concat(rt.input(values if rt.party_id == 1 else [], bits=16))
        small = SecureVector.concat(rt.input([3, 1, 2] if rt.party_id == 2 else [], bits=4))
        return (col < 0).reveal(), (col == 0).reveal(), [b.reveal() for b in small.bits(3)]

    lt, eq, bits = run_local(program, n=3)[0]
    assert lt == [int(v < 0) for v in values] and eq == [int(v == 0) for v in values]
    assert bits == [[1, 1, 0], [1, 0, 1], [0, 0, 0]]
    assert sorted(seen)[-1] == 1024 and sum(seen) == 3 * len(values)  # 3 parties, 3 blocks
