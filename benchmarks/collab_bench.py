"""Collaborative proving next to a single prover, printed as one JSON object.

    python benchmarks/collab_bench.py                  # the gov example, 2^12 and 2^14
    python benchmarks/collab_bench.py --logs 12,14,16   # sizes of the synthetic circuit

For each circuit: the single prover (witness + ``groth16.prove``) and three parties proving
jointly (``mpc.collab.prove_jointly``, in-process threads over the memory transport, so the
three share this machine's cores), with each phase's seconds, the CPU seconds of all three
parties together (``cpu_ratio_per_party``: a third of it over the single prover's CPU
seconds), the rounds and the bytes each party sent. The synthetic circuit hashes pairs
(x_i from party 1, y_i from party 2) with Poseidon and outputs the sum of the digests:
Poseidon's depth, not one long chain, sets the number of rounds, as in real circuits.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from circuits import Builder, Circuit, compile_circuit, output, private  # noqa: E402
from circuits.gadgets.poseidon import poseidon  # noqa: E402
from circuits.gov.examples import joint_income_below  # noqa: E402
from circuits.gov.joint_income import JointIncomeBelow, split_by_department  # noqa: E402
from mpc.collab import prove_jointly  # noqa: E402
from mpc.collab.traffic import CountingNetwork  # noqa: E402
from mpc.session import run_local  # noqa: E402
from zk import groth16  # noqa: E402
from zk.qap import domain_for  # noqa: E402

#: constraints of one Poseidon(2) in zkgov's gadget, measured once below
_PER_HASH: dict[str, int] = {}


class PoseidonPairs(Circuit):
    """Σ Poseidon(x_i, y_i) over ``count`` pairs; x from one party, y from another."""

    x = private("count")
    y = private("count")
    total = output()

    def define(self, c: Builder) -> None:
        acc = c.constant(0)
        for xi, yi in zip(self.x, self.y, strict=True):
            acc = acc + poseidon(c, [xi, yi])
        self.total = acc


def pairs_for(log_n: int) -> int:
    """Pairs whose circuit fills (but does not overflow) a 2^log_n domain."""
    if "pair" not in _PER_HASH:
        _PER_HASH["pair"] = compile_circuit(PoseidonPairs(count=1)).r1cs.n_constraints - 1
    return max(1, ((1 << log_n) - 8) // _PER_HASH["pair"])


def measure(name: str, compiled: Any, parts: list[dict[str, Any]]) -> dict[str, Any]:
    joint = {k: v for p in parts for k, v in p.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pk = groth16.setup(compiled.r1cs)
    cpu = time.process_time()
    started = time.perf_counter()
    witness = compiled.witness(joint)
    witness_s = time.perf_counter() - started
    started = time.perf_counter()
    proof, public = groth16.prove(pk, witness)
    prove_s = time.perf_counter() - started
    single_cpu = time.process_time() - cpu

    def party(rt: Any, mine: dict[str, Any]) -> tuple[Any, int]:
        counter = CountingNetwork(rt.network)
        rt.network = counter
        return prove_jointly(rt, compiled, pk, mine), counter.bytes_sent

    cpu = time.process_time()
    started = time.perf_counter()
    results = run_local(party, n=3, field="bn254", party_args=parts, timeout=600)
    joint_s = time.perf_counter() - started
    joint_cpu = time.process_time() - cpu
    first = results[0][0]
    assert first.public == public and groth16.verify(pk.verifying_key(), public, first.proof)
    single = witness_s + prove_s
    return {
        "circuit": name,
        "constraints": compiled.r1cs.n_constraints,
        "domain": domain_for(compiled.r1cs),
        "single": {"witness_s": round(witness_s, 3), "prove_s": round(prove_s, 3),
                   "total_s": round(single, 3), "cpu_s": round(single_cpu, 3)},
        "collaborative": {"wall_s": round(joint_s, 3), "cpu_s_3_parties": round(joint_cpu, 3),
                          "phases_party1_s": first.seconds,
                          "rounds": first.rounds,
                          "bytes_sent_per_party": [b for _, b in results],
                          "wall_ratio_to_single": round(joint_s / single, 2),
                          "cpu_ratio_per_party": round(joint_cpu / 3 / single_cpu, 2)},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", default="12,14", help="log2 domain sizes of the synthetic "
                        "circuit (default 12,14)")
    parser.add_argument("--no-gov", action="store_true", help="skip the gov example")
    args = parser.parse_args(argv)
    rows = []
    if not args.no_gov:
        inputs = joint_income_below()
        rows.append(measure("JointIncomeBelow", JointIncomeBelow.compile(),
                            list(split_by_department(inputs).values())))
    for log_n in (int(v) for v in args.logs.split(",") if v.strip()):
        count = pairs_for(log_n)
        compiled = compile_circuit(PoseidonPairs(count=count))
        parts = [{"x": list(range(1, count + 1))}, {"y": list(range(7, count + 7))}, {}]
        rows.append(measure(f"PoseidonPairs({count})", compiled, parts))
    print(json.dumps({"parties": 3, "threshold": 1, "transport": "memory (threads)",
                      "results": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
