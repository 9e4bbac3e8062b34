"""One writer for many requests: concurrent appends become one transaction and one signed
checkpoint per batch (group commit).

Requests hand their admitted record to :meth:`AppendBatcher.submit` and wait for its
future. A single writer thread owns the signing :class:`~ledger.log.Ledger`; it takes
every record waiting (up to ``max_batch``), appends them with
:meth:`~ledger.log.Ledger.append_each` — one fsync, one checkpoint — and resolves each
future with its receipt or its own refusal. While a batch commits, the next one gathers, so
throughput grows with load while a lone request still commits at once. A full queue
refuses at once (:class:`Overloaded`, HTTP 503) instead of queueing without bound.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass

from ledger.admission import Admitted
from ledger.errors import LedgerError
from ledger.log import Ledger
from ledger.receipt import Receipt


class Overloaded(LedgerError):
    """Too many appends are waiting: try again later (HTTP 503)."""


@dataclass
class BatchStats:
    """What the writer did so far."""

    batches: int = 0
    records: int = 0
    largest_batch: int = 0


class AppendBatcher:
    """The writer thread and its bounded queue."""

    def __init__(self, ledger: Ledger, max_batch: int = 4096, max_waiting: int = 65536) -> None:
        self._ledger = ledger
        self._max_batch = max_batch
        self._queue: queue.Queue[tuple[list[Admitted], Future] | None] = queue.Queue(
            maxsize=max_waiting)
        self.stats = BatchStats()
        self._thread = threading.Thread(target=self._run, name="ledger-writer", daemon=True)
        self._thread.start()

    def submit(self, items: list[Admitted]) -> Future:
        """Queue records to append together; the future gives one receipt or error each."""
        future: Future = Future()
        try:
            self._queue.put_nowait((items, future))
        except queue.Full as exc:
            raise Overloaded("the log is overloaded: too many appends are waiting; retry "
                             "later") from exc
        return future

    def close(self) -> None:
        """Finish the queued appends and stop the writer."""
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            jobs = [first]
            count = len(first[0])
            while count < self._max_batch:
                try:
                    job = self._queue.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    self._queue.put(None)  # stop after this batch
                    break
                jobs.append(job)
                count += len(job[0])
            self._append(jobs)

    def _append(self, jobs: list[tuple[list[Admitted], Future]]) -> None:
        items = [item for batch, _ in jobs for item in batch]
        try:
            results: list[Receipt | LedgerError] = self._ledger.append_each(items)
        except BaseException as exc:  # the whole batch failed: every request hears why
            for _, future in jobs:
                future.set_exception(exc)
            return
        self.stats.batches += 1
        self.stats.records += len(items)
        self.stats.largest_batch = max(self.stats.largest_batch, len(items))
        at = 0
        for batch, future in jobs:
            future.set_result(results[at:at + len(batch)])
            at += len(batch)
