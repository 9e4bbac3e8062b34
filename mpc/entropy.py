"""Random bytes in bulk for share polynomials, masks and random bits.

Small draws come straight from the OS CSPRNG (``secrets``). A long draw (a comparison block
needs about a kilobyte of randomness per compared value) is the ChaCha20 keystream under a
fresh 256-bit key and 96-bit nonce taken from ``secrets`` for that draw alone: the same
construction as the kernel's own generator, about twenty times faster than asking the kernel for
every byte, and the key is dropped when the draw is done. Keystream positions start at block 0
and a draw is far below ChaCha20's 2^32 blocks (256 GiB) per key.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

#: Draws up to this many bytes read the OS generator directly.
DIRECT_BYTES = 1 << 16


def random_pieces(total: int, piece: int) -> Iterator[bytes]:
    """``total`` uniformly random bytes, in pieces of ``piece`` bytes (the last one shorter)."""
    if total <= DIRECT_BYTES:
        for start in range(0, total, piece):
            yield secrets.token_bytes(min(piece, total - start))
        return
    key, nonce = secrets.token_bytes(32), bytes(4) + secrets.token_bytes(12)
    stream = Cipher(algorithms.ChaCha20(key, nonce), mode=None).encryptor()
    zeros = bytes(min(piece, total))
    for start in range(0, total, piece):
        size = min(piece, total - start)
        yield stream.update(zeros if size == len(zeros) else zeros[:size])


def random_bytes(total: int) -> bytes:
    """``total`` uniformly random bytes (one piece)."""
    return b"".join(random_pieces(total, max(total, 1)))
