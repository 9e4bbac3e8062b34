"""The output file of a batch: appended in input order, resumable after any interruption.

Lines are written only by the process that drives the batch, one whole line at a time and
in input order, so a worker that dies and is retried can never make a line appear twice.
Each line is flushed to the OS as soon as it is written (a killed driver loses nothing it
wrote) and fsynced at least every ``sync_seconds`` and on close (a machine crash loses at most
the last few lines, which a restart proves again).

A restart reads what is already there: complete lines are kept, a torn last line (the
driver died in the middle of a write) is cut off, and proving continues after the last input
line that has a record.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from circuits.bulk.errors import BulkError
from circuits.bulk.records import line_number


@dataclass(frozen=True)
class Progress:
    """What an existing output file already holds."""

    #: Input line number of the last complete record (0 for a new or empty file).
    last_line: int
    #: How many complete records it holds.
    records: int
    #: ``(input line, reason)`` of its error records (input lines that gave no proof).
    failures: tuple[tuple[int, str], ...]
    #: Bytes of complete lines (anything after is a torn line, cut off on resume).
    complete_bytes: int
    #: The verification-key hashes its proof records name.
    keys: frozenset[str]


def read_progress(path: Path) -> Progress:
    """Scan an output file (absent = empty), one line at a time: every complete line must be
    a batch record and the line numbers must increase. The proofs are not checked here
    (that is :func:`circuits.bulk.verify_batch`'s job)."""
    last = records = complete = 0
    failures: list[tuple[int, str]] = []
    keys: set[str] = set()
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return Progress(0, 0, (), 0, frozenset())
    except OSError as exc:
        raise BulkError(f"cannot read output file {path}: {exc.strerror}") from exc
    with f:
        for index, raw in enumerate(f, start=1):
            if not raw.endswith(b"\n"):
                break  # torn by an interruption: cut off on resume
            record = _summary(raw, f"{path} line {index}")
            if record["line"] <= last:
                raise BulkError(
                    f"{path} line {index} is for input line {record['line']}, after line "
                    f"{last}: not a batch output file written in order"
                )
            if "error" in record:
                failures.append((record["line"], str(record["error"])))
            elif isinstance(record.get("vk"), str):
                keys.add(record["vk"])
            last, records, complete = record["line"], records + 1, complete + len(raw)
    return Progress(last, records, tuple(failures), complete, frozenset(keys))


def _summary(raw: bytes, where: str) -> dict:
    """One output line as a dict with a valid ``line`` and an ``error`` or a ``proof``."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BulkError(f"{where} is not UTF-8 text: not a batch output file") from exc
    line_number(text, where)
    record = json.loads(text)
    if "error" not in record and not isinstance(record.get("proof"), dict):
        raise BulkError(f"{where} holds neither a proof nor an error: not a batch record")
    return record


class OutputWriter:
    """Appends records to an output file after its ``complete_bytes`` (see module doc)."""

    def __init__(self, path: Path, progress: Progress, sync_seconds: float = 1.0) -> None:
        self.path = path
        self._sync_seconds = sync_seconds
        try:
            self._file = open(path, "ab")  # noqa: SIM115 - closed by close()
            self._file.truncate(progress.complete_bytes)
        except OSError as exc:
            raise BulkError(f"cannot write output file {path}: {exc.strerror}") from exc
        self._last_sync = time.monotonic()

    def write(self, line: str) -> None:
        """Append one whole record line (with its newline) and hand it to the OS."""
        self._file.write(line.encode("utf-8"))
        self._file.flush()
        if time.monotonic() - self._last_sync >= self._sync_seconds:
            self.sync()

    def sync(self) -> None:
        """Make everything written so far durable."""
        self._file.flush()
        os.fsync(self._file.fileno())
        self._last_sync = time.monotonic()

    def close(self) -> None:
        """Sync and close (safe to call twice)."""
        if not self._file.closed:
            self.sync()
            self._file.close()

    def __enter__(self) -> OutputWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
