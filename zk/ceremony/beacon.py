"""Random beacons: the public, verifiable randomness that closes a ceremony.

A beacon contribution is made with randomness nobody could know in advance (e.g. the hash of
a future block of a public blockchain, announced before it exists). snarkjs turns the beacon
value into a key by hashing it with SHA-256 2^e times — a delay that stops anyone from trying
many beacon values quickly — and seeding its ChaCha stream with the first 32 bytes. Anyone can
redo this and check that the beacon contribution used exactly that key.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from zk.ceremony.rng import ChaChaRng
from zk.errors import ZkError

#: snarkjs accepts iteration exponents 10 … 63 (2^10 … 2^63 SHA-256 rounds).
MIN_ITERATIONS_EXP = 10
MAX_ITERATIONS_EXP = 63
#: The beacon hash is stored with a one-byte length.
MAX_BEACON_BYTES = 255


class BeaconError(ZkError):
    """A beacon value or iteration count that snarkjs would refuse."""


@dataclass(frozen=True)
class Beacon:
    """A beacon value and the exponent e of its 2^e SHA-256 iterations."""

    value: bytes
    iterations_exp: int

    def __post_init__(self) -> None:
        if not 0 < len(self.value) <= MAX_BEACON_BYTES:
            raise BeaconError(
                f"the beacon value must be 1 … {MAX_BEACON_BYTES} bytes, got {len(self.value)}"
            )
        if not MIN_ITERATIONS_EXP <= self.iterations_exp <= MAX_ITERATIONS_EXP:
            raise BeaconError(
                f"the beacon iteration exponent must be {MIN_ITERATIONS_EXP} … "
                f"{MAX_ITERATIONS_EXP}, got {self.iterations_exp}"
            )

    @classmethod
    def parse(cls, hex_value: str, iterations_exp: int | str) -> Beacon:
        """From the command-line form: a hex string (optional ``0x``) and the exponent."""
        text = hex_value[2:] if hex_value.lower().startswith("0x") else hex_value
        try:
            value = bytes.fromhex(text)
        except ValueError as exc:
            raise BeaconError(
                f"the beacon value {hex_value!r} is not an even-length hexadecimal string"
            ) from exc
        try:
            exp = int(iterations_exp)
        except ValueError as exc:
            raise BeaconError(
                f"the beacon iteration exponent {iterations_exp!r} is not an integer"
            ) from exc
        return cls(value, exp)

    def rng(self) -> ChaChaRng:
        """The ChaCha stream the beacon's key is drawn from (2^e SHA-256 rounds first)."""
        digest = self.value
        for _ in range(1 << self.iterations_exp):
            digest = hashlib.sha256(digest).digest()
        return ChaChaRng.from_digest(digest)
