"""Failures between party processes: a killed party, a stalled party, corrupted shares."""

from __future__ import annotations

import json
import random
import sys
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

# `python -m zkgov.commands.mpc` is `zkgov mpc` alone: quicker party processes
ZKGOV = [sys.executable, "-m", "zkgov.commands.mpc", "party"]


def args(i: int, config: Path, data: Path, *extra: str) -> list[str]:
    return ["--id", str(i), "--config", str(config), "--input", str(data), "--column", "amount",
            "--json", *extra]


def deploy(tmp_path: Path, mpc_env: Any, n: int, t: int, timeout: float = 20.0,
           size: int = 12) -> tuple[Path, list[Path], list[list[int]]]:
    rng = random.Random(n * 100 + t)
    config = mpc_env.write_deployment(tmp_path, n, t, timeout=timeout)
    data = [[rng.randint(-10**6, 10**6) for _ in range(size)] for _ in range(n)]
    files = [mpc_env.write_column(tmp_path / f"d{i}.csv", d) for i, d in enumerate(data, 1)]
    return config, files, data


def test_killed_party_gives_the_others_a_clear_error(tmp_path: Path, mpc_env: Any) -> None:
    config, files, _ = deploy(tmp_path, mpc_env, 3, 1)
    extra = ("--compute", "min,max")
    commands = [[*ZKGOV, *args(1, config, files[0], *extra)],
                [*mpc_env.fault_party, "--fault", "crash", "--after", "6", "--",
                 *args(2, config, files[1], *extra)],
                [*ZKGOV, *args(3, config, files[2], *extra)]]
    started = time.monotonic()
    runs = mpc_env.finish(mpc_env.start_parties(commands, tmp_path))
    assert runs[1][0] == -9  # SIGKILL
    for rc, _out, err in (runs[0], runs[2]):
        assert rc == 2, err
        assert "party 2" in err
        assert len(err.strip().splitlines()) == 1
    assert time.monotonic() - started < 20  # well before the 20 s receive deadline


def test_stalled_party_times_out_on_the_others(tmp_path: Path, mpc_env: Any) -> None:
    config, files, _ = deploy(tmp_path, mpc_env, 3, 1)
    extra = ("--compute", "min", "--timeout", "3")
    procs = mpc_env.start_parties(
        [[*ZKGOV, *args(1, config, files[0], *extra)],
         [*ZKGOV, *args(2, config, files[1], *extra)],
         [*mpc_env.fault_party, "--fault", "stall", "--after", "6", "--",
          *args(3, config, files[2], *extra)]], tmp_path)
    try:
        runs = mpc_env.finish(procs[:2], timeout=60)
    finally:
        procs[2].kill()
        procs[2].communicate()
    for rc, _out, err in runs:
        assert rc == 2, err
        assert "within 3 s" in err, err
    # party 1 may be waiting on party 2, itself waiting on party 3: someone names the staller
    assert any("party 3" in err for _rc, _out, err in runs)


def test_corrupted_shares_are_detected_with_three_parties(tmp_path: Path, mpc_env: Any) -> None:
    config, files, _ = deploy(tmp_path, mpc_env, 3, 1)
    extra = ("--compute", "mean")
    runs = mpc_env.finish(mpc_env.start_parties(
        [[*ZKGOV, *args(1, config, files[0], *extra)],
         [*mpc_env.fault_party, "--fault", "corrupt", "--", *args(2, config, files[1], *extra)],
         [*ZKGOV, *args(3, config, files[2], *extra)]], tmp_path))
    for rc, out, err in (runs[0], runs[2]):
        assert rc == 2, (out, err)
        assert "inconsistent" in err, err
        assert "cannot be identified" in err


def test_corrupted_shares_are_named_and_corrected_when_n_is_3t_plus_1(
        tmp_path: Path, mpc_env: Any) -> None:
    config, files, data = deploy(tmp_path, mpc_env, 5, 1, size=6)
    extra = ("--compute", "count,mean,min", "--count-if", ">0")
    commands = [[*ZKGOV, *args(i, config, files[i - 1], *extra)] for i in (1, 2, 3, 5)]
    commands.insert(3, [*mpc_env.fault_party, "--fault", "corrupt", "--",
                        *args(4, config, files[3], *extra)])
    runs = mpc_env.finish(mpc_env.start_parties(commands, tmp_path))
    values = [v for d in data for v in d]
    for i, (rc, out, err) in enumerate(runs, start=1):
        assert rc == 0, err
        if i == 4:
            continue
        report = json.loads(out)
        assert report["corrected_parties"] == [4]
        assert "party 4 sent wrong shares" in err
        assert Fraction(report["exact"]["mean"]) == Fraction(sum(values), len(values))
        assert report["results"]["min"] == min(values)
        assert report["results"]["count_if >0"] == sum(v > 0 for v in values)
