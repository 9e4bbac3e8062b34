"""The department job in-process: option parsing and thresholds on the fixed-point grid."""

from __future__ import annotations

import operator
from fractions import Fraction

import pytest

from mpc.errors import MpcConfigError
from mpc.party import Job, parse_condition, parse_edges, parse_statistics, run_job
from mpc.session import run_local

OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
       "==": operator.eq, "!=": operator.ne}


def test_thresholds_off_the_fixed_point_grid_select_the_right_records() -> None:
    # 8 fractional bits: values are multiples of 1/256; 0.1 is not one of them
    scaled = [[-3 * 256, 25, 26, 27, 128], [0, 256 * 50 + 128], []]
    texts = ["<0.1", "<=0.1", ">0.1", ">=0.1", "==0.1", "!=0.1", "==50.5", "<=50.5", ">-3"]
    job = Job(statistics=("count", "min"), histogram=parse_edges("0.1,50.5"),
              conditions=tuple(parse_condition(t) for t in texts), frac_bits=8)
    got = run_local(lambda rt, v: run_job(rt, job, v), n=3, party_args=scaled)[0]["results"]
    xs = [Fraction(v, 256) for col in scaled for v in col]
    for op, value in job.conditions:
        label = f"count_if {op}{value.numerator if value.denominator == 1 else float(value)}"
        assert got[label] == sum(OPS[op](x, value) for x in xs), label
    assert got["histogram"]["counts"] == [3, 3, 1]
    assert got["min"] == -3


def test_option_parsing() -> None:
    assert parse_statistics("max, mean,count,mean") == ("count", "mean", "max")
    assert parse_condition(" >= 18 ") == (">=", Fraction(18))
    assert parse_condition("<-2.5") == ("<", Fraction(-5, 2))
    assert parse_edges("0, 10,20.5") == (0, 10, Fraction(41, 2))
    for bad, call in (("median", parse_statistics), ("=3", parse_condition),
                      ("<x", parse_condition), ("3,3", parse_edges), ("", parse_edges)):
        with pytest.raises(MpcConfigError):
            call(bad)
