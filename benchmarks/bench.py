"""Speed of the curve backend and of Groth16, printed as one JSON object.

    python benchmarks/bench.py                 # MSM G1 2^10…2^20, G2 …2^18, NTT …2^20,
                                               # pairing, verify, setup/prove 2^10…2^20
    python benchmarks/bench.py --quick         # everything up to 2^14, about a minute
    python benchmarks/bench.py --only msm,ntt --max-log 16 --repeat 3
    python benchmarks/bench.py --snarkjs       # also time `snarkjs groth16 prove` (≤ 2^16)

Times are wall-clock seconds (the best of ``--repeat`` runs, with every run listed), sizes are
counts, memory is peak resident set size in MB (``ru_maxrss``). Each Groth16 size runs setup
and proving in child processes of their own, so that their peak RSS is theirs alone; proving
is timed both through the Python API (with its QAP and MSM phases) and as the whole
``zkgov groth16 prove`` command (key loading and file writing included). The synthetic
circuit is the chain x_{i+1} = x_i² + i with x_0 public, 2^k − 2 constraints, so that its
snarkjs domain is exactly 2^k.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from zk.curve import get_backend  # noqa: E402
from zk.field import R  # noqa: E402

SECTIONS = ("msm", "msm_skew", "ntt", "pairing", "verify", "groth16")


def peak_rss_mb() -> float:
    """This process's peak RSS in MB (Linux reports KiB, macOS bytes)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    scale = 1 if sys.platform == "darwin" else 1024
    return round(usage.ru_maxrss * scale / 2**20, 1)


def timed(fn: Callable[[], Any], repeat: int) -> dict[str, Any]:
    """Best wall time of ``repeat`` runs, every run, and the CPU time of the best one (the
    machine may be shared: CPU seconds above wall seconds show the threads at work, far
    below show the process waiting for a core)."""
    runs, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        runs.append(round(time.perf_counter() - start, 6))
        cpu.append(round(time.process_time() - start_cpu, 6))
    best = runs.index(min(runs))
    return {"seconds": runs[best], "cpu_seconds": cpu[best], "runs": runs}


def random_scalars(n: int) -> bytes:
    """n packed random scalars below 2^253 < r (the top three bits cleared)."""
    out = bytearray(os.urandom(32 * n))
    out[31::32] = bytes(b & 0x1F for b in out[31::32])
    return bytes(out)


# ---- kernels ----------------------------------------------------------------------------------


def bench_msm(max_log_g1: int, max_log_g2: int, repeat: int) -> dict[str, list]:
    from zk.curve.base import G1_GENERATOR, G2_GENERATOR

    be = get_backend()
    out: dict[str, list] = {"msm_g1": [], "msm_g2": []}
    for name, gen, batch, msm, max_log, size in (
        ("msm_g1", G1_GENERATOR, be.g1_mul_batch, be.msm_g1, max_log_g1, 64),
        ("msm_g2", G2_GENERATOR, be.g2_mul_batch, be.msm_g2, max_log_g2, 128),
    ):
        if max_log < 10:
            continue
        n_max = 1 << max_log
        points = batch(gen, random_scalars(n_max))
        scalars = random_scalars(n_max)
        for log_n in range(10, max_log + 1):
            n = 1 << log_n
            pts, ks = memoryview(points)[: n * size], memoryview(scalars)[: n * 32]
            run = timed(lambda p=pts, k=ks, f=msm: f(p, k), repeat)
            out[name].append({"log_n": log_n, "n": n, **run})
        del points, scalars
    return out


def skewed_scalars(kind: str, n: int) -> bytes:
    """Scalar distributions that pile additions onto few buckets: a witness of bits, one
    coefficient on every row (the −1 of a sparse R1CS), one value with a few others."""
    rnd = random_scalars(n)
    one, minus_one = (1).to_bytes(32, "little"), (R - 1).to_bytes(32, "little")
    if kind == "half_ones":
        return b"".join(one if i % 2 else rnd[32 * i : 32 * i + 32] for i in range(n))
    if kind == "all_minus_one":
        return minus_one * n
    if kind == "mostly_minus_one":
        return b"".join(rnd[32 * i : 32 * i + 32] if i % 50 else minus_one for i in range(n))
    return rnd


def bench_msm_skew(max_log: int, repeat: int) -> list[dict[str, Any]]:
    """G1 MSM at 2^max_log under random and skewed scalar distributions."""
    from zk.curve.base import G1_GENERATOR

    be = get_backend()
    n = 1 << max_log
    points = be.g1_mul_batch(G1_GENERATOR, random_scalars(n))
    out = []
    for kind in ("random", "half_ones", "mostly_minus_one", "all_minus_one"):
        ks = skewed_scalars(kind, n)
        out.append({"scalars": kind, "log_n": max_log, "n": n,
                    **timed(lambda k=ks: be.msm_g1(points, k), repeat)})
    return out


def bench_ntt(max_log: int, repeat: int) -> list[dict[str, Any]]:
    be = get_backend()
    if not hasattr(be, "fr_ntt"):
        return []
    rows = []
    values = random_scalars(1 << max_log)
    for log_n in range(10, max_log + 1):
        buf = memoryview(values)[: 32 << log_n]
        rows.append({"log_n": log_n, "n": 1 << log_n, **timed(lambda b=buf: be.fr_ntt(b), repeat)})
    return rows


def bench_pairing(repeat: int) -> dict[str, Any]:
    from zk.curve.base import G1_GENERATOR, G2_GENERATOR

    be = get_backend()
    p = be.g1_mul(G1_GENERATOR, secrets.randbelow(R))
    q = be.g2_mul(G2_GENERATOR, secrets.randbelow(R))
    pairs = [(p, q)] * 4
    reps = 50
    single = timed(lambda: [be.pairing(p, q) for _ in range(reps)], repeat)
    multi = timed(lambda: [be.pairing_check(pairs) for _ in range(reps)], repeat)
    return {
        "pairing_ms": round(single["seconds"] / reps * 1e3, 3),
        "multi_pairing_4_ms": round(multi["seconds"] / reps * 1e3, 3),
        "calls_per_run": reps,
    }


def chain_circuit(log_n: int):
    """The chain x_{i+1} = x_i² + i: 2^log_n − 2 constraints, x_0 public, and its witness."""
    from zk.r1cs import R1CS, Constraint, LinearCombination

    n_constraints = (1 << log_n) - 2
    constraints = []
    for i in range(n_constraints):
        a = LinearCombination.wire(1 + i)
        c = LinearCombination({2 + i: 1, 0: -i}) if i else LinearCombination.wire(2 + i)
        constraints.append(Constraint(a, a, c))
    r1cs = R1CS(n_wires=n_constraints + 2, n_public_outputs=0, n_public_inputs=1,
                n_private_inputs=0, constraints=constraints)
    witness = [1, 3]
    for i in range(n_constraints):
        witness.append((witness[-1] * witness[-1] + i) % R)
    return r1cs, witness


def bench_verify(repeat: int) -> dict[str, Any]:
    import warnings

    from zk import groth16

    r1cs, witness = chain_circuit(8)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pk = groth16.setup(r1cs)
    proof, public = groth16.prove(pk, witness)
    vk = pk.verifying_key()
    reps = 20
    assert groth16.verify(vk, public, proof)
    run = timed(lambda: [groth16.verify(vk, public, proof) for _ in range(reps)], repeat)
    return {"verify_ms": round(run["seconds"] / reps * 1e3, 3), "calls_per_run": reps,
            "public_inputs": len(public)}


# ---- Groth16 in child processes -----------------------------------------------------------------


def worker_setup(log_n: int, folder: Path) -> dict[str, Any]:
    import warnings

    from zk import groth16
    from zk.curve.encoding import pack_scalars
    from zk.formats.wtns import write_wtns_packed
    from zk.formats.zkey import write_zkey

    start = time.perf_counter()
    r1cs, witness = chain_circuit(log_n)
    built = time.perf_counter() - start
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pk = groth16.setup(r1cs)
    setup_seconds = time.perf_counter() - start
    (folder / "circuit.zkey").write_bytes(write_zkey(pk))
    (folder / "witness.wtns").write_bytes(write_wtns_packed(pack_scalars(witness)))
    return {"constraints": r1cs.n_constraints, "wires": r1cs.n_wires,
            "domain": pk.domain_size, "build_circuit_seconds": round(built, 3),
            "setup_seconds": round(setup_seconds, 3)}


def worker_prove(folder: Path, repeat: int) -> dict[str, Any]:
    from zk import groth16
    from zk.formats.wtns import read_wtns_packed
    from zk.formats.zkey import read_zkey

    start = time.perf_counter()
    pk = read_zkey((folder / "circuit.zkey").read_bytes())
    _, witness = read_wtns_packed((folder / "witness.wtns").read_bytes())
    load_seconds = time.perf_counter() - start
    runs, cpu, phases = [], [], []
    for _ in range(repeat):
        marks: list[tuple[str, float]] = []

        def mark(message: str, marks: list[tuple[str, float]] = marks) -> None:
            marks.append((message, time.perf_counter()))

        start, start_cpu = time.perf_counter(), time.process_time()
        proof, public = groth16.prove(pk, witness, progress=mark)
        end = time.perf_counter()
        runs.append(round(end - start, 4))
        cpu.append(round(time.process_time() - start_cpu, 4))
        stamps = [t for _, t in marks] + [end]
        phases.append({m: round(stamps[i + 1] - t, 4) for i, (m, t) in enumerate(marks)})
    best = runs.index(min(runs))
    ok = groth16.verify(pk.verifying_key(), public, proof)
    return {"load_key_seconds": round(load_seconds, 3), "prove_seconds": runs[best],
            "prove_cpu_seconds": cpu[best], "prove_runs": runs, "prove_phases": phases[best],
            "verified": ok}


# A child's ru_maxrss on Linux starts from its parent's resident size at fork time (the forked
# address space is carried into exec), so commands are started from this small launcher: its
# children are forked from a few-MB process and their peak RSS is truly theirs.
_LAUNCHER = """
import os, subprocess, sys
report, cmd = sys.argv[1], sys.argv[2:]
proc = subprocess.Popen(cmd)
_, status, usage = os.wait4(proc.pid, 0)
with open(report, "w") as fh:
    fh.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_child(args: list[str]) -> tuple[str, float, float]:
    """Run a command; return its stdout, wall seconds and its own peak RSS in MB."""
    with (tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err,
          tempfile.NamedTemporaryFile(mode="r", suffix=".rss") as report):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", _LAUNCHER, report.name, *args],
                              stdout=out, stderr=err, check=False)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:4])} … failed: {err.read().decode()[-2000:]}")
        usage_kb = int(report.read() or 0)
        scale = 1 if sys.platform == "darwin" else 1024
        return out.read().decode(), wall, round(usage_kb * scale / 2**20, 1)


def bench_groth16(logs: list[int], repeat: int, snarkjs_max_log: int | None) -> list[dict]:
    rows = []
    me = [sys.executable, str(Path(__file__).resolve())]
    zkgov = shutil.which("zkgov", path=str(Path(sys.executable).parent)) or "zkgov"
    snarkjs = ROOT / ".cache" / "npm" / "node_modules" / "snarkjs" / "cli.js"
    for log_n in logs:
        with tempfile.TemporaryDirectory(prefix="zkgov-bench-") as tmp:
            folder = Path(tmp)
            out, _, rss = run_child([*me, "--worker", "setup", "--log", str(log_n), "--dir", tmp])
            row = {"log_domain": log_n, **json.loads(out), "setup_peak_rss_mb": rss}
            out, _, rss = run_child([*me, "--worker", "prove", "--dir", tmp,
                                     "--repeat", str(repeat)])
            row.update(json.loads(out), prove_peak_rss_mb=rss)
            cli = [zkgov, "groth16", "prove", str(folder / "circuit.zkey"),
                   str(folder / "witness.wtns"), str(folder / "proof.json"),
                   str(folder / "public.json"), "--quiet"]
            _, wall, rss = run_child(cli)
            row["cli_prove_seconds"] = round(wall, 3)
            row["cli_prove_peak_rss_mb"] = rss
            if snarkjs_max_log is not None and log_n <= snarkjs_max_log and snarkjs.exists():
                node = shutil.which("node")
                if node:
                    _, wall, rss = run_child([node, str(snarkjs), "groth16", "prove",
                                              str(folder / "circuit.zkey"),
                                              str(folder / "witness.wtns"),
                                              str(folder / "proof_snarkjs.json"),
                                              str(folder / "public_snarkjs.json")])
                    row["snarkjs_prove_seconds"] = round(wall, 3)
                    row["snarkjs_prove_peak_rss_mb"] = rss
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    return rows


# ---- driver -----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="sizes up to 2^14, one run each")
    p.add_argument("--max-log", type=int, default=20, help="largest G1 MSM / NTT: 2^N")
    p.add_argument("--max-log-g2", type=int, default=18, help="largest G2 MSM: 2^N")
    p.add_argument("--groth16-logs", default="10,12,14,16,18,20",
                   help="domain sizes 2^k for setup/prove (comma-separated k)")
    p.add_argument("--repeat", type=int, default=2, help="runs per measurement (best is kept)")
    p.add_argument("--only", default=",".join(SECTIONS), help=f"subset of {','.join(SECTIONS)}")
    p.add_argument("--snarkjs", action="store_true",
                   help="also time `snarkjs groth16 prove` on the same key and witness")
    p.add_argument("--snarkjs-max-log", type=int, default=16)
    p.add_argument("--threads", type=int, help="set ZKGOV_THREADS for every measurement")
    p.add_argument("--worker", choices=["setup", "prove"], help=argparse.SUPPRESS)
    p.add_argument("--log", type=int, help=argparse.SUPPRESS)
    p.add_argument("--dir", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.quick:
        args.max_log = min(args.max_log, 14)
        args.max_log_g2 = min(args.max_log_g2, 14)
        args.groth16_logs = ",".join(k for k in args.groth16_logs.split(",") if int(k) <= 14)
        args.repeat = 1
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.threads:
        os.environ["ZKGOV_THREADS"] = str(args.threads)
    if args.worker == "setup":
        print(json.dumps(worker_setup(args.log, Path(args.dir))))
        return 0
    if args.worker == "prove":
        print(json.dumps(worker_prove(Path(args.dir), args.repeat)))
        return 0

    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        print(f"unknown section(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    be = get_backend()
    report: dict[str, Any] = {
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "backend": be.name,
            "threads": be.thread_count() if hasattr(be, "thread_count") else 1,
            "field_kernel": _kernel_name(),
            "msm_kernel": _kernel_name("msm_kernel"),
            "python": platform.python_version(),
        },
        "settings": {k: v for k, v in vars(args).items()
                     if k not in ("worker", "log", "dir")},
    }
    if "msm" in sections:
        report.update(bench_msm(args.max_log, args.max_log_g2, args.repeat))
    if "msm_skew" in sections:
        report["msm_skew"] = bench_msm_skew(args.max_log, args.repeat)
    if "ntt" in sections:
        report["ntt"] = bench_ntt(args.max_log, args.repeat)
    if "pairing" in sections:
        report["pairing"] = bench_pairing(args.repeat)
    if "verify" in sections:
        report["verify"] = bench_verify(args.repeat)
    if "groth16" in sections:
        logs = [int(k) for k in args.groth16_logs.split(",") if k.strip()]
        report["groth16"] = bench_groth16(logs, args.repeat,
                                          args.snarkjs_max_log if args.snarkjs else None)
    report["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(report, indent=1))
    return 0


def _kernel_name(which: str = "kernel") -> str:
    try:
        from zk.native import _bn254
    except ImportError:
        return "none"
    return getattr(_bn254, which)()


if __name__ == "__main__":
    sys.exit(main())
