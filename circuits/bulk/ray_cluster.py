"""Prove on a Ray cluster: the same work as Ray tasks, results streamed back in input order.

``address=None`` starts (or reuses) an embedded local cluster; any other value is given to
``ray.init`` (``"auto"``, ``"ray://head:10001"``, …). The key and the compiled circuit go into
the object store once (``ray.put``); a node fetches each once, and its worker processes keep
the decoded key and circuit between tasks (the key is a shared-memory buffer, not a copy per
process). A worker lost mid-task is retried by Ray (``max_retries``); the driver alone writes
output, in order, so a retried line still appears once. A line whose worker dies on every
try gets an error record instead of stopping the batch.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from circuits.bulk.errors import BulkError
from circuits.bulk.records import error_line
from circuits.bulk.worker import LineProver, unpack_circuit, use_threads
from zk.formats.zkey import read_zkey

#: Tries after the first for a task whose worker process dies.
MAX_RETRIES = 3

#: Worker-process cache: object id of the key → the prover built from it.
_provers: dict[str, LineProver] = {}


def _prove_task(shared: list[Any], threads: int, line: int, text: str) -> str:
    """Runs in a Ray worker. ``shared`` is ``[key ref, circuit ref]`` (nested in a list so
    that Ray does not fetch them for every task: a cached worker never reads them again)."""
    import ray

    key_ref, circuit_ref = shared
    prover = _provers.get(key_ref.hex())
    if prover is None:
        key, circuit = ray.get([key_ref, circuit_ref])
        prover = LineProver(unpack_circuit(circuit), read_zkey(memoryview(key), copy=False))
        _provers.clear()
        _provers[key_ref.hex()] = prover
    use_threads(threads)
    return prover.prove(line, text)


def connect(address: str | None, workers: int | None) -> bool:
    """``ray.init`` unless already connected; True when this call started the connection
    (and so should end it)."""
    import ray

    if ray.is_initialized():
        return False
    options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
    if address is None and workers:
        options["num_cpus"] = workers
    try:
        ray.init(address=address, **options)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise BulkError(f"cannot reach a Ray cluster at {address or 'local'}: {exc}") from exc
    return True


def prove_on_ray(
    circuit: bytes, zkey: bytes | memoryview, tasks: Iterable[tuple[int, str]], threads: int
) -> Iterator[str]:
    """Output lines for ``tasks`` (``(line, text)`` pairs), in their order, on the
    connected Ray cluster (see :func:`connect`)."""
    import ray
    from ray.exceptions import NodeDiedError, ObjectLostError, WorkerCrashedError

    largest = max((node["Resources"].get("CPU", 0) for node in ray.nodes() if node["Alive"]),
                  default=0)
    if threads > largest:
        raise BulkError(f"{threads} threads per task, but no node of the Ray cluster has more "
                        f"than {largest:g} CPUs: no task could ever start")
    shared = [ray.put(np.frombuffer(zkey, dtype=np.uint8)), ray.put(circuit)]
    remote = ray.remote(num_cpus=threads, max_retries=MAX_RETRIES)(_prove_task)
    window = 2 * max(1, int(ray.cluster_resources().get("CPU", 1)) // threads)
    source = iter(tasks)
    pending: deque[tuple[int, Any]] = deque()
    try:
        while True:
            while len(pending) < window:
                task = next(source, None)
                if task is None:
                    break
                pending.append((task[0], remote.remote(shared, threads, *task)))
            if not pending:
                return
            line, ref = pending.popleft()
            try:
                yield ray.get(ref)
            except (WorkerCrashedError, NodeDiedError, ObjectLostError) as exc:
                reason = type(exc).__name__
                yield error_line(line, f"the worker died on each of {MAX_RETRIES + 1} tries "
                                       f"({reason})")
    finally:
        for _, ref in pending:
            ray.cancel(ref)
