"""verify_batch: a file of proof records, grouped by key, the bad lines named."""

from __future__ import annotations

import json
import warnings

import pytest

from circuits.bulk import BulkError, prove_batch, verify_batch
from tests.circuits.bulk.conftest import write_inputs
from zk import groth16
from zk.formats.zkey import write_zkey


@pytest.fixture(scope="module")
def proved(square, tmp_path_factory):
    folder = tmp_path_factory.mktemp("proved")
    inputs = write_inputs(folder / "in.jsonl", list(range(2, 14)))
    out = folder / "proofs.jsonl"
    prove_batch(square.circuit_class(), square.zkey, inputs, out, workers=1)
    return out.read_text().splitlines()


def _write(path, lines):
    path.write_text("".join(line + "\n" for line in lines))
    return path


def test_tampered_proofs_are_found_by_line(square, proved, tmp_path):
    lines = list(proved)
    for i in (2, 9):
        record = json.loads(lines[i])
        record["public"][0] = str(int(record["public"][0]) + 1)
        lines[i] = json.dumps(record)
    record = json.loads(lines[5])
    record["proof"]["pi_c"] = ["1", "3", "1"]  # not on the curve
    lines[5] = json.dumps(record)
    lines.insert(7, "{torn")
    report = verify_batch(_write(tmp_path / "p.jsonl", lines), square.vk, chunk=4)
    assert report.total == 13 and report.valid == 9 and not report.ok
    assert [(bad.line, bad.input_line) for bad in report.invalid] == [
        (3, 3), (6, 6), (8, None), (11, 10)
    ]
    assert "does not verify" in report.invalid[0].reason
    assert "not JSON" in report.invalid[2].reason


def test_one_combination_per_key_in_a_mixed_file(square, proved, tmp_path):
    other = square.circuit_class(rounds=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", groth16.DevelopmentSetupWarning)
        pk = groth16.setup(other.compile(rounds=2).r1cs)
    zkey = tmp_path / "other.zkey"
    zkey.write_bytes(write_zkey(pk))
    inputs = write_inputs(tmp_path / "in.jsonl", [5, 6, 7], rounds=2)
    prove_batch(other, zkey, inputs, tmp_path / "other.jsonl", workers=1)
    mixed = [*proved[:4], *(tmp_path / "other.jsonl").read_text().splitlines(), *proved[4:]]
    path = _write(tmp_path / "mixed.jsonl", mixed)
    report = verify_batch(path, [square.vk, pk.verifying_key()])
    assert report.ok and report.valid == 15
    only_one = verify_batch(path, square.vk)
    assert [bad.line for bad in only_one.invalid] == [5, 6, 7]
    assert "not one of those given" in only_one.invalid[0].reason


def test_records_without_a_key_hash_need_a_single_key(square, proved, tmp_path):
    lines = []
    for line in proved[:3]:
        record = json.loads(line)
        del record["vk"]
        lines.append(json.dumps(record))
    path = _write(tmp_path / "p.jsonl", lines)
    assert verify_batch(path, square.vk).valid == 3
    report = verify_batch(path, [square.vk, square.vk])
    assert report.valid == 3  # the same key twice is still one key


def test_unreadable_file_is_an_error(square, tmp_path):
    with pytest.raises(BulkError, match="not found"):
        verify_batch(tmp_path / "missing.jsonl", square.vk)
    with pytest.raises(BulkError, match="at least one"):
        verify_batch(tmp_path / "missing.jsonl", [])
