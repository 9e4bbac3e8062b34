"""Chapter 6: three departments prove one statement from records none of them hands over.

Household 4021 applies for the benefit. Its income is split over three registers: the tax
office, the social-insurance office and the housing office each hold one figure and each has
published a Poseidon commitment to its record. Rather than pooling the figures, the three run
``zkgov mpc prove``: the witness and the Groth16 prover run on Shamir shares, and one
ordinary proof of "the three figures add up to less than 25,000" comes out, which anyone
verifies and the office appends to its log. A household above the threshold gets no proof.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from circuits.gov.examples import joint_income_below
from circuits.gov.joint_income import DEPARTMENTS, split_by_department
from story.common import (
    ZKGOV,
    DemoFailure,
    check,
    console,
    facts,
    free_port_block,
    say,
    zkgov,
    zkgov_json,
)

CIRCUIT = "circuits.gov.joint_income:JointIncomeBelow"
THRESHOLD = 25_000


def _prove_jointly(work: Path, household: str, incomes: tuple[int, int, int]
                   ) -> tuple[float, list[tuple[int, str, str]]]:
    """Each department writes only its own inputs file and runs its own party process."""
    inputs = joint_income_below(incomes=incomes, threshold=THRESHOLD)
    for dept, mine in split_by_department(inputs).items():
        (work / f"{household}-{dept}.json").write_text(json.dumps(mine))
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [*ZKGOV, "mpc", "prove", "joint", "--id", str(i), "--config",
             "joint-deploy/parties.toml", "--inputs", f"{household}-{dept}.json",
             "--proof", f"{household}-proof.json", "--public", f"{household}-public.json",
             "--reveal-to", "3", "--json"],
            cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i, dept in enumerate(DEPARTMENTS, start=1)
    ]
    outcomes = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        outcomes.append((process.returncode, out, err))
    seconds = time.perf_counter() - started
    console.print(f"  [dim]$ zkgov mpc prove joint --id 1|2|3 --config joint-deploy/parties.toml "
                  f"--inputs {household}-tax|social|housing.json --reveal-to 3[/dim]   "
                  f"[green]{seconds:6.2f} s[/green]")
    return seconds, outcomes


def prove_jointly(work: Path) -> dict[str, str]:
    """Compile, key, prove jointly, verify, refuse a false claim, record the proof."""
    zkgov("compile", "compile", CIRCUIT, "--name", "joint", "--quiet", cwd=work)
    # a development key keeps this chapter short; chapter 1 shows the ceremony a real key
    # comes from (this circuit needs powers of tau of at least 2^11)
    zkgov("setup", "setup", "joint.r1cs", "--vk", "joint_vk.json", "--quiet", cwd=work)
    base = free_port_block(len(DEPARTMENTS))
    zkgov("deployment", "mpc", "init", "--parties", "3", "--out", "joint-deploy",
          "--base-port", str(base), cwd=work)

    seconds, outcomes = _prove_jointly(work, "h4021", (14_200, 6_350, 2_400))
    for dept, (code, _, err) in zip(DEPARTMENTS, outcomes, strict=True):
        if code != 0:
            raise DemoFailure(f"the {dept} office's party exited {code}: {err.strip()}")
    report = json.loads(outcomes[2][1])
    check("proof" in report and not any("proof" in json.loads(out) for _, out, _ in
                                        outcomes[:2]),
          "the proof did not go to the housing office alone")
    _, verdict = zkgov("verify", "verify", "joint_vk.json", "h4021-public.json",
                       "h4021-proof.json", cwd=work)
    check("valid" in verdict, "the joint proof does not verify")
    say("the three offices' parties exchanged only shares; the housing office received one "
        "ordinary Groth16 proof, and [bold green]zkgov verify[/bold green] accepts it")

    _, false_outcomes = _prove_jointly(work, "h5150", (14_200, 6_350, 4_450))
    check(all(code == 2 and "statement is false" in err for code, _, err in false_outcomes),
          "a household at the threshold was not refused by every party")
    check(not (work / "h5150-proof.json").exists(), "the false claim left a proof behind")
    say("household 5150's figures add up to exactly 25,000: every party stops with "
        "[bold red]statement is false[/bold red] and no proof exists")

    zkgov("ledger", "ledger", "init", "--ledger", "benefits.ledger", "--origin",
          "benefits.riverton.example.gov/ledger", cwd=work)
    _, appended = zkgov_json("append", "ledger", "append", "--ledger", "benefits.ledger",
                             "--proof", "h4021-proof.json", "--public", "h4021-public.json",
                             "--vk", "joint_vk.json", "--circuit-id", "joint_income_below",
                             "--submitter", "household 4021", cwd=work)
    say(f"the proof is entry {appended.get('index', 0)} of the benefits office's log")
    facts("one proof from three registers", [
        ("parties", "tax, social insurance, housing: Shamir t=1 of n=3, mutual TLS"),
        ("statement", "Σ three committed incomes < 25,000 (JointIncomeBelow)"),
        ("revealed", "the proof and the public values: household, threshold, 3 commitments"),
        ("phases (housing office)", ", ".join(f"{k} {v:.2f} s"
                                               for k, v in report["seconds"].items())),
        ("rounds / bytes sent (housing office)",
         f"{report['rounds']} / {report['bytes_sent']:,}"),
        ("wall time (3 processes)", f"{seconds:.2f} s"),
    ])
    return {"joint proof": f"3 departments, one proof, verified and logged ({seconds:.1f} s)"}
