"""Opening, multiplication, inner products and shared randomness, with in-process parties."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mpc.field import field_by_name
from mpc.protocols import arithmetic, randomness
from mpc.runtime import Runtime
from mpc.secure import SecureVector
from mpc.session import run_local

SMALL = st.integers(-2**20, 2**20)


@settings(max_examples=12, deadline=None)
@given(st.sampled_from([(3, 1), (5, 2), (4, 1)]), st.sampled_from(["goldilocks", "bn254"]),
       st.lists(st.tuples(SMALL, SMALL), max_size=20))
def test_products_and_inner_product(nt: tuple[int, int], field: str,
                                    pairs: list[tuple[int, int]]) -> None:
    n, t = nt
    xs, ys = [a for a, _ in pairs], [b for _, b in pairs]

    def program(rt: Runtime) -> tuple:
        vx, vy = rt.input(xs if rt.party_id == 1 else [], bits=22)[0], \
            rt.input(ys if rt.party_id == n else [], bits=22)[n - 1]
        return (vx * vy).reveal(), vx.dot(vy).reveal(), (vx * 3 - vy).reveal()

    for prods, dot, lin in run_local(program, n=n, t=t, field=field):
        assert prods == [a * b for a, b in pairs]
        assert dot == sum(a * b for a, b in pairs)
        assert lin == [3 * a - b for a, b in pairs]


def test_reveal_to_some_parties_only() -> None:
    def program(rt: Runtime) -> object:
        v = SecureVector.concat(rt.input([rt.party_id * 10]))
        return v.reveal(to=[2, 3])

    assert run_local(program, n=3) == [None, [10, 20, 30], [10, 20, 30]]


def test_random_bits_and_elements_are_well_formed() -> None:
    f = field_by_name("goldilocks")

    def program(rt: Runtime) -> tuple:
        bits = randomness.random_bits(rt, f, 300)
        elems = randomness.random_elements(rt, f, 50)
        ints = randomness.deal(rt, f, [randomness.Draw("int", 50, 8)])[0]
        return tuple(f.to_ints(arithmetic.open_values(rt, f, v)) for v in (bits, elems, ints))

    for bits, elems, ints in run_local(program, n=5, t=2):
        assert set(bits) == {0, 1} and 100 < sum(bits) < 200
        assert len(set(elems)) == 50
        assert max(ints) < 3 * 256  # sum of t+1 = 3 contributions below 2^8


def test_product_of_many_rows() -> None:
    f = field_by_name("goldilocks")
    rows = [[2, 3, 0], [5, 1, 7], [1, 1, 1], [3, 2, 2], [1, 4, 1]]

    def program(rt: Runtime) -> list[int]:
        shared = [rt.input(r if rt.party_id == 1 else [])[0].shares for r in rows]
        return f.to_ints(arithmetic.open_values(rt, f, arithmetic.product_of_rows(rt, f, shared)))

    assert run_local(program, n=3)[0] == [int(np.prod(c)) for c in zip(*rows)]
