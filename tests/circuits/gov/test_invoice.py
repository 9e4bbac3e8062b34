"""Invoice totals from committed line items."""

from __future__ import annotations

import pytest

from circuits.errors import InputError
from circuits.gov import examples
from circuits.gov.invoice import InvoiceTotal, line_commitment
from zk.errors import ConstraintError
from zk.field import R

LINES = 4


@pytest.fixture(scope="module")
def invoice():
    return InvoiceTotal.compile(lines=LINES)


def test_true_invoice(invoice) -> None:
    inputs = examples.invoice_total(lines=LINES)
    invoice.witness(inputs)
    assert inputs["net_total"] == str(3 * 1250 + 99_900 + 12 * 475)


def test_wrong_totals_and_tax_fail(invoice) -> None:
    inputs = examples.invoice_total(lines=LINES)
    with pytest.raises(ConstraintError, match="do not add up"):
        invoice.witness({**inputs, "net_total": str(int(inputs["net_total"]) - 1)})
    with pytest.raises(ConstraintError, match="tax is not the rate"):
        invoice.witness({**inputs, "tax": str(int(inputs["tax"]) + 1)})


def test_changed_or_negative_line_fails(invoice) -> None:
    inputs = examples.invoice_total(lines=LINES)
    bumped = {**inputs, "unit_prices": ["1251", *inputs["unit_prices"][1:]]}
    with pytest.raises(ConstraintError, match="does not open"):
        invoice.witness(bumped)
    # a "negative" quantity (r − 1) committed honestly is refused by the input's type
    b = examples.demo_secret("neg")
    neg = {
        **inputs,
        "quantities": [str(R - 1), *inputs["quantities"][1:]],
        "commitments": [str(line_commitment(R - 1, 1250, b)), *inputs["commitments"][1:]],
        "blindings": [str(b), *inputs["blindings"][1:]],
    }
    with pytest.raises(InputError, match=r"quantities\[0\] \(private, u32\)"):
        invoice.witness(neg)
