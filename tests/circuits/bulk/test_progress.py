"""Progress: the library reports done/total; the command shows it, with rate and time left."""

from __future__ import annotations

import argparse

from circuits.bulk import prove_batch, verify_batch
from tests.circuits.bulk.conftest import write_inputs
from zkgov import common


def test_a_batch_reports_each_statement_done_of_total(square, tmp_path):
    calls = []
    inputs = write_inputs(tmp_path / "in.jsonl", [2, 3, 4])
    out = tmp_path / "p.jsonl"
    prove_batch(square.circuit_class(), square.zkey, inputs, out, workers=1,
                progress=lambda stage, done=None, total=None: calls.append((stage, done, total)))
    assert calls == [("proving", 0, 3), ("proving", 1, 3), ("proving", 2, 3), ("proving", 3, 3)]
    calls.clear()
    verify_batch(out, square.vk, chunk=2,
                 progress=lambda stage, done=None, total=None: calls.append((stage, done, total)))
    assert calls[0] == ("verifying", 0, 3) and calls[-1] == ("verifying", 3, 3)


def test_plain_lines_say_done_total_rate_and_time_left(monkeypatch, capsys):
    clock = iter(range(0, 1000, 6))  # each call to the clock: six seconds later
    monkeypatch.setattr(common.time, "monotonic", lambda: next(clock))
    monkeypatch.setenv(common.PROGRESS_ENV, "plain")
    args = argparse.Namespace(quiet=False, json=False)
    with common.progress(args, "batch") as step:
        step("proving", 4, 10)  # resumed after 4 of 10
        for done in range(5, 11):
            step("proving", done, 10)
    lines = capsys.readouterr().err.splitlines()
    counted = [line for line in lines if "/10 (" in line]
    assert counted, lines
    assert counted[0].startswith("batch: proving ") and "/s" in counted[0]
    assert counted[0].endswith("left")
    assert lines[-1].startswith("batch: done in")
