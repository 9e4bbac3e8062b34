"""Time and peak memory of ceremony steps, zkgov next to snarkjs 0.7 on the same input.

    python benchmarks/ceremony_bench.py                       # phase 1 at 2^12 and 2^16,
                                                              # phase 2 at 2^12 (JSON)
    python benchmarks/ceremony_bench.py --phase1-powers 16 --phase2-power 16 \
        --skip-snarkjs-prepare --work /tmp/ceremony-bench     # keeps the files there
    python benchmarks/ceremony_bench.py --phase1-powers --phase2-power 16 \
        --ptau /tmp/ceremony-bench/phase2_16/pp_final.ptau    # reuse a prepared file
    python benchmarks/ceremony_bench.py --phase1-powers --phase2-power \
        --r1cs custody.r1cs --ptau pp_16.ptau                  # phase 2 on a real circuit

Every step runs as its own process (the ``zkgov`` and ``snarkjs`` command lines), so the
figures include start-up and file I/O, and the peak RSS is that process's alone (the
``ru_maxrss`` of its only child, measured by a small wrapper process).

* Phase 1: ``ptau contribute`` by both tools on a fresh ``ptau new`` file of each power, then
  ``ptau verify`` of zkgov's output by both tools.
* Phase 2: a chain-of-squarings circuit filling a 2^p domain; ``ceremony new`` and snarkjs's
  ``groth16 setup`` from a prepared ``.ptau``, then ``zkey contribute`` by each tool
  on its initial key (the two keys are compared), ``zkey verify`` by each tool of zkgov's
  contribution, and zkgov's verify of snarkjs's. Without ``--ptau``
  the prepared file is made here (new, contribute, prepare; ``prepare`` is timed too,
  snarkjs's unless ``--skip-snarkjs-prepare``: it takes far longer than zkgov's, and both
  write the same bytes).

Each finished step is also printed to stderr as one JSON line, so a long run that is cut
short (``--step-timeout``, or by hand) still leaves its figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zk.formats.r1cs import read_r1cs_header, write_r1cs  # noqa: E402
from zk.r1cs import R1CS, Constraint, LinearCombination  # noqa: E402

SNARKJS = ROOT / ".cache" / "npm" / "node_modules" / "snarkjs" / "build" / "cli.cjs"
ZKGOV = [sys.executable, "-m", "zkgov.main"]

# Runs one command and reports its wall time, its own peak RSS and CPU time (user + system,
# every thread: the only child); a limit
# of 0 means none. A command cut off at the limit is killed and waited for, so its peak RSS
# still counts.
_MEASURE = """
import json, resource, subprocess, sys, time
limit = float(sys.argv[1]) or None
start = time.perf_counter()
try:
    done = subprocess.run(sys.argv[2:], capture_output=True, text=True, timeout=limit)
    rc, tail, timed_out = done.returncode, (done.stdout + done.stderr)[-400:], False
except subprocess.TimeoutExpired:
    rc, tail, timed_out = None, "", True
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "seconds": round(seconds, 3), "peak_rss_kb": usage.ru_maxrss,
                  "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
                  "timed_out": timed_out, "tail": tail}))
"""


class Runner:
    """Runs measured steps one at a time and logs each result to stderr as it finishes."""

    def __init__(self, step_timeout: float) -> None:
        self.step_timeout = step_timeout

    def measure(self, label: str, cmd: list[str], cwd: Path) -> dict[str, Any]:
        done = subprocess.run([sys.executable, "-c", _MEASURE, str(self.step_timeout), *cmd],
                              cwd=cwd, capture_output=True, text=True, check=True)
        result = json.loads(done.stdout)
        peak_mb = round(result["peak_rss_kb"] / 1024, 1)
        if result["timed_out"]:
            figure: dict[str, Any] = {"timed_out_after_s": self.step_timeout,
                                      "peak_rss_mb": peak_mb}
        elif result["rc"] != 0:
            # Recorded, not raised: a long run keeps the figures of the steps that follow.
            figure = {"failed_exit_code": result["rc"], "error": result["tail"].strip(),
                      "seconds": result["seconds"], "peak_rss_mb": peak_mb}
        else:
            figure = {"seconds": result["seconds"], "peak_rss_mb": peak_mb,
                      "cpu_seconds": result["cpu_seconds"]}
        print(json.dumps({"step": label, **figure}), file=sys.stderr, flush=True)
        return figure


def zkgov(*args: str) -> list[str]:
    return [*ZKGOV, *args, "--quiet"]


def snarkjs(*args: str) -> list[str]:
    return ["node", str(SNARKJS), *args]


def chain_circuit(power: int) -> R1CS:
    """t₀ = x, t_{i+1} = t_i² + k, y = t_m: m = 2^power − 4 constraints fill a 2^power
    domain (snarkjs adds a row per public value and one for the constant)."""
    m = (1 << power) - 4
    y, k, x = 1, 2, 3
    t = [x] + [4 + i for i in range(m - 1)] + [y]  # the last step's output is y
    constraints = [
        Constraint(LinearCombination.wire(t[i]), LinearCombination.wire(t[i]),
                   LinearCombination({t[i + 1]: 1, k: -1}))
        for i in range(m)
    ]
    return R1CS(n_wires=4 + m - 1, n_public_outputs=1, n_public_inputs=1, n_private_inputs=1,
                constraints=constraints)


def chain_witness(power: int, x: int = 3, k: int = 2) -> list[int]:
    """The witness of :func:`chain_circuit` for private x and public k:
    [1, y, k, x, t₁ … t_{m−1}]."""
    from zk.field import R

    m = (1 << power) - 4
    t = [x % R]
    for _ in range(m):
        t.append((t[-1] * t[-1] + k) % R)
    return [1, t[m], k % R, *t[:m]]


def phase1(run: Runner, power: int, work: Path, with_snarkjs: bool) -> dict[str, Any]:
    fresh = f"p{power}_0.ptau"
    subprocess.run(zkgov("ptau", "new", str(power), fresh), cwd=work, check=True)
    row: dict[str, Any] = {"phase": 1, "power": power}
    tag = f"phase1 2^{power}"
    row["zkgov_contribute"] = run.measure(f"{tag} zkgov contribute", zkgov(
        "ptau", "contribute", fresh, f"p{power}_z.ptau", "--name", "bench"), work)
    row["zkgov_verify"] = run.measure(f"{tag} zkgov verify",
                                      zkgov("ptau", "verify", f"p{power}_z.ptau"), work)
    if with_snarkjs:
        row["snarkjs_contribute"] = run.measure(f"{tag} snarkjs contribute", snarkjs(
            "powersoftau", "contribute", fresh, f"p{power}_s.ptau", "--name=bench",
            "-e=bench entropy"), work)
        row["snarkjs_verify"] = run.measure(f"{tag} snarkjs verify", snarkjs(
            "powersoftau", "verify", f"p{power}_z.ptau"), work)
    return row


def prepared_ptau(run: Runner, power: int, work: Path, snarkjs_prepare: bool,
                  row: dict[str, Any], contributed: Path | None) -> Path:
    if contributed is None:
        subprocess.run(zkgov("ptau", "new", str(power), "pp_0.ptau"), cwd=work, check=True)
        subprocess.run(zkgov("ptau", "contribute", "pp_0.ptau", "pp_1.ptau"), cwd=work,
                       check=True)
    source = str(contributed.resolve()) if contributed else "pp_1.ptau"
    tag = f"prepare 2^{power}"
    row["zkgov_prepare"] = run.measure(f"{tag} zkgov", zkgov(
        "ptau", "prepare", source, "pp_final.ptau"), work)
    if snarkjs_prepare:
        row["snarkjs_prepare"] = run.measure(f"{tag} snarkjs", snarkjs(
            "powersoftau", "prepare", "phase2", source, "pp_snarkjs.ptau"), work)
        if (work / "pp_snarkjs.ptau").exists() and (work / "pp_final.ptau").exists():
            row["prepare_outputs_equal"] = ((work / "pp_final.ptau").read_bytes()
                                            == (work / "pp_snarkjs.ptau").read_bytes())
    return work / "pp_final.ptau"


def phase2(run: Runner, power: int | None, work: Path, ptau: Path | None, with_snarkjs: bool,
           snarkjs_prepare: bool, contributed: Path | None = None,
           circuit_file: Path | None = None) -> dict[str, Any]:
    """Phase 2 on the chain filling a 2^power domain, or on ``circuit_file`` (then ``ptau``
    must be given)."""
    if circuit_file is not None:
        header = read_r1cs_header(circuit_file.read_bytes())
        row: dict[str, Any] = {"phase": 2, "circuit": circuit_file.name,
                               "constraints": header.n_constraints}
        shutil.copyfile(circuit_file, work / "chain.r1cs")
        tag = f"phase2 {circuit_file.name}"
    else:
        assert power is not None
        row = {"phase": 2, "domain_power": power}
        if ptau is None:
            ptau = prepared_ptau(run, power, work, with_snarkjs and snarkjs_prepare, row,
                                 contributed)
        circuit = chain_circuit(power)
        row["constraints"] = circuit.n_constraints
        (work / "chain.r1cs").write_bytes(write_r1cs(circuit))
        tag = f"phase2 2^{power}"
    assert ptau is not None
    ptau_arg = str(ptau.resolve())
    row["zkgov_new"] = run.measure(f"{tag} zkgov ceremony new", zkgov(
        "ceremony", "new", "chain.r1cs", ptau_arg, "c0.zkey"), work)
    row["zkgov_contribute"] = run.measure(f"{tag} zkgov contribute", zkgov(
        "ceremony", "contribute", "c0.zkey", "c1z.zkey", "--name", "bench"), work)
    row["zkgov_verify"] = run.measure(f"{tag} zkgov verify", zkgov(
        "ceremony", "verify", "chain.r1cs", ptau_arg, "c1z.zkey"), work)
    if with_snarkjs:
        row["snarkjs_setup"] = run.measure(f"{tag} snarkjs groth16 setup", snarkjs(
            "groth16", "setup", "chain.r1cs", ptau_arg, "c0s.zkey"), work)
        if (work / "c0.zkey").exists() and (work / "c0s.zkey").exists():
            row["initial_keys_equal"] = ((work / "c0.zkey").read_bytes()
                                         == (work / "c0s.zkey").read_bytes())
        row["snarkjs_contribute"] = run.measure(f"{tag} snarkjs contribute", snarkjs(
            "zkey", "contribute", "c0s.zkey", "c1s.zkey", "--name=bench", "-e=bench"), work)
        row["snarkjs_verify"] = run.measure(f"{tag} snarkjs verify", snarkjs(
            "zkey", "verify", "chain.r1cs", ptau_arg, "c1z.zkey"), work)
        row["zkgov_verify_of_snarkjs_key"] = run.measure(
            f"{tag} zkgov verify of snarkjs's key",
            zkgov("ceremony", "verify", "chain.r1cs", ptau_arg, "c1s.zkey"), work)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phase1-powers", type=int, nargs="*", default=[12, 16])
    parser.add_argument("--phase2-power", type=int, nargs="*", default=[12])
    parser.add_argument("--ptau", type=Path, help="a prepared .ptau for phase 2")
    parser.add_argument("--contributed-ptau", type=Path,
                        help="a contributed, unprepared .ptau of the phase-2 power to prepare "
                             "(instead of making one)")
    parser.add_argument("--r1cs", type=Path,
                        help="also run phase 2 on this circuit (needs --ptau of enough power)")
    parser.add_argument("--no-snarkjs", action="store_true", help="measure zkgov only")
    parser.add_argument("--skip-snarkjs-prepare", action="store_true",
                        help="time only zkgov's prepare (snarkjs's takes far longer)")
    parser.add_argument("--step-timeout", type=float, default=0,
                        help="cut off any one step after this many seconds (0: no limit)")
    parser.add_argument("--work", type=Path,
                        help="keep the files in this folder (default: a temporary one)")
    args = parser.parse_args()
    with_snarkjs = bool(not args.no_snarkjs and SNARKJS.exists() and shutil.which("node"))
    run = Runner(args.step_timeout)
    rows = []
    with tempfile.TemporaryDirectory(prefix="zkgov-ceremony-bench-") as tmp:
        base = args.work or Path(tmp)
        for power in args.phase1_powers:
            work = base / f"phase1_{power}"
            work.mkdir(parents=True, exist_ok=True)
            rows.append(phase1(run, power, work, with_snarkjs))
        for power in args.phase2_power:
            work = base / f"phase2_{power}"
            work.mkdir(parents=True, exist_ok=True)
            rows.append(phase2(run, power, work, args.ptau, with_snarkjs,
                               not args.skip_snarkjs_prepare, args.contributed_ptau))
        if args.r1cs is not None:
            if args.ptau is None:
                parser.error("--r1cs needs --ptau (a prepared file of enough power)")
            work = base / f"phase2_{args.r1cs.stem}"
            work.mkdir(parents=True, exist_ok=True)
            rows.append(phase2(run, None, work, args.ptau, with_snarkjs, False,
                               circuit_file=args.r1cs.resolve()))
    print(json.dumps({
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average_at_end": os.getloadavg()},
        "snarkjs": "0.7.6" if with_snarkjs else None,
        "results": rows,
    }, indent=2))


if __name__ == "__main__":
    main()
