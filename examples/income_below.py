"""Social housing: a citizen proves her income is below the programme's threshold.

Public: the threshold. Private: the income. The proof shows income < threshold and nothing
else about the income.
"""

from circuits import Circuit, private, public, u64


class IncomeBelow(Circuit):
    """income < threshold, both 64-bit amounts (in cents); the income stays secret."""

    threshold = public(u64, doc="programme's income threshold, in cents")
    income = private(u64, doc="the applicant's yearly income, in cents")

    def define(self, c):
        c.assert_less_than(self.income, self.threshold, bits=64)
