"""Chapter 2: applicants prove "income below the threshold" with the ceremony's key.

The housing office learns that each statement is true and nothing about the incomes. A false
statement cannot be proven at all; a proof replayed with a different threshold is rejected.
"""

from __future__ import annotations

import json
from pathlib import Path

from story.common import check, facts, say, zkgov

THRESHOLD = 30_000  # yearly income, whole currency units
APPLICANTS = {"ana": 12_000, "ben": 24_000, "chloe": 29_500}
ABOVE = ("david", 31_000)


def prove_eligibility(work: Path) -> dict[str, str]:
    """Each applicant proves with ``housing_final.zkey``; the office verifies."""
    prove_seconds, verify_seconds = [], []
    for who, income in APPLICANTS.items():
        (work / f"{who}.json").write_text(json.dumps({"threshold": THRESHOLD, "income": income}))
        prove_seconds.append(zkgov(
            "prove", "prove", "income_below", "--inputs", f"{who}.json", "--zkey",
            "housing_final.zkey", "--proof", f"{who}-proof.json", "--public",
            f"{who}-public.json", "--quiet", cwd=work)[0])
        seconds, out = zkgov("verify", "verify", "verification_key.json", f"{who}-public.json",
                             f"{who}-proof.json", cwd=work)
        verify_seconds.append(seconds)
        check("OK" in out, f"{who}'s proof did not verify")
    say(f"{len(APPLICANTS)} applicants proved [bold]income < {THRESHOLD:,}[/bold]; "
        "the office saw only the threshold and the proofs")

    who, income = ABOVE
    (work / f"{who}.json").write_text(json.dumps({"threshold": THRESHOLD, "income": income}))
    _, err = zkgov("prove (false claim)", "prove", "income_below", "--inputs", f"{who}.json",
                   "--zkey", "housing_final.zkey", "--proof", f"{who}-proof.json",
                   "--public", f"{who}-public.json", cwd=work, expect=2)
    check(not (work / f"{who}-proof.json").exists(), "a proof was written for a false claim")
    reason = err.strip().split(": A=")[0]  # the values of A, B, C follow; they say nothing here
    say(f"an applicant above the threshold cannot make a proof: [yellow]{reason}[/yellow]")

    (work / "replayed-public.json").write_text(json.dumps([str(THRESHOLD * 2)]))
    _, out = zkgov("verify (replayed)", "verify", "verification_key.json",
                   "replayed-public.json", "ana-proof.json", cwd=work, expect=1)
    say(f"Ana's proof replayed against another threshold: [bold red]{out.strip()}[/bold red]")

    proof_size = len((work / "ana-proof.json").read_bytes())
    facts("eligibility proofs", [
        ("public", f"threshold = {THRESHOLD:,}"),
        ("secret", "each applicant's income"),
        ("proof.json", f"{proof_size} bytes (Groth16: 2 G1 + 1 G2 points)"),
        ("prove (mean of CLI runs)", f"{sum(prove_seconds) / len(prove_seconds):.2f} s"),
        ("verify (mean of CLI runs)", f"{sum(verify_seconds) / len(verify_seconds):.2f} s"),
    ])
    return {"eligibility": f"{len(APPLICANTS)} proofs accepted, 1 false claim unprovable, "
                           "1 replay rejected"}
