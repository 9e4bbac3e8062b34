"""The :class:`Builder`: the ``c`` a circuit's ``define`` receives.

One definition serves both runs. While compiling, signals carry no values and the builder
only records constraints; in a witness run the same code also computes every wire's value
(hints included) so the result is the full witness in circom's wire order.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence

from circuits import bounds
from circuits.comparisons import Comparisons
from circuits.diagnostics import Trace
from circuits.errors import CircuitError, InputError
from circuits.program import BITS, Assign, Hint, HintKind, Product, Step
from circuits.signal import Operand, Signal
from zk.field import R, inv
from zk.r1cs import ONE, Constraint, LinearCombination

#: r − 1, the largest field element (the bound that strict bit decompositions enforce).
_R_MINUS_ONE_BITS = [(R - 1) >> i & 1 for i in range(R.bit_length())]


class Builder(Comparisons):
    """Records wires and constraints, and values when ``computing`` is set.

    In a witness run it also keeps a :class:`~circuits.diagnostics.Trace` (where each
    constraint was written, which wires each wire was computed from), so that a statement
    that does not hold is reported as the line that states it and the inputs it involves.
    """

    def __init__(self, computing: bool) -> None:
        self.computing = computing
        self.values: list[int | None] = [1]
        self.names: list[str] = ["one"]
        self.constraints: list[Constraint] = []
        #: How each computed wire gets its value, in order (see :mod:`circuits.program`).
        self.program: list[Step] = []
        self._labels: list[str] = []
        self.trace: Trace | None = Trace() if computing else None

    # --- wires -----------------------------------------------------------------------------
    def new_wire(
        self, name: str, value: int | None = None, depends_on: Sequence[Signal] = ()
    ) -> Signal:
        """Allocate a wire (used by circuits for inputs and by hints for internal values);
        ``depends_on`` names the signals its value is computed from (for error messages)."""
        index = len(self.values)
        self.values.append(None if value is None else value % R)
        self.names.append(name)
        if self.trace is not None and depends_on:
            self.trace.record_wire(index, depends_on)
        return Signal(self, LinearCombination.wire(index), value)

    def signal_name(self, signal: Signal) -> str:
        """A readable name for a signal: its wire's name, or ``an expression``."""
        terms = signal.lc.terms
        if len(terms) == 1:
            ((wire, coeff),) = terms.items()
            if coeff == 1 and wire:
                return self.names[wire].removeprefix("main.")
        return "an expression" if not signal.is_constant() else str(signal.lc.constant_value())

    def set_value(self, signal: Signal, value: int) -> None:
        """Fix the value of a single-wire signal (outputs are assigned after allocation)."""
        (wire,) = signal.lc.terms
        self.values[wire] = value % R
        signal.value = value % R

    def assign(self, wire: Signal, value: Signal) -> None:
        """Record that output ``wire`` takes ``value`` (and copy the value in a witness run);
        the caller adds the equality constraint."""
        (index,) = wire.lc.terms
        self.program.append(Assign(index, value.lc))
        if self.computing:
            if value.value is None:
                raise CircuitError(f"output {self.names[index]!r} has no value")
            self.set_value(wire, value.value)

    def constant(self, value: int) -> Signal:
        """A constant signal (no wire, no constraint)."""
        return Signal(self, LinearCombination.constant(value), value, bounds.of_constant(value))

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
        if self.trace is not None:
            self.trace.record_constraint()

    def mul(self, a: Operand, b: Operand, label: str | None = None) -> Signal:
        """a · b: free when either side is a constant, else one new wire and one constraint."""
        sa, sb = self._signal(a), self._signal(b)
        if sa.is_constant():
            return sb.scale(sa.lc.constant_value())
        if sb.is_constant():
            return sa.scale(sb.lc.constant_value())
        value = None if sa.value is None or sb.value is None else sa.value * sb.value
        out = self.new_wire(self._full_label(label) or "mul", value, (sa, sb))
        self.program.append(Product(len(self.values) - 1, sa.lc, sb.lc))
        self.assert_product(sa, sb, out, label or "mul")
        out.bound = bounds.mul(sa.bound, sb.bound)
        return out

    def assert_eq(self, a: Operand, b: Operand, label: str | None = None) -> None:
        """a = b (one linear constraint (a − b)·1 = 0)."""
        diff = self._signal(a) - self._signal(b)
        self.assert_product(diff, 1, 0, label or "assert_eq")

    def assert_zero(self, a: Operand, label: str | None = None) -> None:
        """a = 0."""
        self.assert_eq(a, 0, label or "assert_zero")

    def assert_bool(self, a: Operand, label: str | None = None) -> None:
        """a ∈ {0, 1} (one constraint a·(a − 1) = 0); ``a`` is then known to be a bit."""
        sa = self._signal(a)
        self.assert_product(sa, sa - 1, 0, label or "assert_bool")
        sa.bound = (0, 1)

    def assert_nonzero(self, a: Operand, label: str | None = None) -> None:
        """a ≠ 0 (one constraint: a has an inverse)."""
        sa = self._signal(a)
        inverse = self.hint(lambda v: inv(v) if v % R else 0, sa, label="inverse")
        self.assert_product(sa, inverse, 1, label or "assert_nonzero")

    # --- hints -----------------------------------------------------------------------------
    def hint(self, fn: Callable[..., int], *args: Operand, label: str | None = None,
             kind: HintKind | None = None) -> Signal:
        """A new wire whose value ``fn`` computes outside the constraints.

        It is unconstrained until the caller constrains it (circom's ``<--`` then ``===``).
        ``kind`` says what ``fn`` computes, for evaluators that cannot call it (see
        :mod:`circuits.program`).
        """
        return self.hints(lambda *vals: [fn(*vals)], 1, *args, label=label, kind=kind)[0]

    def hints(
        self, fn: Callable[..., Sequence[int]], n: int, *args: Operand, label: str | None = None,
        kind: HintKind | None = None,
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
                assert self.trace is not None
                where = self.trace.explain_hint(self, [self._signal(a) for a in args])
                raise InputError(f"{where}cannot compute {name}: {exc}") from exc
            if len(values) != n:
                raise CircuitError(f"hint {name!r} returned {len(values)} values, expected {n}")
        deps = [self._signal(a) for a in args] if self.computing else []
        first = len(self.values)
        wires = [self.new_wire(f"{name}[{i}]" if n > 1 else name, v, deps)
                 for i, v in enumerate(values)]
        self.program.append(Hint(tuple(range(first, first + n)), kind,
                                 tuple(self._signal(a).lc for a in args), name))
        return wires

    def div(self, a: Operand, b: Operand, label: str | None = None) -> Signal:
        """a / b, proving b ≠ 0 (two constraints: b has an inverse, q·b = a).

        Without the first, b = 0 would leave the quotient free (0 · q = 0 for any q).
        """
        sa, sb = self._signal(a), self._signal(b)
        if sb.is_constant():
            return sa / sb
        name = label or "div"
        self.assert_nonzero(sb, f"{name}: divisor must not be zero")
        q = self.hint(lambda x, y: x * inv(y) if y % R else 0, sa, sb, label=name)
        self.assert_product(q, sb, sa, name)
        return q

    def div_unchecked(self, a: Operand, b: Operand, label: str | None = None) -> Signal:
        """a / b with one constraint q·b = a and NO proof that b ≠ 0: when b = 0 and a = 0
        any q satisfies it. Only for a b that other constraints already prove non-zero."""
        sa, sb = self._signal(a), self._signal(b)
        if sb.is_constant():
            return sa / sb
        q = self.hint(
            lambda x, y: x * inv(y) if y % R else _raise(ZeroDivisionError("division by zero")),
            sa,
            sb,
            label=label or "div_unchecked",
        )
        self.assert_product(q, sb, sa, label or "div_unchecked")
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
            self.hints(lambda v: [v >> i & 1 for i in range(n - 1)], n - 1, sa, label=name,
                       kind=HintKind(BITS, (n - 1, n)))
            if n > 1
            else []
        )
        for i, bit in enumerate(low):
            self.assert_bool(bit, f"{name}: bit {i}")
        rest = sa - self.from_bits(low)
        top = rest.scale(inv(1 << (n - 1)))
        self.assert_bool(top, f"{name}: value must be below 2^{n}")
        sa.bound = bounds.narrow(sa.bound, (0, (1 << n) - 1))
        return [*low, top]

    def to_bits_strict(self, a: Operand, label: str | None = None) -> list[Signal]:
        """All 254 bits of a field element, proving the decomposition is the canonical one (< r)."""
        sa = self._signal(a)
        name = label or "to_bits_strict"
        nbits = R.bit_length()
        bits = self.hints(lambda v: [v >> i & 1 for i in range(nbits)], nbits, sa, label=name,
                          kind=HintKind(BITS, (nbits, nbits)))
        for i, bit in enumerate(bits):
            self.assert_bool(bit, f"{name}: bit {i}")
        self.assert_eq(self.from_bits(bits), sa, f"{name}: recomposition")
        self._assert_bits_at_most(bits, _R_MINUS_ONE_BITS, f"{name}: below r")
        sa.bound = bounds.narrow(sa.bound, (0, R - 1))
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
        out.bound = (0, 1)
        return out

    def is_equal(self, a: Operand, b: Operand, label: str | None = None) -> Signal:
        """1 if a = b else 0 (two constraints)."""
        return self.is_zero(self._signal(a) - self._signal(b), label or "is_equal")

    def select(self, cond: Operand, a: Operand, b: Operand, label: str | None = None) -> Signal:
        """a if cond else b, for a boolean cond (one constraint)."""
        sc, sa, sb = self._signal(cond), self._signal(a), self._signal(b)
        out = sb + self.mul(sc, sa - sb, label or "select")
        if sc.bound is not None and sc.bound[0] >= 0 and sc.bound[1] <= 1:
            out.bound = bounds.hull(sa.bound, sb.bound)
        return out

def _raise(exc: Exception) -> int:
    raise exc


__all__ = ["ONE", "Builder"]
