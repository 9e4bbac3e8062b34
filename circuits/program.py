"""The witness program: how each wire's value is computed, recorded while ``define`` runs.

The builder records one step per computed wire — a product, an output assignment, or a hint —
in the order ``define`` made them. A plain witness run never needs it (it computes values as
it goes); an evaluator that cannot run ``define`` on plain numbers, such as the collaborative
prover computing the witness on secret shares (:mod:`mpc.collab`), replays these steps
instead. Hints the builder itself makes carry a :class:`HintKind` saying what they compute
(``bits``: the low bits of a value); a hint written as an arbitrary Python function has none,
and such an evaluator must refuse it rather than guess.
"""

from __future__ import annotations

from dataclasses import dataclass

from zk.r1cs import LinearCombination

__all__ = ["BITS", "Assign", "Hint", "HintKind", "Product", "Step"]


@dataclass(frozen=True)
class HintKind:
    """What a hint computes, in terms an evaluator on shares can implement.

    ``bits``: ``params = (count, bound_bits)`` — the low ``count`` bits of one argument that the
    circuit proves is below ``2**bound_bits``.
    """

    name: str
    params: tuple[int, ...] = ()


#: The low bits of a bounded value (``to_bits``, and so every comparison and range check).
BITS = "bits"


@dataclass(frozen=True)
class Product:
    """``out = a · b`` (from :meth:`~circuits.builder.Builder.mul`)."""

    out: int
    a: LinearCombination
    b: LinearCombination


@dataclass(frozen=True)
class Assign:
    """Output wire ``out`` takes the value of ``value`` (``self.out = …`` in ``define``)."""

    out: int
    value: LinearCombination


@dataclass(frozen=True)
class Hint:
    """Wires ``outs`` computed outside the constraints from ``args``; ``kind`` is ``None`` for
    an arbitrary Python function."""

    outs: tuple[int, ...]
    kind: HintKind | None
    args: tuple[LinearCombination, ...]
    label: str


Step = Product | Assign | Hint
