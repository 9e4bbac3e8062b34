"""Poseidon commitments and nullifiers outside the circuit (circuits open them with
:mod:`circuits.gadgets.commitments`).

* ``commit(value, blinding)`` = Poseidon(value, blinding): hiding while the blinding factor is
  secret and uniformly random, binding because Poseidon is collision resistant;
* ``nullifier(secret, scope)`` = Poseidon(secret, scope): the same secret gives one value per
  scope (a programme, an election), and values for different scopes cannot be linked.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from circuits.crypto.poseidon import poseidon
from circuits.errors import InputError
from zk.field import R

__all__ = ["commit", "commit_many", "nullifier", "random_blinding"]


def random_blinding() -> int:
    """A uniformly random field element from :mod:`secrets`."""
    return secrets.randbelow(R)


def commit(value: int, blinding: int) -> int:
    """Poseidon(value, blinding)."""
    return int(poseidon([value, blinding]))  # type: ignore[arg-type]


def commit_many(values: Sequence[int], blinding: int) -> int:
    """Poseidon(values…, blinding) for 1 … 15 values."""
    if not 1 <= len(values) <= 15:
        raise InputError(f"a commitment holds 1 to 15 values, got {len(values)}")
    return int(poseidon([*values, blinding]))  # type: ignore[arg-type]


def nullifier(secret: int, scope: int) -> int:
    """Poseidon(secret, scope)."""
    return int(poseidon([secret, scope]))  # type: ignore[arg-type]
