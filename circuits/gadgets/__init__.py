"""Gadgets: circuit building blocks grouped by domain, bit for bit as circomlib's.

* :mod:`~circuits.gadgets.bits` — multiplexers, lookups, division with remainder, min/max,
  bounds on bit decompositions;
* :mod:`~circuits.gadgets.poseidon` — Poseidon(1 … 16);
* :mod:`~circuits.gadgets.mimc` — MiMC7 / MultiMiMC7 and MiMCFeistel / MiMCSponge;
* :mod:`~circuits.gadgets.merkle` — Poseidon Merkle membership up to depth 32;
* :mod:`~circuits.gadgets.commitments` — Poseidon commitments and nullifiers;
* :mod:`~circuits.gadgets.babyjubjub` — Baby Jubjub point arithmetic and scalar multiplication;
* :mod:`~circuits.gadgets.eddsa` — EdDSA-Poseidon signature verification.

Constraint counts: see ``circuits/gadgets/README.md`` (made by ``benchmarks/constraints.py``).
"""

from circuits.gadgets.commitments import assert_commitment_opens, commitment, nullifier
from circuits.gadgets.eddsa import assert_eddsa_poseidon
from circuits.gadgets.merkle import assert_merkle_member, merkle_root

__all__ = [
    "assert_commitment_opens",
    "assert_eddsa_poseidon",
    "assert_merkle_member",
    "commitment",
    "merkle_root",
    "nullifier",
]
