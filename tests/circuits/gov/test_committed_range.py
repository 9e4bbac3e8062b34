"""A ledger commitment's value in a range."""

from __future__ import annotations

import pytest

from circuits.gov import examples
from circuits.gov.committed_range import CommittedValueInRange
from zk.errors import ConstraintError


@pytest.fixture(scope="module")
def ranged():
    return CommittedValueInRange.compile()


def test_bounds_are_inclusive(ranged) -> None:
    ranged.witness(examples.committed_value_in_range(10_000, 10_000, 50_000))
    ranged.witness(examples.committed_value_in_range(50_000, 10_000, 50_000))
    with pytest.raises(ConstraintError, match="below the lower bound"):
        ranged.witness(examples.committed_value_in_range(9_999, 10_000, 50_000))
    with pytest.raises(ConstraintError, match="above the upper bound"):
        ranged.witness(examples.committed_value_in_range(50_001, 10_000, 50_000))


def test_another_value_does_not_open_the_commitment(ranged) -> None:
    inputs = examples.committed_value_in_range()
    with pytest.raises(ConstraintError, match="does not open"):
        ranged.witness({**inputs, "value": "30000"})
