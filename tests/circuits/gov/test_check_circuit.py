"""Every ready government circuit through ``circuits.testing.check_circuit``: the example
inputs prove (or solve), and each bad assignment has no satisfying assignment in the R1CS —
searched for as a cheating prover would, not only refused by the witness generator."""

from __future__ import annotations

import pytest

from circuits import load_circuit
from circuits.gov.examples import EXAMPLES
from circuits.testing import check_circuit


def _bad(name: str, good: dict) -> list[dict]:
    def change(**values):
        return {**good, **{k: str(v) for k, v in values.items()}}

    if name == "age_at_least":
        return [change(min_age=60), change(birth_date=20100101), change(today=20340102)]
    if name == "income_at_most":
        return [change(max_income=30000), change(income=30000), change(income=-1)]
    if name == "registry_membership":
        return [change(root=12345), change(index=4), {**good, "nullifier_hash": "1"}]
    if name == "invoice_total":
        return [change(tax=int(good["tax"]) + 1), change(net_total=int(good["net_total"]) - 1)]
    if name == "chain_of_custody":
        return [change(head=1), change(origin=2)]
    if name == "committed_value_in_range":
        return [change(upper=24_999), change(lower=25_001), change(value=-1)]
    if name == "joint_income_below":
        total = sum(int(good[f"{d}_income"]) for d in ("tax", "social", "housing"))
        return [change(threshold=total), change(tax_income=int(good["tax_income"]) + 1),
                change(household=int(good["household"]) + 1)]
    raise AssertionError(name)


@pytest.mark.timeout(600)
@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_ready_circuits_pass_the_harness(name):
    ref, build = EXAMPLES[name]
    good = build()
    report = check_circuit(
        load_circuit(ref),
        good=[good],
        bad=_bad(name, good),
        prove=name == "committed_value_in_range",  # the others' proofs are tested elsewhere
    )
    assert report.refused == len(_bad(name, good))
    assert report.analysis is not None and report.analysis.exit_code() == 0
