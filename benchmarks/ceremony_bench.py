"""Time and peak memory of ceremony steps, zkgov next to snarkjs 0.7 on the same input.

    python benchmarks/ceremony_bench.py                       # phase 1 at 2^12 and 2^16,
                                                              # phase 2 at 2^12 (JSON)
    python benchmarks/ceremony_bench.py --phase1-powers 20    # 2^20 (hours here, see below)
    python benchmarks/ceremony_bench.py --phase2-power 16 --ptau powersOfTau28_hez_final_16.ptau

Every step runs as its own process (the ``zkgov`` and ``snarkjs`` command lines), so the
figures include start-up and file I/O and the peak RSS is that process's alone.

* Phase 1: ``ptau contribute`` on a fresh ``ptau new`` file of each power, then
  ``ptau verify`` of zkgov's output by both tools.
* Phase 2: a chain-of-squarings circuit filling a 2^p domain; ``ceremony new`` (untimed) from
  a prepared ``.ptau``, then ``zkey contribute`` by both tools on that key and ``zkey verify``
  of zkgov's output by both. Without ``--ptau`` the prepared file is made here (new,
  contribute, prepare; ``prepare`` is timed too): preparing costs minutes at 2^12 and about
  half an hour at 2^16 with either tool on 2 cores, so larger phase-2 runs take a prepared
  public file instead.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zk.formats.r1cs import write_r1cs  # noqa: E402
from zk.r1cs import R1CS, Constraint, LinearCombination  # noqa: E402

SNARKJS = ROOT / ".cache" / "npm" / "node_modules" / "snarkjs" / "build" / "cli.cjs"
ZKGOV = [sys.executable, "-m", "zk.cli.main"]

# Runs one command and reports its wall time and its own peak RSS (the only child).
_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"rc": done.returncode, "seconds": round(seconds, 3), "peak_rss_kb": peak,
                  "tail": (done.stdout + done.stderr)[-400:]}))
"""


def measure(cmd: list[str], cwd: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], cwd=cwd,
                          capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    if result["rc"] != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {result['tail']}")
    return {"seconds": result["seconds"], "peak_rss_mb": round(result["peak_rss_kb"] / 1024, 1)}


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


def phase1(power: int, work: Path, with_snarkjs: bool) -> dict[str, Any]:
    fresh = f"p{power}_0.ptau"
    subprocess.run(zkgov("ptau", "new", str(power), fresh), cwd=work, check=True)
    row: dict[str, Any] = {"phase": 1, "power": power}
    row["zkgov_contribute"] = measure(zkgov("ptau", "contribute", fresh, f"p{power}_z.ptau",
                                            "--name", "bench"), work)
    row["zkgov_verify"] = measure(zkgov("ptau", "verify", f"p{power}_z.ptau"), work)
    if with_snarkjs:
        row["snarkjs_contribute"] = measure(snarkjs(
            "powersoftau", "contribute", fresh, f"p{power}_s.ptau", "--name=bench",
            "-e=bench entropy"), work)
        row["snarkjs_verify"] = measure(snarkjs("powersoftau", "verify", f"p{power}_z.ptau"),
                                        work)
    return row


def prepared_ptau(power: int, work: Path, with_snarkjs: bool, row: dict[str, Any]) -> Path:
    subprocess.run(zkgov("ptau", "new", str(power), "pp_0.ptau"), cwd=work, check=True)
    subprocess.run(zkgov("ptau", "contribute", "pp_0.ptau", "pp_1.ptau"), cwd=work, check=True)
    row["zkgov_prepare"] = measure(zkgov("ptau", "prepare", "pp_1.ptau", "pp_final.ptau"), work)
    if with_snarkjs:
        row["snarkjs_prepare"] = measure(snarkjs("powersoftau", "prepare", "phase2", "pp_1.ptau",
                                                 "pp_snarkjs.ptau"), work)
        row["prepare_outputs_equal"] = ((work / "pp_final.ptau").read_bytes()
                                        == (work / "pp_snarkjs.ptau").read_bytes())
    return work / "pp_final.ptau"


def phase2(power: int, work: Path, ptau: Path | None, with_snarkjs: bool) -> dict[str, Any]:
    row: dict[str, Any] = {"phase": 2, "domain_power": power}
    if ptau is None:
        ptau = prepared_ptau(power, work, with_snarkjs, row)
    circuit = chain_circuit(power)
    row["constraints"] = circuit.n_constraints
    (work / "chain.r1cs").write_bytes(write_r1cs(circuit))
    ptau_arg = str(ptau.resolve())
    subprocess.run(zkgov("ceremony", "new", "chain.r1cs", ptau_arg, "c0.zkey"), cwd=work,
                   check=True)
    row["zkgov_contribute"] = measure(zkgov("ceremony", "contribute", "c0.zkey", "c1z.zkey",
                                            "--name", "bench"), work)
    row["zkgov_verify"] = measure(zkgov("ceremony", "verify", "chain.r1cs", ptau_arg,
                                        "c1z.zkey"), work)
    if with_snarkjs:
        row["snarkjs_contribute"] = measure(snarkjs(
            "zkey", "contribute", "c0.zkey", "c1s.zkey", "--name=bench", "-e=bench"), work)
        row["snarkjs_verify"] = measure(snarkjs("zkey", "verify", "chain.r1cs", ptau_arg,
                                                "c1z.zkey"), work)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phase1-powers", type=int, nargs="*", default=[12, 16])
    parser.add_argument("--phase2-power", type=int, nargs="*", default=[12])
    parser.add_argument("--ptau", type=Path, help="a prepared .ptau for phase 2")
    parser.add_argument("--no-snarkjs", action="store_true", help="measure zkgov only")
    args = parser.parse_args()
    with_snarkjs = not args.no_snarkjs and SNARKJS.exists() and shutil.which("node")
    rows = []
    with tempfile.TemporaryDirectory(prefix="zkgov-ceremony-bench-") as tmp:
        for power in args.phase1_powers:
            work = Path(tmp) / f"phase1_{power}"
            work.mkdir()
            rows.append(phase1(power, work, bool(with_snarkjs)))
        for power in args.phase2_power:
            work = Path(tmp) / f"phase2_{power}"
            work.mkdir()
            rows.append(phase2(power, work, args.ptau, bool(with_snarkjs)))
    print(json.dumps({
        "machine": {"cpus": __import__("os").cpu_count(), "python": platform.python_version()},
        "snarkjs": "0.7.6" if with_snarkjs else None,
        "results": rows,
    }, indent=2))


if __name__ == "__main__":
    main()
