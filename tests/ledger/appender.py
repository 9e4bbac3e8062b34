"""A process that appends commitments and acknowledges each durable append on stdout.

Used by test_durability.py (it is not a test module):

    python appender.py LEDGER KEY TAG COUNT [GO_FILE]

prints ``READY`` once the ledger is open, waits until GO_FILE exists (so that several
appenders start together), then prints ``ACK <index> <leaf hash hex> <context>`` for every
entry of every append that returned (so it is committed), flushing after each.
COUNT = 0 appends until killed. Batch sizes cycle through 1, 2, 3 to mix both paths.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ledger import Ledger, admit_commitment
from ledger.keys import read_signer_key


def main(argv: list[str]) -> int:
    path, key, tag, count = argv[0], argv[1], argv[2], int(argv[3])
    go = Path(argv[4]) if len(argv) > 4 else None
    with Ledger.open(path, read_signer_key(key)) as log:
        print("READY", flush=True)
        deadline = time.monotonic() + 60
        while go is not None and not go.exists() and time.monotonic() < deadline:
            time.sleep(0.002)
        n = 0
        while count == 0 or n < count:
            size = min(1 + n % 3, count - n) if count else 1 + n % 3
            items = [admit_commitment(str(n + j), "poseidon", f"{tag}-{n + j}")
                     for j in range(size)]
            for receipt in log.append_batch(items):
                context = items[receipt.index - receipt.tree_size + size].record.context
                print(f"ACK {receipt.index} {receipt.leaf_hash.hex()} {context}", flush=True)
            n += size
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
