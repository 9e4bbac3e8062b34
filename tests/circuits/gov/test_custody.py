"""Chain of custody: signed hops by authorised handlers."""

from __future__ import annotations

import pytest

from circuits.crypto import eddsa
from circuits.crypto.merkle import PoseidonMerkleTree
from circuits.gov import examples
from circuits.gov.custody import ChainOfCustody, Hop, chain_inputs, handler_leaf
from zk.errors import ConstraintError

HOPS, DEPTH = 2, 3


@pytest.fixture(scope="module")
def custody():
    return ChainOfCustody.compile(hops=HOPS, depth=DEPTH)


def _chain(keys, times, registry_keys=None):
    registry = PoseidonMerkleTree(
        [handler_leaf(eddsa.derive_public_key(k)) for k in (registry_keys or keys)], DEPTH
    )
    state, hops = 77, []
    for i, (k, t) in enumerate(zip(keys, times)):
        hop, state = Hop.record(state, k, t, 1000 + i)
        hops.append(hop)
    return chain_inputs(77, hops, registry)


def test_example_chain_verifies(custody) -> None:
    custody.witness(examples.chain_of_custody(hops=HOPS, depth=DEPTH))


def test_unauthorised_handler_fails(custody) -> None:
    a, b, mallory = (examples.demo_key(n) for n in ("a", "b", "mallory"))
    inputs = _chain([a, mallory], [10, 20], registry_keys=[a, b, mallory])
    outsider_root = PoseidonMerkleTree(
        [handler_leaf(eddsa.derive_public_key(k)) for k in (a, b)], DEPTH
    ).root
    with pytest.raises(ConstraintError, match="not in the tree"):
        custody.witness({**inputs, "handlers_root": str(outsider_root)})


def test_tampering_and_time_order(custody) -> None:
    a, b = examples.demo_key("a"), examples.demo_key("b")
    inputs = _chain([a, b], [10, 20])
    custody.witness(inputs)
    with pytest.raises(ConstraintError, match="signature does not verify"):
        custody.witness({**inputs, "events": ["1000", "9999"]})
    with pytest.raises(ConstraintError, match="do not lead to the published head"):
        custody.witness({**inputs, "head": "5"})
    with pytest.raises(ConstraintError, match="out of time order"):
        custody.witness(_chain([a, b], [20, 10]))
