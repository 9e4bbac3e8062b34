"""Every computation ``zkgov mpc`` offers, at scale: 3 parties as separate ``zkgov`` processes
over mutual TLS on 127.0.0.1, with default settings (frame limit, per-peer buffer budget).

    python benchmarks/mpc_scale.py [--records N] [--jobs tutorial,moments,psi] [--out FILE]

Jobs (N records per party, so 3·N in the joint column):

* ``tutorial`` — the joint-statistics tutorial's command: ``--compute count,mean,min,max
  --histogram 20000,30000,40000 --count-if '<20000'``;
* ``moments``  — ``--compute count,sum,total,mean,variance,pvariance,stdev``;
* ``equality`` — ``--count-if ==30000 --count-if !=0``;
* ``psi``      — ``zkgov mpc psi`` between parties 1 and 2 on N identifiers each (half shared).

Prints one JSON document: per job the wall time, the peak RSS (``ru_maxrss`` of each
process, MiB) and CPU seconds of every party, the load average before and after (the machine
may be shared: CPU seconds are the steadier figure then), and whether every party exited 0.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: The ``zkgov`` console script of the interpreter running this benchmark.
ZKGOV = [str(Path(sys.executable).with_name("zkgov"))]
JOBS = {
    "tutorial": ["--compute", "count,mean,min,max", "--histogram", "20000,30000,40000",
                 "--count-if", "<20000"],
    "moments": ["--compute", "count,sum,total,mean,variance,pvariance,stdev"],
    "equality": ["--compute", "count", "--count-if", "==30000", "--count-if", "!=0"],
}


def free_port_base(count: int) -> int:
    """A base port with ``count`` free ports above it (checked by binding)."""
    for _ in range(50):
        base = random.randint(20000, 60000)
        try:
            for i in range(count):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", base + i))
            return base
        except OSError:
            continue
    raise RuntimeError("no free ports")


def write_columns(folder: Path, records: int) -> None:
    rng = random.Random(20261207)
    for party in (1, 2, 3):
        with open(folder / f"p{party}.csv", "w") as fh:
            fh.write("income\n")
            fh.write("\n".join(str(rng.randint(5000, 90000)) for _ in range(records)) + "\n")
        with open(folder / f"ids{party}.csv", "w") as fh:
            fh.write("id\n")
            shared = records // 2
            fh.write("\n".join(f"citizen-{i}" for i in range(shared)) + "\n")
            fh.write("\n".join(f"only-{party}-{i}" for i in range(records - shared)) + "\n")


def run_parties(commands: list[list[str]]) -> dict:
    load_before = [round(x, 2) for x in os.getloadavg()]
    started = time.perf_counter()
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for cmd in commands]
    out = []
    for proc in procs:
        _pid, status, usage = os.wait4(proc.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code
        stdout, stderr = proc.stdout.read(), proc.stderr.read()
        entry = {"exit": code, "seconds": round(time.perf_counter() - started, 1),
                 "peak_rss_mib": round(usage.ru_maxrss / 1024),
                 "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
                 "stderr": stderr.decode(errors="replace").strip().splitlines()[-1:]}
        try:
            printed = json.loads(stdout)
            entry["results"] = printed.get("results", printed)
        except ValueError:
            entry["stdout"] = stdout.decode(errors="replace")[-300:]
        out.append(entry)
    return {"wall_seconds": round(time.perf_counter() - started, 1),
            "load_average_before": load_before,
            "load_average_after": [round(x, 2) for x in os.getloadavg()], "parties": out}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--records", type=int, default=10**6)
    ap.add_argument("--jobs", default="tutorial,moments,equality,psi")
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--out")
    args = ap.parse_args()
    report: dict = {"records_per_party": args.records, "transport": "TCP + mutual TLS, loopback",
                    "cpus": os.cpu_count(), "jobs": {}}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_columns(folder, args.records)
        base = free_port_base(3)
        subprocess.run([*ZKGOV, "mpc", "init", "--parties", "3", "--out", str(folder / "d"),
                                "--base-port", str(base), "--quiet"], check=True,
                       stdout=subprocess.DEVNULL)
        config = str(folder / "d" / "parties.toml")
        text = Path(config).read_text()
        text = re.sub(r"(?m)^timeout\s*=.*$", "", text)  # a generous receive deadline only
        Path(config).write_text(text.replace("[mpc]", f"[mpc]\ntimeout = {args.timeout}", 1))
        for job in args.jobs.split(","):
            if job == "psi":
                commands = [[*ZKGOV, "mpc", "psi", "--id", str(i), "--with", str(3 - i),
                                     "--config", config, "--input", str(folder / f"ids{i}.csv"),
                                     "--size-only", "--json"] for i in (1, 2)]
            else:
                commands = [[*ZKGOV, "mpc", "party", "--id", str(i), "--config", config,
                                     "--input", str(folder / f"p{i}.csv"), "--json",
                                     *JOBS[job]] for i in (1, 2, 3)]
            result = run_parties(commands)
            result["ok"] = all(p["exit"] == 0 for p in result["parties"])
            report["jobs"][job] = result
            print(json.dumps({job: result}), file=sys.stderr, flush=True)
    text = json.dumps(report, indent=1)
    if args.out:
        Path(args.out).write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
