"""Progress: done / total, rate and time left as plain lines when stderr is not a terminal."""

from __future__ import annotations

import io

from circuits.bulk import console_progress, prove_batch
from circuits.bulk.progress import PlainProgress, SilentProgress
from tests.circuits.bulk.conftest import write_inputs


def test_plain_lines_say_done_total_rate_and_time_left():
    out = io.StringIO()
    progress = PlainProgress("proving", stream=out, every=0.0)
    progress.start(total=10, done=4)
    progress.advance()
    progress.finish()
    lines = out.getvalue().splitlines()
    assert lines[0] == "proving: resuming after 4 of 10"
    assert lines[1].startswith("proving: 5/10 (50%), ") and "/s" in lines[1]
    assert lines[1].endswith("left")


def test_quiet_says_nothing_and_a_pipe_gets_plain_lines(capsys):
    assert isinstance(console_progress("proving", quiet=True), SilentProgress)
    assert isinstance(console_progress("proving"), PlainProgress)  # stderr is captured


def test_a_batch_reports_every_statement(square, tmp_path):
    out = io.StringIO()
    inputs = write_inputs(tmp_path / "in.jsonl", [2, 3, 4])
    prove_batch(square.circuit_class(), square.zkey, inputs, tmp_path / "p.jsonl", workers=1,
                progress=PlainProgress("proving", stream=out, every=3600))
    assert out.getvalue().splitlines()[-1].startswith("proving: 3/3 (100%), ")
