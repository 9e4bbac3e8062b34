"""A household's combined income below a benefit threshold, from three departments' records.

The tax office, the social-insurance office and the housing office each hold one figure for
a household and each has committed to its record — Poseidon(household, income, blinding) —
for example on the audit ledger when the record was certified. None of them may hand its
figure to the others, yet the benefit rule needs the sum. With collaborative proving
(``zkgov mpc prove``) the three departments produce this circuit's proof together, each
bringing only its own record; the proof verifies like any other Groth16 proof.

The same circuit also proves in the ordinary way (``zkgov prove``) when one party does hold
all three records.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from circuits import Builder, Circuit, private, public
from circuits.crypto.commitments import commit_many
from circuits.gadgets.commitments import assert_commitment_opens
from circuits.types import field, u64, uint

__all__ = ["DEPARTMENTS", "INCOME_BITS", "JointIncomeBelow", "record_commitment",
           "split_by_department"]

#: The departments whose registers hold a part of the household's income, in input order.
DEPARTMENTS = ("tax", "social", "housing")
#: Each department's figure is a 64-bit unsigned integer (so the sum fits 66 bits).
INCOME_BITS = 64


def record_commitment(household: int, income: int, blinding: int) -> int:
    """Poseidon(household, income, blinding): what a department publishes for its record."""
    return commit_many([household, income], blinding)


class JointIncomeBelow(Circuit):
    """Proves: "the incomes in the tax, social-insurance and housing records of household
    ``household`` — each the record its department committed to — add up to less than
    ``threshold``".

    Public: the household id, the threshold and each department's record commitment.
    Secret: each department's income figure and the blinding of its commitment.
    """

    household = public(field, doc="the household's id, bound into each department's commitment")
    threshold = public(uint(INCOME_BITS + 2),
                       doc="the benefit threshold: the combined income must be below it")
    tax_commitment = public(field, doc="Poseidon(household, income, blinding) of the tax record")
    social_commitment = public(field, doc="the same for the social-insurance record")
    housing_commitment = public(field, doc="the same for the housing record")
    tax_income = private(u64, doc="taxable income (tax office)")
    tax_blinding = private(field)
    social_income = private(u64, doc="insured earnings and benefits (social-insurance office)")
    social_blinding = private(field)
    housing_income = private(u64, doc="rental and subsidy income (housing office)")
    housing_blinding = private(field)

    def define(self, c: Builder) -> None:
        """Open each commitment (each figure is a u64, range-checked by its type), compare the
        sum with the threshold."""
        total = c.constant(0)
        for dept in DEPARTMENTS:
            income = getattr(self, f"{dept}_income")
            with c.label(dept):
                assert_commitment_opens(c, getattr(self, f"{dept}_commitment"),
                                        [self.household, income],
                                        getattr(self, f"{dept}_blinding"))
            total = total + income
        c.assert_less_than(total, self.threshold, INCOME_BITS + 2,
                           "combined income must be below the threshold")


def split_by_department(inputs: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The inputs each department brings to a collaborative proof: its own record (income,
    blinding, commitment) and the public household id; the housing office, which runs the
    benefit, also gives the threshold."""
    parts: dict[str, dict[str, Any]] = {}
    for dept in DEPARTMENTS:
        parts[dept] = {"household": inputs["household"]}
        for key in ("income", "blinding", "commitment"):
            parts[dept][f"{dept}_{key}"] = inputs[f"{dept}_{key}"]
    parts["housing"]["threshold"] = inputs["threshold"]
    return parts
