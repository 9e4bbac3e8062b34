"""Chapter 3: the number comes from a credential the tax office signed, not from the applicant.

The tax office signs (EdDSA-Poseidon on Baby Jubjub) a credential of attributes for a resident;
the resident proves "my signed income is at most the bound, on this date, from this issuer",
and reveals nothing else of the credential: not the income, birth date, region or signature.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from story.common import check, facts, say, zkgov, zkgov_json

MAX_INCOME = 30_000
TODAY = 20251122


def prove_from_credential(work: Path) -> dict[str, str]:
    """Issue a credential in Python, prove from it through the CLI, check the public values."""
    from circuits.crypto import eddsa
    from circuits.gov.credential import Credential, holder_commitment
    from zk.field import R

    tax_office_key = eddsa.generate_private_key()
    tax_office_public = eddsa.derive_public_key(tax_office_key)
    elena_secret = secrets.randbelow(R)  # stays on Elena's device
    credential = Credential(holder=holder_commitment(elena_secret), birth_date=19880309,
                            income=27_500, region=75056, issued=20250110, expires=20260110)
    signature = credential.sign(tax_office_key)
    say("the tax office signed Elena's credential (income, birth date, region, validity)")

    _, compiled = zkgov_json("compile", "compile", "circuits.gov.credential:IncomeAtMost",
                             cwd=work)
    zkgov("setup", "setup", "income_at_most.r1cs", "--zkey", "credential.zkey", "--vk",
          "credential_vk.json", "--quiet", cwd=work)
    inputs = credential.proof_inputs(elena_secret, signature, tax_office_public)
    inputs.update(today=str(TODAY), max_income=str(MAX_INCOME))
    (work / "elena.json").write_text(json.dumps(inputs))
    prove_seconds, _ = zkgov("prove", "prove", "income_at_most", "--inputs", "elena.json",
                             "--zkey", "credential.zkey", "--proof", "elena-proof.json",
                             "--public", "elena-public.json", "--quiet", cwd=work)
    _, out = zkgov("verify", "verify", "credential_vk.json", "elena-public.json",
                   "elena-proof.json", cwd=work)
    check("OK" in out, "the credential proof did not verify")

    # The proof is only half the check: the public values must be the ones the office expects.
    public = [int(v) for v in json.loads((work / "elena-public.json").read_text())]
    expected = [tax_office_public[0], tax_office_public[1], TODAY, MAX_INCOME]
    check(public == expected, f"public values {public} are not issuer key, date, bound")
    say("public values: the tax office's key, today's date and the bound — "
        "[bold]nothing from the credential[/bold]")

    facts("credential proof", [
        ("statement", f"signed income ≤ {MAX_INCOME:,} on {TODAY}, credential valid"),
        ("secret", "income, birth date, region, holder secret, signature"),
        ("constraints", f"{compiled['constraints']:,} (EdDSA-Poseidon + Poseidon + ranges)"),
        ("keys", "one-party development setup here (chapter 1 shows the ceremony)"),
        ("prove (CLI run)", f"{prove_seconds:.2f} s"),
    ])
    return {"credential": f"signed-income proof accepted ({compiled['constraints']:,} "
                          "constraints)"}
