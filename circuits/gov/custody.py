"""Chain of custody for traceability (evidence, medicines, food lots, seized goods).

Each time an item changes hands, the handler records a hop: the state becomes
Poseidon(previous state, handler key x, handler key y, timestamp, event) — ``event`` being a
hash of whatever the hop documents (place, seal number, photo) — and the handler signs the
new state with EdDSA-Poseidon. Handlers are authorised by a registry: a Poseidon Merkle tree
whose leaves are Poseidon(key x, key y).

The circuit proves that the published ``head`` follows from the item's ``origin`` through
``hops`` signed hops, by authorised handlers, in time order — without revealing who handled
the item, when, or what the hops recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from circuits import Builder, Circuit, field, private, public, uint
from circuits.crypto import eddsa
from circuits.crypto.merkle import PoseidonMerkleTree
from circuits.crypto.poseidon import poseidon as poseidon_hash
from circuits.gadgets.eddsa import assert_eddsa_poseidon
from circuits.gadgets.merkle import assert_merkle_member
from circuits.gadgets.poseidon import poseidon

__all__ = ["ChainOfCustody", "Hop", "chain_inputs", "handler_leaf", "next_state"]

#: Timestamps are compared as 40-bit integers (Unix seconds until the year 36812).
TIME_BITS = 40


def handler_leaf(public_key: tuple[int, int]) -> int:
    """The registry leaf of an authorised handler: Poseidon(key x, key y)."""
    return int(poseidon_hash([public_key[0], public_key[1]]))  # type: ignore[arg-type]


def next_state(state: int, public_key: tuple[int, int], timestamp: int, event: int) -> int:
    """The state after one hop."""
    return int(poseidon_hash([state, public_key[0], public_key[1], timestamp, event]))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Hop:
    """One recorded hop: who, when, what — and the handler's signature over the new state."""

    public_key: tuple[int, int]
    timestamp: int
    event: int
    signature: eddsa.Signature

    @classmethod
    def record(
        cls, state: int, handler_private_key: bytes, timestamp: int, event: int
    ) -> tuple[Hop, int]:
        """Sign a hop from ``state``; returns the hop and the new state."""
        public_key = eddsa.derive_public_key(handler_private_key)
        new_state = next_state(state, public_key, timestamp, event)
        signature = eddsa.sign_poseidon(handler_private_key, new_state)
        return cls(public_key, timestamp, event, signature), new_state


def chain_inputs(
    origin: int, hops: list[Hop], registry: PoseidonMerkleTree
) -> dict[str, Any]:
    """The inputs of :class:`ChainOfCustody` for recorded ``hops`` (decimal strings)."""
    state = origin
    for hop in hops:
        state = next_state(state, hop.public_key, hop.timestamp, hop.event)
    proofs = [registry.proof(registry.index_of(handler_leaf(h.public_key))) for h in hops]
    return {
        "origin": str(origin),
        "head": str(state),
        "handlers_root": str(registry.root),
        "handler_ax": [str(h.public_key[0]) for h in hops],
        "handler_ay": [str(h.public_key[1]) for h in hops],
        "timestamps": [str(h.timestamp) for h in hops],
        "events": [str(h.event) for h in hops],
        "sig_r8x": [str(h.signature.r8[0]) for h in hops],
        "sig_r8y": [str(h.signature.r8[1]) for h in hops],
        "sig_s": [str(h.signature.s) for h in hops],
        "handler_index": [str(p.index) for p in proofs],
        "handler_path": [str(s) for p in proofs for s in p.siblings],
    }


class ChainOfCustody(Circuit):
    """Proves: "``head`` is the state reached from ``origin`` by ``hops`` hops, each signed
    by a handler in the registry with root ``handlers_root``, with non-decreasing timestamps".

    Public: the origin, the head, the handler registry root. Secret: the handlers' keys and
    positions, timestamps, events and signatures. Parameters ``hops`` (default 3) and
    ``depth`` of the handler registry (default 10, 1024 handlers).
    """

    hops = 3
    depth = 10

    origin = public(field, doc="the item's initial state (e.g. Poseidon of its identifier)")
    head = public(field, doc="the state after the last hop")
    handlers_root = public(field, doc="Merkle root of the authorised handlers' keys")
    handler_ax = private(field, count="hops")
    handler_ay = private(field, count="hops")
    timestamps = private(uint(TIME_BITS), count="hops")
    events = private(field, count="hops")
    sig_r8x = private(field, count="hops")
    sig_r8y = private(field, count="hops")
    sig_s = private(field, count="hops")
    handler_index = private(field, count="hops", doc="proven below 2^depth by the Merkle gadget")
    handler_path = private(field, count="path_length", doc="Merkle paths, hop after hop")

    @property
    def path_length(self) -> int:
        """Elements of the ``handler_path`` input: ``depth`` siblings for each of the hops."""
        return self.hops * self.depth

    def define(self, c: Builder) -> None:
        """Constrain every hop: its handler's key is a leaf under ``handlers_root``, the
        state advances by Poseidon and the handler signed the new state, timestamps never decrease
        (40-bit); the last state must equal ``head``."""
        state = self.origin
        previous_time = None
        for i in range(self.hops):
            with c.label(f"hop {i}"):
                key = (self.handler_ax[i], self.handler_ay[i])
                leaf = poseidon(c, list(key))
                path = self.handler_path[i * self.depth : (i + 1) * self.depth]
                assert_merkle_member(c, leaf, self.handler_index[i], path, self.handlers_root)
                state = poseidon(c, [state, *key, self.timestamps[i], self.events[i]])
                assert_eddsa_poseidon(
                    c, key, (self.sig_r8x[i], self.sig_r8y[i]), self.sig_s[i], state
                )
                if previous_time is not None:
                    c.assert_less_eq(
                        previous_time, self.timestamps[i], TIME_BITS, "hops out of time order"
                    )
                previous_time = self.timestamps[i]
        c.assert_eq(state, self.head, "the hops do not lead to the published head")
