"""An interrupted batch restarted on the same output file goes on where it stopped."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import warnings

import pytest

from circuits.bulk import BulkError, prove_batch, verify_batch
from tests.circuits.bulk.conftest import CIRCUIT_FILE, assert_all_verify, write_inputs
from zk import groth16
from zk.formats.zkey import write_zkey


class StopAfter:
    """A progress callback that interrupts the batch after ``n`` statements, like Ctrl-C."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __call__(self, stage: str, done: int | None = None, total: int | None = None) -> None:
        if done == self.n:
            raise KeyboardInterrupt


def test_resume_after_interrupt_writes_no_line_twice(square, tmp_path):
    inputs = write_inputs(tmp_path / "in.jsonl", list(range(2, 10)))
    out = tmp_path / "proofs.jsonl"
    with pytest.raises(KeyboardInterrupt):
        prove_batch(square.circuit_class(), square.zkey, inputs, out, workers=2,
                    progress=StopAfter(3))
    assert len(out.read_text().splitlines()) == 3
    result = prove_batch(square.circuit_class(), square.zkey, inputs, out, workers=2)
    assert (result.resumed, result.proved, result.total) == (3, 8, 8)
    assert_all_verify(out, square.vk, list(range(1, 9)))
    again = prove_batch(square.circuit_class(), square.zkey, inputs, out)
    assert (again.resumed, again.proved) == (8, 8)
    assert_all_verify(out, square.vk, list(range(1, 9)))


def test_torn_last_line_is_cut_and_proved_again(square, tmp_path):
    inputs = write_inputs(tmp_path / "in.jsonl", [2, 3, 4, 5])
    out = tmp_path / "proofs.jsonl"
    prove_batch(square.circuit_class(), square.zkey, inputs, out, workers=1)
    data = out.read_bytes()
    out.write_bytes(data[: data.rfind(b"\n", 0, len(data) - 1) + 40])  # killed mid-write
    result = prove_batch(square.circuit_class(), square.zkey, inputs, out, workers=1)
    assert result.resumed == 3
    assert_all_verify(out, square.vk, [1, 2, 3, 4])


def test_driver_killed_mid_batch_then_resumed(square, tmp_path):
    inputs = write_inputs(tmp_path / "in.jsonl", list(range(2, 42)), rounds=400)
    out = tmp_path / "proofs.jsonl"
    script = (
        "import sys; from circuits import load_circuit; from circuits.bulk import prove_batch;"
        f"prove_batch(load_circuit({str(CIRCUIT_FILE)!r})(rounds=400), *sys.argv[1:4], workers=1)"
    )
    # A slower circuit (more rounds), with its own key, so that the kill lands mid-batch.
    slow = square.circuit_class(rounds=400)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", groth16.DevelopmentSetupWarning)
        pk = groth16.setup(slow.compile(rounds=400).r1cs)
    zkey = tmp_path / "slow.zkey"
    zkey.write_bytes(write_zkey(pk))
    proc = subprocess.Popen([sys.executable, "-c", script, str(zkey), str(inputs), str(out)])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not out.exists() or out.read_bytes().count(b"\n") < 3):
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = out.read_bytes().count(b"\n")
    assert 3 <= done < 40, "the batch was not interrupted mid-way"
    result = prove_batch(slow, zkey, inputs, out, workers=2)
    assert result.resumed == done and result.proved == 40
    records = [json.loads(t) for t in out.read_text().splitlines()]
    assert [r["line"] for r in records] == list(range(1, 41))
    assert verify_batch(out, pk.verifying_key()).valid == 40


def test_output_of_another_batch_is_refused_and_left_alone(square, tmp_path):
    inputs = write_inputs(tmp_path / "in.jsonl", [2, 3, 4])
    out = tmp_path / "proofs.jsonl"
    prove_batch(square.circuit_class(), square.zkey, inputs, out, workers=1)
    before = out.read_bytes()
    shorter = write_inputs(tmp_path / "short.jsonl", [2, 3])
    with pytest.raises(BulkError, match="only 2 statements"):
        prove_batch(square.circuit_class(), square.zkey, shorter, out)
    spaced = tmp_path / "spaced.jsonl"
    spaced.write_text("\n" + inputs.read_text())  # the same statements one line lower
    with pytest.raises(BulkError, match="not an earlier run of this batch"):
        prove_batch(square.circuit_class(), square.zkey, spaced, out)
    garbage = tmp_path / "notes.txt"
    garbage.write_text("dear diary\n")
    with pytest.raises(BulkError, match="not JSON"):
        prove_batch(square.circuit_class(), square.zkey, inputs, garbage)
    assert out.read_bytes() == before and garbage.read_text() == "dear diary\n"


def test_output_under_another_key_is_refused(square, tmp_path):
    inputs = write_inputs(tmp_path / "in.jsonl", [2, 3])
    out = tmp_path / "proofs.jsonl"
    prove_batch(square.circuit_class(), square.zkey, inputs, out, workers=1)
    record = json.loads(out.read_text().splitlines()[0])
    record["vk"] = "0" * 64
    out.write_text(json.dumps(record) + "\n")
    with pytest.raises(BulkError, match="another key"):
        prove_batch(square.circuit_class(), square.zkey, inputs, out)
