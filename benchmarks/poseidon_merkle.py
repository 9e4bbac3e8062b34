"""Poseidon and Poseidon Merkle tree speed outside the circuit. Prints JSON.

    python benchmarks/poseidon_merkle.py                  # 10^6-leaf registry (native core)
    python benchmarks/poseidon_merkle.py --leaves 20000   # quicker

Figures: Poseidon(2) hashes per second one by one in Python and in batches (native C when it
is built, else Python); the time to build a depth-``--depth`` tree over ``--leaves`` random
leaves (one batch call per level); membership proof and verification times; peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from circuits.crypto.merkle import PoseidonMerkleTree
from circuits.crypto.poseidon import (
    native_available,
    pack_elements,
    poseidon,
    poseidon_batch_packed,
)
from zk.field import R


def _random_leaves(n: int) -> bytes:
    raw = bytearray(os.urandom(32 * n))
    for i in range(31, len(raw), 32):
        raw[i] &= 0x0F  # below 2^252 < r
    return bytes(raw)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leaves", type=int, default=1_000_000)
    parser.add_argument("--depth", type=int, default=20)
    args = parser.parse_args()
    native = native_available()
    result: dict = {"native_poseidon": native, "leaves": args.leaves, "depth": args.depth}

    n_single = 2000
    started = time.perf_counter()
    for i in range(n_single):
        poseidon([i, R - i], use_native=False)
    result["python_hashes_per_s"] = round(n_single / (time.perf_counter() - started))

    batch = pack_elements(range(2 * 50_000))
    started = time.perf_counter()
    poseidon_batch_packed(batch if native else batch[: 2 * 32 * n_single], 2)
    done = 50_000 if native else n_single
    result["batch_hashes_per_s"] = round(done / (time.perf_counter() - started))

    leaves = _random_leaves(args.leaves)
    started = time.perf_counter()
    tree = PoseidonMerkleTree(leaves, args.depth)
    result["build_seconds"] = round(time.perf_counter() - started, 2)

    started = time.perf_counter()
    proofs = [tree.proof(i * 7919 % args.leaves) for i in range(100)]
    result["proof_ms"] = round((time.perf_counter() - started) * 10, 3)
    started = time.perf_counter()
    assert all(p.verify(tree.root) for p in proofs)
    result["verify_ms"] = round((time.perf_counter() - started) * 10, 3)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
