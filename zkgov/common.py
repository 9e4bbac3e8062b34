"""Shared plumbing for every ``zkgov`` sub-command: exit codes, output, atomic writes, progress.

Sub-command modules (:mod:`zkgov.commands`) each expose
``register(subparsers: argparse._SubParsersAction) -> None`` and set a handler with
``parser.set_defaults(handler=fn)``; a handler takes the parsed ``argparse.Namespace`` and
returns an exit code. Raise a :class:`zk.errors.ZkError` (or :class:`CliError`) for bad input:
``main`` prints its message as one line and exits 2, with no traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from zk.errors import ZkError
from zk.files import read_bytes

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


def read_json_file(path: str | os.PathLike[str], what: str = "file") -> Any:
    """Load a JSON file, turning every failure into a one-line :class:`CliError`."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CliError(f"{what} not found: {p}") from exc
    except OSError as exc:
        raise CliError(f"cannot read {what} {p}: {exc.strerror}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"{p}: not valid JSON ({exc.msg} at line {exc.lineno})") from exc


def read_bytes_file(path: str | os.PathLike[str], what: str = "file") -> bytes:
    """Read a binary file with a one-line error on failure."""
    return read_bytes(path, what)


def emit(args: Any, human: str, machine: dict[str, Any] | None = None) -> None:
    """Print a result: ``machine`` as JSON with ``--json``, else the human text."""
    if getattr(args, "json", False) and machine is not None:
        print(json.dumps(machine, indent=2))
    elif not getattr(args, "quiet", False) or machine is None:
        print(human)


FORGEABLE_KEY_WARNING = (
    "warning: this key has no phase-2 contribution (gamma = delta): anyone can forge proofs "
    "for it; add one with `zkgov ceremony contribute` before real use"
)


def warn(message: str) -> None:
    """Print a one-line warning on stderr (also under ``--quiet``: warnings are never chatter)."""
    print(message, file=sys.stderr)


def warn_if_forgeable(vk: Any) -> None:
    """Warn when ``vk`` (a :class:`zk.groth16.VerifyingKey`) accepts forged proofs."""
    if vk.forgeable:
        warn(FORGEABLE_KEY_WARNING)


def show_progress(args: Any) -> bool:
    """Progress bars only on a terminal, and never with ``--quiet`` or ``--json``."""
    if getattr(args, "quiet", False) or getattr(args, "json", False):
        return False
    return sys.stderr.isatty()


@contextlib.contextmanager
def progress(args: Any, description: str) -> Iterator[Any]:
    """A ``rich`` progress context for long steps (a no-op when silenced).

    Yields a callable ``step(advance=1, total=None)`` that advances the bar.
    """
    if not show_progress(args):
        yield lambda advance=1, total=None: None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        transient=True,
        console=None,
    ) as bar:
        task = bar.add_task(description, total=None)

        def step(advance: int = 1, total: int | None = None) -> None:
            if total is not None:
                bar.update(task, total=total)
            bar.advance(task, advance)

        yield step
