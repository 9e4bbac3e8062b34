"""JointIncomeBelow: the example proves; the constraints refuse a sum at or above the
threshold, a figure that wraps around the field, and a record that is not the one committed."""

from __future__ import annotations

import pytest

from circuits.errors import InputError
from circuits.gov.examples import joint_income_below
from circuits.gov.joint_income import JointIncomeBelow, record_commitment, split_by_department
from circuits.testing import check_circuit
from zk.errors import ConstraintError
from zk.field import R


@pytest.fixture(scope="module")
def compiled():
    return JointIncomeBelow.compile()


def test_the_example_household_is_below_the_threshold(compiled) -> None:
    inputs = joint_income_below()
    witness = compiled.witness(inputs)
    assert witness[1:3] == [4021, 25_000]


def test_a_sum_at_the_threshold_is_refused(compiled) -> None:
    with pytest.raises(ConstraintError, match="below the threshold"):
        compiled.witness(joint_income_below(incomes=(14_200, 6_350, 4_450)))


def test_a_figure_that_wraps_around_the_field_is_refused(compiled) -> None:
    # tax income r − 10,000 makes the field sum small; only the u64 range check stops it:
    # the type refuses it before any proof work, and no assignment of the R1CS exists either
    inputs = joint_income_below(incomes=(R - 10_000, 6_350, 2_400))
    with pytest.raises(InputError, match=r"tax_income \(private, u64\)"):
        compiled.witness(inputs)
    check_circuit(compiled, bad=[inputs], prove=False, analyze=False)


def test_a_record_other_than_the_committed_one_is_refused(compiled) -> None:
    inputs = joint_income_below()
    inputs["social_income"] = "100"  # the commitment still names 6,350
    with pytest.raises(ConstraintError, match="commitment does not open"):
        compiled.witness(inputs)
    other = joint_income_below()
    other["household"] = "4022"  # the commitments bind household 4021
    with pytest.raises(ConstraintError, match="commitment does not open"):
        compiled.witness(other)


def test_each_department_brings_only_its_own_record() -> None:
    inputs = joint_income_below()
    parts = split_by_department(inputs)
    assert set(parts) == {"tax", "social", "housing"}
    private = [k for k in inputs if k.endswith(("_income", "_blinding"))]
    for key in private:
        assert sum(key in p for p in parts.values()) == 1
    assert "threshold" in parts["housing"]
    assert int(inputs["tax_commitment"]) == record_commitment(
        4021, int(inputs["tax_income"]), int(inputs["tax_blinding"]))
