"""Reliability: appends survive SIGKILL at random moments, and concurrent appenders agree.

The appenders are forked child processes (each with its own SQLite connection, opened after
the fork), so a run costs no interpreter start-up.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sys
import time
from pathlib import Path

import pytest

from ledger import Ledger, NoteSigner, admit_commitment
from ledger.keys import read_signer_key, write_signer_key

KILL_RUNS = 20
FORK = multiprocessing.get_context("fork") if sys.platform != "win32" else None

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals")


def _appender(path: Path, key: Path, tag: str, fd: int, count: int = 0,
              go: Path | None = None) -> None:
    """Child process: append batches of 1-3 commitments (``count`` entries, 0 = until
    killed), writing ``ACK <index> <leaf hash> <context>`` to ``fd`` after each append
    returned. Waits for the file ``go`` (if given) after saying READY."""
    log = Ledger.open(path, read_signer_key(key))
    os.write(fd, b"READY\n")
    deadline = time.monotonic() + 60
    while go is not None and not go.exists() and time.monotonic() < deadline:
        time.sleep(0.002)
    n = 0
    while count == 0 or n < count:
        size = 1 + n % 3 if count == 0 else min(1 + n % 3, count - n)
        items = [admit_commitment(str(n + j), "poseidon", f"{tag}-{n + j}") for j in range(size)]
        for offset, receipt in enumerate(log.append_batch(items)):
            line = f"ACK {receipt.index} {receipt.leaf_hash.hex()} {tag}-{n + offset}\n"
            os.write(fd, line.encode())
        n += size
    log.close()
    os.close(fd)


def _acks(stdout: str) -> list[tuple[int, str, str]]:
    out = []
    for line in stdout.splitlines():
        parts = line.split(" ")
        if parts[0] == "ACK" and len(parts) == 4:  # a line cut by the kill is not an ack
            out.append((int(parts[1]), parts[2], parts[3]))
    return out


@pytest.fixture
def keyed_ledger(tmp_path, location):
    """A ledger on the test's engine (SQLite file or PostgreSQL) with its key file."""
    signer = NoteSigner.generate("durability.example.gov/ledger")
    path, key = location("l.sqlite"), tmp_path / "l.key"
    write_signer_key(key, signer)
    Ledger.create(path, signer).close()
    return path, key, signer


def test_sigkill_never_loses_an_acknowledged_append(keyed_ledger):
    path, key, signer = keyed_ledger
    rng = random.Random(20240501)
    acked: dict[int, tuple[str, str]] = {}
    for run in range(KILL_RUNS):
        read_end, write_end = os.pipe()
        child = FORK.Process(target=_appender, args=(path, key, f"run{run}", write_end),
                             daemon=True)
        child.start()
        os.close(write_end)
        with os.fdopen(read_end, "r", encoding="utf-8") as pipe:
            assert pipe.readline().strip() == "READY"
            time.sleep(rng.uniform(0.0, 0.3))
            os.kill(child.pid, signal.SIGKILL)
            child.join(timeout=30)
            rest = pipe.read()
        assert child.exitcode == -signal.SIGKILL
        for index, leaf, context in _acks(rest):
            assert index not in acked, f"index {index} acknowledged twice"
            acked[index] = (leaf, context)
        with Ledger.open(path) as log:  # the log opens after every crash...
            for index, (leaf, context) in acked.items():  # ...with every acked entry
                entry = log.entry(index)
                assert entry.leaf_hash.hex() == leaf
                assert entry.record.context == context
            report = log.audit(verifier=signer.verifier())
            assert report.ok, f"run {run}: {report.failure}"
            assert report.size >= len(acked)
    assert len(acked) > KILL_RUNS  # the runs did append


def test_concurrent_appenders(keyed_ledger):
    path, key, signer = keyed_ledger
    workers, per_worker = 4, 45
    go = key.with_name("go")
    children, pipes = [], []
    for w in range(workers):
        read_end, write_end = os.pipe()
        child = FORK.Process(target=_appender,
                             args=(path, key, f"w{w}", write_end, per_worker, go), daemon=True)
        child.start()
        os.close(write_end)
        children.append(child)
        pipes.append(os.fdopen(read_end, "r", encoding="utf-8"))
    for pipe in pipes:  # every writer has the ledger open before any appends
        assert pipe.readline().strip() == "READY"
    go.touch()
    outputs = [pipe.read() for pipe in pipes]
    for child, pipe in zip(children, pipes):
        child.join(timeout=120)
        pipe.close()
        assert child.exitcode == 0
    acks = [ack for out in outputs for ack in _acks(out)]
    assert len(acks) == workers * per_worker
    assert len({index for index, _, _ in acks}) == len(acks), "an index was handed out twice"
    with Ledger.open(path) as log:
        assert log.size == workers * per_worker
        contexts = [log.entry(i).record.context for i in range(log.size)]
        assert sorted(contexts) == sorted(f"w{w}-{n}" for w in range(workers)
                                          for n in range(per_worker))
        for index, leaf, context in acks:
            assert log.entry(index).leaf_hash.hex() == leaf
            assert contexts[index] == context
        report = log.audit(verifier=signer.verifier())
        assert report.ok, report.failure
        sizes = [size for size, _note in log.storage.checkpoints()]
        assert sizes == sorted(set(sizes)) and sizes[-1] == log.size
