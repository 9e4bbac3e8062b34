"""Throughput of bulk proving (proofs per second), printed as one JSON object.

    python benchmarks/bulk_bench.py                      # gov circuit ×8, 2^16 circuit ×4
    python benchmarks/bulk_bench.py --gov 32 --big 8     # more statements per run
    python benchmarks/bulk_bench.py --only gov --no-ray

Two circuits: ``circuits.gov.credential:AgeAtLeast`` (an EdDSA-signed credential, about
4,250 constraints) on ``examples/gov/age_at_least.json`` repeated, and a chain
x_{i+1} = x_i² + i of 65,533 constraints (a 2^16 domain) written in the circuit DSL.
Each runs through :func:`circuits.bulk.prove_batch` with 1 and 2 local workers and on an
embedded Ray cluster of 2 CPUs (one task per CPU, one native thread each); a local run with
one worker proves in the calling process on every core. ``seconds`` is the whole batch (pool
start, key mapping and output writing included); the Ray cluster's start is timed apart, and
the Ray batch runs twice: on fresh worker processes, then again on the same ones.
Verification is timed on ``--verify-lines`` records (the batch's proofs repeated): one by one
with ``groth16.verify`` and with ``verify_batch``, both reading the file. The CPU
seconds of one statement (witness, then proof on one thread) are measured in this process:
unlike wall-clock throughput, they do not depend on what else the machine is running.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from circuits import Circuit, field, load_circuit, public  # noqa: E402
from circuits.bulk import prove_batch, verify_batch  # noqa: E402
from zk import groth16  # noqa: E402
from zk.field import R  # noqa: E402
from zk.formats.snarkjs_json import proof_from_json, public_from_json  # noqa: E402
from zk.formats.zkey import write_zkey  # noqa: E402

BIG_STEPS = (1 << 16) - 3  # + 1 public input + 1 = 2^16 − 1 rows: the domain is exactly 2^16


class SquareChain(Circuit):
    """x_{i+1} = x_i² + i for ``steps`` steps from the public x_0 (one constraint a step)."""

    x0 = public(field)

    def __init__(self, steps: int = BIG_STEPS) -> None:
        super().__init__(steps=steps)

    def define(self, c):
        x = self.x0
        for i in range(self.steps):
            x = c.mul(x, x) + i


def _key(circuit: Circuit, folder: Path) -> tuple[Path, Any, float]:
    start = time.perf_counter()
    compiled = circuit.compile(**circuit.params())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", groth16.DevelopmentSetupWarning)
        pk = groth16.setup(compiled.r1cs)
    path = folder / f"{type(circuit).__name__}.zkey"
    path.write_bytes(write_zkey(pk))
    return path, compiled, time.perf_counter() - start


def _run(compiled, zkey: Path, inputs: Path, out: Path, **options: Any) -> dict[str, Any]:
    out.unlink(missing_ok=True)
    start = time.perf_counter()
    result = prove_batch(compiled, zkey, inputs, out, **options)
    seconds = time.perf_counter() - start
    assert result.proved == result.total and not result.failures, result.failures
    return {"proofs": result.proved, "seconds": round(seconds, 3),
            "proofs_per_second": round(result.proved / seconds, 3)}


def bench_circuit(name: str, circuit: Circuit, statements: list[dict], folder: Path,
                  with_ray: bool, verify_lines: int) -> dict[str, Any]:
    zkey, compiled, setup_seconds = _key(circuit, folder)
    inputs = folder / f"{name}.jsonl"
    inputs.write_text("".join(json.dumps(s) + "\n" for s in statements))
    out = folder / f"{name}.proofs.jsonl"
    report: dict[str, Any] = {"constraints": compiled.r1cs.n_constraints,
                              "setup_seconds": round(setup_seconds, 3),
                              "cpu_seconds_per_statement": cpu_cost(compiled, zkey, statements[0])}
    report["local_1_worker"] = _run(compiled, zkey, inputs, out, workers=1)
    report["local_2_workers"] = _run(compiled, zkey, inputs, out, workers=2)
    if with_ray:
        report["ray_2_workers"] = _run(compiled, zkey, inputs, out, ray=True)
        # Again on the same cluster: its worker processes have imported zkgov already.
        report["ray_2_workers_again"] = _run(compiled, zkey, inputs, out, ray=True)
        local = report["local_2_workers"]["seconds"]
        report["ray_overhead"] = round(report["ray_2_workers"]["seconds"] / local - 1, 3)
        report["ray_overhead_again"] = round(
            report["ray_2_workers_again"]["seconds"] / local - 1, 3)
    report["scaling_1_to_2_workers"] = round(
        report["local_2_workers"]["proofs_per_second"]
        / report["local_1_worker"]["proofs_per_second"], 3)
    report["verify"] = bench_verify(out, zkey, verify_lines)
    return report


def cpu_cost(compiled, zkey: Path, inputs: dict) -> dict[str, float]:
    """CPU seconds (process time, so other jobs on the machine do not inflate it) of one
    witness and one proof on one native thread: the cost that bulk throughput divides."""
    from zk.formats.zkey import read_zkey

    pk = read_zkey(zkey.read_bytes())
    before = os.environ.get("ZKGOV_THREADS")
    os.environ["ZKGOV_THREADS"] = "1"
    try:
        start = time.process_time()
        witness = compiled.witness(inputs)
        middle = time.process_time()
        groth16.prove(pk, witness)
        end = time.process_time()
    finally:
        if before is None:
            os.environ.pop("ZKGOV_THREADS")
        else:
            os.environ["ZKGOV_THREADS"] = before
    return {"witness": round(middle - start, 3), "prove_1_thread": round(end - middle, 3)}


def bench_verify(proofs: Path, zkey: Path, lines: int) -> dict[str, Any]:
    """``verify_batch`` against ``groth16.verify`` one line at a time, both from the file
    (JSON parsing included), on ``lines`` records (the batch's proofs repeated)."""
    from zk.formats.zkey import read_zkey

    vk = read_zkey(zkey.read_bytes()).verifying_key()
    records = proofs.read_text().splitlines()
    many = proofs.with_suffix(".many.jsonl")
    many.write_text("".join(records[i % len(records)] + "\n" for i in range(lines)))
    start = time.perf_counter()
    for text in many.read_text().splitlines():
        record = json.loads(text)
        public, proof = public_from_json(record["public"]), proof_from_json(record["proof"])
        assert groth16.verify(vk, public, proof)
    single = time.perf_counter() - start
    start = time.perf_counter()
    assert verify_batch(many, vk).valid == lines
    batch = time.perf_counter() - start
    return {"proofs": lines, "one_by_one_seconds": round(single, 4),
            "verify_batch_seconds": round(batch, 4),
            "verify_batch_proofs_per_second": round(lines / batch, 1)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--gov", type=int, default=8, help="statements for the gov circuit")
    p.add_argument("--big", type=int, default=4, help="statements for the 2^16 circuit")
    p.add_argument("--only", default="gov,big", help="gov, big or both")
    p.add_argument("--no-ray", action="store_true", help="skip the Ray runs")
    p.add_argument("--verify-lines", type=int, default=512,
                   help="records to verify (the batch's proofs repeated)")
    args = p.parse_args(argv)
    sections = {s.strip() for s in args.only.split(",")}
    report: dict[str, Any] = {
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count(),
                    "python": platform.python_version(),
                    "load_average_at_start": [round(x, 2) for x in os.getloadavg()]},
        "settings": vars(args),
    }
    ray = None
    if not args.no_ray:
        import ray

        start = time.perf_counter()
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        report["ray_start_seconds"] = round(time.perf_counter() - start, 3)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            if "gov" in sections:
                cls = load_circuit("circuits.gov.credential:AgeAtLeast")
                example = json.loads((ROOT / "examples/gov/age_at_least.json").read_text())
                report["gov_age_at_least"] = bench_circuit(
                    "gov", cls(), [example] * args.gov, folder, ray is not None,
                    args.verify_lines)
            if "big" in sections:
                statements = [{"x0": x % R} for x in range(3, 3 + args.big)]
                report["chain_2_16"] = bench_circuit(
                    "big", SquareChain(), statements, folder, ray is not None,
                    args.verify_lines)
    finally:
        if ray is not None:
            ray.shutdown()
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
