"""Shared plumbing for every ``zkgov`` sub-command: exit codes, output, atomic writes, progress.

Sub-command modules (:mod:`zkgov.commands`) each expose
``register(subparsers: argparse._SubParsersAction) -> None`` and set a handler with
``parser.set_defaults(handler=fn)``; a handler takes the parsed ``argparse.Namespace`` and
returns an exit code. Raise a :class:`zk.errors.ZkError` (or :class:`CliError`) for bad input:
``main`` prints its message as one line and exits 2, with no traceback.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from zk.errors import ZkError

if TYPE_CHECKING:  # argparse is imported where a parser is built, not on every start-up
    import argparse

EXIT_OK = 0
EXIT_INVALID = 1  # a verification said no
EXIT_BAD_INPUT = 2  # anything the user must fix


class CliError(ZkError):
    """A command-line usage problem (missing file, wrong combination of options)."""


def run_handler(args: argparse.Namespace) -> int:
    """Run the parsed command's handler and return its exit code.

    2 for a :class:`ZkError` (reported as one line on stderr, no traceback), 130 on Ctrl-C,
    0 when the reader closed the pipe.
    """
    try:
        return int(args.handler(args) or 0)
    except ZkError as exc:
        print(f"zkgov: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("zkgov: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def parse_params(items: list[str]) -> dict[str, Any]:
    """``--param NAME=VALUE`` options as a dict; a VALUE that is JSON is decoded, else kept
    as a string (``--param depth=20`` gives 20, ``--param region=north`` gives "north")."""
    params: dict[str, Any] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep or not key.isidentifier():
            raise CliError(f"--param must look like NAME=VALUE, got {item!r}")
        try:
            params[key] = json.loads(raw)
        except (json.JSONDecodeError, RecursionError, ValueError):
            params[key] = raw
    return params


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """The two flags every command takes: ``--json`` and ``--quiet``/``-q``."""
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress or chatter")


def emit(args: Any, human: str, machine: dict[str, Any] | None = None) -> None:
    """Print a result: ``machine`` as JSON with ``--json``, else the human text."""
    if getattr(args, "json", False) and machine is not None:
        print(json.dumps(machine, indent=2))
    elif not getattr(args, "quiet", False) or machine is None:
        print(human)


def warn(message: str) -> None:
    """Print a one-line warning on stderr (also under ``--quiet``: warnings are never chatter)."""
    print(message, file=sys.stderr)


def warn_if_forgeable(key: Any) -> None:
    """Warn when ``key`` (a proving or verification key) accepts forged proofs, with the
    library's one line (:func:`zk.groth16.uncontributed_warning`)."""
    from zk.groth16 import uncontributed_warning  # imported when used: keeps start-up light

    message = uncontributed_warning(key)
    if message:
        warn(message)


def show_progress(args: Any) -> bool:
    """Progress is shown unless ``--quiet`` or ``--json`` asks for silence."""
    return not (getattr(args, "quiet", False) or getattr(args, "json", False))


#: ``ZKGOV_PROGRESS=auto|rich|plain|off``: how progress is shown (auto: a bar on a terminal,
#: plain lines otherwise). ``off`` is for scripts that compare output byte for byte.
PROGRESS_ENV = "ZKGOV_PROGRESS"

#: Plain (non-terminal) progress stays silent for work shorter than this many seconds.
QUIET_SECONDS = 2.0

#: A counted stage that runs long (a batch of proofs) also prints a line this often, with
#: done/total, the rate and the time left.
PLAIN_EVERY_SECONDS = 10.0


class _Reporter:
    """Receives :class:`zk.progress.Progress` calls for one command and renders them.

    Call it as ``reporter(stage, done=None, total=None)`` (what library steps do), or use
    :meth:`update` / :meth:`advance` for counted work.
    """

    def __init__(self, description: str) -> None:
        self.description = description
        self.stage = ""
        self.done: int | None = None
        self.total: int | None = None

    def __call__(self, stage: str, done: int | None = None, total: int | None = None) -> None:
        self.stage = stage
        if total is not None:
            self.total = total
        self.done = done
        self._show()

    def update(self, done: int, total: int | None = None) -> None:
        """Set how much of the current stage is done (of ``total``, when known)."""
        if total is not None:
            self.total = total
        self.done = done
        self._show()

    def advance(self, amount: int = 1) -> None:
        """Count ``amount`` more units of work done."""
        self.update((self.done or 0) + amount)

    def _show(self) -> None:
        """Render the current state (nothing by default)."""

    def finish(self, ok: bool = True) -> None:
        """The command's work is over (``ok`` false: it failed, and its error says why)."""


class _PlainReporter(_Reporter):
    """Not a terminal: one line per stage, with the time it took, on stderr.

    Work that ends (or fails) within :data:`QUIET_SECONDS` prints nothing, so quick commands
    and one-line errors stay clean; after that the lines appear as each stage ends.
    """

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self._started = self._stage_started = self._last_line = time.monotonic()
        self._shown_stage: str | None = None
        self._held: list[str] = []
        self._stage_first_done: int | None = None

    def _show(self) -> None:
        now = time.monotonic()
        if self.stage != self._shown_stage:
            self._close_stage()
            self._shown_stage = self.stage
            self._stage_started = self._last_line = now
            self._stage_first_done = self.done
        elif self.total and self.done is not None and now - self._last_line >= PLAIN_EVERY_SECONDS:
            self._last_line = now
            self._emit(self._counted_line(now))

    def _counted_line(self, now: float) -> str:
        """``proving: 120/1000 (12%), 3.20/s, 4m35s left`` (the rate counts this run only)."""
        assert self.total and self.done is not None
        rate = (self.done - (self._stage_first_done or 0)) / max(now - self._stage_started, 1e-9)
        left = f", {_duration((self.total - self.done) / rate)} left" if rate > 0 else ""
        name = f": {self.stage}" if self.stage else ""
        return (f"{self.description}{name} {self.done}/{self.total} "
                f"({100 * self.done // self.total}%), {rate:.2f}/s{left}")

    def _emit(self, line: str) -> None:
        self._held.append(line)
        if time.monotonic() - self._started >= QUIET_SECONDS:
            for held in self._held:
                print(held, file=sys.stderr, flush=True)
            self._held.clear()

    def _close_stage(self) -> None:
        if self._shown_stage is None:
            return
        seconds = time.monotonic() - self._stage_started
        share = ""
        if self.total and self.done is not None:
            share = f" ({min(100.0, 100 * self.done / self.total):.0f}% of {self.total})"
        name = f": {self._shown_stage}" if self._shown_stage else ""
        self._emit(f"{self.description}{name} … {seconds:.1f} s{share}")

    def finish(self, ok: bool = True) -> None:
        if not ok:
            return
        self._close_stage()
        total = time.monotonic() - self._started
        self._emit(f"{self.description}: done in {total:.1f} s")


def _duration(seconds: float) -> str:
    """``4m35s`` or ``2h07m``."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}h{rest // 60:02d}m" if hours else f"{rest // 60}m{rest % 60:02d}s"


class _RichReporter(_Reporter):
    """A terminal: stage name, done/total, percentage, rate and ETA (``rich``)."""

    def __init__(self, description: str, console: Any = None) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        super().__init__(description)
        self._bar = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TimeElapsedColumn(),
            transient=True,
            console=console,
        )
        self._bar.start()
        self._task = self._bar.add_task(description, total=None, rate="")

    def _show(self) -> None:
        label = f"{self.description}: {self.stage}" if self.stage else self.description
        task = self._bar.tasks[0]
        rate = f"{task.speed:,.0f}/s" if task.speed else ""
        self._bar.update(self._task, description=label, total=self.total,
                         completed=self.done or 0, rate=rate)

    def finish(self, ok: bool = True) -> None:
        self._bar.stop()


@contextlib.contextmanager
def progress(args: Any, description: str) -> Iterator[_Reporter]:
    """A progress reporter for one command's long work.

    Yields a callable that library steps take as their ``progress`` argument
    (:class:`zk.progress.Progress`): on a terminal a ``rich`` bar with the stage, done/total,
    percentage, rate and ETA; otherwise one plain line per stage with its time; nothing with
    ``--quiet`` or ``--json``.
    """
    style = os.environ.get(PROGRESS_ENV, "auto").strip().lower()
    if not show_progress(args) or style == "off":
        reporter: _Reporter = _Reporter(description)
    elif style == "rich" or (style != "plain" and sys.stderr.isatty()):
        reporter = _RichReporter(description)
    else:
        reporter = _PlainReporter(description)
    try:
        yield reporter
    except BaseException:
        reporter.finish(ok=False)
        raise
    reporter.finish()
