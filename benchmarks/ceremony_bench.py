"""Time and peak memory of every ceremony step, zkgov next to snarkjs 0.7 on the same input,
with the ratio zkgov/snarkjs of each step (below 1: zkgov is faster).

    python benchmarks/ceremony_bench.py                       # phase 1 at 2^12, phase 2 at 2^12
    python benchmarks/ceremony_bench.py --phase1-powers 16 --phase2-power 16 \
        --skip-snarkjs-prepare --work /tmp/ceremony-bench     # keeps the files there
    python benchmarks/ceremony_bench.py --phase1-powers --phase2-power 16 \
        --ptau /tmp/ceremony-bench/phase2_16/pp_final.ptau    # reuse a prepared file
    python benchmarks/ceremony_bench.py --phase1-powers --phase2-power \
        --r1cs custody.r1cs --ptau pp_16.ptau                  # phase 2 on a real circuit

Every step runs as its own process (the ``zkgov`` and ``snarkjs`` command lines), so the
figures include start-up and file I/O, and the peak RSS is that process's alone (the
``ru_maxrss`` of its only child, measured by a small wrapper process). The two tools run one
after the other on the same input, so a ratio compares them under the same machine load.

* Phase 1 (each power): ``powersoftau new``; ``contribute`` to the fresh file; ``beacon``
  on zkgov's contribution (deterministic: the two outputs are compared); ``verify`` of
  zkgov's beacon file; the air-gapped steps ``export challenge`` of zkgov's contribution,
  ``challenge contribute`` on zkgov's challenge and ``import response`` of zkgov's
  response; ``prepare phase2`` of the beacon file (snarkjs's unless
  ``--skip-snarkjs-prepare``: it takes far longer than zkgov's; both write the same bytes).
* Phase 2: a chain-of-squarings circuit filling a 2^p domain; ``ceremony new`` and snarkjs's
  ``groth16 setup`` from a prepared ``.ptau`` (the keys are compared), ``zkey contribute``
  by each tool on zkgov's initial key, ``zkey beacon`` on zkgov's contribution (compared),
  ``zkey verify`` by each tool of zkgov's beacon key, zkgov's verify of snarkjs's key and
  ``zkey export verificationkey``. Without ``--ptau`` the prepared file is made here (new,
  contribute, prepare; ``prepare`` is timed as in phase 1).

Each finished step is also printed to stderr as one JSON line, and at the end a table of
every step's times and ratio, so a long run that is cut short (``--step-timeout``, or by
hand) still leaves its figures.
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


BEACON_HASH = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"
BEACON_EXP = "10"


def _same_bytes(work: Path, a: str, b: str) -> bool | None:
    """Whether two outputs are byte for byte equal (None when either is missing)."""
    pa, pb = work / a, work / b
    if not (pa.exists() and pb.exists()):
        return None
    return pa.read_bytes() == pb.read_bytes()


def _ratio(ours: dict[str, Any], theirs: dict[str, Any]) -> float | None:
    if "seconds" not in ours or "seconds" not in theirs or not theirs["seconds"]:
        return None
    if "failed_exit_code" in ours or "failed_exit_code" in theirs:
        return None
    return round(ours["seconds"] / theirs["seconds"], 3)


def pair(run: Runner, row: dict[str, Any], step: str, ours: list[str],
         theirs: list[str] | None, work: Path) -> None:
    """Time one step with zkgov, then (when given) with snarkjs, and record the ratio."""
    tag = f"{row['tag']} {step}"
    entry: dict[str, Any] = {"zkgov": run.measure(f"{tag} zkgov", ours, work)}
    if theirs is not None:
        entry["snarkjs"] = run.measure(f"{tag} snarkjs", theirs, work)
        entry["ratio"] = _ratio(entry["zkgov"], entry["snarkjs"])
    row["steps"][step] = entry


def phase1(run: Runner, power: int, work: Path, with_snarkjs: bool,
           snarkjs_prepare: bool) -> dict[str, Any]:
    """Every phase-1 step at one power (see the module's docstring)."""
    row: dict[str, Any] = {"phase": 1, "power": power, "tag": f"phase1 2^{power}", "steps": {}}
    s = snarkjs if with_snarkjs else (lambda *_args: None)
    p = str(power)
    pair(run, row, "new", zkgov("ptau", "new", p, "z0.ptau"),
         s("powersoftau", "new", "bn128", p, "s0.ptau"), work)
    if not (work / "z0.ptau").exists():
        return row
    pair(run, row, "contribute",
         zkgov("ptau", "contribute", "z0.ptau", "z1.ptau", "--name", "bench"),
         s("powersoftau", "contribute", "z0.ptau", "s1.ptau", "--name=bench",
           "-e=bench entropy"), work)
    pair(run, row, "beacon",
         zkgov("ptau", "beacon", "z1.ptau", "zb.ptau", BEACON_HASH, BEACON_EXP, "--name", "b"),
         s("powersoftau", "beacon", "z1.ptau", "sb.ptau", BEACON_HASH, BEACON_EXP, "--name=b"),
         work)
    row["beacon_outputs_equal"] = _same_bytes(work, "zb.ptau", "sb.ptau")
    pair(run, row, "verify", zkgov("ptau", "verify", "zb.ptau"),
         s("powersoftau", "verify", "zb.ptau"), work)
    pair(run, row, "export challenge",
         zkgov("powersoftau", "export", "challenge", "z1.ptau", "z.challenge"),
         s("powersoftau", "export", "challenge", "z1.ptau", "s.challenge"), work)
    row["challenges_equal"] = _same_bytes(work, "z.challenge", "s.challenge")
    pair(run, row, "challenge contribute",
         zkgov("powersoftau", "challenge", "contribute", "bn128", "z.challenge", "z.response",
               "-e=bench"),
         s("powersoftau", "challenge", "contribute", "bn128", "z.challenge", "s.response",
           "-e=bench"), work)
    pair(run, row, "import response",
         zkgov("powersoftau", "import", "response", "z1.ptau", "z.response", "zi.ptau",
               "-n=offline"),
         s("powersoftau", "import", "response", "z1.ptau", "z.response", "si.ptau",
           "-n=offline"), work)
    pair(run, row, "prepare", zkgov("ptau", "prepare", "zb.ptau", "zp.ptau"),
         s("powersoftau", "prepare", "phase2", "zb.ptau", "sp.ptau") if snarkjs_prepare
         else None, work)
    row["prepare_outputs_equal"] = _same_bytes(work, "zp.ptau", "sp.ptau")
    return row


def prepared_ptau(run: Runner, power: int, work: Path, with_snarkjs: bool,
                  snarkjs_prepare: bool, row: dict[str, Any], contributed: Path | None) -> Path:
    if contributed is None:
        subprocess.run(zkgov("ptau", "new", str(power), "pp_0.ptau"), cwd=work, check=True)
        subprocess.run(zkgov("ptau", "contribute", "pp_0.ptau", "pp_1.ptau"), cwd=work,
                       check=True)
    source = str(contributed.resolve()) if contributed else "pp_1.ptau"
    pair(run, row, "prepare", zkgov("ptau", "prepare", source, "pp_final.ptau"),
         snarkjs("powersoftau", "prepare", "phase2", source, "pp_snarkjs.ptau")
         if with_snarkjs and snarkjs_prepare else None, work)
    row["prepare_outputs_equal"] = _same_bytes(work, "pp_final.ptau", "pp_snarkjs.ptau")
    return work / "pp_final.ptau"


def phase2(run: Runner, power: int | None, work: Path, ptau: Path | None, with_snarkjs: bool,
           snarkjs_prepare: bool, contributed: Path | None = None,
           circuit_file: Path | None = None) -> dict[str, Any]:
    """Every phase-2 step on the chain filling a 2^power domain, or on ``circuit_file`` (then
    ``ptau`` must be given)."""
    row: dict[str, Any] = {"phase": 2, "steps": {}}
    if circuit_file is not None:
        header = read_r1cs_header(circuit_file.read_bytes())
        row.update(circuit=circuit_file.name, constraints=header.n_constraints,
                   tag=f"phase2 {circuit_file.name}")
        shutil.copyfile(circuit_file, work / "chain.r1cs")
    else:
        assert power is not None
        row.update(domain_power=power, tag=f"phase2 2^{power}")
        if ptau is None:
            ptau = prepared_ptau(run, power, work, with_snarkjs, snarkjs_prepare, row,
                                 contributed)
        circuit = chain_circuit(power)
        row["constraints"] = circuit.n_constraints
        (work / "chain.r1cs").write_bytes(write_r1cs(circuit))
    assert ptau is not None
    pt = str(ptau.resolve())
    s = snarkjs if with_snarkjs else (lambda *_args: None)
    pair(run, row, "new", zkgov("ceremony", "new", "chain.r1cs", pt, "c0.zkey"),
         s("groth16", "setup", "chain.r1cs", pt, "c0s.zkey"), work)
    row["initial_keys_equal"] = _same_bytes(work, "c0.zkey", "c0s.zkey")
    if not (work / "c0.zkey").exists():
        return row
    pair(run, row, "contribute",
         zkgov("ceremony", "contribute", "c0.zkey", "c1z.zkey", "--name", "bench"),
         s("zkey", "contribute", "c0.zkey", "c1s.zkey", "--name=bench", "-e=bench"), work)
    pair(run, row, "beacon",
         zkgov("ceremony", "beacon", "c1z.zkey", "cbz.zkey", BEACON_HASH, BEACON_EXP,
               "--name", "b"),
         s("zkey", "beacon", "c1z.zkey", "cbs.zkey", BEACON_HASH, BEACON_EXP, "--name=b"), work)
    row["beacon_outputs_equal"] = _same_bytes(work, "cbz.zkey", "cbs.zkey")
    pair(run, row, "verify", zkgov("ceremony", "verify", "chain.r1cs", pt, "cbz.zkey"),
         s("zkey", "verify", "chain.r1cs", pt, "cbz.zkey"), work)
    if with_snarkjs and (work / "c1s.zkey").exists():
        row["zkgov_verify_of_snarkjs_key"] = run.measure(
            f"{row['tag']} zkgov verify of snarkjs's key",
            zkgov("ceremony", "verify", "chain.r1cs", pt, "c1s.zkey"), work)
    pair(run, row, "export verificationkey",
         zkgov("ceremony", "export", "verificationkey", "cbz.zkey", "vkz.json"),
         s("zkey", "export", "verificationkey", "cbz.zkey", "vks.json"), work)
    return row


def table(rows: list[dict[str, Any]]) -> str:
    """Every step's times and ratio, one line each."""
    lines = [f"{'step':<40} {'zkgov s':>9} {'snarkjs s':>10} {'ratio':>7}"]
    for row in rows:
        for step, entry in row["steps"].items():
            ours = entry["zkgov"].get("seconds", "-")
            theirs = entry.get("snarkjs", {}).get("seconds", "-")
            ratio = entry.get("ratio")
            lines.append(f"{row['tag'] + ' ' + step:<40} {ours!s:>9} {theirs!s:>10} "
                         f"{'-' if ratio is None else ratio:>7}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phase1-powers", type=int, nargs="*", default=[12])
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
            rows.append(phase1(run, power, work, with_snarkjs, not args.skip_snarkjs_prepare))
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
    print(table(rows), file=sys.stderr)
    print(json.dumps({
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "load_average_at_end": os.getloadavg()},
        "snarkjs": "0.7.6" if with_snarkjs else None,
        "results": rows,
    }, indent=2))


if __name__ == "__main__":
    main()
