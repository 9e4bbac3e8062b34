"""Age and income thresholds from an EdDSA-Poseidon-signed credential."""

from __future__ import annotations

import pytest

from circuits.crypto import eddsa
from circuits.errors import InputError
from circuits.gov import examples
from circuits.gov.credential import AgeAtLeast, Credential, IncomeAtMost, holder_commitment
from zk.errors import ConstraintError


@pytest.fixture(scope="module")
def age():
    return AgeAtLeast.compile()


@pytest.fixture(scope="module")
def income():
    return IncomeAtMost.compile()


def test_public_values_are_the_issuer_date_and_bound(age) -> None:
    assert age.public_names() == ["issuer_ax", "issuer_ay", "today", "min_age"]
    inputs = examples.age_at_least()
    witness = age.witness(inputs)
    assert [str(witness[i]) for i in age.r1cs.public_wires()] == [
        inputs["issuer_ax"], inputs["issuer_ay"], "20250601", "18"
    ]


def test_age_boundaries(age) -> None:
    # born 1990-04-15: 35 on 2025-04-15, not on 2025-04-14
    age.witness(examples.age_at_least(today=20250415, min_age=35))
    with pytest.raises(ConstraintError, match="younger than the minimum age"):
        age.witness(examples.age_at_least(today=20250414, min_age=35))
    with pytest.raises(ConstraintError, match="younger than the minimum age"):
        age.witness(examples.age_at_least(min_age=36))


def test_credential_validity_dates(age) -> None:
    with pytest.raises(ConstraintError, match="expired on this date"):
        age.witness(examples.age_at_least(today=20340102))
    with pytest.raises(ConstraintError, match="not yet valid"):
        age.witness(examples.age_at_least(today=20231231))


def test_forged_or_borrowed_credentials_fail(age) -> None:
    lie = {**examples.age_at_least(min_age=40), "birth_date": "19800101"}
    with pytest.raises(ConstraintError, match="signature does not verify"):
        age.witness(lie)  # a birth date the issuer never signed
    other_key = eddsa.derive_public_key(examples.demo_key("somebody else"))
    forged_issuer = {
        **examples.age_at_least(),
        "issuer_ax": str(other_key[0]),
        "issuer_ay": str(other_key[1]),
    }
    with pytest.raises(ConstraintError, match="signature does not verify"):
        age.witness(forged_issuer)
    stolen = {**examples.age_at_least(), "holder_secret": "12345"}
    with pytest.raises(ConstraintError, match="signature does not verify"):
        age.witness(stolen)  # the holder attribute is Poseidon(secret)


def test_income_bound(income) -> None:
    income.witness(examples.income_at_most(max_income=31_500))
    with pytest.raises(ConstraintError, match="income above the bound"):
        income.witness(examples.income_at_most(max_income=31_499))


def test_credential_helper_checks_the_holder_secret() -> None:
    key = examples.demo_key("registry")
    cred = Credential(holder_commitment(7), 20000101, 1, 2, 20240101, 20300101)
    sig = cred.sign(key)
    assert eddsa.verify_poseidon(cred.message(), sig, eddsa.derive_public_key(key))
    with pytest.raises(InputError, match="holder secret"):
        cred.proof_inputs(8, sig, eddsa.derive_public_key(key))


def test_missing_input_is_named(age) -> None:
    inputs = examples.age_at_least()
    del inputs["sig_s"]
    with pytest.raises(InputError, match="sig_s"):
        age.witness(inputs)
