"""The exception hierarchy of the ``zk`` package, and :class:`ZkError`, the root of all of zkgov's.

Every error a user can cause (a malformed file, a bad input, an unsatisfied constraint) is a
:class:`ZkError` with a one-line message that says what is wrong and where. The CLI turns any
``ZkError`` into that one line on stderr and exit code 2.
"""

from __future__ import annotations


class ZkError(Exception):
    """Base class of every error that the ``zk`` package raises on bad input."""


class FormatError(ZkError):
    """A file (``.r1cs``, ``.wtns``, ``.zkey``, ``.ptau``, JSON) is malformed or truncated."""


class FieldError(FormatError):
    """A value that should be a field element is not one (negative, or not below the modulus)."""


class PointError(FormatError):
    """A curve point is not on the curve, or not in the prime-order subgroup."""


class ConstraintError(ZkError):
    """A witness does not satisfy a constraint; the message names the constraint."""

    def __init__(self, index: int, label: str | None, a: int, b: int, c: int) -> None:
        self.index = index
        self.label = label
        self.a, self.b, self.c = a, b, c
        name = f" '{label}'" if label else ""
        super().__init__(f"constraint #{index}{name} is not satisfied: A={a}, B={b}, A*B != C={c}")


class ForgeableKeyError(ZkError):
    """A verification key whose points let anyone forge proofs without the toxic waste
    (a point at infinity, γ = ±δ, β = ±γ, … — see ``docs/security.md``)."""


class UnsatisfiedWitnessError(ZkError):
    """A witness given to the prover does not satisfy the circuit: the proof it yields does
    not verify (pass the circuit to the prover to have the broken constraint named)."""


class KeyMismatchError(ZkError):
    """A key, witness and circuit do not belong together (sizes or hashes differ)."""


class BackendError(ZkError):
    """The requested curve backend is unknown or unavailable."""
