"""Input types: what values an input may take, checked twice — by the constraints the compiler
adds once per input, and before any proof work when ``inputs.json`` is read.

=============  =========================  ==================================================
type           values                     encoding as a field element, range check
=============  =========================  ==================================================
``uint(n)``    0 … 2ⁿ − 1                 the value itself; n bit constraints (n ≤ 253)
``u8`` …       ``uint(8/16/32/64/128)``
``boolean``    0, 1 (or JSON true/false)  the value itself; one constraint b·(b − 1) = 0
``sint(n)``    −2ⁿ⁻¹ … 2ⁿ⁻¹ − 1           v mod r (−1 is r − 1), so + − · work as on
                                          integers while nothing overflows; n bit
                                          constraints on v + 2ⁿ⁻¹ (n ≤ 252)
``i8`` …       ``sint(8/16/32/64/128)``
``field``      0 … r − 1                  no range check: a raw field element (hashes, keys,
                                          points); comparisons refuse it until it is bounded
=============  =========================  ==================================================

An input declared without a type (``private()``) is a raw field element too; the compiler
notes it, so that ``public(field)`` is the visible way to say so.
"""

from __future__ import annotations

from dataclasses import dataclass

from circuits.errors import InputError
from zk.field import R

__all__ = [
    "InputType",
    "boolean",
    "field",
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "sint",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "uint",
]


@dataclass(frozen=True)
class InputType:
    """The type of a declared input: a name and the integer interval its values lie in.

    ``signed`` types store negative values as r − |v|; ``lo``/``hi`` are the interval of the
    integer values (inclusive). ``raw`` marks a field element without any range check.
    """

    name: str
    lo: int
    hi: int
    signed: bool = False
    raw: bool = False

    @property
    def bits(self) -> int | None:
        """Width of the range check (``None`` for a raw field element)."""
        if self.raw:
            return None
        return (self.hi - self.lo).bit_length()

    def describe_range(self) -> str:
        """The interval as a person reads it: ``0..2^64−1``, ``−2^31..2^31−1``, ``0..r−1``."""
        if self.raw:
            return "0..r−1"
        if self.name == "bool":
            return "0..1"
        return f"{_power(self.lo)}..{_power(self.hi)}"

    def encode(self, value: int, name: str, kind: str) -> int:
        """The field element for ``value``, or :class:`InputError` when it is outside the type."""
        if not self.lo <= value <= self.hi:
            shown = value if abs(value) < 1 << 64 else _power(value)
            raise InputError(
                f"{name} ({kind}, {self.name}): {shown} is not in {self.describe_range()}"
            )
        return value % R

    def decode(self, element: int) -> int:
        """The integer a field element stands for under this type (negative for signed)."""
        if self.signed and element > R // 2:
            return element - R
        return element

    def __str__(self) -> str:
        return self.name


def _power(v: int) -> str:
    """``2^64−1`` for 2^64 − 1, ``−2^31`` for −2^31, else the number."""
    sign = "−" if v < 0 else ""
    a = abs(v)
    for delta, suffix in ((0, ""), (1, "−1"), (-1, "+1")):
        n = a + delta
        if n > 256 and n & (n - 1) == 0:
            return f"{sign}2^{n.bit_length() - 1}{suffix}"
    return f"{sign}{a}"


def uint(bits: int) -> InputType:
    """Unsigned integers 0 … 2^bits − 1 (1 ≤ bits ≤ 253)."""
    if not isinstance(bits, int) or not 1 <= bits <= 253:
        raise ValueError(f"uint needs 1 ≤ bits ≤ 253, got {bits!r}")
    return InputType(f"u{bits}", 0, (1 << bits) - 1)


def sint(bits: int) -> InputType:
    """Signed integers −2^(bits−1) … 2^(bits−1) − 1, stored as v mod r (2 ≤ bits ≤ 252)."""
    if not isinstance(bits, int) or not 2 <= bits <= 252:
        raise ValueError(f"sint needs 2 ≤ bits ≤ 252, got {bits!r}")
    half = 1 << (bits - 1)
    return InputType(f"i{bits}", -half, half - 1, signed=True)


u8, u16, u32, u64, u128 = (uint(n) for n in (8, 16, 32, 64, 128))
i8, i16, i32, i64, i128 = (sint(n) for n in (8, 16, 32, 64, 128))
#: 0 or 1.
boolean = InputType("bool", 0, 1)
#: A raw field element 0 … r − 1: no range check, no bound.
field = InputType("field", 0, R - 1, raw=True)
