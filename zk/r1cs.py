"""Rank-1 constraint systems: wires, sparse linear combinations, constraints A·B = C.

Wire numbering follows circom, so an :class:`R1CS` maps one to one onto a ``.r1cs`` file:
wire 0 is the constant one, then public outputs, public inputs, private inputs, and last the
internal wires. "Public" (``n_public``) means outputs plus public inputs, as in snarkjs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from zk.errors import ConstraintError, KeyMismatchError
from zk.field import R

#: Index of the wire that always carries the value 1.
ONE = 0


class LinearCombination:
    """A sparse sum Σ coeff·wire over Fr, as a ``{wire: coeff}`` mapping without zeros."""

    __slots__ = ("terms",)

    def __init__(self, terms: Mapping[int, int] | None = None) -> None:
        self.terms: dict[int, int] = {}
        if terms:
            for wire, coeff in terms.items():
                coeff %= R
                if coeff:
                    self.terms[wire] = coeff

    @classmethod
    def constant(cls, value: int) -> LinearCombination:
        """The linear combination ``value·one``."""
        return cls({ONE: value})

    @classmethod
    def wire(cls, index: int, coeff: int = 1) -> LinearCombination:
        """The linear combination ``coeff·wire``."""
        return cls({index: coeff})

    def __add__(self, other: LinearCombination) -> LinearCombination:
        out = dict(self.terms)
        for wire, coeff in other.terms.items():
            total = (out.get(wire, 0) + coeff) % R
            if total:
                out[wire] = total
            else:
                out.pop(wire, None)
        lc = LinearCombination()
        lc.terms = out
        return lc

    def scale(self, k: int) -> LinearCombination:
        """Multiply every coefficient by the constant ``k``."""
        k %= R
        lc = LinearCombination()
        if k:
            lc.terms = {w: c * k % R for w, c in self.terms.items()}
        return lc

    def __neg__(self) -> LinearCombination:
        return self.scale(R - 1)

    def __sub__(self, other: LinearCombination) -> LinearCombination:
        return self + (-other)

    def is_constant(self) -> bool:
        """True when the combination involves no wire other than ``one``."""
        return all(w == ONE for w in self.terms)

    def constant_value(self) -> int:
        """The coefficient of ``one`` (the whole value when :meth:`is_constant`)."""
        return self.terms.get(ONE, 0)

    def evaluate(self, witness: Sequence[int]) -> int:
        """The value of the combination for a full witness vector."""
        return sum(c * witness[w] for w, c in self.terms.items()) % R

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(sorted(self.terms.items()))

    def __len__(self) -> int:
        return len(self.terms)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LinearCombination) and self.terms == other.terms

    def __hash__(self) -> int:  # pragma: no cover - mutable containers are rarely hashed
        return hash(tuple(sorted(self.terms.items())))

    def __repr__(self) -> str:
        parts = [f"{c}*w{w}" if w else str(c) for w, c in self] or ["0"]
        return "LC(" + " + ".join(parts) + ")"


@dataclass
class Constraint:
    """One rank-1 constraint ⟨a,w⟩ · ⟨b,w⟩ = ⟨c,w⟩, with an optional human label."""

    a: LinearCombination
    b: LinearCombination
    c: LinearCombination
    label: str | None = None

    def values(self, witness: Sequence[int]) -> tuple[int, int, int]:
        """The three values ⟨a,w⟩, ⟨b,w⟩, ⟨c,w⟩."""
        return self.a.evaluate(witness), self.b.evaluate(witness), self.c.evaluate(witness)

    def is_satisfied(self, witness: Sequence[int]) -> bool:
        """True when ⟨a,w⟩ · ⟨b,w⟩ = ⟨c,w⟩ mod r for the full witness vector."""
        a, b, c = self.values(witness)
        return a * b % R == c


@dataclass
class R1CS:
    """A constraint system over BN254's Fr in circom's wire order."""

    n_wires: int
    n_public_outputs: int
    n_public_inputs: int
    n_private_inputs: int
    constraints: list[Constraint] = field(default_factory=list)
    #: Optional names per wire (wire 0 is "one"); used in reports and error messages.
    wire_names: list[str] | None = None
    #: circom's wire→label-id map (section 3 of ``.r1cs``); identity when absent.
    wire_labels: list[int] | None = None
    prime: int = R

    @property
    def n_public(self) -> int:
        """Public values a verifier sees: outputs then public inputs (not the constant)."""
        return self.n_public_outputs + self.n_public_inputs

    @property
    def n_constraints(self) -> int:
        """Number of rank-1 constraints (rows of the A, B and C matrices)."""
        return len(self.constraints)

    @property
    def n_labels(self) -> int:
        """Number of circom labels: the length of :attr:`wire_labels`, or :attr:`n_wires`
        when there is no label map."""
        return len(self.wire_labels) if self.wire_labels is not None else self.n_wires

    def public_wires(self) -> range:
        """Wire indices of the public values (1 … n_public)."""
        return range(1, 1 + self.n_public)

    def first_unsatisfied(self, witness: Sequence[int]) -> int | None:
        """Index of the first constraint the witness breaks, or ``None`` if all hold."""
        self._check_length(witness)
        for i, con in enumerate(self.constraints):
            if not con.is_satisfied(witness):
                return i
        return None

    def check(self, witness: Sequence[int]) -> None:
        """Raise :class:`ConstraintError` naming the first broken constraint, if any."""
        index = self.first_unsatisfied(witness)
        if index is not None:
            con = self.constraints[index]
            raise ConstraintError(index, con.label, *con.values(witness))

    def is_satisfied(self, witness: Sequence[int]) -> bool:
        """True when the witness satisfies every constraint; a witness of the wrong length
        or with ``witness[0] != 1`` raises :class:`KeyMismatchError`."""
        return self.first_unsatisfied(witness) is None

    def _check_length(self, witness: Sequence[int]) -> None:
        if len(witness) != self.n_wires:
            raise KeyMismatchError(
                f"witness has {len(witness)} values but the circuit has {self.n_wires} wires"
            )
        if witness[ONE] != 1:
            raise KeyMismatchError("witness[0] must be 1 (the constant wire)")

    def wire_name(self, index: int) -> str:
        """A readable name for wire ``index``: its entry in :attr:`wire_names` when known,
        else ``"one"`` for wire 0 and ``"w<index>"`` for the others."""
        if self.wire_names and index < len(self.wire_names):
            return self.wire_names[index]
        return "one" if index == ONE else f"w{index}"

    def stats(self) -> dict[str, int]:
        """Sizes that a summary table or ``--json`` reports."""
        nnz = sum(len(c.a) + len(c.b) + len(c.c) for c in self.constraints)
        return {
            "constraints": self.n_constraints,
            "wires": self.n_wires,
            "public_outputs": self.n_public_outputs,
            "public_inputs": self.n_public_inputs,
            "private_inputs": self.n_private_inputs,
            "internal_wires": self.n_wires - 1 - self.n_public - self.n_private_inputs,
            "nonzero_terms": nnz,
        }


def public_values(r1cs: R1CS, witness: Sequence[int]) -> list[int]:
    """The public values of a witness (outputs then public inputs), as ``public.json`` holds."""
    return [witness[i] for i in r1cs.public_wires()]


def linear_combinations(constraints: Iterable[Constraint]) -> Iterator[LinearCombination]:
    """Every A, B and C combination in order (for writers that walk them all)."""
    for con in constraints:
        yield con.a
        yield con.b
        yield con.c
