"""Proofs of knowledge of a contribution's secret, in snarkjs's (g1_s, g1_sx, g2_spx) form.

A contributor who multiplies the parameters by a secret x publishes

* g1_s — a random G1 point, g1_sx = x·g1_s;
* g2_sp — a G2 point derived by hashing the transcript (so it cannot be chosen), and
  g2_spx = x·g2_sp.

The pairing check e(g1_s, g2_spx) = e(g1_sx, g2_sp) shows g1_sx and g2_spx carry the same x,
and because g2_sp depends on the transcript so far, the proof cannot be copied from an
earlier contribution. The same ratio then links the parameters before and after the
contribution (e.g. δ_before and δ_after).

Hash to G2 (snarkjs ``hashToG2``): the first 32 bytes of a blake2b-512 digest seed a ChaCha
stream and a G2 point is drawn from it (:func:`zk.ceremony.sampling.g2_from_rng`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from zk.ceremony.encoding import g1_uncompressed
from zk.ceremony.rng import ChaChaRng
from zk.ceremony.sampling import g1_from_rng, g2_from_rng
from zk.curve import Backend
from zk.curve.base import G1, G2

#: Personalisation bytes of the three phase-1 keys (blake2b input prefix).
PERSONALIZATION_TAU = 0
PERSONALIZATION_ALPHA = 1
PERSONALIZATION_BETA = 2


@dataclass(frozen=True)
class PublicKey:
    """The public half of one secret: g1_s, g1_sx = x·g1_s and g2_spx = x·g2_sp."""

    g1_s: G1
    g1_sx: G1
    g2_spx: G2


def hash_to_g2(digest: bytes) -> G2:
    """snarkjs's ``hashToG2``: a G2 point drawn from ChaCha seeded with ``digest[:32]``."""
    return g2_from_rng(ChaChaRng.from_digest(digest))


def phase1_g2_sp(personalization: int, challenge: bytes, g1_s: G1, g1_sx: G1) -> G2:
    """The G2 point of a phase-1 key: hash_to_g2(blake2b(p ‖ challenge ‖ g1_s ‖ g1_sx))."""
    h = hashlib.blake2b(digest_size=64)
    h.update(bytes([personalization]))
    h.update(challenge)
    h.update(g1_uncompressed(g1_s))
    h.update(g1_uncompressed(g1_sx))
    return hash_to_g2(h.digest())


def random_g1_s(rng: ChaChaRng) -> G1:
    """g1_s for a new key, drawn as snarkjs draws it (so beacons are reproducible)."""
    return g1_from_rng(rng)


def same_ratio(be: Backend, a1: G1, b1: G1, a2: G2, b2: G2) -> bool:
    """snarkjs's ``sameRatio``: b1 = x·a1 and b2 = x·a2 for one x, i.e. e(a1, b2) = e(b1, a2).

    Any identity argument makes it false (an identity would hide the secret x = 0).
    """
    if a1 is None or b1 is None or a2 is None or b2 is None:
        return False
    return be.pairing_check([(a1, b2), (be.g1_neg(b1), a2)])
