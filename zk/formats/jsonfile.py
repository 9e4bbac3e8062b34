"""Read JSON from a file or bytes as a hostile party may have written it.

Every JSON reader in zkgov (the CLI, the ledger, the MPC configuration) comes through
:func:`load_json`, which turns every way a document can be wrong into one
:class:`~zk.errors.FormatError` line naming the file:

* not text at all — a ``.zkey`` given where ``verification_key.json`` is expected is named
  as such; UTF-8 with a BOM and UTF-16/32 are decoded (:mod:`zk.formats.textfile`);
* nesting deeper than :attr:`JsonLimits.max_depth` — measured on the text before parsing, in
  one pass and without recursion, so 100 000 nested brackets cost nothing and never reach
  Python's recursion limit;
* a number longer than :attr:`JsonLimits.max_number_chars` characters (a field element has at
  most 78 digits; Python itself refuses integers past 4 300 digits with a ``ValueError``), and
  ``NaN``/``Infinity``, which JSON does not have;
* a string longer than :attr:`JsonLimits.max_string_chars`, or a document larger than
  :attr:`JsonLimits.max_bytes`.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from typing import Any

from zk.errors import FormatError
from zk.formats.textfile import Source, decode_text, read_source


@dataclass(frozen=True)
class JsonLimits:
    """Bounds on a JSON document; the defaults are far above anything zkgov writes."""

    #: Deepest nesting of arrays and objects (zkgov's own files nest at most 4 deep).
    max_depth: int = 64
    #: Longest number literal, in characters (a BN254 field element has at most 78 digits).
    max_number_chars: int = 100
    #: Longest string, in characters.
    max_string_chars: int = 1 << 20
    #: Largest document, in bytes.
    max_bytes: int = 256 << 20


DEFAULT_LIMITS = JsonLimits()

#: A JSON string literal (escapes included), unrolled so that matching stays linear.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)



#: Every byte but the four brackets (deleted before counting).
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_OPENING = frozenset(b"[{")
#: Up to this many brackets the depth is counted in Python, above it with numpy.
_SMALL_SKELETON = 1 << 16


@functools.cache
def _bracket_steps() -> Any:
    """+1 for each opening bracket byte, −1 for each closing one, 0 for the rest (numpy is
    imported on first use, so that commands reading no JSON start without it)."""
    import numpy as np

    steps = np.zeros(256, dtype=np.int8)
    steps[[ord("["), ord("{")]] = 1
    steps[[ord("]"), ord("}")]] = -1
    return steps


def nesting_depth(text: str) -> int:
    """The deepest nesting of ``[``/``{`` in JSON ``text``, brackets inside strings ignored.

    Linear in the length of the text, with no recursion (the stdlib parser recurses once per
    level and raises ``RecursionError`` near 1 000 levels).
    """
    skeleton = _STRING.sub("", text).encode("utf-8", errors="replace")
    brackets = skeleton.translate(None, _NOT_BRACKETS)
    if len(brackets) <= _SMALL_SKELETON:
        # few brackets (a key, a proof): counted here, without importing numpy
        depth = deepest = 0
        for byte in brackets:
            depth += 1 if byte in _OPENING else -1
            deepest = max(deepest, depth)
        return deepest
    import numpy as np

    steps = _bracket_steps()[np.frombuffer(skeleton, dtype=np.uint8)].astype(np.int64)
    return int(np.cumsum(steps).max(initial=0))


def _check_strings(text: str, limits: JsonLimits, name: str) -> None:
    for match in _STRING.finditer(text):
        if match.end() - match.start() - 2 > limits.max_string_chars:
            raise FormatError(f"{name}: a string of {match.end() - match.start() - 2} "
                              f"characters is longer than the {limits.max_string_chars} "
                              "allowed")


def parse_json_text(text: str, name: str, limits: JsonLimits = DEFAULT_LIMITS) -> Any:
    """Parse JSON ``text`` under ``limits``; ``name`` labels error messages."""
    depth = nesting_depth(text)
    if depth > limits.max_depth:
        raise FormatError(f"{name}: JSON nested {depth} levels deep, more than the "
                          f"{limits.max_depth} allowed")
    _check_strings(text, limits, name)

    def number(kind: type) -> Any:
        def convert(literal: str) -> Any:
            if len(literal) > limits.max_number_chars:
                raise FormatError(f"{name}: a number of {len(literal)} characters is longer "
                                  f"than the {limits.max_number_chars} allowed (write large "
                                  "values as decimal strings)")
            value = kind(literal)
            if kind is float and not math.isfinite(value):
                raise FormatError(f"{name}: {literal} is out of range for a JSON number")
            return value
        return convert

    def constant(literal: str) -> Any:
        raise FormatError(f"{name}: {literal} is not a JSON number")

    try:
        return json.loads(text, parse_int=number(int), parse_float=number(float),
                          parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise FormatError(f"{name}: not valid JSON ({exc.msg} at line {exc.lineno}, column "
                          f"{exc.colno})") from exc
    except (RecursionError, ValueError) as exc:  # belt and braces: bounded above already
        raise FormatError(f"{name}: JSON beyond this reader's limits ({exc})") from exc


def load_json(source: Source, what: str = "JSON file", *, name: str | None = None,
              limits: JsonLimits = DEFAULT_LIMITS) -> Any:
    """The JSON value in the file at ``source`` (a path) or in ``source`` (bytes).

    ``what`` says what was expected ("verification_key.json", "inputs file") and ``name``
    how to call the source in messages (default: the path). Every failure — missing file,
    wrong kind of file, bad encoding, invalid or oversized JSON — raises one
    :class:`~zk.errors.FormatError` (or :class:`~zk.files.FileAccessError`) with a one-line
    message.
    """
    data, label = read_source(source, what, name, limits.max_bytes)
    return parse_json_text(decode_text(data, what, label), label, limits)


__all__ = ["DEFAULT_LIMITS", "JsonLimits", "load_json", "nesting_depth", "parse_json_text"]
