"""A committed value in a range: links a commitment on the ledger to a statement.

An agency appends a Poseidon commitment Poseidon(value, blinding) to the audit ledger
(``zkgov ledger append --commitment … --scheme poseidon``) when it records a figure — a grant
amount, a measured emission, a headcount. Later it proves that the very value behind that
ledger entry lies in a range, e.g. "the grant is between 10 000 and 50 000", without opening it.
"""

from __future__ import annotations

from circuits import Builder, Circuit, field, private, public, u64
from circuits.gadgets.commitments import assert_commitment_opens

__all__ = ["CommittedValueInRange"]

#: Values and bounds are compared as 64-bit unsigned integers.
VALUE_BITS = 64


class CommittedValueInRange(Circuit):
    """Proves: "the value committed in ``commitment`` lies between ``lower`` and ``upper``
    (inclusive)".

    Public: the commitment (as on the ledger) and the bounds. Secret: the value and the
    blinding factor.
    """

    commitment = public(field, doc="Poseidon(value, blinding), as appended to the ledger")
    lower = public(u64)
    upper = public(u64)
    value = private(u64)
    blinding = private(field)

    def define(self, c: Builder) -> None:
        """Constrain ``commitment`` = Poseidon(value, blinding) and lower ≤ value ≤ upper,
        compared as 64-bit unsigned integers."""
        assert_commitment_opens(c, self.commitment, [self.value], self.blinding)
        c.assert_less_eq(self.lower, self.value, VALUE_BITS, "value below the lower bound")
        c.assert_less_eq(self.value, self.upper, VALUE_BITS, "value above the upper bound")
