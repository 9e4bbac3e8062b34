"""Pedersen commitments on BN254 G1: C = v₁·G₁ + … + vₙ·Gₙ + r·H.

Homomorphic: the sum of commitments commits to the sum of the values (with the sum of the
blinding factors), which is what an agency needs to publish totals it can later open.
Perfectly hiding with a random r; binding as long as nobody knows a discrete-log relation
between the generators — so the generators come from a hash to the curve, with nothing up
our sleeve:

    for counter = 0, 1, …:  x = SHA-512(tag ‖ counter as 4 big-endian bytes) mod q
                            if x³ + 3 is a square mod q: y = its root below (q + 1)/2, stop

where tag = ``zkgov/pedersen/bn254-g1/`` followed by ``H`` for the blinding generator or
``G/<i>`` for the i-th value generator. G1 has cofactor 1, so (x, y) is a group element.
(Try-and-increment is not constant time, which does not matter for public constants.)

Point arithmetic goes through :func:`zk.curve.get_backend` (native C when built).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from circuits.errors import InputError
from zk.curve import get_backend
from zk.curve.base import G1
from zk.curve.encoding import pack_g1, pack_scalars
from zk.curve.validity import check_g1
from zk.field import Q, R, parse_element

__all__ = [
    "DOMAIN",
    "PedersenCommitment",
    "blinding_generator",
    "commit",
    "commit_vector",
    "hash_to_g1",
    "random_blinding",
    "value_generators",
    "verify_opening",
]

#: Domain-separation prefix of every generator.
DOMAIN = b"zkgov/pedersen/bn254-g1/"
#: Coefficient b of G1: y² = x³ + 3.
_B = 3


def hash_to_g1(tag: bytes) -> tuple[int, int]:
    """The first point of the try-and-increment sequence for ``tag`` (see the module doc)."""
    counter = 0
    while True:
        digest = hashlib.sha512(tag + counter.to_bytes(4, "big")).digest()
        x = int.from_bytes(digest, "big") % Q
        rhs = (x * x * x + _B) % Q
        y = pow(rhs, (Q + 1) // 4, Q)  # q ≡ 3 (mod 4)
        if y * y % Q == rhs:
            return x, min(y, Q - y)
        counter += 1


@lru_cache(maxsize=1)
def blinding_generator() -> tuple[int, int]:
    """H, the generator that multiplies the blinding factor."""
    return hash_to_g1(DOMAIN + b"H")


@lru_cache(maxsize=64)
def _value_generator(i: int) -> tuple[int, int]:
    return hash_to_g1(DOMAIN + b"G/" + str(i).encode())


def value_generators(n: int) -> list[tuple[int, int]]:
    """G₀ … G_{n−1}, the generators of the committed values."""
    return [_value_generator(i) for i in range(n)]


def random_blinding() -> int:
    """A uniformly random scalar from :mod:`secrets`."""
    return secrets.randbelow(R)


@dataclass(frozen=True)
class PedersenCommitment:
    """A commitment: one G1 point (never the identity for an honest random blinding)."""

    point: G1

    def __add__(self, other: PedersenCommitment) -> PedersenCommitment:
        if not isinstance(other, PedersenCommitment):
            return NotImplemented
        return PedersenCommitment(get_backend().g1_add(self.point, other.point))

    def __sub__(self, other: PedersenCommitment) -> PedersenCommitment:
        if not isinstance(other, PedersenCommitment):
            return NotImplemented
        be = get_backend()
        return PedersenCommitment(be.g1_add(self.point, be.g1_neg(other.point)))

    def to_json(self) -> list[str]:
        """["x", "y"] as decimal strings (["0", "0"] for the identity)."""
        if self.point is None:
            return ["0", "0"]
        return [str(self.point[0]), str(self.point[1])]

    @classmethod
    def from_json(cls, obj: Any) -> PedersenCommitment:
        """Parse the ``["x", "y"]`` decimal strings :meth:`to_json` writes (``["0", "0"]`` is
        the identity); anything but a pair raises :class:`InputError`, a point off BN254 G1
        :class:`PointError`."""
        if not isinstance(obj, list | tuple) or len(obj) != 2:
            raise InputError("a Pedersen commitment is a pair [x, y] of decimal strings")
        x = parse_element(obj[0], Q, "commitment x")
        y = parse_element(obj[1], Q, "commitment y")
        point = None if (x, y) == (0, 0) else (x, y)
        return cls(check_g1(point, f"commitment ({x}, {y})"))

    @classmethod
    def sum(cls, commitments: Sequence[PedersenCommitment]) -> PedersenCommitment:
        """The commitment to the sum of the committed values."""
        total = cls(None)
        for c in commitments:
            total = total + c
        return total


def commit_vector(values: Sequence[int], blinding: int) -> PedersenCommitment:
    """Σ values[i]·Gᵢ + blinding·H (one multi-scalar multiplication)."""
    if not values:
        raise InputError("commit to at least one value")
    for i, v in enumerate(values):
        if isinstance(v, bool) or not isinstance(v, int):
            raise InputError(f"value {i} must be an integer, got {v!r}")
    if isinstance(blinding, bool) or not isinstance(blinding, int):
        raise InputError("the blinding factor must be an integer")
    points = [*value_generators(len(values)), blinding_generator()]
    scalars = [*(v % R for v in values), blinding % R]
    be = get_backend()
    return PedersenCommitment(be.msm_g1(pack_g1(points), pack_scalars(scalars)))


def commit(value: int, blinding: int) -> PedersenCommitment:
    """value·G₀ + blinding·H."""
    return commit_vector([value], blinding)


def verify_opening(
    commitment: PedersenCommitment, values: Sequence[int], blinding: int
) -> bool:
    """True iff ``commitment`` opens to ``values`` with ``blinding``."""
    return commit_vector(values, blinding).point == commitment.point
