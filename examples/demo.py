"""`make demo`: one government story told end to end through the `zkgov` CLI.

The social-housing office of a city must admit only applicants whose yearly income is below
a threshold, without collecting their tax records. The tax office never hands out incomes;
the applicant proves the statement with a zero-knowledge proof, the housing office verifies it.

Every step runs the real command line in a scratch folder and prints what it shows.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
console = Console(highlight=False)
ZKGOV = [sys.executable, "-m", "zk.cli.main"]


class DemoFailure(RuntimeError):
    """A step of the demo did not do what it should."""


def run(step: str, *args: str, cwd: Path, expect: int = 0) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([*ZKGOV, *args], cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != expect:
        raise DemoFailure(
            f"{step}: `zkgov {' '.join(args)}` exited {result.returncode} "
            f"(expected {expect}): {result.stderr.strip() or result.stdout.strip()}"
        )
    console.print(f"  [dim]$ zkgov {' '.join(args)}[/dim]   [green]{seconds:6.2f} s[/green]")
    return seconds, result.stdout + result.stderr


def housing_story(work: Path) -> dict[str, float]:
    console.rule("[bold]1. Social housing: income below the threshold, income kept secret")
    shutil.copy(ROOT / "examples" / "income_below.py", work / "income_below.py")
    timings: dict[str, float] = {}
    timings["compile"], _ = run("compile", "compile", "income_below.py", "--json", cwd=work)
    info = json.loads(run("info", "info", "income_below.r1cs", "--json", cwd=work)[1])
    timings["setup"], _ = run("setup", "setup", "income_below.r1cs", "--quiet", cwd=work)

    threshold, income = 3_000_000_00, 2_150_000_00  # cents
    (work / "inputs.json").write_text(json.dumps({"threshold": threshold, "income": income}))
    timings["prove"], _ = run("prove", "prove", "income_below", "--inputs", "inputs.json",
                              "--quiet", cwd=work)
    timings["verify"], out = run("verify", "verify", "verification_key.json", "public.json",
                                 "proof.json", cwd=work)
    proof_bytes = len((work / "proof.json").read_bytes())

    console.print("  The applicant with income 2,150,000.00 proves [bold]income < 3,000,000.00"
                  "[/bold]; the office learns only that it is true.")
    console.print(f"  verifier says: [bold green]{out.strip()}[/bold green]")

    # A second applicant above the threshold cannot make a proof at all.
    (work / "rich.json").write_text(json.dumps({"threshold": threshold, "income": 3_100_000_00}))
    _, err = run("prove (false claim)", "prove", "income_below", "--inputs", "rich.json",
                 "--proof", "rich_proof.json", "--public", "rich_public.json", cwd=work, expect=2)
    if (work / "rich_proof.json").exists():
        raise DemoFailure("a proof file was written for a false statement")
    console.print(f"  an applicant above the threshold gets: [yellow]{err.strip()[:110]}…[/yellow]")

    # Changing the public threshold in public.json makes the verifier say no.
    (work / "public_tampered.json").write_text(json.dumps([str(threshold * 2)]))
    run("verify (tampered)", "verify", "verification_key.json", "public_tampered.json",
        "proof.json", cwd=work, expect=1)
    console.print("  a proof replayed against a different threshold: [bold red]INVALID[/bold red]")

    table = Table(title="social housing proof", show_header=False)
    for key, value in [
        ("statement", "income < threshold (64-bit amounts)"),
        ("public", f"threshold = {threshold}"),
        ("secret", "income"),
        ("constraints", info["constraints"]),
        ("proof.json size", f"{proof_bytes} bytes (Groth16: 2 G1 + 1 G2 points)"),
        *[(f"{k} time", f"{v:.2f} s") for k, v in timings.items()],
    ]:
        table.add_row(key, str(value))
    console.print(table)
    return timings


def main() -> int:
    from zk.curve import get_backend

    console.print(Panel.fit(
        "zkgov demo — agencies using data without exposing it\n"
        f"curve backend: {get_backend().name}", style="bold"))
    keep = os.environ.get("ZKGOV_DEMO_DIR")
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="zkgov-demo-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        housing_story(work)
    except DemoFailure as exc:
        console.print(f"[bold red]demo failed:[/bold red] {exc}")
        return 1
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    console.rule("[bold green]all statements proven and checked")
    return 0


if __name__ == "__main__":
    sys.exit(main())
