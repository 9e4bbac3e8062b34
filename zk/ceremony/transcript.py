"""The blake2b-512 hash chains that tie a ceremony's contributions together, as snarkjs
computes them.

Phase 1 (``.ptau``): the *challenge* is what a contributor receives and the *response* what
they return.

* The first challenge hash is blake2b(blake2b("") ‖ every point of a fresh file), points in
  uncompressed form (τ·G1 ×(2n − 1), τ·G2 ×n, α·τ·G1 ×n, β·τ·G1 ×n, β·G2).
* A response hash is blake2b(challenge hash ‖ the new points compressed ‖ the three public
  keys uncompressed); its midstate before the keys is stored in the record.
* The next challenge hash is blake2b(response hash ‖ the new points uncompressed). Each key's
  G2 point is derived from the previous challenge hash, which chains the contributions.

Phase 2 (``.zkey``): contribution i's transcript is blake2b(circuit hash ‖ the public key of
every earlier contribution ‖ g1_s ‖ g1_sx); its G2 point is hash-to-G2 of that transcript.
A public key is hashed as δ_after ‖ g1_s ‖ g1_sx ‖ g2_spx (uncompressed) ‖ transcript, and the
blake2b of that alone is the contribution hash people compare with what a contributor posted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from zk.ceremony.encoding import (
    g1_batch_uncompressed,
    g1_uncompressed,
    g2_batch_uncompressed,
    g2_uncompressed,
)
from zk.curve.base import G1, G2_GENERATOR, BytesLike
from zk.curve.base import G1_GENERATOR as _G1_GEN
from zk.formats.zkey import Contribution

DIGEST_BYTES = 64
#: Points hashed per ``update`` when hashing long runs of one repeated point.
_REPEAT_CHUNK = 1 << 12


def _blake2b() -> hashlib._Hash:
    return hashlib.blake2b(digest_size=DIGEST_BYTES)


def empty_hash() -> bytes:
    """blake2b-512 of nothing: the "response" before the first contribution."""
    return _blake2b().digest()


def first_challenge_hash(power: int) -> bytes:
    """The challenge hash of a fresh power-``power`` file (every point a generator)."""
    n = 1 << power
    g1 = g1_uncompressed(_G1_GEN)
    g2 = g2_uncompressed(G2_GENERATOR)
    h = _blake2b()
    h.update(empty_hash())

    def repeat(point: bytes, count: int) -> None:
        block = point * _REPEAT_CHUNK
        for _ in range(count // _REPEAT_CHUNK):
            h.update(block)
        h.update(point * (count % _REPEAT_CHUNK))

    repeat(g1, 2 * n - 1)
    repeat(g2, n)
    repeat(g1, n)
    repeat(g1, n)
    h.update(g2)
    return h.digest()


def next_challenge_hash(response_hash: bytes, g1_sections: Sequence[BytesLike],
                        tau_g2: BytesLike, beta_g2: BytesLike) -> bytes:
    """blake2b(response ‖ τ·G1 ‖ τ·G2 ‖ α·τ·G1 ‖ β·τ·G1 ‖ β·G2), points uncompressed.

    ``g1_sections`` are the packed τ·G1, α·τ·G1 and β·τ·G1 sections, in that order.
    """
    tau_g1, alpha_tau_g1, beta_tau_g1 = g1_sections
    h = _blake2b()
    h.update(response_hash)
    h.update(g1_batch_uncompressed(tau_g1))
    h.update(g2_batch_uncompressed(tau_g2))
    h.update(g1_batch_uncompressed(alpha_tau_g1))
    h.update(g1_batch_uncompressed(beta_tau_g1))
    h.update(g2_batch_uncompressed(beta_g2))
    return h.digest()


# ----- phase 2 ---------------------------------------------------------------------------------

def _public_key_bytes(c: Contribution) -> bytes:
    return (g1_uncompressed(c.delta_after) + g1_uncompressed(c.g1_s)
            + g1_uncompressed(c.g1_sx) + g2_uncompressed(c.g2_spx) + c.transcript)


def phase2_transcript(cs_hash: bytes, previous: Iterable[Contribution], g1_s: G1,
                      g1_sx: G1) -> bytes:
    """The transcript a new phase-2 contribution must record (and hash to G2)."""
    h = _blake2b()
    h.update(cs_hash)
    for c in previous:
        h.update(_public_key_bytes(c))
    h.update(g1_uncompressed(g1_s))
    h.update(g1_uncompressed(g1_sx))
    return h.digest()


def phase2_contribution_hash(c: Contribution) -> bytes:
    """The hash snarkjs prints for a phase-2 contribution (blake2b of its public key)."""
    return hashlib.blake2b(_public_key_bytes(c), digest_size=DIGEST_BYTES).digest()


def format_hash(digest: bytes) -> str:
    """A 64-byte hash as snarkjs prints it: four lines of four 8-digit hex words."""
    words = [digest[i : i + 4].hex() for i in range(0, len(digest), 4)]
    return "\n".join(" ".join(words[r * 4 : r * 4 + 4]) for r in range(len(words) // 4))
