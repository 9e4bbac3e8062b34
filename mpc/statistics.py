"""Statistics over a secret-shared column, each revealing only its own result.

Results whose value is a fraction with a public denominator (mean, variance) are computed as a
secret integer numerator and revealed exactly: revealing Σx when the count is public says no
more than the mean does. The variance numerator n·Σx² − (Σx)² needs about twice the bits of
the data plus 2·log2(n); when the field is too small for it, the column is moved to a second
64-bit field as well and the numerator is revealed modulo both primes and put together by the
Chinese remainder theorem, so it stays exact without a slower big-integer field.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from mpc.errors import MpcOverflowError
from mpc.field import companion_field, crt_combine
from mpc.protocols import arithmetic, comparison, fixedpoint
from mpc.protocols.comparison import magnitude_bits
from mpc.runtime import Runtime
from mpc.secure import SecureNumber, SecureVector
from mpc.transport.frames import Purpose


@dataclass
class SecureRatio:
    """A secret integer (possibly held modulo several primes) over a public denominator."""

    numerators: list[SecureNumber]
    denominator: int
    finish: Callable[[Fraction], object] = field(default=lambda q: q)

    def reveal(self, to: Sequence[int] | None = None) -> object:
        """The exact value (``finish`` applied) for ``to``; None for the others."""
        return reveal_ratios([self], to)[0]

    def _value(self, opened: Sequence[np.ndarray]) -> object:
        residues = [(int(v[0]), num.field.p) for v, num in zip(opened, self.numerators)]
        value = crt_combine(residues) if len(residues) > 1 else \
            self.numerators[0].field.to_signed(np.array([residues[0][0]], dtype=object))[0]
        return self.finish(Fraction(value, self.denominator))


def reveal_ratios(ratios: Sequence[SecureRatio], to: Sequence[int] | None = None
                  ) -> list[object]:
    """Several ratios (the mean and the variance, say) revealed in one round: their exact
    values for ``to``, Nones for the others."""
    if not ratios:
        return []
    items = [(num.field, num.shares) for ratio in ratios for num in ratio.numerators]
    opened = arithmetic.open_many(ratios[0].numerators[0].rt, items, to, what="output")
    if opened[0] is None:
        return [None] * len(ratios)
    values, at = [], 0
    for ratio in ratios:
        values.append(ratio._value(opened[at:at + len(ratio.numerators)]))
        at += len(ratio.numerators)
    return values


def count(x: SecureVector) -> int:
    """Number of records (public: every party knows how many values each party shared)."""
    return len(x)


def total(x: SecureVector) -> SecureNumber:
    """Σx (no communication)."""
    return x.sum()


def mean(x: SecureVector) -> SecureRatio | None:
    """Σx / n, exact; None for an empty column."""
    if len(x) == 0:
        return None
    return SecureRatio([x.sum()], len(x) << x.frac_bits)


def mean_fixed(x: SecureVector) -> SecureNumber:
    """The mean as a secure fixed-point number (for further secure computation).

    Σx is multiplied by the public integer round(2^k / n), with k large enough that the
    reciprocal's rounding stays below the last fractional place, and truncated by k bits: within
    about one unit in the last place. This needs k + the sum's bits + the mask bits to fit the
    field (the BN254 field, in practice, for 32-bit data).
    """
    n = len(x)
    if n == 0:
        raise MpcOverflowError("the mean of an empty column is undefined")
    total_ = x.sum()
    k = total_.bound.bit_length() + 2
    scale = round(Fraction(1 << k, n))
    bound = total_.bound * scale
    if not x.field.holds(bound):
        raise MpcOverflowError(f"the fixed-point mean of {n} values does not fit the "
                               f"{x.field.name} field; use --field bn254")
    scaled = x.field.mul_const(total_.shares, scale)
    shares = fixedpoint.truncate(x.rt, x.field, scaled, bound, k)
    return SecureNumber(x.rt, x.field, shares, x.bound + 1, x.frac_bits)


def _variance_numerator(x: SecureVector) -> list[SecureNumber]:
    """Shares of V = n·Σx² − (Σx)², in as many fields as V needs."""
    n = len(x)
    bound_v = 2 * n * n * x.bound * x.bound
    columns = [x]
    modulus = x.field.p
    while 2 * bound_v >= modulus:
        other = companion_field(columns[-1].field)
        if any(c.field == other for c in columns):
            raise MpcOverflowError(
                f"the variance of {n} values of {x.bound.bit_length()} bits is too wide even "
                "for two 64-bit fields; use --field bn254")
        columns.append(x.to_field(other))
        modulus *= other.p
    local = []
    for col in columns:
        f = col.field
        s1 = f.sum(col.shares)
        local.append((f, np.array([(n * f.dot(col.shares, col.shares) - s1 * s1) % f.p],
                                  dtype=f.dtype)))
    shares = arithmetic.reduce_degree_many(x.rt, local)  # one round for all fields
    return [SecureNumber(x.rt, col.field, sh, min(bound_v, col.field.p // 2), 2 * x.frac_bits)
            for col, sh in zip(columns, shares)]


def variance(x: SecureVector, sample: bool = True) -> SecureRatio | None:
    """Sample variance (n − 1 in the denominator) or, with ``sample=False``, the population's."""
    n = len(x)
    if n < (2 if sample else 1):
        return None
    denominator = n * (n - 1 if sample else n) << (2 * x.frac_bits)
    return SecureRatio(_variance_numerator(x), denominator)


def variances(x: SecureVector) -> tuple[SecureRatio | None, SecureRatio | None]:
    """(sample variance, population variance) over one secret numerator: one degree
    reduction for both, where two :func:`variance` calls cost a round each. None where
    undefined (fewer than two values, or none)."""
    n = len(x)
    if n == 0:
        return None, None
    numerators = _variance_numerator(x)
    population = SecureRatio(numerators, n * n << (2 * x.frac_bits))
    sample = SecureRatio(numerators, n * (n - 1) << (2 * x.frac_bits)) if n > 1 else None
    return sample, population


def stdev(x: SecureVector, sample: bool = True) -> SecureRatio | None:
    """Standard deviation: the variance is revealed inside and its square root returned."""
    v = variance(x, sample)
    if v is None:
        return None
    v.finish = lambda q: math.sqrt(q)
    return v


def extremes(x: SecureVector) -> tuple[SecureNumber, SecureNumber] | None:
    """(minimum, maximum) together: a tournament of ⌈log2 n⌉ levels, each one vector comparison
    and one vector multiplication for both; None for an empty column."""
    if len(x) == 0:
        return None
    low, high = x, x
    first = True
    while len(low) > 1:
        half = len(low) // 2
        a_low, b_low = low[:half], low[half:2 * half]
        a_high, b_high = high[:half], high[half:2 * half]
        if first:  # both tournaments start from the same pairs: compare them once
            a_less = a_low < b_low
            both = SecureVector.concat([a_less, a_less])
        else:
            both = SecureVector.concat([a_low - b_low, a_high - b_high]) < 0
        step = both * SecureVector.concat([a_low - b_low, b_high - a_high])
        new_low, new_high = b_low + step[:half], a_high + step[half:]
        new_low.bound = new_high.bound = x.bound
        rest_low, rest_high = low[2 * half:], high[2 * half:]
        low = SecureVector.concat([new_low, rest_low]) if len(rest_low) else new_low
        high = SecureVector.concat([new_high, rest_high]) if len(rest_high) else new_high
        first = False
    return low[0], high[0]


def minimum(x: SecureVector) -> SecureNumber | None:
    """The smallest value."""
    both = extremes(x)
    return None if both is None else both[0]


def maximum(x: SecureVector) -> SecureNumber | None:
    """The largest value."""
    both = extremes(x)
    return None if both is None else both[1]


_CONDITIONS = ("<", "<=", ">", ">=", "==", "!=")


def count_matches(x: SecureVector, conditions: Sequence[tuple[str, float]],
                  batch: int | None = None) -> list[SecureNumber]:
    """For each (op, value), how many records satisfy ``x op value`` (op: < <= > >= == !=).

    Every order condition becomes a sign test of x − c or c − x, and all of them run as one
    vector comparison; all equality tests run as one vector equality test. Records go through
    in batches of ``batch`` (by default as many as fill one comparison block with every
    condition), each batch's hits summed at once, so the working set does not grow with the
    column; the counts are the same for any batch size.
    """
    for op, _ in conditions:
        if op not in _CONDITIONS:
            raise ValueError(f"unknown condition {op!r}: use one of {' '.join(_CONDITIONS)}")
    n, f = len(x), x.field
    zero = SecureNumber(x.rt, f, f.zeros(1), 0, 0)
    if n == 0:
        return [zero for _ in conditions]
    order = [(i, op, c) for i, (op, c) in enumerate(conditions) if op not in ("==", "!=")]
    equal = [(i, op, c) for i, (op, c) in enumerate(conditions) if op in ("==", "!=")]
    counts: list[SecureNumber] = [zero] * len(conditions)
    for group, test, extra_rows in ((order, lambda d: d < 0, 2), (equal, lambda d: d == 0, 1)):
        if not group:
            continue
        # the bounds (hence the comparison's bits) of the differences, from an empty slice
        widest = max(d.bound for d in _differences(x[:0], group))
        rows = magnitude_bits(widest) + extra_rows
        size = batch or max(1, comparison.block_size(rows) // len(group))
        totals = [zero] * len(group)
        for start in range(0, n, size):
            part = x[start:start + size]
            hits = test(SecureVector.concat(_differences(part, group)))
            m = len(part)
            totals = [t + hits[k * m:(k + 1) * m].sum() for k, t in enumerate(totals)]
        for (i, op, _c), total_k in zip(group, totals):
            counts[i] = (n - total_k) if op in (">=", "<=", "!=") else total_k
    return counts


def _differences(part: SecureVector, group: Sequence[tuple[int, str, float]]
                 ) -> list[SecureVector]:
    """The values whose sign or zeroness decides each condition: x < c and x >= c test x − c,
    x > c and x <= c test c − x, == and != test x − c."""
    return [(part - c) if op in ("<", ">=", "==", "!=") else (-part + c) for _, op, c in group]


def count_if(x: SecureVector, op: str, value: float) -> SecureNumber:
    """How many records satisfy ``x op value``."""
    return count_matches(x, [(op, value)])[0]


def histogram(x: SecureVector, edges: Sequence[float]) -> SecureVector | None:
    """Counts per bin for public edges e_0 < … < e_k: below e_0, [e_i, e_{i+1}), at/above e_k
    (one vector comparison for all records and edges); None for an empty column."""
    if not edges or list(edges) != sorted(set(edges)):
        raise ValueError("histogram edges must be strictly increasing")
    if len(x) == 0:
        return None
    return histogram_from_counts(len(x), count_matches(x, [("<", e) for e in edges]))


def histogram_from_counts(n: int, below: Sequence[SecureNumber]) -> SecureVector:
    """Bin counts from the counts of records below each edge (no communication)."""
    bins = [below[0]] + [below[i + 1] - below[i] for i in range(len(below) - 1)] + \
        [n - below[-1]]
    first = bins[0]
    shares = np.concatenate([b.shares for b in bins]).astype(first.field.dtype)
    return SecureVector(first.rt, first.field, shares, n, 0)


def joint_total(rt: Runtime, subtotal: int, bound: int) -> SecureNumber:
    """Σ of every department's own subtotal: each shares one number, and only the grand total
    is revealed. ``bound`` is a public bound on the absolute value of every subtotal and of the
    grand total (e.g. the number of records times the largest value)."""
    f = rt.field
    if abs(subtotal) > bound:
        raise MpcOverflowError(f"subtotal exceeds the agreed bound {bound}")
    if not f.holds(bound):
        raise MpcOverflowError(f"totals up to {bound.bit_length()} bits do not fit the {f.name} "
                               "field; use --field bn254")
    rows = rt.scheme(f).share(f.from_ints(np.array([subtotal], dtype=object)))
    got = rt.exchange(Purpose.INPUT, {j: rows[j - 1] for j in rt.parties}, rt.parties, f,
                      counts=1)
    acc = got[1]
    for j in rt.parties[1:]:
        acc = f.add(acc, got[j])
    return SecureNumber(rt, f, acc, bound, 0)
