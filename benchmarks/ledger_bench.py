"""Ledger benchmark: append throughput, and proof times on a 10^6-entry log. Prints JSON.

    python benchmarks/ledger_bench.py                    # full run (builds a 10^6 log)
    python benchmarks/ledger_bench.py --entries 100000   # quicker

Figures:

* ``append``: commitment records appended through :meth:`Ledger.append_batch`, each batch one
  transaction committed with an fsync (``synchronous=FULL``) before it returns, so every
  acknowledged entry is durable; a receipt (inclusion proof + signed checkpoint) comes back
  for every entry. Measured for batches of 1 (one commit per entry) and of ``--batch``.
* ``build``: the ``--entries`` log made with the bulk mode (``receipts=False``).
* ``inclusion`` / ``consistency``: proofs generated from the stored tree of that log by a
  freshly opened ledger (O(log n) point reads each), for random indices and sizes; plus
  the time to verify them.
* ``audit``: a full audit of that log (every leaf, node and checkpoint recomputed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ledger import Ledger, NoteSigner, admit_commitment
from ledger.proof import verify_consistency, verify_inclusion


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "mean_ms": round(statistics.fmean(ordered) * 1e3, 4),
        "median_ms": round(ordered[len(ordered) // 2] * 1e3, 4),
        "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1] * 1e3, 4),
        "max_ms": round(ordered[-1] * 1e3, 4),
    }


def bench_appends(folder: Path, signer: NoteSigner, count: int, batch: int) -> dict:
    path = folder / f"append-{batch}.sqlite"
    with Ledger.create(path, signer) as log:
        started = time.perf_counter()
        done = 0
        while done < count:
            size = min(batch, count - done)
            items = [admit_commitment(str(done + i), "poseidon", f"cohort {done + i}")
                     for i in range(size)]
            receipts = log.append_batch(items)
            assert len(receipts) == size
            done += size
        seconds = time.perf_counter() - started
        assert log.size == count
    return {
        "batch": batch,
        "entries": count,
        "seconds": round(seconds, 3),
        "appends_per_second": round(count / seconds, 1),
    }


def build_log(path: Path, signer: NoteSigner, entries: int) -> dict:
    started = time.perf_counter()
    with Ledger.create(path, signer) as log:
        log.append_batch(
            (admit_commitment(str(i), "poseidon", f"record {i}") for i in range(entries)),
            receipts=False,
        )
        assert log.size == entries
    seconds = time.perf_counter() - started
    return {"entries": entries, "seconds": round(seconds, 2),
            "entries_per_second": round(entries / seconds, 1),
            "file_bytes": path.stat().st_size}


def bench_proofs(path: Path, samples: int, rng: random.Random) -> dict:
    with Ledger.open(path) as log:
        n = log.size
        root = log.root()
        prove, check = [], []
        for _ in range(samples):
            index = rng.randrange(n)
            t0 = time.perf_counter()
            proof = log.inclusion_proof(index, n)
            t1 = time.perf_counter()
            verify_inclusion(index, n, log.entry(index).leaf_hash, proof, root)
            t2 = time.perf_counter()
            prove.append(t1 - t0)
            check.append(t2 - t1)
        inclusion = {"tree_size": n, "samples": samples, "proof_hashes": len(proof),
                     "generate": _ms(prove), "verify": _ms(check)}
        prove, check = [], []
        for _ in range(samples):
            size1 = rng.randrange(1, n)
            t0 = time.perf_counter()
            proof = log.consistency_proof(size1, n)
            t1 = time.perf_counter()
            prove.append(t1 - t0)
            if len(check) < 50:  # the roots of old sizes cost O(log n) reads each; sample a few
                verify_consistency(size1, n, proof, log.root(size1), root)
                check.append(time.perf_counter() - t1)
        consistency = {"tree_size": n, "samples": samples, "generate": _ms(prove),
                       "verify_with_root_lookup": _ms(check)}
    return {"inclusion": inclusion, "consistency": consistency}


def bench_audit(path: Path) -> dict:
    with Ledger.open(path) as log:
        started = time.perf_counter()
        report = log.audit(verify_proofs=False)
        seconds = time.perf_counter() - started
    assert report.ok, report.failure
    return {"entries": report.entries_checked, "nodes": report.nodes_checked,
            "seconds": round(seconds, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000, help="size of the big log")
    parser.add_argument("--appends", type=int, default=20_000, help="entries per append run")
    parser.add_argument("--batch", type=int, default=100, help="entries per batched commit")
    parser.add_argument("--samples", type=int, default=1000, help="proofs of each kind")
    parser.add_argument("--skip-audit", action="store_true", help="do not audit the big log")
    parser.add_argument("--dir", help="work folder (default: a temporary one, removed)")
    args = parser.parse_args(argv)

    rng = random.Random(1)
    signer = NoteSigner.generate("bench.example.gov/ledger")
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        result: dict = {"benchmark": "ledger", "python": sys.version.split()[0],
                        "cpus": os.cpu_count()}
        result["append_single"] = bench_appends(folder, signer, min(args.appends, 5000), 1)
        result["append_batched"] = bench_appends(folder, signer, args.appends, args.batch)
        big = folder / "big.sqlite"
        result["build"] = build_log(big, signer, args.entries)
        result.update(bench_proofs(big, args.samples, rng))
        if not args.skip_audit:
            result["audit"] = bench_audit(big)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
