"""A party process that misbehaves on purpose, for the failure tests (not a test module).

    python fault_party.py --fault crash|stall|corrupt --after K -- <zkgov mpc party args>

It runs the real ``zkgov mpc party`` command with its connections wrapped:

* ``crash``   — SIGKILLs its own process when it is about to send its K-th message;
* ``stall``   — stops sending and sleeps (connections stay open) from its K-th message;
* ``corrupt`` — adds 1 to every share it sends when values are opened (from message K on).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time

import numpy as np

import mpc.party
from mpc.field import GOLDILOCKS
from mpc.transport.base import Network
from mpc.transport.frames import Frame, Kind, Purpose
from zkgov.commands.mpc import main


class FaultyNetwork(Network):
    """Delegates to a real network and misbehaves from the ``after``-th element message on."""

    def __init__(self, inner: Network, fault: str, after: int) -> None:
        self.inner, self.fault, self.after = inner, fault, after
        self.party_id, self.peers, self.timeout = inner.party_id, inner.peers, inner.timeout
        self.sent = 0

    def send(self, peer: int, kind: Kind, purpose: Purpose, tag: int, payload: bytes) -> None:
        if kind == Kind.ELEMENTS:
            self.sent += 1
            if self.sent >= self.after:
                if self.fault == "crash":
                    os.kill(os.getpid(), signal.SIGKILL)
                if self.fault == "stall":
                    time.sleep(3600)
                if self.fault == "corrupt" and purpose in (Purpose.OPEN, Purpose.OUTPUT):
                    values = np.frombuffer(payload, dtype="<u8").astype(object)
                    payload = np.array([(int(v) + 1) % GOLDILOCKS for v in values],
                                       dtype="<u8").tobytes()
        self.inner.send(peer, kind, purpose, tag, payload)

    def receive(self, peer: int, tag: int) -> Frame:
        return self.inner.receive(peer, tag)

    def close(self) -> None:
        self.inner.close()

    def abort(self, reason: str) -> None:
        self.inner.abort(reason)


def run() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fault", choices=("crash", "stall", "corrupt"), required=True)
    parser.add_argument("--after", type=int, default=1)
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    real = mpc.party.run_party

    def faulty(*a: object, **kw: object) -> mpc.party.PartyOutcome:
        kw["wrap_network"] = lambda net: FaultyNetwork(net, args.fault, args.after)
        return real(*a, **kw)  # type: ignore[arg-type]

    mpc.party.run_party = faulty  # type: ignore[assignment]
    rest = args.rest[1:] if args.rest[:1] == ["--"] else args.rest
    return main(["party", *rest])


if __name__ == "__main__":
    sys.exit(run())
