"""Secure numbers and vectors that read like the computation they perform.

A :class:`SecureVector` is this party's shares of a whole column; ``x + y``, ``x * y``,
``x < y``, ``x == 3`` work elementwise, and each multiplication or comparison costs the same
few rounds of communication whatever the length. A :class:`SecureNumber` is one value with the
same operators. Values are integers, or fixed-point reals with ``frac_bits`` fractional bits.

Each value carries a public bound on its magnitude, updated by every operation; an operation
whose result could wrap around the field raises :class:`~mpc.errors.MpcOverflowError` instead
of silently returning garbage.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from mpc.errors import MpcInputError, MpcOverflowError
from mpc.field import Elements, PrimeField
from mpc.protocols import arithmetic, comparison, conversion, fixedpoint
from mpc.protocols.comparison import magnitude_bits
from mpc.runtime import Runtime
from mpc.transport.frames import Purpose

Public = int | float | Sequence[float] | np.ndarray


def _fits(field: PrimeField, bound: int, what: str) -> int:
    if not field.holds(bound):
        raise MpcOverflowError(
            f"{what} could reach {bound.bit_length()} bits, more than the {field.name} field "
            "holds; use --field bn254 or smaller values")
    return bound


class _Secure:
    """Shares of a 1-d array of values (``SecureNumber`` is the length-1 case)."""

    def __init__(self, rt: Runtime, field: PrimeField, shares: Elements, bound: int,
                 frac_bits: int = 0) -> None:
        self.rt, self.field, self.shares = rt, field, shares
        self.bound = int(bound)
        self.frac_bits = frac_bits
        #: The same values shared in other fields (by the input owner), keyed by modulus.
        self.twins: dict[int, Elements] = {}

    # ----- construction helpers --------------------------------------------------------------
    def _make(self, shares: Elements, bound: int, frac_bits: int | None = None) -> Any:
        return type(self)(self.rt, self.field, shares, bound,
                          self.frac_bits if frac_bits is None else frac_bits)

    def _public(self, value: Public) -> tuple[Elements, int]:
        """Fixed-point integers of a public operand, broadcast to this length, and their bound."""
        arr = np.asarray(value, dtype=float if np.asarray(value).dtype.kind == "f" else object)
        flat = arr.reshape(-1)
        if self.frac_bits == 0 and any(isinstance(v, float | np.floating) and not
                                       float(v).is_integer() for v in flat):
            raise ValueError("a fractional constant with integer secure values: share the "
                             "values as fixed-point numbers (frac_bits > 0)")
        ints = [fixedpoint.encode(float(v), self.frac_bits) if isinstance(v, float | np.floating)
                else int(v) << self.frac_bits for v in flat]
        size = self.shares.shape[0]
        if len(ints) not in (1, size) and size != 1:
            raise ValueError(f"public operand of length {len(ints)} for {size} secure values")
        # a single constant stays length 1: callers apply it with add_const / mul_const
        return self.field.from_ints(np.asarray(ints, dtype=object)), max(
            (abs(v) for v in ints), default=0)

    def _align(self, other: _Secure) -> tuple[_Secure, _Secure]:
        if other.field != self.field or other.rt is not self.rt:
            raise ValueError("secure values from different fields or sessions")
        a, b = self, other
        if a.frac_bits < b.frac_bits:
            a = a._rescale(b.frac_bits)
        elif b.frac_bits < a.frac_bits:
            b = b._rescale(a.frac_bits)
        if a.shares.shape[0] != b.shares.shape[0]:
            if a.shares.shape[0] == 1:
                a = a._broadcast(b.shares.shape[0])
            elif b.shares.shape[0] == 1:
                b = b._broadcast(a.shares.shape[0])
            else:
                raise ValueError(f"lengths differ: {a.shares.shape[0]} and {b.shares.shape[0]}")
        return a, b

    def _rescale(self, frac_bits: int) -> _Secure:
        shift = frac_bits - self.frac_bits
        bound = _fits(self.field, self.bound << shift, "rescaled value")
        return self._make(self.field.mul_const(self.shares, 1 << shift), bound, frac_bits)

    def _broadcast(self, size: int) -> SecureVector:
        return SecureVector(self.rt, self.field, np.repeat(self.shares, size), self.bound,
                            self.frac_bits)

    def _result_type(self, other: Any) -> type:
        if isinstance(other, SecureVector) or isinstance(self, SecureVector):
            return SecureVector
        if isinstance(other, np.ndarray | list | tuple) and len(other) != 1:
            return SecureVector
        return type(self)

    def _wrap(self, cls: type, shares: Elements, bound: int, frac_bits: int) -> Any:
        return cls(self.rt, self.field, shares, bound, frac_bits)

    # ----- linear operations (no communication) ----------------------------------------------
    def __add__(self, other: Any) -> Any:
        if isinstance(other, _Secure):
            a, b = self._align(other)
            bound = _fits(self.field, a.bound + b.bound, "sum")
            return self._wrap(self._result_type(other), self.field.add(a.shares, b.shares), bound,
                              a.frac_bits)
        vals, vb = self._public(other)
        bound = _fits(self.field, self.bound + vb, "sum")
        if vals.shape[0] == 1:
            return self._wrap(self._result_type(other),
                              self.field.add_const(self.shares, int(vals[0])), bound,
                              self.frac_bits)
        src = self if vals.shape[0] == self.shares.shape[0] else self._broadcast(vals.shape[0])
        return self._wrap(self._result_type(other), self.field.add(src.shares, vals), bound,
                          self.frac_bits)

    __radd__ = __add__

    def __neg__(self) -> Any:
        return self._make(self.field.neg(self.shares), self.bound)

    def __sub__(self, other: Any) -> Any:
        return self + (-other if isinstance(other, _Secure) else np.negative(np.asarray(other)))

    def __rsub__(self, other: Any) -> Any:
        return (-self) + other

    # ----- multiplication ---------------------------------------------------------------------
    def __mul__(self, other: Any) -> Any:
        if isinstance(other, _Secure):
            return self._mul_secure(other)
        arr = np.asarray(other)
        if arr.dtype.kind in "iub" or (arr.dtype.kind == "O" and all(
                isinstance(v, int) for v in arr.reshape(-1))):
            ints = [int(v) for v in arr.reshape(-1)]
            if len(ints) == 1:
                bound = _fits(self.field, self.bound * abs(ints[0]), "product")
                return self._make(self.field.mul_const(self.shares, ints[0]), bound)
            if len(ints) != self.shares.shape[0]:
                raise ValueError(f"public operand of length {len(ints)} for "
                                 f"{self.shares.shape[0]} secure values")
            bound = _fits(self.field, self.bound * max(map(abs, ints), default=0), "product")
            return self._wrap(SecureVector, self.field.mul(
                self.shares, self.field.from_ints(np.asarray(ints, dtype=object))), bound,
                self.frac_bits)
        vals, vb = self._public(other)
        bound = _fits(self.field, self.bound * vb, "product")
        if vals.shape[0] == 1:
            prod = self.field.mul_const(self.shares, int(vals[0]))
        else:
            src = self if vals.shape[0] == self.shares.shape[0] else \
                self._broadcast(vals.shape[0])
            prod = self.field.mul(src.shares, vals)
        prod = fixedpoint.truncate(self.rt, self.field, prod, bound, self.frac_bits)
        return self._wrap(self._result_type(other), prod, (bound >> self.frac_bits) + 1,
                          self.frac_bits)

    __rmul__ = __mul__

    def _mul_secure(self, other: _Secure) -> Any:
        # An integer factor (f = 0, e.g. a 0/1 condition) keeps the other's scale exactly; two
        # fixed-point factors give fa + fb fractional bits, truncated back to max(fa, fb).
        fa, fb = self.frac_bits, other.frac_bits
        a, b = self, other
        if a.shares.shape[0] != b.shares.shape[0]:
            if a.shares.shape[0] == 1:
                a = a._broadcast(b.shares.shape[0])
            elif b.shares.shape[0] == 1:
                b = b._broadcast(a.shares.shape[0])
            else:
                raise ValueError(f"lengths differ: {a.shares.shape[0]} and {b.shares.shape[0]}")
        bound = _fits(self.field, a.bound * b.bound, "product")
        prod = arithmetic.multiply(self.rt, self.field, a.shares, b.shares)
        drop = min(fa, fb)
        if drop:
            prod = fixedpoint.truncate(self.rt, self.field, prod, bound, drop)
            bound = (bound >> drop) + 1
        return self._wrap(self._result_type(other), prod, bound, max(fa, fb))

    # ----- comparisons (results are 0/1 integers) ---------------------------------------------
    def _difference(self, other: Any) -> _Secure:
        return self - other

    def _bits(self, shares: Elements, like: Any) -> Any:
        cls = self._result_type(like)
        return cls(self.rt, self.field, shares, 1, 0)

    def __lt__(self, other: Any) -> Any:
        d = self._difference(other)
        return self._bits(comparison.less_than_zero(self.rt, self.field, d.shares, d.bound), other)

    def __gt__(self, other: Any) -> Any:
        d = -self._difference(other)
        return self._bits(comparison.less_than_zero(self.rt, self.field, d.shares, d.bound), other)

    def __le__(self, other: Any) -> Any:
        return 1 - (self > other)

    def __ge__(self, other: Any) -> Any:
        return 1 - (self < other)

    def __eq__(self, other: Any) -> Any:  # type: ignore[override]
        d = self._difference(other)
        return self._bits(comparison.equals_zero(self.rt, self.field, d.shares, d.bound), other)

    def __ne__(self, other: Any) -> Any:  # type: ignore[override]
        return 1 - (self == other)

    __hash__ = None  # type: ignore[assignment]

    # ----- other fields -----------------------------------------------------------------------
    def to_field(self, field: PrimeField) -> Any:
        """The same values shared in another field: free when the input owner shared them there
        too (``twin_fields`` of :meth:`Runtime.input`), else one dealing round and one opening."""
        if field.p in self.twins:
            return type(self)(self.rt, field, self.twins[field.p], self.bound, self.frac_bits)
        shares = conversion.convert(self.rt, self.field, field, self.shares, self.bound)
        return type(self)(self.rt, field, shares, self.bound, self.frac_bits)

    # ----- revealing --------------------------------------------------------------------------
    def _reveal_values(self, to: Sequence[int] | None) -> list[int | float] | None:
        opened = arithmetic.open_values(self.rt, self.field, self.shares, to, what="output")
        if opened is None:
            return None
        ints = self.field.to_signed(opened)
        if self.frac_bits:
            return [v / (1 << self.frac_bits) for v in ints]
        return ints

    def reveal_exact(self, to: Sequence[int] | None = None) -> list[Fraction] | None:
        """Values as exact fractions (int / 2^frac_bits) for ``to``; None elsewhere."""
        opened = arithmetic.open_values(self.rt, self.field, self.shares, to, what="output")
        if opened is None:
            return None
        return [Fraction(v, 1 << self.frac_bits) for v in self.field.to_signed(opened)]


class SecureVector(_Secure):
    """Shares of a vector; every operation works on the whole vector in one go."""

    def __len__(self) -> int:
        return int(self.shares.shape[0])

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return SecureVector(self.rt, self.field, self.shares[index], self.bound,
                                self.frac_bits)
        return SecureNumber(self.rt, self.field, self.shares[index:index + 1 or None],
                            self.bound, self.frac_bits)

    def sum(self) -> SecureNumber:
        """The total (no communication)."""
        bound = _fits(self.field, self.bound * len(self), "sum")
        return SecureNumber(self.rt, self.field,
                            np.array([self.field.sum(self.shares)], dtype=self.field.dtype),
                            bound, self.frac_bits)

    def dot(self, other: SecureVector) -> SecureNumber:
        """Σ x_i·y_i with one re-shared element."""
        a, b = self._align(other)
        bound = _fits(self.field, a.bound * b.bound * max(len(self), 1), "inner product")
        shares = arithmetic.inner_product(self.rt, self.field, a.shares, b.shares)
        f = a.frac_bits
        out = SecureNumber(self.rt, self.field, shares, bound, 2 * f)
        if f:
            out = SecureNumber(self.rt, self.field, fixedpoint.truncate(
                self.rt, self.field, shares, bound, f), (bound >> f) + 1, f)
        return out

    def reveal(self, to: Sequence[int] | None = None) -> list[int | float] | None:
        """The values, for the parties ``to`` (all by default); None for the others."""
        return self._reveal_values(to)

    def bits(self, m: int | None = None) -> list[SecureVector]:
        """Secure bits 0..m−1 of non-negative integer values below 2^m (default: the bound's
        bit length); bit i of every value in one vector."""
        if self.frac_bits:
            raise ValueError("bit decomposition is for integer values")
        m = magnitude_bits(self.bound) if m is None else m
        shares = comparison.bit_decompose(self.rt, self.field, self.shares, m)
        return [SecureVector(self.rt, self.field, b, 1, 0) for b in shares]

    @staticmethod
    def concat(parts: Sequence[SecureVector]) -> SecureVector:
        """One vector of all parts (same field and fixed-point scale)."""
        if not parts:
            raise ValueError("concat needs at least one vector")
        f = max(p.frac_bits for p in parts)
        scaled = [p._rescale(f) if p.frac_bits < f else p for p in parts]
        first = scaled[0]
        shares = np.concatenate([p.shares for p in scaled])
        out = SecureVector(first.rt, first.field, shares.astype(first.field.dtype, copy=False),
                           max(p.bound for p in scaled), f)
        if all(p.frac_bits == f for p in parts):
            for q in set.intersection(*(set(p.twins) for p in parts)):
                out.twins[q] = np.concatenate([p.twins[q] for p in parts])
        return out

    @staticmethod
    def where(condition: SecureVector, a: Any, b: Any) -> Any:
        """condition ? a : b elementwise (condition holds 0/1 values): b + c·(a − b)."""
        diff = a - b
        chosen = condition * diff if isinstance(diff, _Secure) else diff * condition
        result = b + chosen
        result.bound = max(getattr(a, "bound", 0), getattr(b, "bound", 0))
        return result


class SecureNumber(_Secure):
    """Shares of one value."""

    def reveal(self, to: Sequence[int] | None = None) -> int | float | None:
        """The value, for the parties ``to`` (all by default); None for the others."""
        values = self._reveal_values(to)
        return None if values is None else values[0]


def share_inputs(rt: Runtime, values: Any, bits: int, frac_bits: int,
                 field: PrimeField, prescaled: bool = False,
                 twin_fields: Sequence[PrimeField] = ()) -> list[SecureVector]:
    """Every party shares its own values in one round; all parties' vectors, in party order.

    With ``prescaled`` the values are already the fixed-point integers round(x·2^frac_bits).
    ``twin_fields``: also share the same values in these fields, in the same round (for exact
    wide results by CRT without converting later).
    """
    if bits < 2 or not field.holds(1 << bits):
        raise MpcOverflowError(f"{bits}-bit inputs do not fit the {field.name} field")
    limit = (1 << (bits - 1)) - 1
    arr = np.asarray([] if values is None else values)
    if field.word and arr.dtype.kind in "iu" and (frac_bits == 0 or prescaled):
        # whole columns of machine integers: check the range without a Python loop
        flat = arr.reshape(-1).astype(np.int64, copy=False)
        if flat.size and int(np.abs(flat).max()) > limit:
            first = int(np.flatnonzero(np.abs(flat) > limit)[0])
            raise MpcInputError(f"input value #{first + 1} does not fit {bits}-bit signed "
                                "integers")
        return _share_rows(rt, field, flat, limit, frac_bits, twin_fields)
    raw = list(arr.reshape(-1).tolist())
    ints = []
    for i, v in enumerate(raw):
        scaled = fixedpoint.encode(v, frac_bits) if frac_bits and not prescaled else v
        if not isinstance(scaled, int) or isinstance(scaled, bool):
            if isinstance(scaled, float) and scaled.is_integer():
                scaled = int(scaled)
            else:
                raise MpcInputError(f"input value #{i + 1} ({v!r}) is not an integer; give "
                                    "fractional bits to use fixed-point numbers")
        if abs(scaled) > limit:
            raise MpcInputError(f"input value #{i + 1} does not fit {bits}-bit signed integers"
                                + (f" with {frac_bits} fractional bits" if frac_bits else ""))
        ints.append(scaled)
    return _share_rows(rt, field, np.asarray(ints, dtype=np.int64 if field.word else object),
                       limit, frac_bits, twin_fields)


def _share_rows(rt: Runtime, field: PrimeField, ints: np.ndarray, limit: int, frac_bits: int,
                twin_fields: Sequence[PrimeField]) -> list[SecureVector]:
    fields = [field, *twin_fields]
    rows = [rt.scheme(f).share(f.from_ints(ints)) for f in fields]
    outgoing = {j: [r[j - 1] for r in rows] for j in rt.parties}
    # one round for all parties and fields; lengths are public and read from the messages
    got = rt.exchange_parts(Purpose.INPUT, outgoing, rt.parties, fields, None)
    out = []
    for j in rt.parties:
        vec = SecureVector(rt, field, got[j][0], limit, frac_bits)
        for f, sh in zip(twin_fields, got[j][1:]):
            vec.twins[f.p] = sh
        out.append(vec)
    return out


class SecureRuntime(Runtime):
    """A :class:`~mpc.runtime.Runtime` with the secure-type entry points (MPyC's
    ``mpc.input`` / ``mpc.output``): what a program receives from :mod:`mpc.session`."""

    def input(self, values: Sequence[int] | np.ndarray | None, bits: int = 32,
              frac_bits: int = 0, field: PrimeField | None = None,
              prescaled: bool = False,
              twin_fields: Sequence[PrimeField] = ()) -> list[SecureVector]:
        """Share this party's values; returns every party's vector, in party order.

        ``values`` are integers, or reals when ``frac_bits`` > 0 (stored as round(x·2^f)); each
        scaled value must fit ``bits``-bit signed integers (``prescaled``: the values already
        are the scaled integers). Lengths are public. ``twin_fields``: share the values in
        these fields too, in the same round, so that wide exact results (the variance) need no
        conversion later.
        """
        return share_inputs(self, values, bits, frac_bits, field or self.field, prescaled,
                            twin_fields)

    def output(self, value: Any, to: Sequence[int] | None = None) -> Any:
        """Reveal a secure value to the parties ``to`` (all by default); None elsewhere."""
        return value.reveal(to)
