"""Progress of a batch: statements done / total, rate, time left.

On a terminal a ``rich`` progress bar; otherwise (a log file, CI) a plain line on stderr every
``every`` seconds and at the end; ``quiet`` says nothing. Python callers may pass any object
with the :class:`BatchProgress` methods.
"""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO


class BatchProgress(Protocol):
    """What a batch tells about itself while it runs."""

    def start(self, total: int, done: int) -> None:
        """The batch has ``total`` statements, ``done`` of them from an earlier run."""

    def advance(self) -> None:
        """One more statement is done (proved or failed)."""

    def finish(self) -> None:
        """The batch has ended (also after an error)."""


class SilentProgress:
    """Says nothing."""

    def start(self, total: int, done: int) -> None:
        """See :meth:`BatchProgress.start`."""

    def advance(self) -> None:
        """See :meth:`BatchProgress.advance`."""

    def finish(self) -> None:
        """See :meth:`BatchProgress.finish`."""


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}h{rest // 60:02d}m" if hours else f"{rest // 60}m{rest % 60:02d}s"


class PlainProgress:
    """One line per ``every`` seconds: ``proving: 120/1000 (12%), 3.2/s, 4m35s left``."""

    def __init__(self, label: str, stream: TextIO | None = None, every: float = 5.0) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.every = every
        self.total = self.done = self.resumed = 0
        self.started = self.last = 0.0

    def start(self, total: int, done: int) -> None:
        """See :meth:`BatchProgress.start`."""
        self.total, self.done, self.resumed = total, done, done
        self.started = self.last = time.monotonic()
        if done:
            print(f"{self.label}: resuming after {done} of {total}", file=self.stream)

    def advance(self) -> None:
        """See :meth:`BatchProgress.advance`."""
        self.done += 1
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self._report(now)

    def finish(self) -> None:
        """See :meth:`BatchProgress.finish`."""
        self._report(time.monotonic())

    def _report(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-9)
        rate = (self.done - self.resumed) / elapsed
        share = f" ({100 * self.done // self.total}%)" if self.total else ""
        left = (
            f", {_duration((self.total - self.done) / rate)} left"
            if rate > 0 and self.done < self.total
            else ""
        )
        print(f"{self.label}: {self.done}/{self.total}{share}, {rate:.2f}/s{left}",
              file=self.stream, flush=True)


class RichProgress:
    """A ``rich`` bar on stderr: done/total, rate, time left."""

    def __init__(self, label: str) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
        )
        self.label = label
        self._task = None
        self._count = 0
        self._started = 0.0

    def start(self, total: int, done: int) -> None:
        """See :meth:`BatchProgress.start`."""
        self._bar.start()
        self._task = self._bar.add_task(self.label, total=total, completed=done, rate="")
        self._started = time.monotonic()

    def advance(self) -> None:
        """See :meth:`BatchProgress.advance`."""
        self._count += 1
        rate = self._count / max(time.monotonic() - self._started, 1e-9)
        self._bar.update(self._task, advance=1, rate=f"{rate:.2f}/s")

    def finish(self) -> None:
        """See :meth:`BatchProgress.finish`."""
        self._bar.stop()


def console_progress(label: str, quiet: bool = False) -> BatchProgress:
    """The progress display that suits stderr: rich on a terminal, plain lines otherwise."""
    if quiet:
        return SilentProgress()
    return RichProgress(label) if sys.stderr.isatty() else PlainProgress(label)
