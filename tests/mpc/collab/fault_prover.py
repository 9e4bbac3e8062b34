"""A ``zkgov mpc prove`` party that misbehaves on purpose (not a test module).

    python fault_prover.py --fault crash|stall --after K -- <zkgov mpc prove args>

Its connections are wrapped by the failure tests' :class:`FaultyNetwork` (see
``tests/mpc/fault_party.py``): it dies, or stops sending, at its K-th element message.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fault_party import FaultyNetwork

import mpc.collab.session as session
from zkgov.commands.mpc import main


def run() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fault", choices=("crash", "stall"), required=True)
    parser.add_argument("--after", type=int, default=1)
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    real = session.open_network

    def faulty(*a: Any, **kw: Any) -> FaultyNetwork:
        return FaultyNetwork(real(*a, **kw), args.fault, args.after)

    session.open_network = faulty  # type: ignore[assignment]
    rest = args.rest[1:] if args.rest[:1] == ["--"] else args.rest
    return main(["prove", *rest])


if __name__ == "__main__":
    sys.exit(run())
