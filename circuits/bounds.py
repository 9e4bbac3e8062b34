"""Integer intervals that signals carry: what the constraints already prove about a value.

A bound ``(lo, hi)`` on a signal says: its field value is x mod r for an integer x with
lo ≤ x ≤ hi. Typed inputs, bit decompositions and range checks create bounds; addition,
scaling and multiplication propagate them (a product's wire is constrained to the product,
so the integer product's interval holds). Comparisons rely on them: ``a < b`` on field
elements only means what it says while both are known to be small non-negative integers.
"""

from __future__ import annotations

from zk.field import R

Bound = tuple[int, int]

#: Intervals wider than this say nothing useful (r ≈ 2^253.6) and are dropped.
_MAX_WIDTH = 1 << 253


def _checked(lo: int, hi: int) -> Bound | None:
    return (lo, hi) if hi - lo < _MAX_WIDTH else None


def of_constant(value: int) -> Bound:
    """The bound of a constant: itself, read as a signed integer (r − 1 is −1)."""
    v = value % R
    v = v - R if v > R // 2 else v
    return (v, v)


def add(x: Bound | None, y: Bound | None) -> Bound | None:
    """The bound of a sum."""
    if x is None or y is None:
        return None
    return _checked(x[0] + y[0], x[1] + y[1])


def neg(x: Bound | None) -> Bound | None:
    """The bound of a negation."""
    return None if x is None else (-x[1], -x[0])


def scale(x: Bound | None, k: int) -> Bound | None:
    """The bound of a multiple by the constant ``k`` (read as a signed integer)."""
    return mul(x, of_constant(k))


def mul(x: Bound | None, y: Bound | None) -> Bound | None:
    """The bound of a product."""
    if x is None or y is None:
        return None
    corners = [a * b for a in x for b in y]
    return _checked(min(corners), max(corners))


def hull(x: Bound | None, y: Bound | None) -> Bound | None:
    """The smallest bound holding both (for a choice between two values)."""
    if x is None or y is None:
        return None
    return (min(x[0], y[0]), max(x[1], y[1]))


def narrow(old: Bound | None, new: Bound) -> Bound:
    """Combine a bound just proven with an earlier one (both hold; keep the tighter)."""
    if old is None or old[0] < 0 or new[0] < 0:
        return new if old is None or old[1] - old[0] >= new[1] - new[0] else old
    return (max(old[0], new[0]), min(old[1], new[1]))


def fits(x: Bound | None, bits: int) -> bool:
    """True when the bound proves 0 ≤ value < 2^bits."""
    return x is not None and x[0] >= 0 and x[1] < 1 << bits


def describe(x: Bound | None) -> str:
    """A bound as a person reads it (``0..2^64−1``), or ``unbounded``."""
    if x is None:
        return "unbounded (any field element)"
    from circuits.types import _power

    return f"{_power(x[0])}..{_power(x[1])}"
