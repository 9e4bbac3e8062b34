"""Out-of-circuit twins of the gadgets: what an issuer, a registry or a holder runs.

* :mod:`~circuits.crypto.poseidon` — Poseidon as circomlibjs (native C in bulk when built);
* :mod:`~circuits.crypto.mimc` — MiMC7 and MiMCSponge as circomlibjs;
* :mod:`~circuits.crypto.merkle` — Poseidon Merkle trees for registries of millions of leaves;
* :mod:`~circuits.crypto.babyjubjub` and :mod:`~circuits.crypto.eddsa` — Baby Jubjub and
  EdDSA-Poseidon keys and signatures as circomlibjs makes them (with
  :mod:`~circuits.crypto.blake512` for key derivation);
* :mod:`~circuits.crypto.commitments` — Poseidon commitments and nullifiers;
* :mod:`~circuits.crypto.pedersen` — homomorphic Pedersen commitments on BN254 G1.
(The Poseidon function itself is ``circuits.crypto.poseidon.poseidon``; the package does not
re-export it, so that the name keeps meaning the module.)
"""

from circuits.crypto.commitments import commit, nullifier, random_blinding
from circuits.crypto.eddsa import (
    Signature,
    derive_public_key,
    generate_private_key,
    sign_poseidon,
    verify_poseidon,
)
from circuits.crypto.merkle import MerkleProof, PoseidonMerkleTree
from circuits.crypto.poseidon import poseidon_batch

__all__ = [
    "MerkleProof",
    "PoseidonMerkleTree",
    "Signature",
    "commit",
    "derive_public_key",
    "generate_private_key",
    "nullifier",
    "poseidon_batch",
    "random_blinding",
    "sign_poseidon",
    "verify_poseidon",
]
