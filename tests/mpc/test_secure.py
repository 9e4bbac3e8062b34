"""Secure types: operators, scalars and vectors, bounds, and the input checks."""

from __future__ import annotations

import pytest

from mpc.errors import MpcInputError, MpcOverflowError
from mpc.runtime import Runtime
from mpc.secure import SecureNumber, SecureVector
from mpc.session import run_local


def test_numbers_and_vectors_read_like_arithmetic() -> None:
    def program(rt: Runtime) -> dict:
        a, b, _c = rt.input([7, -3, 2] if rt.party_id == 1 else [4, 5, 6] if rt.party_id == 2
                            else [], bits=16)
        x = a[0]
        assert isinstance(x, SecureNumber) and isinstance(a, SecureVector) and len(a) == 3
        return {
            "scalar": (x * 2 + 1 - x).reveal(),
            "vector_times_scalar": (a * x).reveal(),
            "vector_ops": (3 - a + b * 2).reveal(),
            "neg": (-a).reveal(),
            "slice": a[1:].reveal(),
            "public_vector": (a * [1, 2, 3]).reveal(),
            "where": SecureVector.where(a < b, a, b).reveal(),
            "scalar_cmp": (x > 6).reveal(),
            "sum": a.sum().reveal(),
            "concat": SecureVector.concat([a, b]).reveal(),
            "mixed_scale": SecureVector.concat([a, b * 1]).reveal(),
        }

    got = run_local(program, n=3)[0]
    assert got["scalar"] == 8
    assert got["vector_times_scalar"] == [49, -21, 14]
    assert got["vector_ops"] == [4, 16, 13]
    assert got["neg"] == [-7, 3, -2]
    assert got["slice"] == [-3, 2]
    assert got["public_vector"] == [7, -6, 6]
    assert got["where"] == [4, -3, 2]
    assert got["scalar_cmp"] == 1
    assert got["sum"] == 6
    assert got["concat"] == [7, -3, 2, 4, 5, 6]


def test_fixed_point_inputs_and_mixed_scales() -> None:
    def program(rt: Runtime) -> tuple:
        x = rt.input([1.25, -2.5] if rt.party_id == 1 else [], bits=24, frac_bits=8)[0]
        n = rt.input([3, 4] if rt.party_id == 2 else [], bits=16)[1]
        both = SecureVector.concat([x, n])
        return (x + n).reveal(), both.reveal(), (x + 0.5).reveal(), x.reveal_exact()

    total, both, shifted, exact = run_local(program, n=3)[0]
    assert total == [4.25, 1.5]
    assert both == [1.25, -2.5, 3.0, 4.0]
    assert shifted == [1.75, -2.0]
    assert [str(v) for v in exact] == ["5/4", "-5/2"]


def test_overflow_is_refused_instead_of_wrapping() -> None:
    def program(rt: Runtime) -> object:
        a = rt.input([2**31 - 1] if rt.party_id == 1 else [])[0]
        return (a * a * a).reveal()

    with pytest.raises(MpcOverflowError, match="could reach"):
        run_local(program, n=3)


@pytest.mark.parametrize(("values", "kwargs", "message"), [
    ([2**31], {}, "does not fit 32-bit"),
    ([1.5], {}, "not an integer"),
    ([1], {"bits": 70}, "do not fit"),
])
def test_inputs_are_checked_before_sharing(values: list, kwargs: dict, message: str) -> None:
    def program(rt: Runtime) -> object:
        return rt.input(values if rt.party_id == 1 else [], **kwargs)

    with pytest.raises(MpcInputError if "fit 32" in message or "integer" in message
                       else MpcOverflowError, match=message):
        run_local(program, n=3, timeout=5)


def test_fractional_constants_need_fixed_point_values() -> None:
    def program(rt: Runtime) -> object:
        x = rt.input([3] if rt.party_id == 1 else [])[0]
        with pytest.raises(ValueError, match="fixed-point"):
            x * 0.5
        return (x * 2.0).reveal()

    assert run_local(program, n=3)[0] == [6]
