"""EdDSA over Baby Jubjub with Poseidon as the challenge hash, as circomlibjs signs and verifies
(``eddsa.prv2pub``, ``signPoseidon``, ``verifyPoseidon``) and circomlib's
``EdDSAPoseidonVerifier`` checks in a circuit.

* private key: 32 bytes; ``s`` = the first 32 bytes of BLAKE-512(key) with bits pruned as in
  Ed25519 (low three cleared, bit 255 cleared, bit 254 set), read little-endian;
* public key: A = (s >> 3)·Base8;
* nonce: r = BLAKE-512(second half of the digest ‖ msg as 32 LE bytes) mod l, R8 = r·Base8;
* challenge: h = Poseidon(R8.x, R8.y, A.x, A.y, msg); S = (r + h·s) mod l;
* verification: S < l, R8 and A on the curve, and S·Base8 = R8 + 8·h·A.

Signing is deterministic (the nonce is derived from the key and the message), so these
functions reproduce circomlibjs signatures byte for byte.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from circuits.crypto import babyjubjub as bj
from circuits.crypto.blake512 import blake512
from circuits.crypto.poseidon import poseidon
from circuits.errors import InputError
from zk.field import R, parse_element

PRIVATE_KEY_BYTES = 32


@dataclass(frozen=True)
class Signature:
    """An EdDSA-Poseidon signature: the nonce point R8 and the scalar S (< l)."""

    r8: bj.Point
    s: int

    def to_json(self) -> dict[str, str]:
        """Decimal strings under the names the ready circuits use as inputs."""
        return {"R8x": str(self.r8[0]), "R8y": str(self.r8[1]), "S": str(self.s)}

    @classmethod
    def from_json(cls, obj: Any) -> Signature:
        """Parse the ``R8x``, ``R8y``, ``S`` decimal strings :meth:`to_json` writes; a missing
        field raises :class:`InputError`, a value that is no element of Fr :class:`FieldError`.
        R8 is checked to be on the curve when the signature is verified, not here."""
        if not isinstance(obj, dict) or not {"R8x", "R8y", "S"} <= obj.keys():
            raise InputError("a signature needs the fields R8x, R8y and S")
        r8 = (parse_element(obj["R8x"], what="R8x"), parse_element(obj["R8y"], what="R8y"))
        return cls(r8, parse_element(obj["S"], what="S"))

    def pack(self) -> bytes:
        """64 bytes as circomlibjs ``packSignature``: packed R8 then S little-endian."""
        return bj.pack_point(self.r8) + self.s.to_bytes(32, "little")

    @classmethod
    def unpack(cls, data: bytes) -> Signature:
        """Parse circomlibjs's 64-byte ``packSignature`` form (packed R8, then S
        little-endian); another length raises :class:`InputError`, an R8 that is no curve point
        :class:`PointError`."""
        if len(data) != 64:
            raise InputError(f"a packed signature has 64 bytes, got {len(data)}")
        return cls(bj.unpack_point(data[:32]), int.from_bytes(data[32:], "little"))


def generate_private_key() -> bytes:
    """32 fresh random bytes from :mod:`secrets`."""
    return secrets.token_bytes(PRIVATE_KEY_BYTES)


def _check_private_key(private_key: bytes) -> bytes:
    if not isinstance(private_key, bytes | bytearray) or len(private_key) != PRIVATE_KEY_BYTES:
        raise InputError(f"an EdDSA private key is {PRIVATE_KEY_BYTES} bytes")
    return bytes(private_key)


def _expanded_key(private_key: bytes) -> tuple[int, bytes]:
    """The pruned secret scalar s and the 32-byte nonce prefix."""
    digest = bytearray(blake512(_check_private_key(private_key)))
    digest[0] &= 0xF8
    digest[31] &= 0x7F
    digest[31] |= 0x40
    return int.from_bytes(digest[:32], "little"), bytes(digest[32:])


def private_scalar(private_key: bytes) -> int:
    """The secret scalar s (a multiple of 8) that a private key expands to."""
    return _expanded_key(private_key)[0]


def derive_public_key(private_key: bytes) -> bj.Point:
    """A = (s >> 3)·Base8, as circomlibjs ``prv2pub``."""
    s, _ = _expanded_key(private_key)
    return bj.multiply(bj.BASE8, s >> 3)


def _message_element(message: int) -> int:
    if isinstance(message, bool) or not isinstance(message, int):
        raise InputError(f"the signed message must be a field element (int), got {message!r}")
    return message % R


def challenge(r8: bj.Point, public_key: bj.Point, message: int) -> int:
    """h = Poseidon(R8.x, R8.y, A.x, A.y, msg)."""
    return int(poseidon([r8[0], r8[1], public_key[0], public_key[1], message]))  # type: ignore[arg-type]


def sign_poseidon(private_key: bytes, message: int) -> Signature:
    """Sign one field element, exactly as circomlibjs ``signPoseidon``."""
    msg = _message_element(message)
    s, prefix = _expanded_key(private_key)
    public_key = bj.multiply(bj.BASE8, s >> 3)
    nonce = int.from_bytes(blake512(prefix + msg.to_bytes(32, "little")), "little")
    r = nonce % bj.SUBORDER
    r8 = bj.multiply(bj.BASE8, r)
    h = challenge(r8, public_key, msg)
    return Signature(r8, (r + h * s) % bj.SUBORDER)


def verify_poseidon(message: int, signature: Signature, public_key: bj.Point) -> bool:
    """True iff ``signature`` is valid for ``message`` under ``public_key`` (circomlibjs
    ``verifyPoseidon``: points on the curve, S < l, S·Base8 = R8 + 8·h·A)."""
    if not isinstance(signature, Signature):
        return False
    if not (bj.is_on_curve(signature.r8) and bj.is_on_curve(public_key)):
        return False
    if not 0 <= signature.s < bj.SUBORDER:
        return False
    msg = _message_element(message)
    h = challenge(signature.r8, public_key, msg)
    left = bj.multiply(bj.BASE8, signature.s)
    right = bj.add(signature.r8, bj.multiply(public_key, 8 * h))
    return left == right
