"""Chapter 1: the eligibility circuit's keys come from a ceremony, so nobody can forge proofs.

Phase 1 (powers of tau) and phase 2 (this circuit's δ) each take contributions from several
bodies and close with a public random beacon; the key is safe if any one contributor
destroyed their secret. ``verify`` recomputes everything from the circuit and the transcript.
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

from story.common import ROOT, check, facts, say, zkgov, zkgov_json

CONTRIBUTORS = ("Tax office", "Housing office", "Court of Auditors")


def run_ceremony(work: Path) -> dict[str, str]:
    """Compile the circuit, run both phases, export ``verification_key.json``."""
    shutil.copy(ROOT / "examples" / "income_below.py", work / "income_below.py")
    _, compiled = zkgov_json("compile", "compile", "income_below.py", cwd=work)
    say(f"circuit [bold]income_below[/bold]: {compiled['constraints']} constraints "
        "(income < threshold, 64-bit amounts)")

    seconds = 0.0
    step = 0
    previous = "pot_0000.ptau"
    seconds += zkgov("phase 1", "ptau", "new", "8", previous, "--quiet", cwd=work)[0]
    for step, name in enumerate(CONTRIBUTORS[:2], start=1):
        nxt = f"pot_{step:04d}.ptau"
        seconds += zkgov("phase 1", "ptau", "contribute", previous, nxt, "--name", name,
                         "--quiet", cwd=work)[0]
        previous = nxt
    beacon = secrets.token_hex(32)  # in production: a value fixed in advance, e.g. a block hash
    seconds += zkgov("phase 1", "ptau", "beacon", previous, "pot_beacon.ptau", beacon, "10",
                     "--name", "Public beacon", "--quiet", cwd=work)[0]
    seconds += zkgov("phase 1", "ptau", "prepare", "pot_beacon.ptau", "pot_final.ptau",
                     "--quiet", cwd=work)[0]
    t, phase1 = zkgov_json("phase 1 verify", "ptau", "verify", "pot_final.ptau", cwd=work)
    seconds += t
    check(phase1["ok"], "phase 1 transcript did not verify")

    previous = "housing_0000.zkey"
    seconds += zkgov("phase 2", "ceremony", "new", "income_below.r1cs", "pot_final.ptau",
                     previous, "--quiet", cwd=work)[0]
    for step, name in enumerate(CONTRIBUTORS, start=1):
        nxt = f"housing_{step:04d}.zkey"
        seconds += zkgov("phase 2", "ceremony", "contribute", previous, nxt, "--name", name,
                         "--quiet", cwd=work)[0]
        previous = nxt
    seconds += zkgov("phase 2", "ceremony", "beacon", previous, "housing_final.zkey",
                     secrets.token_hex(32), "10", "--name", "Public beacon", "--quiet",
                     cwd=work)[0]
    t, phase2 = zkgov_json("phase 2 verify", "ceremony", "verify", "income_below.r1cs",
                           "pot_final.ptau", "housing_final.zkey", cwd=work)
    seconds += t
    check(phase2["ok"], "phase 2 transcript did not verify")
    seconds += zkgov("export", "ceremony", "export", "verificationkey", "housing_final.zkey",
                     "verification_key.json", "--quiet", cwd=work)[0]

    say("every contribution checked: proofs of knowledge, hash chain, final key recomputed")
    rows = [
        ("phase 1", f"2^8 powers, {len(CONTRIBUTORS[:2])} contributions + public beacon"),
        ("phase 2", f"{len(CONTRIBUTORS)} contributions + public beacon: "
                    + ", ".join(CONTRIBUTORS)),
        ("who could forge a proof", "only all contributors together"),
        ("ceremony time (all steps)", f"{seconds:.1f} s"),
    ]
    facts("key ceremony", rows)
    return {"key ceremony": f"2 + 3 contributions and 2 beacons, verified ({seconds:.1f} s)"}
