"""Every parallel kernel of the C core gives bit-identical results for 1, 2, 3 and 7 worker
threads (``ZKGOV_THREADS``, read by the core on every call), on random sizes that include 0,
sizes below the thread count, and sizes above the thresholds where work is split."""

from __future__ import annotations

import os
import random
import struct
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.zk.curve.conftest import G1_GEN, G2_GEN
from zk.curve.encoding import pack_g1, pack_g2
from zk.field import R
from zk.native import _bn254
from zk.qap import MATRIX_A, MATRIX_B

THREAD_COUNTS = ("1", "2", "3", "7")

#: Sizes around the thresholds where the kernels split their work (MSM chunks, scaling and
#: sparse rows per task of 256, G2 checks from 64 points, Poseidon rows from 256).
SIZES = st.sampled_from([0, 1, 2, 3, 5, 6, 7, 8, 63, 64, 65, 255, 257, 300])


def scalars(rng: random.Random, n: int) -> bytes:
    return b"".join(rng.randrange(R).to_bytes(32, "little") for _ in range(n))


def g1_points(rng: random.Random, n: int) -> bytes:
    return _bn254.g1_mul_batch(pack_g1([G1_GEN]), scalars(rng, n))


def g2_points(rng: random.Random, n: int) -> bytes:
    return _bn254.g2_mul_batch(pack_g2([G2_GEN]), scalars(rng, n))


@contextmanager
def worker_threads(count: str) -> Iterator[None]:
    """ZKGOV_THREADS set to ``count`` for the duration (the core reads it on every call)."""
    saved = os.environ.get("ZKGOV_THREADS")
    os.environ["ZKGOV_THREADS"] = count
    try:
        yield
    finally:
        if saved is None:
            del os.environ["ZKGOV_THREADS"]
        else:
            os.environ["ZKGOV_THREADS"] = saved


def same_for_every_thread_count(kernel: Callable[[], object]) -> None:
    results = []
    for threads in THREAD_COUNTS:
        with worker_threads(threads):
            assert _bn254.thread_count() == int(threads)
            results.append(kernel())
    assert all(r == results[0] for r in results[1:])


@settings(max_examples=6, deadline=None)
@given(n=SIZES, seed=st.integers(0, 2**32))
def test_msm_scaling_and_checks(n: int, seed: int) -> None:
    rng = random.Random(seed)
    p1, p2, ks = g1_points(rng, n), g2_points(rng, n), scalars(rng, n)
    for kernel in (
        lambda: _bn254.g1_msm(p1, ks),
        lambda: _bn254.g2_msm(p2, ks),
        lambda: _bn254.g1_msm(p1, ks, window=5, batch_affine=1, chunks=7),
        lambda: _bn254.g1_mul_batch(pack_g1([G1_GEN]), ks),
        lambda: _bn254.g2_mul_batch(pack_g2([G2_GEN]), ks),
        lambda: _bn254.g1_scale_batch(p1, ks),
        lambda: _bn254.g2_scale_batch(p2, ks),
        lambda: _bn254.g2_first_invalid(p2),
    ):
        same_for_every_thread_count(kernel)


@settings(max_examples=5, deadline=None)
@given(log_n=st.sampled_from([0, 1, 2, 3, 5, 9, 12, 13]), seed=st.integers(0, 2**32))
@example(log_n=13, seed=1)
def test_ntt_and_group_ifft(log_n: int, seed: int) -> None:
    rng = random.Random(seed)
    n = 1 << log_n
    values, shift = scalars(rng, n), scalars(rng, 1)
    p1 = g1_points(rng, min(n, 512))
    for kernel in (
        lambda: _bn254.fr_ntt(values),
        lambda: _bn254.fr_ntt(values, True),
        lambda: _bn254.fr_coset_ntt(values, shift, True),
        lambda: _bn254.g1_ifft(p1),
        lambda: _bn254.fr_powers(values[:32], shift, n),
    ):
        same_for_every_thread_count(kernel)


@settings(max_examples=5, deadline=None)
@given(n_rows=SIZES, seed=st.integers(0, 2**32))
def test_sparse_products(n_rows: int, seed: int) -> None:
    rng = random.Random(seed)
    n_points = 40
    p1, p2 = g1_points(rng, n_points), g2_points(rng, n_points)
    idx, ks, ends = [], [], []
    for _ in range(n_rows):
        for _ in range(rng.choice([0, 1, 2, 6])):
            idx.append(rng.randrange(n_points))
            ks.append(rng.choice([1, R - 1, rng.randrange(R)]))
        ends.append(len(idx))
    buffers = (struct.pack(f"<{len(idx)}I", *idx),
               b"".join(k.to_bytes(32, "little") for k in ks),
               struct.pack(f"<{len(ends)}I", *ends))
    same_for_every_thread_count(lambda: _bn254.g1_sparse_msm(p1, *buffers))
    same_for_every_thread_count(lambda: _bn254.g2_sparse_msm(p2, *buffers))


def coefficient_section(entries: list[tuple[int, int, int, int]]) -> bytes:
    body = b"".join(struct.pack("<III", m, row, sig) + c.to_bytes(32, "little")
                    for m, row, sig, c in entries)
    return struct.pack("<I", len(entries)) + body


@settings(max_examples=4, deadline=None)
@given(log_n=st.sampled_from([0, 1, 2, 3, 12]), seed=st.integers(0, 2**32),
       order=st.sampled_from(["matrix", "interleaved", "shuffled"]))
@example(log_n=12, seed=1, order="interleaved")
@example(log_n=12, seed=2, order="shuffled")
def test_qap_in_any_coefficient_order(log_n: int, seed: int,
                                      order: str) -> None:
    """The QAP quotient (threaded from 2^12 rows) for the coefficient orders of zkgov (all A,
    then all B), snarkjs (A and B interleaved per row) and any other: the same output."""
    rng = random.Random(seed)
    n, n_witness = 1 << log_n, 20
    rows = [[(m, row, rng.randrange(n_witness), rng.randrange(R))
             for m in (MATRIX_A, MATRIX_B) for _ in range(rng.randrange(3))]
            for row in range(n)]
    interleaved = [e for row in rows for e in row]
    entries = {"interleaved": interleaved,
               "matrix": sorted(interleaved, key=lambda e: e[0]),
               "shuffled": rng.sample(interleaved, len(interleaved))}[order]
    witness = scalars(rng, n_witness)
    section = coefficient_section(entries)
    same_for_every_thread_count(lambda: _bn254.qap_h(section, witness, n))
    assert _bn254.qap_h(section, witness, n) == _bn254.qap_h(
        coefficient_section(sorted(interleaved, key=lambda e: e[0])), witness, n)


def test_poseidon_batch() -> None:
    rng = random.Random(3)
    t, n_full, n_partial = 3, 8, 5
    constants = scalars(rng, (n_full + n_partial) * t)
    mds = scalars(rng, t * t)
    for rows in (0, 1, 5, 300):
        inputs = scalars(rng, rows * (t - 1))
        same_for_every_thread_count(lambda inputs=inputs: _bn254.poseidon_hash_batch(
            inputs, t - 1, constants, mds, n_full, n_partial))

