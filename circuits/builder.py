"""The :class:`Builder`: the ``c`` a circuit's ``define`` receives.

One definition serves both runs. While compiling, signals carry no values and the builder
only records constraints; in a witness run the same code also computes every wire's value
(hints included) so the result is the full witness in circom's wire order.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence

from circuits.errors import CircuitError, InputError
from circuits.signal import Operand, Signal
from zk.field import R, inv
from zk.r1cs import ONE, Constraint, LinearCombination

#: r − 1, the largest field element (the bound that strict bit decompositions enforce).
_R_MINUS_ONE_BITS = [(R - 1) >> i & 1 for i in range(R.bit_length())]


class Builder:
    """Records wires and constraints, and values when ``computing`` is set."""

    def __init__(self, computing: bool) -> None:
        self.computing = computing
        self.values: list[int | None] = [1]
        self.names: list[str] = ["one"]
        self.constraints: list[Constraint] = []
        self._labels: list[str] = []

    # --- wires -----------------------------------------------------------------------------
    def new_wire(self, name: str, value: int | None = None) -> Signal:
        """Allocate a wire (used by circuits for inputs and by hints for internal values)."""
        index = len(self.values)
        self.values.append(None if value is None else value % R)
        self.names.append(name)
        return Signal(self, LinearCombination.wire(index), value)

    def set_value(self, signal: Signal, value: int) -> None:
        """Fix the value of a single-wire signal (outputs are assigned after allocation)."""
        (wire,) = signal.lc.terms
        self.values[wire] = value % R
        signal.value = value % R

    def constant(self, value: int) -> Signal:
        """A constant signal (no wire, no constraint)."""
        return Signal(self, LinearCombination.constant(value), value)

    def _signal(self, x: Operand) -> Signal:
        if isinstance(x, Signal):
            return x
        if isinstance(x, bool) or not isinstance(x, int):
            raise CircuitError(f"expected a signal or an int, got {type(x).__name__}")
        return self.constant(x)

    # --- labels ----------------------------------------------------------------------------
    @contextlib.contextmanager
    def label(self, prefix: str) -> Iterator[None]:
        """Prefix the labels of constraints made inside (``with c.label("poseidon"): …``)."""
        self._labels.append(prefix)
        try:
            yield
        finally:
            self._labels.pop()

    def _full_label(self, label: str | None) -> str | None:
        parts = [*self._labels, label] if label else list(self._labels)
        return "/".join(parts) if parts else None

    # --- constraints -----------------------------------------------------------------------
    def assert_product(
        self, a: Operand, b: Operand, out: Operand, label: str | None = None
    ) -> None:
        """The raw constraint a · b = out."""
        sa, sb, so = self._signal(a), self._signal(b), self._signal(out)
        if sa.is_constant() and sb.is_constant() and so.is_constant():
            if sa.lc.constant_value() * sb.lc.constant_value() % R != so.lc.constant_value():
                raise CircuitError(f"constant constraint can never hold: {label or 'unnamed'}")
            return
        self.constraints.append(Constraint(sa.lc, sb.lc, so.lc, self._full_label(label)))

    def mul(self, a: Operand, b: Operand, label: str | None = None) -> Signal:
        """a · b: free when either side is a constant, else one new wire and one constraint."""
        sa, sb = self._signal(a), self._signal(b)
        if sa.is_constant():
            return sb.scale(sa.lc.constant_value())
        if sb.is_constant():
            return sa.scale(sb.lc.constant_value())
        value = None if sa.value is None or sb.value is None else sa.value * sb.value
        out = self.new_wire(self._full_label(label) or "mul", value)
        self.assert_product(sa, sb, out, label or "mul")
        return out

    def assert_eq(self, a: Operand, b: Operand, label: str | None = None) -> None:
        """a = b (one linear constraint (a − b)·1 = 0)."""
        diff = self._signal(a) - self._signal(b)
        self.assert_product(diff, 1, 0, label or "assert_eq")

    def assert_zero(self, a: Operand, label: str | None = None) -> None:
        """a = 0."""
        self.assert_eq(a, 0, label or "assert_zero")

    def assert_bool(self, a: Operand, label: str | None = None) -> None:
        """a ∈ {0, 1} (one constraint a·(a − 1) = 0)."""
        sa = self._signal(a)
        self.assert_product(sa, sa - 1, 0, label or "assert_bool")

    def assert_nonzero(self, a: Operand, label: str | None = None) -> None:
        """a ≠ 0 (one constraint: a has an inverse)."""
        sa = self._signal(a)
        inverse = self.hint(lambda v: inv(v) if v % R else 0, sa, label="inverse")
        self.assert_product(sa, inverse, 1, label or "assert_nonzero")

    # --- hints -----------------------------------------------------------------------------
    def hint(self, fn: Callable[..., int], *args: Operand, label: str | None = None) -> Signal:
        """A new wire whose value ``fn`` computes outside the constraints.

        It is unconstrained until the caller constrains it (circom's ``<--`` then ``===``).
        """
        return self.hints(lambda *vals: [fn(*vals)], 1, *args, label=label)[0]

    def hints(
        self, fn: Callable[..., Sequence[int]], n: int, *args: Operand, label: str | None = None
    ) -> list[Signal]:
        """``n`` new wires whose values ``fn`` returns (a sequence of ``n`` ints)."""
        name = self._full_label(label) or "hint"
        values: Sequence[int | None] = [None] * n
        if self.computing:
            inputs = [self._signal(a).value for a in args]
            if any(v is None for v in inputs):
                raise CircuitError(f"hint {name!r} depends on a signal without a value")
            try:
                values = [int(v) for v in fn(*inputs)]
            except (ArithmeticError, ValueError) as exc:
                raise InputError(f"cannot compute {name}: {exc}") from exc
            if len(values) != n:
                raise CircuitError(f"hint {name!r} returned {len(values)} values, expected {n}")
        return [self.new_wire(f"{name}[{i}]" if n > 1 else name, v) for i, v in enumerate(values)]

    def div(self, a: Operand, b: Operand, label: str | None = None) -> Signal:
        """a / b for a signal b ≠ 0 (one constraint q·b = a)."""
        sa, sb = self._signal(a), self._signal(b)
        if sb.is_constant():
            return sa / sb
        q = self.hint(
            lambda x, y: x * inv(y) if y % R else _raise(ZeroDivisionError("division by zero")),
            sa,
            sb,
            label=label or "div",
        )
        self.assert_product(q, sb, sa, label or "div")
        return q

    # --- bits ------------------------------------------------------------------------------
    def to_bits(self, a: Operand, n: int, label: str | None = None) -> list[Signal]:
        """Little-endian bits of a, proving 0 ≤ a < 2ⁿ (n constraints).

        The top bit is not a wire of its own but a − Σ 2ⁱ·bᵢ over the others, scaled: its
        booleanity constraint then also enforces the recomposition, which saves the linear
        constraint that Num2Bits spends on it.
        """
        if n < 1 or n > 253:
            raise CircuitError(f"to_bits needs 1 ≤ n ≤ 253 (use to_bits_strict for 254), got {n}")
        sa = self._signal(a)
        name = label or f"to_bits({n})"
        low = (
            self.hints(lambda v: [v >> i & 1 for i in range(n - 1)], n - 1, sa, label=name)
            if n > 1
            else []
        )
        for i, bit in enumerate(low):
            self.assert_bool(bit, f"{name}: bit {i}")
        rest = sa - self.from_bits(low)
        top = rest.scale(inv(1 << (n - 1)))
        self.assert_bool(top, f"{name}: value must be below 2^{n}")
        return [*low, top]

    def to_bits_strict(self, a: Operand, label: str | None = None) -> list[Signal]:
        """All 254 bits of a field element, proving the decomposition is the canonical one (< r)."""
        sa = self._signal(a)
        name = label or "to_bits_strict"
        nbits = R.bit_length()
        bits = self.hints(lambda v: [v >> i & 1 for i in range(nbits)], nbits, sa, label=name)
        for i, bit in enumerate(bits):
            self.assert_bool(bit, f"{name}: bit {i}")
        self.assert_eq(self.from_bits(bits), sa, f"{name}: recomposition")
        self._assert_bits_at_most(bits, _R_MINUS_ONE_BITS, f"{name}: below r")
        return bits

    def _assert_bits_at_most(
        self, bits: Sequence[Signal], bound: Sequence[int], label: str
    ) -> None:
        # Walk from the top bit keeping `equal` (prefix equals the bound's prefix) and `greater`
        # (prefix already exceeds it). Where the bound has a 0, equal·bit both adds to greater
        # and leaves equal (one product serves both); where it has a 1, equal := equal·bit.
        equal: Signal = self.constant(1)
        greater: Signal = self.constant(0)
        for i in range(len(bits) - 1, -1, -1):
            t = self.mul(equal, bits[i], label)
            if bound[i]:
                equal = t
            else:
                greater = greater + t
                equal = equal - t
        self.assert_zero(greater, label)

    def from_bits(self, bits: Sequence[Operand]) -> Signal:
        """Σ 2ⁱ·bitsᵢ (free: a linear combination)."""
        acc = self.constant(0)
        for i, bit in enumerate(bits):
            acc = acc + self._signal(bit).scale(1 << i)
        return acc

    # --- tests and choices -----------------------------------------------------------------
    def is_zero(self, a: Operand, label: str | None = None) -> Signal:
        """1 if a = 0 else 0 (two constraints)."""
        sa = self._signal(a)
        name = label or "is_zero"
        if sa.is_constant():
            return self.constant(int(sa.lc.constant_value() == 0))
        inverse = self.hint(lambda v: inv(v) if v % R else 0, sa, label=f"{name}.inv")
        out = self.hint(lambda v: int(v % R == 0), sa, label=name)
        self.assert_product(sa, inverse, 1 - out, name)
        self.assert_product(sa, out, 0, name)
        return out

    def is_equal(self, a: Operand, b: Operand, label: str | None = None) -> Signal:
        """1 if a = b else 0 (two constraints)."""
        return self.is_zero(self._signal(a) - self._signal(b), label or "is_equal")

    def select(self, cond: Operand, a: Operand, b: Operand, label: str | None = None) -> Signal:
        """a if cond else b, for a boolean cond (one constraint)."""
        sc, sa, sb = self._signal(cond), self._signal(a), self._signal(b)
        return sb + self.mul(sc, sa - sb, label or "select")

    def less_than(self, a: Operand, b: Operand, bits: int, label: str | None = None) -> Signal:
        """1 if a < b else 0, for a, b < 2^bits (bits + 1 constraints)."""
        if bits > 252:
            raise CircuitError("less_than compares values of at most 252 bits")
        name = label or f"less_than({bits})"
        diff = self._signal(a) + (1 << bits) - self._signal(b)
        top = self.to_bits(diff, bits + 1, name)[bits]
        return 1 - top

    def less_eq(self, a: Operand, b: Operand, bits: int, label: str | None = None) -> Signal:
        """1 if a ≤ b else 0, for a, b < 2^bits."""
        return self.less_than(
            a, self._signal(b) + 1, bits + 1 if bits < 252 else bits, label or f"less_eq({bits})"
        )

    def greater_than(self, a: Operand, b: Operand, bits: int, label: str | None = None) -> Signal:
        """1 if a > b else 0, for a, b < 2^bits."""
        return self.less_than(b, a, bits, label or f"greater_than({bits})")

    def greater_eq(self, a: Operand, b: Operand, bits: int, label: str | None = None) -> Signal:
        """1 if a ≥ b else 0, for a, b < 2^bits."""
        return self.less_eq(b, a, bits, label or f"greater_eq({bits})")

    def assert_less_than(self, a: Operand, b: Operand, bits: int, label: str | None = None) -> None:
        """Prove a < b for a, b < 2^bits (both are range-checked too)."""
        name = label or f"assert_less_than({bits})"
        self.assert_in_range(a, bits, f"{name}: left operand")
        self.assert_in_range(b, bits, f"{name}: right operand")
        diff = self._signal(b) - self._signal(a) - 1
        self.assert_in_range(diff, bits, f"{name}: left must be less than right")

    def assert_less_eq(self, a: Operand, b: Operand, bits: int, label: str | None = None) -> None:
        """Prove a ≤ b for a, b < 2^bits (both are range-checked too)."""
        name = label or f"assert_less_eq({bits})"
        self.assert_in_range(a, bits, f"{name}: left operand")
        self.assert_in_range(b, bits, f"{name}: right operand")
        diff = self._signal(b) - self._signal(a)
        self.assert_in_range(diff, bits, f"{name}: left must be at most right")

    def assert_greater_eq(
        self, a: Operand, b: Operand, bits: int, label: str | None = None
    ) -> None:
        """Prove a ≥ b for a, b < 2^bits."""
        self.assert_less_eq(b, a, bits, label or f"assert_greater_eq({bits})")

    def assert_in_range(self, a: Operand, bits: int, label: str | None = None) -> None:
        """Prove 0 ≤ a < 2^bits (bits constraints)."""
        self.to_bits(a, bits, label or f"assert_in_range({bits})")


def _raise(exc: Exception) -> int:
    raise exc


__all__ = ["ONE", "Builder"]
