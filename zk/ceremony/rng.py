"""The deterministic random stream snarkjs derives keys and curve points from.

snarkjs (through ffjavascript) seeds a ChaCha20 stream with eight 32-bit words and draws from
it u32 words, u64s (high word first) and booleans (the low bit of a u32). Field elements are
drawn as 4 u64 limbs, masked to 254 bits and rejected until below the prime; the bytes are then
taken *as the Montgomery form* of the element, so the element is ``v · 2⁻²⁵⁶ mod p``. Every
step here reproduces that exactly: a beacon, and the hash-to-G2 of a proof of knowledge, must
give the same points in both tools.

The ChaCha20 block function is the RFC 8439 one with a zero nonce and the block counter in
state word 12, which is what ffjavascript's ``ChaCha`` computes for the few blocks used here.
"""

from __future__ import annotations

import hashlib
import secrets
import struct
from collections.abc import Sequence

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

from zk.field import Q, R

_BLOCK_BYTES = 64
_MASK_254 = (1 << 254) - 1
_MONT_INV_Q = pow(1 << 256, -1, Q)
_MONT_INV_R = pow(1 << 256, -1, R)


class ChaChaRng:
    """ffjavascript's ``ChaCha`` generator: a ChaCha20 key stream read as u32 words."""

    def __init__(self, seed: Sequence[int]) -> None:
        if len(seed) != 8 or any(not 0 <= w < 1 << 32 for w in seed):
            raise ValueError("a ChaCha seed is eight 32-bit words")
        key = struct.pack("<8I", *seed)
        cipher = Cipher(algorithms.ChaCha20(key, bytes(16)), mode=None)
        self._stream = cipher.encryptor()
        self._words: tuple[int, ...] = ()
        self._next = 0

    @classmethod
    def from_digest(cls, digest: bytes) -> ChaChaRng:
        """Seed from the first 32 bytes of a hash, read as eight big-endian u32 words."""
        if len(digest) < 32:
            raise ValueError("a ChaCha seed needs at least 32 bytes of hash")
        return cls(struct.unpack(">8I", digest[:32]))

    def next_u32(self) -> int:
        """The next 32-bit word of the key stream (words read little-endian, a new
        64-byte ChaCha20 block every 16 words)."""
        if self._next == len(self._words):
            self._words = struct.unpack("<16I", self._stream.update(bytes(_BLOCK_BYTES)))
            self._next = 0
        word = self._words[self._next]
        self._next += 1
        return word

    def next_u64(self) -> int:
        """A 64-bit value from two u32 draws, the first as the high word (as ffjavascript)."""
        high = self.next_u32()
        return (high << 32) | self.next_u32()

    def next_bool(self) -> bool:
        """A boolean: the low bit of the next u32 draw."""
        return bool(self.next_u32() & 1)

    def _raw_element(self, prime: int) -> int:
        while True:
            v = 0
            for i in range(4):
                v |= self.next_u64() << (64 * i)
            v &= _MASK_254
            if v < prime:
                return v

    def next_fr(self) -> int:
        """An Fr element as ``Fr.fromRng`` gives it (the drawn bytes read in Montgomery form)."""
        return self._raw_element(R) * _MONT_INV_R % R

    def next_fq(self) -> int:
        """An Fq element as ``F1.fromRng`` gives it (the drawn bytes read in Montgomery form)."""
        return self._raw_element(Q) * _MONT_INV_Q % Q


def entropy_rng(user_entropy: str | bytes | None = None) -> ChaChaRng:
    """A fresh stream for a contribution: 64 bytes from :mod:`secrets`, then the optional user
    entropy, hashed together with blake2b-512 (as snarkjs does with its own entropy prompt)."""
    hasher = hashlib.blake2b(digest_size=64)
    hasher.update(secrets.token_bytes(64))
    if user_entropy:
        hasher.update(user_entropy.encode("utf-8") if isinstance(user_entropy, str)
                      else user_entropy)
    return ChaChaRng.from_digest(hasher.digest())
