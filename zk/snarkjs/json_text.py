"""JSON text laid out byte for byte as snarkjs writes its files.

snarkjs writes ``proof.json``, ``verification_key.json`` and the other JSON exports with
``bfj`` at one space of indentation: like ``JSON.stringify(value, null, 1)`` except that an
empty array or object still opens a line (``[`` newline, indentation, ``]``), with no newline
at the end of the file. Non-ASCII text is written as is.
"""

from __future__ import annotations

import json
from typing import Any


def snarkjs_json(value: Any) -> str:
    """``value`` as the text snarkjs's ``bfj.write(name, value, {space: 1})`` produces."""
    out: list[str] = []
    _write(value, 0, out)
    return "".join(out)


def _write(value: Any, level: int, out: list[str]) -> None:
    if isinstance(value, dict):
        _container("{", "}", [(json.dumps(str(k), ensure_ascii=False) + ": ", v)
                              for k, v in value.items()], level, out)
    elif isinstance(value, (list, tuple)):
        _container("[", "]", [("", v) for v in value], level, out)
    else:
        out.append(json.dumps(value, ensure_ascii=False))


def _container(open_: str, close: str, items: list[tuple[str, Any]], level: int,
               out: list[str]) -> None:
    inner = " " * (level + 1)
    out.append(open_ + "\n")
    for i, (prefix, item) in enumerate(items):
        out.append(inner + prefix)
        _write(item, level + 1, out)
        out.append(",\n" if i + 1 < len(items) else "\n")
    out.append(" " * level + close)
