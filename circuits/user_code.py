"""Report an error raised inside a circuit author's own code as ``file:line: message``.

A circuit is ordinary Python, so anything can go wrong in it: a ``ValueError`` it raises, a bad
import, a typo'd attribute, ``bits="64"`` where an int belongs. Such an exception is turned
into one :class:`~circuits.errors.CircuitError` that points at the author's line (the deepest
frame of the traceback that lies in the circuit's own file), so the CLI prints one line instead
of a traceback. Errors zkgov itself raises for bad input (:class:`~zk.errors.ZkError`) pass through
unchanged: they already say what is wrong.
"""

from __future__ import annotations

import contextlib
import inspect
import os
from collections.abc import Iterable, Iterator, Sequence
from types import TracebackType

from circuits.errors import CircuitError
from zk.errors import ZkError


def circuit_files(cls: type) -> set[str]:
    """The source files of ``cls`` and of its bases below :class:`circuits.Circuit` (the
    files whose lines an error should point at)."""
    from circuits.circuit import Circuit

    files: set[str] = set()
    for klass in inspect.getmro(cls):
        if klass is Circuit or not issubclass(klass, Circuit):
            continue
        with contextlib.suppress(TypeError, OSError):
            source = inspect.getsourcefile(klass)
            if source:
                files.add(_norm(source))
    return files


def _norm(path: str) -> str:
    return os.path.normcase(os.path.abspath(path))


def user_frame(tb: TracebackType | None, files: Iterable[str]) -> tuple[str, int] | None:
    """(file, line) of the deepest traceback frame in one of ``files``, or ``None``."""
    wanted = {_norm(f) for f in files}
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if _norm(filename) in wanted:
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def describe(exc: BaseException) -> str:
    """``Type: message`` on one line (a multi-line message has its lines joined)."""
    text = " ".join(str(exc).split())
    name = type(exc).__name__
    return f"{name}: {text}" if text else name


def as_circuit_error(exc: BaseException, files: Sequence[str] | set[str]) -> CircuitError | None:
    """The :class:`CircuitError` that reports ``exc`` at the author's line, or ``None`` when no
    frame of the traceback lies in ``files`` (then it is not the author's error)."""
    if isinstance(exc, SyntaxError):
        where = exc.filename or next(iter(files), "<circuit>")
        line = f":{exc.lineno}" if exc.lineno else ""
        return CircuitError(f"{where}{line}: syntax error: {exc.msg}")
    frame = user_frame(exc.__traceback__, files)
    if frame is None:
        return None
    return CircuitError(f"{frame[0]}:{frame[1]}: {describe(exc)}")


@contextlib.contextmanager
def user_code(files: Sequence[str] | set[str]) -> Iterator[None]:
    """Run a circuit author's code: an exception that is not a :class:`ZkError` and passed
    through one of ``files`` is re-raised as a :class:`CircuitError` naming its line."""
    try:
        yield
    except ZkError:
        raise
    except (Exception, SystemExit) as exc:
        error = as_circuit_error(exc, files)
        if error is None:
            raise
        raise error from exc


__all__ = ["as_circuit_error", "circuit_files", "describe", "user_code", "user_frame"]
