"""Statistics against Python's own, on random data with in-process parties."""

from __future__ import annotations

import itertools
import math
import statistics
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mpc import statistics as stats
from mpc.errors import MpcOverflowError
from mpc.runtime import Runtime
from mpc.secure import SecureVector
from mpc.session import run_local

LIMIT = 2**31 - 1
COLUMN = st.lists(st.one_of(st.integers(-LIMIT, LIMIT), st.integers(-5, 5)), max_size=8)


@settings(max_examples=10, deadline=None)
@given(st.lists(COLUMN, min_size=3, max_size=3))
def test_every_statistic_matches_the_plain_computation(columns: list[list[int]]) -> None:
    values = [v for c in columns for v in c]
    edges = [-1000, 0, 3, 10**9]

    def program(rt: Runtime, mine: list[int]) -> dict:
        col = SecureVector.concat(rt.input(mine))
        out: dict = {"count": stats.count(col), "sum": stats.total(col).reveal()}
        for name, ratio in (("mean", stats.mean(col)), ("var", stats.variance(col)),
                            ("pvar", stats.variance(col, sample=False)),
                            ("sd", stats.stdev(col))):
            out[name] = None if ratio is None else ratio.reveal()
        both = stats.extremes(col)
        out["min"], out["max"] = (None, None) if both is None else (both[0].reveal(),
                                                                    both[1].reveal())
        hist = stats.histogram(col, edges)
        out["hist"] = None if hist is None else hist.reveal()
        out["counts"] = [c.reveal() for c in stats.count_matches(
            col, [("<", 0), ("<=", 0), (">", 3), (">=", 3), ("==", 5), ("!=", 5)])]
        out["joint"] = stats.joint_total(rt, sum(mine), 24 * LIMIT).reveal()
        return out

    for got in run_local(program, n=3, party_args=columns):
        n = len(values)
        assert got["count"] == n and got["sum"] == sum(values) and got["joint"] == sum(values)
        assert got["mean"] == (Fraction(sum(values), n) if n else None)
        exact = [Fraction(v) for v in values]
        assert got["var"] == (statistics.variance(exact) if n > 1 else None)
        assert got["pvar"] == (statistics.pvariance(exact) if n else None)
        if n > 1:
            assert math.isclose(got["sd"], math.sqrt(statistics.variance(exact)))
        assert got["min"] == (min(values) if values else None)
        assert got["max"] == (max(values) if values else None)
        bounds = [-math.inf, *edges, math.inf]
        want_hist = [sum(lo <= v < hi for v in values) for lo, hi in itertools.pairwise(bounds)]
        assert got["hist"] == (want_hist if values else None)
        assert got["counts"] == [sum(v < 0 for v in values), sum(v <= 0 for v in values),
                                 sum(v > 3 for v in values), sum(v >= 3 for v in values),
                                 sum(v == 5 for v in values), sum(v != 5 for v in values)]


def test_variance_in_bn254_needs_no_second_field() -> None:
    values = [LIMIT, -LIMIT, 0, 17]

    def program(rt: Runtime) -> object:
        col = SecureVector.concat(rt.input(values if rt.party_id == 1 else []))
        ratio = stats.variance(col)
        assert ratio is not None and len(ratio.numerators) == 1
        return ratio.reveal()

    assert run_local(program, n=3, field="bn254")[0] == statistics.variance(
        [Fraction(v) for v in values])


def test_statistics_reveal_only_to_named_parties() -> None:
    def program(rt: Runtime) -> object:
        col = SecureVector.concat(rt.input([rt.party_id]))
        return stats.mean(col).reveal(to=[1])

    assert run_local(program, n=3) == [Fraction(2), None, None]


def test_bad_arguments_are_refused() -> None:
    def program(rt: Runtime) -> object:
        col = SecureVector.concat(rt.input([1]))
        with pytest.raises(ValueError, match="strictly increasing"):
            stats.histogram(col, [3, 1])
        with pytest.raises(ValueError, match="unknown condition"):
            stats.count_if(col, "~", 1)
        with pytest.raises(MpcOverflowError):
            stats.joint_total(rt, 10, 5)
        return True

    assert all(run_local(program, n=3))


def test_variance_from_twin_shares_needs_no_conversion() -> None:
    from mpc.field import companion_field

    values = [2**31 - 1, -(2**31) + 1, 5, 0, 123456789]

    def program(rt: Runtime) -> object:
        other = companion_field(rt.field)
        col = SecureVector.concat(rt.input(values if rt.party_id == 2 else [],
                                           twin_fields=[other]))
        assert other.p in col.twins
        before = rt.next_tag()
        ratio = stats.variance(col)
        result = ratio.reveal()
        # one re-sharing round and one opening: no dealing or opening for a conversion
        assert rt.next_tag() - before == 3
        return result

    assert run_local(program, n=3)[0] == statistics.variance([Fraction(v) for v in values])


@pytest.mark.parametrize("columns", [[[5, -3, 7], [2, 2], [11]], [[4], [], []], [[], [], []]])
def test_both_variances_share_one_numerator_and_one_round(columns: list[list[int]]) -> None:
    """variances() gives the sample and the population variance from one degree reduction,
    equal to what variance() gives for each; None where a variance is undefined."""
    values = [Fraction(v) for c in columns for v in c]

    def program(rt: Runtime, mine: list[int]) -> tuple:
        col = SecureVector.concat(rt.input(mine))
        before = rt.rounds
        sample, population = stats.variances(col)
        both = rt.rounds - before
        before = rt.rounds
        one = stats.variance(col, sample=False)
        rounds = (both, rt.rounds - before)
        pair = [None if r is None else r.reveal() for r in (sample, population)]
        alone = [None if r is None else r.reveal() for r in (stats.variance(col), one)]
        return pair, alone, rounds

    want = [statistics.variance(values) if len(values) > 1 else None,
            statistics.pvariance(values) if values else None]
    for pair, alone, (both, one) in run_local(program, n=3, party_args=columns):
        assert pair == alone == want
        assert both == one  # what one variance costs (1 with twin shares, see above)


def test_ratios_revealed_together_take_one_round() -> None:
    """The mean and both variances open in a single round, with the values they have alone;
    the job of the CLI reveals its ratio statistics that way."""
    columns = [[5, -3, 7], [2, 2], [11]]
    values = [Fraction(v) for c in columns for v in c]

    def program(rt: Runtime, mine: list[int]) -> tuple:
        col = SecureVector.concat(rt.input(mine))
        ratios = [stats.mean(col), stats.variance(col), stats.variance(col, sample=False)]
        before = rt.rounds
        together = stats.reveal_ratios(ratios)
        return together, rt.rounds - before, [r.reveal() for r in ratios]

    for together, rounds, alone in run_local(program, n=3, party_args=columns):
        assert rounds == 1
        assert together == alone == [statistics.mean(values), statistics.variance(values),
                                     statistics.pvariance(values)]
    assert stats.reveal_ratios([]) == []
