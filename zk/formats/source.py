"""Where a reader's bytes come from: the bytes themselves, or a path to read them from.

Every binary reader (``read_r1cs``, ``read_wtns``, ``read_zkey``, ``read_ptau``) accepts
either, so a library user can write ``read_zkey("circuit.zkey")``; a file that cannot be read
is a :class:`~zk.files.FileAccessError` naming it (:func:`zk.files.read_bytes`), never an
``OSError`` traceback.
"""

from __future__ import annotations

import os

from zk.curve.base import BytesLike
from zk.files import read_bytes

#: What a reader accepts: the file's bytes (any bytes-like object) or its path.
Source = BytesLike | str | os.PathLike


def source_bytes(source: Source, kind: str) -> BytesLike:
    """The bytes of ``source``: read from disk when it is a path, else returned as they are.

    ``kind`` names the file in the error (``".zkey"``).
    """
    if isinstance(source, (str, os.PathLike)):
        return read_bytes(source, f"{kind} file")
    return source
