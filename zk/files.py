"""Reading and writing the files zkgov works with: whole or not at all, with one-line errors.

Every package writes its outputs through :func:`write_atomic` (a temporary file, fsync, then a
rename), so an interrupted command never leaves a partial key, proof or certificate behind.
The readers turn every operating-system failure into a :class:`~zk.errors.ZkError` whose
message names the file, which the CLI prints as one line (exit 2).
"""

from __future__ import annotations

import contextlib
import json
import mmap
import os
import stat
from collections.abc import Callable
from typing import Any

from zk.errors import ZkError


class FileAccessError(ZkError):
    """A file is missing or cannot be read or written."""


def read_bytes(path: str | os.PathLike[str], what: str = "file") -> bytes:
    """The bytes of ``path``; a missing or unreadable file is a :class:`FileAccessError`."""
    p = _shown(path)
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError as exc:
        raise FileAccessError(f"{what} not found: {p}") from exc
    except IsADirectoryError as exc:
        raise FileAccessError(f"{what} {p} is a directory, not a file") from exc
    except OSError as exc:
        raise FileAccessError(f"cannot read {what} {p}: {exc.strerror}") from exc


def map_bytes(path: str | os.PathLike[str], what: str = "file") -> memoryview | bytes:
    """The bytes of ``path`` as a read-only memory map: pages are read from the file as they
    are touched and shared with every process that maps it, never copied into the heap.

    The map lives as long as the returned view (or any view cut from it). The file must not
    be rewritten in place meanwhile (zkgov's writers replace files, which is safe). Errors
    as :func:`read_bytes`; an empty file gives ``b""`` (an empty map is not allowed), and
    what cannot be mapped (a pipe, a terminal) is read.
    """
    p = _shown(path)
    try:
        with open(path, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size == 0:
                return fh.read()
            mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except FileNotFoundError as exc:
        raise FileAccessError(f"{what} not found: {p}") from exc
    except IsADirectoryError as exc:
        raise FileAccessError(f"{what} {p} is a directory, not a file") from exc
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise FileAccessError(f"cannot read {what} {p}: {reason}") from exc
    return memoryview(mapped)


def release_pages(view: object) -> None:
    """Hand the resident pages of a memory map from :func:`map_bytes` back to the page cache.

    The process's resident memory drops by what it had read of the file; a later read of the
    same bytes faults them in again, from the page cache (the map is read-only and shared, so
    nothing is lost). Anything that is not such a map is left alone.
    """
    mapped = view.obj if isinstance(view, memoryview) else view
    if isinstance(mapped, mmap.mmap) and not mapped.closed and hasattr(mmap, "MADV_DONTNEED"):
        mapped.madvise(mmap.MADV_DONTNEED)


def copy_releasing(view: memoryview, release: Callable[[], None],
                   chunk: int = 1 << 20) -> bytearray:
    """A copy of ``view`` (part of a memory map) made ``chunk`` bytes at a time, calling
    ``release`` (e.g. :func:`release_pages`) after each, so that the copy and the mapped pages
    it came from are never resident together."""
    src = memoryview(view).cast("B")
    out = bytearray(len(src))
    for start in range(0, len(src), chunk):
        out[start : start + chunk] = src[start : start + chunk]
        release()
    return out


def _shown(path: str | os.PathLike[str]) -> str:
    # the path as messages name it, as pathlib prints it ("./a//b/" is "a/b", ".." kept),
    # without importing pathlib on every command's start-up
    text = os.fsdecode(os.fspath(path))
    if os.altsep:
        text = text.replace(os.altsep, os.sep)
    root = os.sep if text.startswith(os.sep) else ""
    parts = [part for part in text.split(os.sep) if part not in ("", ".")]
    return root + os.sep.join(parts) or "."


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
    target = os.fspath(path)
    folder, name = os.path.split(target)
    if folder:
        os.makedirs(folder, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = _create_temporary(folder or os.curdir, name)
    try:
        with os.fdopen(fd, "wb") as fh:
            if not secret:
                os.fchmod(fh.fileno(), 0o666 & ~_umask())
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _create_temporary(folder: str, name: str) -> tuple[int, str]:
    """A new file ``folder/.name.<random>``, created 0600 and exclusively (never an existing
    file or a link planted there), open for writing: what :func:`tempfile.mkstemp` does,
    without the start-up cost of importing :mod:`tempfile`."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(
        os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        candidate = os.path.join(folder, f".{name}.{os.urandom(6).hex()}")
        try:
            return os.open(candidate, flags, 0o600), candidate
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {os.path.join(folder, name)}")


def write_json_atomic(path: str | os.PathLike[str], obj: Any) -> None:
    """Write JSON (indented by one space, as snarkjs does) atomically."""
    write_atomic(path, json.dumps(obj, indent=1) + "\n")


__all__ = ["FileAccessError", "copy_releasing", "map_bytes", "read_bytes", "release_pages",
           "write_atomic", "write_json_atomic"]
