"""Parties as separate OS processes on 127.0.0.1, checked against the plain computation."""

from __future__ import annotations

import itertools
import json
import math
import random
import statistics
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

ALL = "count,sum,total,mean,variance,pvariance,stdev,min,max"
LIMIT = 2**31 - 1


ZKGOV = [sys.executable, "-m", "zkgov.main", "mpc"]
#: `python -m zkgov.commands.mpc` is `zkgov mpc` alone: quicker party processes
MPC = [sys.executable, "-m", "zkgov.commands.mpc"]


def party_command(i: int, config: Path, data: Path, *extra: str, cli: list[str] = MPC
                  ) -> list[str]:
    return [*cli, "party", "--id", str(i), "--config", str(config), "--input",
            str(data), "--column", "amount", "--json", *extra]


def plain(values: list[Fraction], edges: list[Fraction],
          conditions: list[tuple[str, Fraction]]) -> dict[str, object]:
    """What the parties should reveal, computed in the clear."""
    n = len(values)
    out: dict[str, object] = {
        "count": n, "sum": sum(values, Fraction(0)), "total": sum(values, Fraction(0)),
        "mean": Fraction(sum(values), n) if n else None,
        "variance": statistics.variance(values) if n > 1 else None,
        "pvariance": statistics.pvariance(values) if n else None,
        "min": min(values) if values else None, "max": max(values) if values else None,
    }
    bounds = [-math.inf, *edges, math.inf]
    out["histogram"] = [sum(1 for v in values if lo <= v < hi)
                        for lo, hi in itertools.pairwise(bounds)]
    ops = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
           ">=": lambda a, b: a >= b, "==": lambda a, b: a == b, "!=": lambda a, b: a != b}
    for op, c in conditions:
        out[f"{op}{c}"] = sum(1 for v in values if ops[op](v, c))
    return out


def check(report: dict, want: dict, conditions: list[tuple[str, Fraction]]) -> None:
    got, exact = report["results"], report["exact"]
    assert got["count"] == want["count"]
    for key in ("sum", "total", "mean", "variance", "pvariance", "min", "max"):
        if want[key] is None:
            assert got[key] is None, key
        else:
            assert Fraction(exact[key]) == want[key], key
    if want["variance"] is None:
        assert got["stdev"] is None
    else:
        assert math.isclose(got["stdev"], math.sqrt(want["variance"]), rel_tol=1e-12)
    assert got["histogram"]["counts"] == want["histogram"]
    for op, c in conditions:
        name = f"count_if {op}{c.numerator if c.denominator == 1 else float(c)}"
        assert got[name] == want[f"{op}{c}"], name


def test_three_parties_tls_every_statistic(tmp_path: Path, mpc_env: Any) -> None:
    rng = random.Random(7)
    config = mpc_env.write_deployment(tmp_path, 3, 1)
    data = [[rng.randint(-LIMIT, LIMIT) for _ in range(9)] + [LIMIT, -LIMIT, 0],
            [rng.randint(-1000, 1000) for _ in range(7)] + [5, 5],
            []]  # a department with no record at all
    files = [mpc_env.write_column(tmp_path / f"d{i}.csv", d) for i, d in enumerate(data, start=1)]
    edges = [Fraction(-1000), Fraction(0), Fraction(1000)]
    conditions = [("<", Fraction(0)), (">=", Fraction(5)), ("==", Fraction(5)),
                  ("!=", Fraction(0))]
    extra = ["--compute", ALL, "--histogram=-1000,0,1000", "--count-if", "<0",
             "--count-if", ">=5", "--count-if", "==5", "--count-if", "!=0"]
    runs = mpc_env.finish(mpc_env.start_parties([party_command(i, config, f, *extra, cli=ZKGOV)
                                                 for i, f in enumerate(files, start=1)],
                                                tmp_path))
    want = plain([Fraction(v) for d in data for v in d], edges, conditions)
    for rc, out, err in runs:
        assert rc == 0, err
        report = json.loads(out)
        assert report["corrected_parties"] == []
        check(report, want, conditions)


def test_five_parties_fixed_point_decimals(tmp_path: Path, mpc_env: Any) -> None:
    rng = random.Random(11)
    config = mpc_env.write_deployment(tmp_path, 5, 2)
    # multiples of 1/4 are exact with 8 fractional bits, so every result can be compared exactly
    data = [[Fraction(rng.randint(-400000, 400000), 4) for _ in range(5)] for _ in range(5)]
    files = [mpc_env.write_column(tmp_path / f"d{i}.csv", [float(v) for v in d])
             for i, d in enumerate(data, start=1)]
    conditions = [("<=", Fraction(1, 2)), (">", Fraction(-100))]
    extra = ["--compute", ALL, "--frac-bits", "8", "--histogram=-50.5,0,50.5",
             "--count-if", "<=0.5", "--count-if", ">-100"]
    runs = mpc_env.finish(mpc_env.start_parties([party_command(i, config, f, *extra)
                                 for i, f in enumerate(files, start=1)], tmp_path))
    want = plain([v for d in data for v in d], [Fraction(-101, 2), Fraction(0), Fraction(101, 2)],
                 conditions)
    for rc, out, err in runs:
        assert rc == 0, err
        check(json.loads(out), want, conditions)


def test_one_record_revealed_to_one_party(tmp_path: Path, mpc_env: Any) -> None:
    config = mpc_env.write_deployment(tmp_path, 3, 1, tls=False)
    data = [[], [-42], []]
    files = [mpc_env.write_column(tmp_path / f"d{i}.csv", d) for i, d in enumerate(data, start=1)]
    extra = ["--compute", ALL, "--histogram", "0", "--count-if", "<0", "--reveal-to", "2",
             "--insecure-plaintext"]
    runs = mpc_env.finish(mpc_env.start_parties([party_command(i, config, f, *extra)
                                 for i, f in enumerate(files, start=1)], tmp_path))
    want = plain([Fraction(-42)], [Fraction(0)], [("<", Fraction(0))])
    for i, (rc, out, err) in enumerate(runs, start=1):
        assert rc == 0, err
        report = json.loads(out)
        if i == 2:
            check(report, want, [("<", Fraction(0))])
        else:
            assert report["results"] is None


def test_no_records_at_all(tmp_path: Path, mpc_env: Any) -> None:
    config = mpc_env.write_deployment(tmp_path, 3, 1, tls=False)
    files = [mpc_env.write_column(tmp_path / f"d{i}.csv", []) for i in (1, 2, 3)]
    extra = ["--compute", ALL, "--histogram", "1,2", "--count-if", "==0",
             "--insecure-plaintext"]
    saved = tmp_path / "party-1-results.json"
    commands = [party_command(i, config, f, *extra) for i, f in enumerate(files, start=1)]
    commands[0] += ["--output", str(saved)]
    runs = mpc_env.finish(mpc_env.start_parties(commands, tmp_path))
    want = plain([], [Fraction(1), Fraction(2)], [("==", Fraction(0))])
    for rc, out, err in runs:
        assert rc == 0, err
        check(json.loads(out), want, [("==", Fraction(0))])
    assert json.loads(saved.read_text()) == json.loads(runs[0][1])


def test_parties_with_different_options_refuse_to_start(tmp_path: Path, mpc_env: Any) -> None:
    config = mpc_env.write_deployment(tmp_path, 3, 1)
    data = mpc_env.write_column(tmp_path / "d.csv", [1, 2])
    commands = [party_command(1, config, data, "--compute", "mean"),
                party_command(2, config, data, "--compute", "max")]
    runs = mpc_env.finish(mpc_env.start_parties(commands, tmp_path))
    for rc, _out, err in runs:
        assert rc == 2
        assert "different computation" in err
        assert len(err.strip().splitlines()) == 1


def test_bad_input_fails_alone_without_output(tmp_path: Path, mpc_env: Any) -> None:
    config = mpc_env.write_deployment(tmp_path, 3, 1)
    data = tmp_path / "bad.csv"
    data.write_text("id,amount\na,12\nb,12.5\n")
    out_file = tmp_path / "result.json"
    (rc, _out, err), = mpc_env.finish(mpc_env.start_parties(
        [party_command(1, config, data, "--output", str(out_file), cli=ZKGOV)], tmp_path))
    assert rc == 2
    assert "line 3" in err and "--frac-bits" in err
    assert not out_file.exists()
