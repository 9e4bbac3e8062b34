"""The native backend as a whole: protocol conformance, selection, and the thread knob."""

from __future__ import annotations

import random
import threading

import pytest

from tests.zk.curve.conftest import G1_GEN, G2_GEN
from zk.curve import get_backend
from zk.curve.base import Backend
from zk.curve.encoding import pack_g1, pack_g2, pack_scalars
from zk.curve.native import NativeBackend
from zk.curve.reference import ReferenceBackend
from zk.field import R
from zk.qap import QapMatrices, domain_for
from zk.r1cs import R1CS, Constraint, LinearCombination


def test_implements_the_backend_protocol() -> None:
    backend = NativeBackend()
    assert isinstance(backend, Backend)
    assert backend.name == "native"
    for name in dir(ReferenceBackend):
        if not name.startswith("_"):
            assert callable(getattr(backend, name)) or name == "name", name


def test_selected_by_default_and_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    assert get_backend("native").name == "native"
    monkeypatch.delenv("ZKGOV_BACKEND", raising=False)
    assert get_backend().name == "native"


@pytest.mark.parametrize("threads", ["1", "3"])
def test_results_do_not_depend_on_the_thread_count(
    threads: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = NativeBackend()
    rng = random.Random(8)
    g1 = pack_g1([backend.g1_mul(G1_GEN, rng.randrange(R)) for _ in range(64)]) * 80
    g2 = pack_g2([backend.g2_mul(G2_GEN, rng.randrange(R)) for _ in range(16)]) * 80
    s1 = pack_scalars(rng.randrange(R) for _ in range(len(g1) // 64))
    s2 = pack_scalars(rng.randrange(R) for _ in range(len(g2) // 128))
    cons = [Constraint(LinearCombination({i % 9: i + 1}), LinearCombination({(i * 5) % 9: 3}),
                       LinearCombination()) for i in range(5000)]
    r1cs = R1CS(9, 1, 0, 7, cons)
    coefs, n = QapMatrices.from_r1cs(r1cs), domain_for(r1cs)
    witness = pack_scalars([1] + [rng.randrange(R) for _ in range(8)])

    def run() -> tuple:
        return (backend.msm_g1(g1, s1), backend.msm_g2(g2, s2),
                backend.g1_mul_batch(G1_GEN, s1[:32 * 600]), backend.qap_h(coefs, witness, n))

    monkeypatch.setenv("ZKGOV_THREADS", "2")
    baseline = run()
    monkeypatch.setenv("ZKGOV_THREADS", threads)
    assert backend.thread_count() == int(threads)
    assert run() == baseline


def test_concurrent_callers_share_the_core_safely() -> None:
    """Calls release the GIL; several Python threads may run them at the same time."""
    backend = NativeBackend()
    rng = random.Random(2)
    points = pack_g1([backend.g1_mul(G1_GEN, rng.randrange(R)) for _ in range(32)]) * 64
    scalars = pack_scalars(rng.randrange(R) for _ in range(32 * 64))
    expected = backend.msm_g1(points, scalars)
    results: list = []
    workers = [threading.Thread(target=lambda: results.append(backend.msm_g1(points, scalars)))
               for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert results == [expected] * 4
