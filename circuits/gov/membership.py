"""Membership in a registry, once per programme: e.g. a subsidy paid once per citizen.

The registry publishes the root of a Poseidon Merkle tree (:class:`PoseidonMerkleTree`)
whose leaves are identity commitments Poseidon(secret), one per eligible person; each person
keeps their secret. To claim, a person proves membership and reveals the nullifier
Poseidon(secret, scope) for the programme's ``scope``: the paying agency stores nullifiers and
refuses a second claim with the same one, yet cannot tell who claimed, and nullifiers of one
person in two programmes cannot be linked.
"""

from __future__ import annotations

from circuits import Builder, Circuit, field, output, private, public
from circuits.crypto.poseidon import poseidon as poseidon_hash
from circuits.gadgets.commitments import nullifier
from circuits.gadgets.merkle import assert_merkle_member
from circuits.gadgets.poseidon import poseidon

__all__ = ["RegistryMembership", "identity_commitment"]


def identity_commitment(secret: int) -> int:
    """The registry leaf of a person: Poseidon(secret)."""
    return int(poseidon_hash([secret]))  # type: ignore[arg-type]


class RegistryMembership(Circuit):
    """Proves: "I know the secret behind one leaf of the registry with this root, and this is
    my nullifier for ``scope``".

    Public: the registry root, the programme scope, the nullifier (output). Secret: the
    person's secret, their position in the registry and the Merkle path — so which member
    claimed stays hidden. Parameter ``depth`` (default 20, about a million members; up to 32).
    """

    depth = 20

    nullifier_hash = output(doc="Poseidon(secret, scope): one per member and programme")
    root = public(field, doc="Merkle root the registry published")
    scope = public(field, doc="programme identifier")
    secret = private(field, doc="the member's secret")
    index = private(field, doc="the member's leaf position (proven below 2^depth)")
    siblings = private(field, count="depth", doc="Merkle path, bottom up")

    def define(self, c: Builder) -> None:
        """Constrain Poseidon(secret) to be the leaf at ``index`` under ``root``, and output
        the nullifier Poseidon(secret, scope)."""
        leaf = poseidon(c, [self.secret])
        assert_merkle_member(c, leaf, self.index, self.siblings, self.root)
        self.nullifier_hash = nullifier(c, self.secret, self.scope)
