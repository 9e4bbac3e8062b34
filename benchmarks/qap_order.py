"""The QAP quotient (``qap_h``) for the two coefficient orders of a ``.zkey``, as JSON.

    python benchmarks/qap_order.py                 # 2^16 rows, 6 A and 6 B terms per row
    python benchmarks/qap_order.py --log 18 --terms 3

snarkjs writes A and B interleaved per constraint, zkgov all A then all B; both must spread
the sparse products over the worker threads. Besides wall and CPU seconds, the share of CPU
time spent off the calling thread is printed: it does not depend on how busy the machine is,
so a serial sparse product shows as a smaller share for one order even on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import struct
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from zk.field import R  # noqa: E402
from zk.native import _bn254  # noqa: E402


def section(entries: list[tuple[int, int, int, int]]) -> bytes:
    """A coefficient section body: u32 count, then (matrix, row, signal, coefficient)."""
    return struct.pack("<I", len(entries)) + b"".join(
        struct.pack("<III", m, row, sig) + c.to_bytes(32, "little") for m, row, sig, c in entries)


def measure(coefs: bytes, witness: bytes, n: int, repeat: int) -> dict[str, float]:
    def usage() -> tuple[resource.struct_rusage, resource.struct_rusage]:
        return resource.getrusage(resource.RUSAGE_THREAD), resource.getrusage(resource.RUSAGE_SELF)

    wall, (main0, all0) = time.perf_counter(), usage()
    for _ in range(repeat):
        _bn254.qap_h(coefs, witness, n)
    main1, all1 = usage()
    main, total = main1.ru_utime - main0.ru_utime, all1.ru_utime - all0.ru_utime
    return {"seconds_per_call": round((time.perf_counter() - wall) / repeat, 4),
            "cpu_seconds_per_call": round(total / repeat, 4),
            "off_main_thread_share": round(1 - main / total, 3) if total else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", type=int, default=16, help="domain of 2^N rows")
    parser.add_argument("--terms", type=int, default=6, help="A and B terms per row")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(1)
    n, n_witness = 1 << args.log, 1000
    interleaved = [(m, row, rng.randrange(n_witness), rng.randrange(R))
                   for row in range(n) for m in (0, 1) for _ in range(args.terms)]
    witness = b"".join(rng.randrange(R).to_bytes(32, "little") for _ in range(n_witness))
    orders = {"snarkjs": section(interleaved),
              "zkgov": section(sorted(interleaved, key=lambda e: e[0]))}
    result = {"rows": n, "entries": len(interleaved), "threads": _bn254.thread_count()}
    result.update({name: measure(coefs, witness, n, args.repeat) for name, coefs in orders.items()})
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
