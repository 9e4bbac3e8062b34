"""Shared plumbing for every ``zkgov`` sub-command: exit codes, output, atomic writes, progress.

Sub-command modules (in ``zk``, ``ledger`` and ``mpc``) each expose
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
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from zk.errors import ZkError

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
    p = Path(path)
    try:
        return p.read_bytes()
    except FileNotFoundError as exc:
        raise CliError(f"{what} not found: {p}") from exc
    except OSError as exc:
        raise CliError(f"cannot read {what} {p}: {exc.strerror}") from exc


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, secret: bool = False) -> None:
    """Write a file so that it either appears whole or not at all (temp file + rename).

    The file gets the usual permissions (0666 less the umask), or 0600 with ``secret=True``
    (private keys, shares): the temporary file is 0600 from its creation, so a secret is
    never readable by others, not even for a moment.
    """
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if not secret:
                os.fchmod(fh.fileno(), 0o666 & ~_umask())
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_json_atomic(path: str | os.PathLike[str], obj: Any) -> None:
    """Write JSON (indented, as snarkjs does) atomically."""
    write_atomic(path, json.dumps(obj, indent=1) + "\n")


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
