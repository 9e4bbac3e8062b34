"""Signals: values in a circuit that read like numbers.

A :class:`Signal` is a linear combination of wires (see :class:`zk.r1cs.LinearCombination`)
plus, during a witness run, its value. Adding signals or multiplying by constants only builds
bigger combinations and costs nothing; multiplying two non-constant signals asks the builder
for a new wire and one constraint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Union

from circuits import bounds
from circuits.bounds import Bound
from circuits.errors import CircuitError
from zk.field import R, inv
from zk.r1cs import LinearCombination

if TYPE_CHECKING:
    from circuits.builder import Builder

Operand = Union["Signal", int]


class Signal:
    """A value in a circuit: a linear combination of wires, (in a witness run) its value, and
    the integer interval the constraints prove it lies in (see :mod:`circuits.bounds`)."""

    __slots__ = ("bound", "builder", "lc", "value")

    def __init__(
        self,
        builder: Builder,
        lc: LinearCombination,
        value: int | None,
        bound: Bound | None = None,
    ) -> None:
        self.builder = builder
        self.lc = lc
        #: The value modulo r during a witness run; ``None`` while compiling.
        self.value = None if value is None else value % R
        #: ``(lo, hi)``: the value is an integer in lo … hi (mod r); ``None`` when unknown.
        self.bound = bound

    @property
    def bits(self) -> int | None:
        """Bits the known bound needs (0 ≤ value < 2^bits), or ``None`` without a
        non-negative bound."""
        if self.bound is None or self.bound[0] < 0:
            return None
        return max(1, self.bound[1].bit_length())

    # --- helpers ---------------------------------------------------------------------------
    def is_constant(self) -> bool:
        """True if the signal involves no wire (its value is known at compile time)."""
        return self.lc.is_constant()

    def _coerce(self, other: Operand) -> Signal:
        if isinstance(other, Signal):
            if other.builder is not self.builder:
                raise CircuitError("signals from two different circuits cannot be combined")
            return other
        if isinstance(other, bool) or not isinstance(other, int):
            raise CircuitError(f"cannot combine a signal with {type(other).__name__} {other!r}")
        return self.builder.constant(other)

    @staticmethod
    def _join(x: int | None, y: int | None, op) -> int | None:
        return None if x is None or y is None else op(x, y) % R

    # --- arithmetic ------------------------------------------------------------------------
    def __add__(self, other: Operand) -> Signal:
        o = self._coerce(other)
        value = self._join(self.value, o.value, int.__add__)
        return Signal(self.builder, self.lc + o.lc, value, bounds.add(self.bound, o.bound))

    __radd__ = __add__

    def __sub__(self, other: Operand) -> Signal:
        o = self._coerce(other)
        value = self._join(self.value, o.value, int.__sub__)
        bound = bounds.add(self.bound, bounds.neg(o.bound))
        return Signal(self.builder, self.lc - o.lc, value, bound)

    def __rsub__(self, other: Operand) -> Signal:
        return self._coerce(other) - self

    def __neg__(self) -> Signal:
        value = None if self.value is None else -self.value
        return Signal(self.builder, -self.lc, value, bounds.neg(self.bound))

    def __mul__(self, other: Operand) -> Signal:
        return self.builder.mul(self, other)

    __rmul__ = __mul__

    def __truediv__(self, other: Operand) -> Signal:
        o = self._coerce(other)
        if not o.is_constant():
            raise CircuitError("division by a signal needs a constraint: use c.div(a, b)")
        k = o.lc.constant_value()
        if k == 0:
            raise CircuitError("division by the constant zero")
        return self.scale(inv(k))

    def scale(self, k: int) -> Signal:
        """Multiply by a constant (free)."""
        value = None if self.value is None else self.value * k
        return Signal(self.builder, self.lc.scale(k), value, bounds.scale(self.bound, k))

    def __pow__(self, exponent: int) -> Signal:
        if not isinstance(exponent, int) or exponent < 1:
            raise CircuitError("signals support only positive integer powers")
        result = self
        for _ in range(exponent - 1):
            result = result * self
        return result

    def __bool__(self) -> bool:
        raise CircuitError(
            "a signal has no truth value while the circuit is built: use c.select / c.assert_*"
        )

    def __int__(self) -> int:
        if self.value is None:
            raise CircuitError("the signal has no value while compiling")
        return self.value

    def __repr__(self) -> str:
        return f"Signal({self.lc!r}, value={self.value})"
