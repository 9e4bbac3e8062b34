"""Registry membership with a nullifier."""

from __future__ import annotations

import pytest

from circuits.crypto.commitments import nullifier
from circuits.gov import examples
from circuits.gov.membership import RegistryMembership
from zk.errors import ConstraintError

DEPTH = 8


@pytest.fixture(scope="module")
def membership():
    return RegistryMembership.compile(depth=DEPTH)


def test_member_gets_the_nullifier_of_the_scope(membership) -> None:
    inputs = examples.registry_membership(depth=DEPTH, member=3, scope=2025)
    witness = membership.witness(inputs)
    assert membership.public_names() == ["nullifier_hash", "root", "scope"]
    assert witness[1] == nullifier(int(inputs["secret"]), 2025)
    other = membership.witness(examples.registry_membership(depth=DEPTH, member=3, scope=2026))
    assert other[1] != witness[1]
    again = membership.witness(examples.registry_membership(depth=DEPTH, member=3, scope=2025))
    assert again[1] == witness[1]  # a second claim in the same programme is visible


def test_non_member_cannot_produce_a_witness(membership) -> None:
    inputs = examples.registry_membership(depth=DEPTH)
    with pytest.raises(ConstraintError, match="not in the tree"):
        membership.witness({**inputs, "secret": str(examples.demo_secret("outsider"))})
    with pytest.raises(ConstraintError, match="not in the tree"):
        membership.witness({**inputs, "index": "2"})


def test_default_depth_is_twenty() -> None:
    compiled = RegistryMembership.compile()
    siblings = next(s for s in compiled.specs if s.name == "siblings")
    assert siblings.length == 20
