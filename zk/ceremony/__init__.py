"""Trusted-setup ceremonies for Groth16, file-compatible with snarkjs.

A Groth16 key made by one party lets that party forge proofs. In a ceremony every
participant multiplies the key's secrets by fresh randomness of their own and proves they did
so; the result is safe if any one participant destroyed theirs. Each step reads one file and
writes the next, so participants need not be online together, and each may use zkgov or
snarkjs.

* :mod:`zk.ceremony.phase1` — powers of τ (``.ptau``): new, contribute, beacon, verify,
  prepare (the Lagrange sections a circuit setup reads).
* :mod:`zk.ceremony.phase2` — the circuit's δ (``.zkey``): new, contribute, beacon, verify,
  export the verification key.
* :mod:`zk.ceremony.ptau_setup` — snarkjs's circuit-specific setup from a prepared ``.ptau``
  (the key phase 2 starts from, with its circuit hash), and
  :mod:`zk.ceremony.snarkjs_overread`, the one point of that hash snarkjs reads past a section.

Underneath: :mod:`~zk.ceremony.transcript` (the blake2b hash chains),
:mod:`~zk.ceremony.pok` (proofs of knowledge and hash-to-G2), :mod:`~zk.ceremony.beacon`,
:mod:`~zk.ceremony.rng` and :mod:`~zk.ceremony.sampling` (snarkjs's deterministic draws),
:mod:`~zk.ceremony.records` (contribution records), :mod:`~zk.ceremony.lagrange`.
"""

from zk.ceremony import phase1, phase2
from zk.ceremony.beacon import Beacon, BeaconError
from zk.ceremony.ptau_setup import setup_from_ptau
from zk.ceremony.report import ContributionSummary, VerificationReport

__all__ = [
    "Beacon",
    "BeaconError",
    "ContributionSummary",
    "VerificationReport",
    "phase1",
    "phase2",
    "setup_from_ptau",
]
