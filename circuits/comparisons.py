"""Comparisons of integers inside a prime field, refused where they could wrap.

``a < b`` on field elements is checked by decomposing a difference into bits. That proves the
integer relation only while both operands are known to be integers below 2^bits (a signal's
bound, see :mod:`circuits.bounds`) and 2^(bits+1) stays below r (r ≈ 2^253.6, hence bits ≤ 252).
Every method here refuses at compile time an operand without such a bound and any wider
``bits``, and says what to declare; with both known, one decomposition of bits + 1 (or bits)
bits is the whole cost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from circuits import bounds
from circuits.errors import CircuitError

if TYPE_CHECKING:
    from circuits.builder import Builder
    from circuits.signal import Operand, Signal

#: The widest comparison: 2^(bits+1) must stay below r.
MAX_COMPARISON_BITS = 252


class Comparisons:
    """The comparison methods of :class:`~circuits.Builder` (a mixin, one concern)."""

    def _comparable(
        self: Builder, op: str, bits: int, a: Operand, b: Operand
    ) -> tuple[Signal, Signal]:
        if isinstance(bits, bool) or not isinstance(bits, int):
            raise TypeError(f"{op}: bits must be an int, got {bits!r}")
        if bits < 1:
            raise CircuitError(f"{op}: bits must be positive, got {bits}")
        if bits > MAX_COMPARISON_BITS:
            raise CircuitError(
                f"{op}({bits}): comparisons handle at most {MAX_COMPARISON_BITS} bits "
                "(a wider difference wraps around the field modulus r ≈ 2^253.6)"
            )
        pair = (self._signal(a), self._signal(b))
        for side, s in zip(("left", "right"), pair):
            if not bounds.fits(s.bound, bits):
                name = self.signal_name(s)
                raise CircuitError(
                    f"{op}({bits}): the {side} operand {name!r} is {bounds.describe(s.bound)}, "
                    f"not known to lie in 0..2^{bits}−1: declare it with a type "
                    f"(e.g. private(u{bits})) or bound it first with "
                    f"c.assert_in_range(x, {bits})"
                )
        return pair

    def less_than(self: Builder, a: Operand, b: Operand, bits: int, label: str | None = None):
        """1 if a < b else 0, for a, b known to lie in 0..2^bits − 1 (bits + 1 constraints)."""
        sa, sb = self._comparable("less_than", bits, a, b)
        # a − b + 2^bits lies in 1 … 2^(bits+1) − 1; its top bit is set exactly when a ≥ b.
        top = self.to_bits(sa - sb + (1 << bits), bits + 1, label or f"less_than({bits})")[bits]
        return 1 - top

    def less_eq(self: Builder, a: Operand, b: Operand, bits: int, label: str | None = None):
        """1 if a ≤ b else 0, for a, b known to lie in 0..2^bits − 1 (bits + 1 constraints)."""
        sa, sb = self._comparable("less_eq", bits, a, b)
        # a − b − 1 + 2^bits lies in 0 … 2^(bits+1) − 2; its top bit is set exactly when a > b.
        diff = sa - sb - 1 + (1 << bits)
        top = self.to_bits(diff, bits + 1, label or f"less_eq({bits})")[bits]
        return 1 - top

    def greater_than(self: Builder, a: Operand, b: Operand, bits: int, label: str | None = None):
        """1 if a > b else 0, for a, b known to lie in 0..2^bits − 1."""
        self._comparable("greater_than", bits, a, b)
        return self.less_than(b, a, bits, label or f"greater_than({bits})")

    def greater_eq(self: Builder, a: Operand, b: Operand, bits: int, label: str | None = None):
        """1 if a ≥ b else 0, for a, b known to lie in 0..2^bits − 1."""
        self._comparable("greater_eq", bits, a, b)
        return self.less_eq(b, a, bits, label or f"greater_eq({bits})")

    def assert_less_than(
        self: Builder, a: Operand, b: Operand, bits: int, label: str | None = None
    ) -> None:
        """Prove a < b for a, b known to lie in 0..2^bits − 1 (bits constraints).

        b − a − 1 lies in −2^bits … 2^bits − 2; it is below 2^bits as a field element exactly
        when a < b, since r − 2^bits ≥ 2^bits for bits ≤ 252.
        """
        sa, sb = self._comparable("assert_less_than", bits, a, b)
        name = label or f"assert_less_than({bits})"
        self.to_bits(sb - sa - 1, bits, f"{name}: left must be less than right")

    def assert_less_eq(
        self: Builder, a: Operand, b: Operand, bits: int, label: str | None = None
    ) -> None:
        """Prove a ≤ b for a, b known to lie in 0..2^bits − 1 (bits constraints)."""
        sa, sb = self._comparable("assert_less_eq", bits, a, b)
        name = label or f"assert_less_eq({bits})"
        self.to_bits(sb - sa, bits, f"{name}: left must be at most right")

    def assert_greater_than(
        self: Builder, a: Operand, b: Operand, bits: int, label: str | None = None
    ) -> None:
        """Prove a > b for a, b known to lie in 0..2^bits − 1."""
        self._comparable("assert_greater_than", bits, a, b)
        self.assert_less_than(b, a, bits, label or f"assert_greater_than({bits})")

    def assert_greater_eq(
        self: Builder, a: Operand, b: Operand, bits: int, label: str | None = None
    ) -> None:
        """Prove a ≥ b for a, b known to lie in 0..2^bits − 1."""
        self._comparable("assert_greater_eq", bits, a, b)
        self.assert_less_eq(b, a, bits, label or f"assert_greater_eq({bits})")

    def assert_in_range(
        self: Builder, a: Operand, bits: int, label: str | None = None
    ) -> None:
        """Prove 0 ≤ a < 2^bits (bits constraints); ``a`` then carries that bound."""
        self.to_bits(a, bits, label or f"assert_in_range({bits})")
