"""Invoice totals from committed line items.

A supplier commits to each line of an invoice — Poseidon(quantity, unit_price, blinding) — and
publishes the commitments (on the ledger, say). Later it proves to the tax office that the
committed lines add up to the declared net total, that the tax at the declared rate (in basis
points, 2000 = 20 %) rounds down to the declared tax, without showing quantities or prices.
Unused lines are committed with quantity 0.
"""

from __future__ import annotations

from circuits import Builder, Circuit, field, private, public, u16, uint
from circuits.crypto.commitments import commit_many
from circuits.gadgets.bits import divmod_
from circuits.gadgets.commitments import assert_commitment_opens

__all__ = ["InvoiceTotal", "line_commitment"]

QUANTITY_BITS = 32
PRICE_BITS = 48
#: Basis points in one: a rate of 2000 is 20 %.
BASIS_POINTS = 10_000
#: Bits of the tax quotient: a line is below 2^80, so net·rate < lines·2^96 — far below 2^120
#: for any realistic number of lines — and the field equation of the division cannot wrap.
AMOUNT_BITS = 120


def line_commitment(quantity: int, unit_price: int, blinding: int) -> int:
    """The commitment to one invoice line."""
    return commit_many([quantity, unit_price], blinding)


class InvoiceTotal(Circuit):
    """Proves: "the committed lines add up to ``net_total``, and ``tax`` is
    ⌊net_total · tax_rate_bp / 10000⌋"; every quantity is below 2^32 and every unit price
    below 2^48 (so no negative or wrapped-around amounts hide in a line).

    Public: the line commitments, the net total, the rate, the tax. Secret: quantities, unit
    prices, blinding factors. Parameter ``lines`` (default 8).
    """

    lines = 8

    commitments = public(
        field, count="lines", doc="Poseidon(quantity, unit_price, blinding) per line"
    )
    net_total = public(field, doc="proven equal to the sum of the lines")
    tax_rate_bp = public(u16, doc="tax rate in basis points (2000 = 20 %)")
    tax = public(field, doc="proven equal to the rounded-down tax")
    quantities = private(uint(QUANTITY_BITS), count="lines")
    unit_prices = private(uint(PRICE_BITS), count="lines")
    blindings = private(field, count="lines")

    def define(self, c: Builder) -> None:
        """Constrain each line (quantity < 2^32, unit price < 2^48, commitment opens), the
        sum of quantity·unit_price to equal ``net_total``, and ``tax`` to be
        ⌊net_total·tax_rate_bp / 10000⌋ with the rate below 2^16."""
        total = c.constant(0)
        for i in range(self.lines):
            with c.label(f"line {i}"):
                q, p = self.quantities[i], self.unit_prices[i]
                assert_commitment_opens(c, self.commitments[i], [q, p], self.blindings[i])
                total = total + c.mul(q, p, "line amount")
        c.assert_eq(total, self.net_total, "the lines do not add up to the net total")
        taxed = c.mul(self.net_total, self.tax_rate_bp, "net total times rate")
        tax, _ = divmod_(c, taxed, BASIS_POINTS, AMOUNT_BITS, "tax")
        c.assert_eq(tax, self.tax, "the tax is not the rate applied to the net total")
