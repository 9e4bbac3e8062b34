"""Where a reader's bytes come from: the bytes themselves, or a path to read them from.

Every binary reader (``read_r1cs``, ``read_wtns``, ``read_zkey``, ``read_ptau``) accepts
either, so a library user can write ``read_zkey("circuit.zkey")``; a file that cannot be read
is a :class:`~zk.errors.InputError` naming it, never an ``OSError`` traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

from zk.curve.base import BytesLike
from zk.errors import InputError

#: What a reader accepts: the file's bytes (any bytes-like object) or its path.
Source = BytesLike | str | os.PathLike


def source_bytes(source: Source, kind: str) -> BytesLike:
    """The bytes of ``source``: read from disk when it is a path, else returned as they are.

    ``kind`` names the file in the error (``".zkey"``).
    """
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            return path.read_bytes()
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise InputError(f"cannot read the {kind} file {str(path)!r}: {reason}") from None
    return source
