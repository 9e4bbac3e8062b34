"""Bulk proving on an embedded two-CPU Ray cluster, with a worker lost mid-batch."""

from __future__ import annotations

import pytest

from circuits.bulk import BulkError, prove_batch, verify_batch
from tests.circuits.bulk.conftest import assert_all_verify, write_inputs

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def ray_cluster():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.mark.timeout(300)
def test_batch_on_ray_in_order(square, tmp_path, ray_cluster):
    inputs = write_inputs(tmp_path / "in.jsonl", list(range(2, 12)))
    inputs.write_text(inputs.read_text() + '{"x": 3}\n')
    out = tmp_path / "proofs.jsonl"
    result = prove_batch(square.circuit_class(), square.zkey, inputs, out, ray=True)
    assert ray.is_initialized(), "a cluster the caller started must stay up"
    assert result.proved == 10 and result.failures == ((11, "missing input(s): y"),)
    report = verify_batch(out, square.vk)
    assert report.valid == 10 and [bad.input_line for bad in report.invalid] == [11]


@pytest.mark.timeout(300)
def test_worker_lost_mid_batch_is_retried_without_duplicates(square, tmp_path, ray_cluster):
    marker = tmp_path / "crashed"
    circuit = square.circuit_class(crash_marker=str(marker), crash_x=7)
    inputs = write_inputs(tmp_path / "in.jsonl", list(range(2, 14)))
    out = tmp_path / "proofs.jsonl"
    result = prove_batch(circuit, square.zkey, inputs, out, ray=True)
    assert marker.exists(), "no worker died: the test proves nothing"
    assert result.proved == 12 and not result.failures
    assert_all_verify(out, square.vk, list(range(1, 13)))


def test_more_threads_than_any_node_has_is_refused(square, tmp_path, ray_cluster):
    inputs = write_inputs(tmp_path / "in.jsonl", [2])
    out = tmp_path / "proofs.jsonl"
    with pytest.raises(BulkError, match="no node of the Ray cluster has more than 2 CPUs"):
        prove_batch(square.circuit_class(), square.zkey, inputs, out, ray=True, threads=3)
    assert not out.exists()
