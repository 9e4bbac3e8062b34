"""Bulk proving on local worker processes: order, bad lines, a worker killed mid-batch."""

from __future__ import annotations

import json
import os

import pytest

from circuits.bulk import BulkError, prove_batch, verify_batch
from tests.circuits.bulk.conftest import assert_all_verify, statement, write_inputs


@pytest.mark.parametrize("workers", [1, 2])
def test_every_line_proved_once_in_order(square, tmp_path, workers):
    inputs = write_inputs(tmp_path / "in.jsonl", list(range(2, 9)))
    out = tmp_path / "proofs.jsonl"
    result = prove_batch(square.circuit_class(), square.zkey, inputs, out, workers=workers)
    assert (result.total, result.proved, result.failures, result.resumed) == (7, 7, (), 0)
    assert_all_verify(out, square.vk, list(range(1, 8)))
    assert verify_batch(out, square.vk).ok


def test_bad_lines_reported_with_their_number_and_reason(square, tmp_path):
    lines = [
        json.dumps(statement(3)),
        "",  # blank: skipped, no record
        "{not json",
        json.dumps({"x": 5, "y": 7}),  # false statement: the witness breaks a constraint
        json.dumps({"x": 5}),
        "[1, 2]",
        json.dumps(statement(4)),
    ]
    inputs = tmp_path / "in.jsonl"
    inputs.write_text("\n".join(lines) + "\n")
    out = tmp_path / "proofs.jsonl"
    result = prove_batch(square.circuit_class(), square.zkey, inputs, out, workers=2)
    assert result.total == 6 and result.proved == 2
    failed = dict(result.failures)
    assert sorted(failed) == [3, 4, 5, 6]
    assert "not valid JSON" in failed[3]
    assert "constraint" in failed[4]
    assert "missing input(s): y" in failed[5]
    assert "JSON object" in failed[6]
    records = [json.loads(t) for t in out.read_text().splitlines()]
    assert [r["line"] for r in records] == [1, 3, 4, 5, 6, 7]
    assert [("error" in r) for r in records] == [False, True, True, True, True, False]
    report = verify_batch(out, square.vk)
    assert report.valid == 2 and [bad.input_line for bad in report.invalid] == [3, 4, 5, 6]


def test_worker_killed_mid_batch_is_replaced_without_duplicates(square, tmp_path):
    marker = tmp_path / "crashed"
    circuit = square.circuit_class(crash_marker=str(marker), crash_x=6)
    inputs = write_inputs(tmp_path / "in.jsonl", list(range(2, 12)))
    out = tmp_path / "proofs.jsonl"
    result = prove_batch(circuit, square.zkey, inputs, out, workers=2)
    assert marker.exists(), "no worker died: the test proves nothing"
    assert result.proved == 10 and not result.failures
    assert_all_verify(out, square.vk, list(range(1, 11)))


def test_nothing_written_when_the_batch_cannot_start(square, tmp_path):
    out = tmp_path / "proofs.jsonl"
    with pytest.raises(BulkError, match="inputs file not found"):
        prove_batch(square.circuit_class(), square.zkey, tmp_path / "missing.jsonl", out)
    inputs = write_inputs(tmp_path / "in.jsonl", [2])
    with pytest.raises(BulkError, match="does not belong to circuit"):
        prove_batch(square.circuit_class(rounds=5), square.zkey, inputs, out)
    with pytest.raises(BulkError, match="proving key not found"):
        prove_batch(square.circuit_class(), tmp_path / "no.zkey", inputs, out)
    assert not out.exists()


def test_one_worker_leaves_the_callers_thread_setting_alone(square, tmp_path, monkeypatch):
    monkeypatch.setenv("ZKGOV_THREADS", "7")
    inputs = write_inputs(tmp_path / "in.jsonl", [2])
    prove_batch(square.circuit_class(), square.zkey, inputs, tmp_path / "p.jsonl", workers=1,
                threads=1)
    assert os.environ["ZKGOV_THREADS"] == "7"
