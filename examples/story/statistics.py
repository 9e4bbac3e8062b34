"""Chapter 5: three departments compute joint income statistics without pooling their records.

Tax, housing and health each hold a column of incomes they may not share. Each runs a
``zkgov mpc party`` process; the processes exchange Shamir shares over mutual TLS on loopback
and reveal only the agreed statistics, which the housing office uses to review the threshold.
"""

from __future__ import annotations

import json
import secrets
import statistics
import subprocess
import time
from fractions import Fraction
from itertools import pairwise
from pathlib import Path

from story.common import ZKGOV, DemoFailure, check, console, facts, free_port_block, say, zkgov

DEPARTMENTS = ("tax", "housing", "health")
RECORDS_PER_DEPARTMENT = 2_000
BINS = (10_000, 20_000, 30_000)
BELOW = 30_000


def _department_columns() -> dict[str, list[int]]:
    """Synthetic yearly incomes (whole currency units), different in each department."""
    rng = secrets.SystemRandom()
    columns = {}
    for k, name in enumerate(DEPARTMENTS):
        centre = 24_000 + 3_000 * k
        columns[name] = [max(0, int(rng.gauss(centre, 9_000)))
                         for _ in range(RECORDS_PER_DEPARTMENT)]
    return columns


def _bins(histogram: dict[str, list[int]]) -> str:
    edges, counts = histogram["edges"], histogram["counts"]
    labels = [f"< {edges[0]:,}"]
    labels += [f"{lo:,}–{hi:,}" for lo, hi in pairwise(edges)]
    labels.append(f"≥ {edges[-1]:,}")
    return ", ".join(f"{label}: {count:,}" for label, count in zip(labels, counts, strict=True))


def joint_statistics(work: Path) -> dict[str, str]:
    """Run the three parties as separate processes and compare with the plaintext answer."""
    columns = _department_columns()
    for name, values in columns.items():
        (work / f"{name}.csv").write_text("income\n" + "\n".join(map(str, values)) + "\n")
    base = free_port_block(len(DEPARTMENTS))
    zkgov("deployment", "mpc", "init", "--parties", str(len(DEPARTMENTS)), "--out", "deploy",
          "--base-port", str(base), cwd=work)

    computation = ["--compute", "count,mean,stdev,min,max", "--histogram",
                   ",".join(map(str, BINS)), "--count-if", f"<{BELOW}", "--json"]
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [*ZKGOV, "mpc", "party", "--id", str(i), "--config", "deploy/parties.toml",
             "--input", f"{name}.csv", *computation],
            cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i, name in enumerate(DEPARTMENTS, start=1)
    ]
    outputs = []
    for name, process in zip(DEPARTMENTS, processes, strict=True):
        out, err = process.communicate(timeout=300)
        if process.returncode != 0:
            raise DemoFailure(f"the {name} party exited {process.returncode}: {err.strip()}")
        outputs.append(json.loads(out))
    seconds = time.perf_counter() - started
    console.print(f"  [dim]$ zkgov mpc party --id 1|2|3 --config deploy/parties.toml "
                  f"--input tax|housing|health.csv {' '.join(computation)}[/dim]   "
                  f"[green]{seconds:6.2f} s[/green]")
    check(all(o["results"] == outputs[0]["results"] for o in outputs),
          "the parties revealed different results")
    result, exact = outputs[0]["results"], outputs[0]["exact"]

    # Only the demo holds all three columns, so only the demo can compare with plaintext.
    everything = [v for values in columns.values() for v in values]
    below = sum(v < BELOW for v in everything)
    check(int(result["count"]) == len(everything), "count differs from the plaintext")
    check(Fraction(exact["mean"]) == Fraction(sum(everything), len(everything)),
          "mean differs from the plaintext")
    check(int(result["min"]) == min(everything) and int(result["max"]) == max(everything),
          "min/max differ from the plaintext")
    check(int(result[f"count_if <{BELOW}"]) == below, "count_if differs from the plaintext")
    stdev = float(result["stdev"])
    check(abs(stdev - statistics.stdev(everything)) <= 1e-6 * statistics.stdev(everything) + 1,
          "stdev differs from the plaintext")
    say(f"{len(everything):,} records in three departments; each party saw only shares; "
        "results equal the plaintext computation")
    facts("joint statistics (yearly incomes)", [
        ("parties", "3 processes, Shamir t=1 of n=3, mutual TLS on loopback"),
        ("count", result["count"]),
        ("mean", f"{float(Fraction(exact['mean'])):,.2f} (exactly {exact['mean']})"),
        ("stdev", f"{stdev:,.0f}"),
        ("min / max", f"{int(result['min']):,} / {int(result['max']):,}"),
        (f"below {BELOW:,}", f"{below:,} ({100 * below / len(everything):.1f} %)"),
        ("histogram", _bins(result["histogram"])),
        ("wall time (3 processes)", f"{seconds:.2f} s"),
    ])
    return {"joint statistics": f"{len(everything):,} records of 3 departments, equal to "
                                f"plaintext ({seconds:.1f} s)"}
