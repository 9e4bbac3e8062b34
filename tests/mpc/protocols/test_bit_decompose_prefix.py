"""The parallel-prefix bit decomposition gives the same bits as the plain computation (and as
the quadratic protocol), at the edges of the range and in both kinds of field."""

from __future__ import annotations

import random

import numpy as np
import pytest

from mpc.field import field_by_name
from mpc.protocols.arithmetic import open_values
from mpc.protocols.comparison import bit_decompose, bit_decompose_prefix
from mpc.session import run_local


@pytest.mark.parametrize(("field_name", "m"), [("goldilocks", 1), ("goldilocks", 2),
                                               ("goldilocks", 13), ("goldilocks", 31),
                                               ("bn254", 5), ("bn254", 67), ("bn254", 200)])
def test_bits_match_the_plain_decomposition(field_name: str, m: int) -> None:
    field = field_by_name(field_name)
    rng = random.Random(m)
    values = [0, (1 << m) - 1, 1 << (m - 1)] + [rng.randrange(1 << m) for _ in range(6)]

    # party 1 deals the shares, so all parties hold shares of one polynomial
    def dealt(rt):
        outgoing = {}
        if rt.party_id == 1:
            rows = rt.scheme(field).share(field.from_ints(np.array(values, dtype=object)))
            outgoing = {j: rows[j - 1] for j in rt.parties}
        got = rt.exchange(1, outgoing, [1], field)
        a = got[1]
        fast = bit_decompose_prefix(rt, field, a, m)
        slow = bit_decompose(rt, field, a, m) if m <= 32 else fast  # O(m²): small m only
        return ([field.to_ints(open_values(rt, field, b)) for b in fast],
                [field.to_ints(open_values(rt, field, b)) for b in slow])

    fast, slow = run_local(dealt, n=3, field=field)[0]
    expected = [[v >> i & 1 for v in values] for i in range(m)]
    assert fast == expected
    assert slow == expected
