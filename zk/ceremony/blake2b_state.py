"""A blake2b-512 hasher whose midstate can be saved and resumed in snarkjs's 216-byte form.

A ``.ptau`` contribution records the hash of its response *without* the contributor's public
key: the blake2b state just before the key was absorbed. Anyone holding the state and the key
finishes the hash. :mod:`hashlib` keeps its state private, so this module runs the blake2b
compression function itself (through the ``blake2b-py`` package's ``compress``) and buffers
input exactly as snarkjs's hasher (``@noble/hashes``) does: the last block, full or not, stays
in the buffer until more input arrives, so a saved state always holds 1 … 128 pending bytes.

The 216-byte form: the 128-byte buffer (past the pending bytes it still holds what earlier
input left there, exactly as snarkjs's does, so that equal inputs fed in equal pieces give an
equal state), then little-endian u32 words — the eight state words
as (low, high) pairs, the count of bytes already compressed (low, high), the number of pending
bytes (low, high), and two zero words.
"""

from __future__ import annotations

import struct

from blake2b import compress as _compress

from zk.errors import FormatError

BLOCK_BYTES = 128
DIGEST_BYTES = 64
PARTIAL_STATE_BYTES = 216

_ROUNDS = 12
_MASK64 = (1 << 64) - 1
_IV = (
    0x6A09E667F3BCC908, 0xBB67AE8584CAA73B, 0x3C6EF372FE94F82B, 0xA54FF53A5F1D36F1,
    0x510E527FADE682D1, 0x9B05688C2B3E6C1F, 0x1F83D9ABFB41BD6B, 0x5BE0CD19137E2179,
)
#: Parameter block word 0 for an unkeyed 64-byte digest: fan-out 1, depth 1, key 0, out 64.
_PARAM0 = 0x01010000 | DIGEST_BYTES
_BLOCK = struct.Struct("<16Q")
_STATE = struct.Struct("<8Q")
_TAIL = struct.Struct("<22I")


class Blake2b:
    """blake2b-512 with ``update``/``digest`` and a resumable midstate (see module docs)."""

    __slots__ = ("_buffer", "_compressed", "_h", "_pending")

    def __init__(self, data: bytes | bytearray | memoryview = b"") -> None:
        self._h = list(_IV)
        self._h[0] ^= _PARAM0
        self._buffer = bytearray(BLOCK_BYTES)
        self._pending = 0
        self._compressed = 0
        if data:
            self.update(data)

    def _compress(self, block: bytes | bytearray | memoryview, counter: int, last: bool) -> None:
        out = _compress(
            _ROUNDS, self._h, list(_BLOCK.unpack(block)),
            [counter & _MASK64, counter >> 64], last,
        )
        self._h = list(_STATE.unpack(out))

    def update(self, data: bytes | bytearray | memoryview) -> Blake2b:
        """Absorb ``data``; returns ``self`` for chaining."""
        mv = memoryview(data).cast("B")
        n = len(mv)
        i = 0
        while i < n:
            if self._pending == BLOCK_BYTES:
                self._compressed += BLOCK_BYTES
                self._compress(self._buffer, self._compressed, False)
                self._pending = 0
            if self._pending == 0 and n - i > BLOCK_BYTES:
                # Whole blocks straight from the input, always leaving at least one byte.
                for _ in range((n - i - 1) // BLOCK_BYTES):
                    self._compressed += BLOCK_BYTES
                    self._compress(mv[i : i + BLOCK_BYTES], self._compressed, False)
                    i += BLOCK_BYTES
                continue
            take = min(BLOCK_BYTES - self._pending, n - i)
            self._buffer[self._pending : self._pending + take] = mv[i : i + take]
            self._pending += take
            i += take
        return self

    def copy(self) -> Blake2b:
        """An independent hasher in the same state."""
        other = Blake2b.__new__(Blake2b)
        other._h = list(self._h)
        other._buffer = bytearray(self._buffer)
        other._pending = self._pending
        other._compressed = self._compressed
        return other

    def digest(self) -> bytes:
        """The 64-byte digest of everything absorbed (the hasher itself is left unchanged)."""
        final = self.copy()
        final._buffer[final._pending :] = bytes(BLOCK_BYTES - final._pending)
        final._compress(final._buffer, final._compressed + final._pending, True)
        return _STATE.pack(*final._h)

    def partial_state(self) -> bytes:
        """The 216-byte midstate snarkjs stores in a ``.ptau`` contribution."""
        words = []
        for h in self._h:
            words += [h & 0xFFFFFFFF, h >> 32]
        words += [self._compressed & 0xFFFFFFFF, self._compressed >> 32, self._pending, 0, 0, 0]
        return bytes(self._buffer) + _TAIL.pack(*words)

    @classmethod
    def from_partial_state(cls, state: bytes | bytearray | memoryview) -> Blake2b:
        """Resume from a 216-byte midstate (raises :class:`FormatError` when it is malformed)."""
        raw = bytes(state)
        if len(raw) != PARTIAL_STATE_BYTES:
            raise FormatError(
                f"a blake2b midstate is {PARTIAL_STATE_BYTES} bytes, got {len(raw)}"
            )
        words = _TAIL.unpack(raw[BLOCK_BYTES:])
        pending = words[18] | (words[19] << 32)
        compressed = words[16] | (words[17] << 32)
        if pending > BLOCK_BYTES or compressed % BLOCK_BYTES:
            raise FormatError("the blake2b midstate in a .ptau contribution is inconsistent")
        hasher = cls.__new__(cls)
        hasher._h = [words[2 * i] | (words[2 * i + 1] << 32) for i in range(8)]
        hasher._buffer = bytearray(raw[:BLOCK_BYTES])
        hasher._pending = pending
        hasher._compressed = compressed
        return hasher
