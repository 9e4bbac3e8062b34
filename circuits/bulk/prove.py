"""Prove a whole file of statements: one input object per line in, one proof per line out.

```python
from circuits.bulk import prove_batch
result = prove_batch(IncomeBelow(), "income_below.zkey", "inputs.jsonl", "proofs.jsonl")
```

Local by default, on every core: one worker process per core, each with the circuit loaded
once and the key memory-mapped once. ``ray=True`` runs the same work on an embedded Ray
cluster, ``ray="ADDRESS"`` on an existing one. Restarted with the same output file, a batch
goes on after the last line written (see :mod:`circuits.bulk.output`).
"""

from __future__ import annotations

import json
import mmap
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from circuits.bulk.errors import BulkError
from circuits.bulk.local import prove_in_processes
from circuits.bulk.output import OutputWriter, Progress, read_progress
from circuits.bulk.records import count_input_lines, input_lines
from circuits.bulk.worker import check_key_fits, map_key, pack_circuit
from circuits.circuit import Circuit, CompiledCircuit, compile_circuit
from zk.formats.snarkjs_json import vk_hash
from zk.progress import Progress as ProgressCallback
from zk.progress import silent


@dataclass(frozen=True)
class BatchResult:
    """What a batch left in its output file (this run and earlier ones together)."""

    output: Path
    #: Statements (non-blank lines) in the inputs file.
    total: int
    #: Output records that hold a proof.
    proved: int
    #: ``(input line, reason)`` for each statement that gave no proof.
    failures: tuple[tuple[int, str], ...]
    #: Records that an earlier, interrupted run had written already.
    resumed: int
    #: Wall-clock seconds of this run.
    seconds: float

    @property
    def complete(self) -> bool:
        """Every statement has a record (a proof or a failure)."""
        return self.proved + len(self.failures) == self.total


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def prove_batch(
    circuit: Circuit | CompiledCircuit,
    zkey: str | os.PathLike[str],
    inputs: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    workers: int | None = None,
    ray: bool | str = False,
    threads: int | None = None,
    progress: ProgressCallback | None = None,
) -> BatchResult:
    """Prove every line of ``inputs`` (JSON objects of input values) with ``zkey``.

    Writes one record per non-blank input line to ``output``, in input order (the format is
    in :mod:`circuits.bulk.records`); a line that cannot be proved gets an error record with
    its reason, and the batch goes on. ``workers``: local processes (default: every core;
    with ``ray``, the CPUs of an embedded cluster). ``threads``: native-core threads per
    worker (default: cores ÷ workers locally, 1 per Ray task). ``progress`` is called as
    ``progress("proving", done, total)`` (:class:`zk.progress.Progress`) when the batch starts
    and after each statement. Raises :class:`BulkError`
    (nothing written) when the batch cannot start: missing files, a key that does not fit
    the circuit, an output file that holds another batch.
    """
    started = time.monotonic()
    for name, value in (("workers", workers), ("threads", threads)):
        if value is not None and value < 1:
            raise BulkError(f"{name} must be at least 1, got {value}")
    compiled = circuit if isinstance(circuit, CompiledCircuit) else compile_circuit(circuit)
    inputs_path, output_path, zkey_path = Path(inputs), Path(output), Path(zkey)
    total = count_input_lines(inputs_path)
    pk = map_key(zkey_path)
    check_key_fits(compiled, pk)
    before = read_progress(output_path)
    _check_resumable(before, vk_hash(pk.verifying_key()), inputs_path, output_path, total)
    tasks = input_lines(inputs_path, after=before.last_line)
    blob = pack_circuit(compiled)
    created = not output_path.exists()
    report = progress or silent
    started_ray = False
    try:
        if ray:
            from circuits.bulk.ray_cluster import connect, prove_on_ray

            started_ray = connect(ray if isinstance(ray, str) else None, workers)
            results = prove_on_ray(blob, _key_bytes(zkey_path), tasks, threads or 1)
        else:
            cores = available_cores()
            count = workers or cores
            results = prove_in_processes(blob, zkey_path, tasks, count,
                                         threads or max(1, cores // count))
        report("proving", before.records, total)
        proved, failures = _write_in_order(results, output_path, before,
                                           lambda done: report("proving", done, total))
    except BaseException:
        if created and output_path.exists() and output_path.stat().st_size == 0:
            output_path.unlink()
        raise
    finally:
        if started_ray:
            import ray as ray_module

            ray_module.shutdown()
    return BatchResult(output_path, total, proved, failures, before.records,
                       time.monotonic() - started)


def _write_in_order(
    results: Iterator[str], path: Path, before: Progress, done: Callable[[int], None]
) -> tuple[int, tuple[tuple[int, str], ...]]:
    """Append each result line as it comes; count the proofs and collect the failures of
    the whole file (earlier runs included)."""
    failures = list(before.failures)
    proved = before.records - len(before.failures)
    with OutputWriter(path, before) as out:
        for line in results:
            out.write(line)
            record = json.loads(line)
            if "error" in record:
                failures.append((record["line"], record["error"]))
            else:
                proved += 1
            done(proved + len(failures))
    return proved, tuple(failures)


def _key_bytes(path: Path) -> memoryview:
    """The whole ``.zkey`` for the object store, read through a map (no Python copy)."""
    with open(path, "rb") as f:
        return memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ))


def _check_resumable(
    before: Progress, vk: str, inputs: Path, output: Path, total: int
) -> None:
    """Refuse an output file that is not an earlier run of this batch."""
    if not before.records:
        return
    others = before.keys - {vk}
    if others:
        raise BulkError(
            f"{output} holds proofs under another key (vk {sorted(others)[0][:16]}…): "
            "not an earlier run of this batch; choose another output file"
        )
    if before.records > total:
        raise BulkError(
            f"{output} holds {before.records} records but {inputs} has only {total} "
            "statements: not an earlier run of this batch"
        )
    nth = next(
        number for i, (number, _) in enumerate(input_lines(inputs), start=1)
        if i == before.records
    )
    if nth != before.last_line:
        raise BulkError(
            f"{output} holds {before.records} records up to input line {before.last_line}, "
            f"but statement #{before.records} of {inputs} is on line {nth}: "
            "not an earlier run of this batch"
        )
