"""Poseidon commitments and nullifiers in a circuit."""

from __future__ import annotations

import pytest

from circuits.crypto import commitments as native
from circuits.gadgets.commitments import assert_commitment_opens, commitment, nullifier
from zk.errors import ConstraintError


def test_commitment_and_nullifier_match_python(gadget) -> None:
    h = gadget(lambda c, xs: [commitment(c, xs[0], xs[1]), nullifier(c, xs[0], xs[1])], 2, 2)
    assert h.constraints == 2 * 240
    assert h.run([50, 7]) == [native.commit(50, 7), native.nullifier(50, 7)]


def test_opening_the_wrong_value_fails(gadget) -> None:
    com = native.commit_many([10, 20], 99)
    h = gadget(lambda c, xs: assert_commitment_opens(c, xs[0], xs[1:3], xs[3]) or [xs[1]], 4, 1)
    assert h.run([com, 10, 20, 99]) == [10]
    with pytest.raises(ConstraintError, match="does not open"):
        h.run([com, 10, 21, 99])
