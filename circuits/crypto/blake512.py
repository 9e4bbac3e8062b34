"""BLAKE-512, the SHA-3 finalist (Aumasson, Henzen, Meier, Phan; final version, 16 rounds).

circomlibjs derives Baby Jubjub EdDSA keys and nonces with BLAKE-512 (the npm ``blake-hash``
package). Python's :mod:`hashlib` offers BLAKE2b, a different function, so this module follows
the BLAKE specification (section 2.2) directly: 64-bit words, big-endian message words, a
128-bit bit counter, the ``1…1`` padding of BLAKE-512, no salt.

The constants are derived, not pasted: the initial value is SHA-512's (the first 64 bits of the
fractional parts of the square roots of the first eight primes) and the sixteen round constants
are the first 1024 bits of the fractional part of π, as the specification defines them.
"""

from __future__ import annotations

from functools import lru_cache
from math import isqrt

_MASK = (1 << 64) - 1
_BLOCK_BYTES = 128
_ROUNDS = 16

#: The ten message permutations σ_0 … σ_9 of the specification (round r uses σ_{r mod 10}).
_SIGMA = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
    (14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3),
    (11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4),
    (7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8),
    (9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13),
    (2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9),
    (12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11),
    (13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10),
    (6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5),
    (10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0),
)

#: (a, b, c, d) state indices of the eight G calls of a round: four columns, four diagonals.
_G_INDICES = (
    (0, 4, 8, 12), (1, 5, 9, 13), (2, 6, 10, 14), (3, 7, 11, 15),
    (0, 5, 10, 15), (1, 6, 11, 12), (2, 7, 8, 13), (3, 4, 9, 14),
)


def _first_primes(n: int) -> list[int]:
    primes: list[int] = []
    k = 2
    while len(primes) < n:
        if all(k % p for p in primes):
            primes.append(k)
        k += 1
    return primes


def _pi_fraction_bits(n_bits: int) -> int:
    """floor(frac(π)·2^n_bits), from Machin's formula π = 16·atan(1/5) − 4·atan(1/239) in fixed
    point with guard bits."""
    guard = 64
    scale = 1 << (n_bits + 2 + guard)

    def atan_inv(x: int) -> int:
        total, term, k, sign = 0, scale // x, 1, 1
        x2 = x * x
        while term:
            total += sign * (term // k)
            term //= x2
            k += 2
            sign = -sign
        return total

    pi_scaled = 16 * atan_inv(5) - 4 * atan_inv(239)
    return (pi_scaled >> (guard + 2)) - (3 << n_bits)


@lru_cache(maxsize=1)
def _constants() -> tuple[tuple[int, ...], tuple[int, ...]]:
    iv = tuple(
        (isqrt(p << 128) & _MASK) for p in _first_primes(8)
    )  # frac(√p)·2^64 = low 64 bits of floor(√p·2^64)
    pi_bits = _pi_fraction_bits(16 * 64)
    consts = tuple((pi_bits >> (64 * (15 - i))) & _MASK for i in range(16))
    return iv, consts


def _rotr(x: int, n: int) -> int:
    return ((x >> n) | (x << (64 - n))) & _MASK


def _compress(h: list[int], block: bytes, counter: int) -> list[int]:
    _, c = _constants()
    m = [int.from_bytes(block[8 * i : 8 * i + 8], "big") for i in range(16)]
    t0, t1 = counter & _MASK, counter >> 64
    v = [*h, c[0], c[1], c[2], c[3], t0 ^ c[4], t0 ^ c[5], t1 ^ c[6], t1 ^ c[7]]
    for r in range(_ROUNDS):
        s = _SIGMA[r % 10]
        for i, (a, b, cc, d) in enumerate(_G_INDICES):
            x, y = s[2 * i], s[2 * i + 1]
            v[a] = (v[a] + v[b] + (m[x] ^ c[y])) & _MASK
            v[d] = _rotr(v[d] ^ v[a], 32)
            v[cc] = (v[cc] + v[d]) & _MASK
            v[b] = _rotr(v[b] ^ v[cc], 25)
            v[a] = (v[a] + v[b] + (m[y] ^ c[x])) & _MASK
            v[d] = _rotr(v[d] ^ v[a], 16)
            v[cc] = (v[cc] + v[d]) & _MASK
            v[b] = _rotr(v[b] ^ v[cc], 11)
    return [h[i] ^ v[i] ^ v[i + 8] for i in range(8)]


def _padded_blocks(message: bytes) -> list[tuple[bytes, int]]:
    """The padded message as (block, counter) pairs; a block holding no message bits has
    counter 0, as the specification requires."""
    n_bits = 8 * len(message)
    # 1 bit, zeros, then a 1 bit just before the 128-bit length: 0x80 … 0x01 ‖ length
    pad_len = (_BLOCK_BYTES - 16 - (len(message) + 1)) % _BLOCK_BYTES
    tail = b"\x81" if pad_len == 0 else b"\x80" + b"\x00" * (pad_len - 1) + b"\x01"
    data = message + tail + n_bits.to_bytes(16, "big")
    blocks = []
    for offset in range(0, len(data), _BLOCK_BYTES):
        message_bits_so_far = min(8 * (offset + _BLOCK_BYTES), n_bits)
        has_message_bits = 8 * offset < n_bits
        blocks.append(
            (data[offset : offset + _BLOCK_BYTES], message_bits_so_far if has_message_bits else 0)
        )
    return blocks


def blake512(message: bytes) -> bytes:
    """The 64-byte BLAKE-512 digest of ``message``."""
    iv, _ = _constants()
    h = list(iv)
    for block, counter in _padded_blocks(bytes(message)):
        h = _compress(h, block, counter)
    return b"".join(x.to_bytes(8, "big") for x in h)
