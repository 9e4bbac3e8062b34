"""Poseidon commitments and nullifiers in a circuit (their out-of-circuit twins are in
:mod:`circuits.crypto.commitments`).

* commitment to a value: Poseidon(value, blinding) — 240 constraints to open;
* nullifier: Poseidon(secret, scope) — one per holder and programme: the same holder gets the
  same nullifier in one scope (so a second claim is visible) and unlinkable ones across scopes.
"""

from __future__ import annotations

from collections.abc import Sequence

from circuits.builder import Builder
from circuits.gadgets.poseidon import poseidon
from circuits.signal import Operand, Signal

__all__ = ["assert_commitment_opens", "commitment", "nullifier"]


def commitment(c: Builder, value: Operand, blinding: Operand) -> Signal:
    """Poseidon(value, blinding)."""
    with c.label("commitment"):
        return poseidon(c, [value, blinding])


def assert_commitment_opens(
    c: Builder, commitment_value: Operand, values: Sequence[Operand], blinding: Operand
) -> None:
    """Prove that ``commitment_value`` = Poseidon(values…, blinding) (1 … 15 values)."""
    with c.label("commitment"):
        computed = poseidon(c, [*values, blinding])
        c.assert_eq(computed, commitment_value, "commitment does not open to these values")


def nullifier(c: Builder, secret: Operand, scope: Operand) -> Signal:
    """Poseidon(secret, scope)."""
    with c.label("nullifier"):
        return poseidon(c, [secret, scope])
