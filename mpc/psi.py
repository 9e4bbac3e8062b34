"""Private set intersection between two parties, Diffie–Hellman style over P-256.

Each party hashes its items to curve points H(x) and raises them to its secret key; since
a·(b·H(x)) = b·(a·H(x)), items in both sets meet as the same doubly-blinded point, while any
other item stays a random-looking point (DDH). Rounds:

1. each party sends its blinded items a·H(x), in a random order;
2. each party blinds the other's list again and sends it back — in the received order (the
   other party learns *which* of its items are shared) or shuffled (``size_only``: it learns
   only how many).

Points travel as 32-byte x-coordinates: x(k·P) = x(k·(−P)), so the scalar multiplication by
ECDH (which returns only x) chains correctly. Hashing to the curve is try-and-increment over
SHA-256 with a domain tag (its running time depends on the party's own item only).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence

from cryptography.hazmat.primitives.asymmetric import ec

from mpc.errors import MpcInputError, MpcProtocolError
from mpc.transport.base import Network, check_payload_kind
from mpc.transport.frames import Kind, Purpose

#: The P-256 base-field prime.
P256_P = 2**256 - 2**224 + 2**192 + 2**96 - 1
POINT_BYTES = 32
DOMAIN = b"zkgov-psi-p256-v1"


def hash_to_point(item: bytes) -> ec.EllipticCurvePublicKey:
    """A P-256 point for ``item`` whose discrete logarithm nobody knows."""
    for counter in range(256):
        digest = hashlib.sha256(DOMAIN + bytes([counter]) + item).digest()
        x = int.from_bytes(digest, "big") % P256_P
        try:
            return ec.EllipticCurvePublicKey.from_encoded_point(
                ec.SECP256R1(), b"\x02" + x.to_bytes(32, "big"))
        except ValueError:
            continue
    raise MpcInputError("could not hash an item to the curve")  # probability 2^-256


def _point(x: bytes, sender: int) -> ec.EllipticCurvePublicKey:
    try:
        return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b"\x02" + x)
    except ValueError as exc:
        raise MpcProtocolError(f"party {sender} sent a value that is not a P-256 point",
                               sender) from exc


def blind(key: ec.EllipticCurvePrivateKey, point: ec.EllipticCurvePublicKey) -> bytes:
    """x-coordinate of key·point."""
    return key.exchange(ec.ECDH(), point)


def _split(payload: bytes | bytearray, sender: int) -> list[bytes]:
    if len(payload) % POINT_BYTES:
        raise MpcProtocolError(f"party {sender} sent a ragged list of points", sender)
    view = memoryview(payload)
    return [bytes(view[i:i + POINT_BYTES]) for i in range(0, len(payload), POINT_BYTES)]


def _shuffled(items: list[int]) -> list[int]:
    out = list(items)
    for i in range(len(out) - 1, 0, -1):
        j = secrets.randbelow(i + 1)
        out[i], out[j] = out[j], out[i]
    return out


def intersect(network: Network, peer: int, items: Sequence[str], size_only: bool = False,
              first_tag: int = 1) -> list[str] | int:
    """This party's items that ``peer`` also holds (or, with ``size_only``, how many).

    Both parties call it with the same ``size_only``; it uses rounds ``first_tag`` and
    ``first_tag + 1`` of ``network``.
    """
    unique = list(dict.fromkeys(items))
    key = ec.generate_private_key(ec.SECP256R1())
    order = _shuffled(list(range(len(unique))))
    mine = [blind(key, hash_to_point(unique[i].encode("utf-8"))) for i in order]
    network.send(peer, Kind.BYTES, Purpose.PSI, first_tag, b"".join(mine))
    theirs = _split(check_payload_kind(network.receive(peer, first_tag), Kind.BYTES).payload,
                    peer)
    again = [blind(key, _point(x, peer)) for x in theirs]
    if size_only:
        again = [again[i] for i in _shuffled(list(range(len(again))))]
    network.send(peer, Kind.BYTES, Purpose.PSI, first_tag + 1, b"".join(again))
    back = _split(check_payload_kind(network.receive(peer, first_tag + 1), Kind.BYTES).payload,
                  peer)
    if len(back) != len(mine):
        raise MpcProtocolError(f"party {peer} returned {len(back)} points for {len(mine)}", peer)
    doubly_theirs = set(again)
    if size_only:
        return sum(1 for x in back if x in doubly_theirs)
    shared = {order[k] for k, x in enumerate(back) if x in doubly_theirs}
    return [unique[i] for i in sorted(shared)]
