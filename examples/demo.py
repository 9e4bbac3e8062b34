"""`make demo`: one government story told end to end, through the `zkgov` command line.

The city of Riverton pays a housing benefit to residents whose yearly income is below 30,000,
and must do so without collecting tax records:

1. the housing office, the tax office and the Court of Auditors hold a key ceremony, so that
   nobody can forge eligibility proofs;
2. applicants prove "income below the threshold" — the office learns nothing else;
3. the same from a credential the tax office signed, so the number is vouched for;
4. every accepted proof goes into a signed append-only log that an inspector audits;
5. the tax, housing and health departments compute joint income statistics on secret shares,
   as three processes over mutual TLS, to review the threshold without pooling records;
6. the tax, social-insurance and housing offices prove together that one household's
   combined income is below the threshold — one ordinary proof, no figure handed over.

Each step runs the real command in a scratch folder (kept when ZKGOV_DEMO_DIR names one) and
prints what it shows; any claim that turns out false stops the demo with exit code 1.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from rich.panel import Panel
from story.audit_log import record_and_audit
from story.ceremony import run_ceremony
from story.common import DemoFailure, console, facts
from story.credential import prove_from_credential
from story.housing import prove_eligibility
from story.joint_proof import prove_jointly
from story.statistics import joint_statistics

CHAPTERS = [
    ("1. Keys from a ceremony: nobody alone can forge a proof", run_ceremony),
    ("2. Applicants prove income < 30,000; the income stays secret", prove_eligibility),
    ("3. From a signed tax credential: the number is vouched for", prove_from_credential),
    ("4. The audit log: record, refuse, receipt, audit, catch tampering", record_and_audit),
    ("5. Three departments compute joint statistics on secret shares", joint_statistics),
    ("6. Three registers, one proof: proving on shares", prove_jointly),
]


def main() -> int:
    from zk.curve import get_backend

    console.print(Panel.fit(
        "zkgov demo — the city of Riverton's housing benefit, without collecting tax records\n"
        f"curve backend: {get_backend().name}", style="bold"))
    keep = os.environ.get("ZKGOV_DEMO_DIR")
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="zkgov-demo-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    summary: dict[str, str] = {}
    try:
        for title, chapter in CHAPTERS:
            console.rule(f"[bold]{title}")
            summary.update(chapter(work))
    except DemoFailure as exc:
        console.print(f"[bold red]demo failed:[/bold red] {exc}")
        return 1
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    console.rule("[bold green]every statement proven, recorded, audited and computed")
    facts("the whole story", [
        *summary.items(),
        ("total time", f"{time.perf_counter() - started:.1f} s"),
    ])
    return 0


if __name__ == "__main__":
    sys.exit(main())
