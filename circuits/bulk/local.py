"""Prove on this machine's cores: one process per worker, results back in input order.

Each worker process loads the circuit once and maps the key once (see
:mod:`circuits.bulk.worker`), and lets the native core use ``threads`` threads, so that
workers × threads matches the cores. With one worker the batch runs in this process.
A worker that dies (killed, out of memory) breaks the pool: a new pool takes over and the
lines not yet returned are proved again; their output is written by the caller only, in
order, so none appears twice.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from circuits.bulk.errors import BulkError
from circuits.bulk.worker import (
    LineProver,
    map_key,
    threads_for_a_while,
    unpack_circuit,
    use_threads,
)

#: Pools in a row that may die before any line comes back, before the batch gives up.
MAX_RESTARTS = 3

_prover: LineProver | None = None


def _init_worker(circuit: bytes, zkey: str, threads: int) -> None:
    global _prover
    use_threads(threads)
    _prover = LineProver(unpack_circuit(circuit), map_key(Path(zkey)))


def _prove(line: int, text: str) -> str:
    assert _prover is not None, "worker used before its initializer ran"
    return _prover.prove(line, text)


def _context() -> multiprocessing.context.BaseContext:
    """Fork where the system has it: a spawned worker would run the caller's script again
    (a script without an ``if __name__ == "__main__"`` guard would start the batch again).
    Forking is safe here because the native core keeps no threads between calls."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def prove_in_processes(
    circuit: bytes, zkey: Path, tasks: Iterable[tuple[int, str]], workers: int, threads: int
) -> Iterator[str]:
    """Output lines for ``tasks`` (``(line, text)`` pairs), in their order."""
    if workers <= 1:
        prover = LineProver(unpack_circuit(circuit), map_key(zkey))
        for line, text in tasks:
            with threads_for_a_while(threads):
                result = prover.prove(line, text)
            yield result
        return
    context = _context()
    window = 2 * workers
    source = iter(tasks)
    # [line, text, future]; the future is None until submitted to the current pool.
    pending: deque[list[Any]] = deque()
    restarts = 0

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            workers, mp_context=context, initializer=_init_worker,
            initargs=(circuit, str(zkey), threads),
        )

    pool = new_pool()
    try:
        while True:
            try:
                while len(pending) < window:
                    task = next(source, None)
                    if task is None:
                        break
                    pending.append([*task, None])
                for entry in pending:
                    if entry[2] is None:
                        entry[2] = pool.submit(_prove, entry[0], entry[1])
                if not pending:
                    return
                result = pending[0][2].result()
            except BrokenProcessPool:
                restarts += 1
                if restarts > MAX_RESTARTS:
                    raise BulkError(
                        f"worker processes died {restarts} times in a row (last while input "
                        f"line {pending[0][0]} was pending): out of memory, or killed?"
                    ) from None
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
                for entry in pending:
                    entry[2] = None
                continue
            pending.popleft()
            restarts = 0
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
