"""Inputs for circom's witness generator: ``input.json`` flattened to named signals.

circom's ``generate_witness.js`` names every input signal by its full path (``in``,
``bus.field``, ``arr[1].x`` for arrays of buses) and hashes the name with 64-bit FNV-1a to find
it in the ``.wasm``. Values are whatever JavaScript's ``BigInt`` accepts: integers, decimal or
``0x``/``0o``/``0b`` strings, booleans; negative values wrap modulo the prime.
"""

from __future__ import annotations

import re
from typing import Any

from zk.snarkjs.errors import WitnessError

_FNV_OFFSET = 0xCBF29CE484222325
_FNV_PRIME = 0x100000001B3
_MASK64 = (1 << 64) - 1
_DECIMAL = re.compile(r"[+-]?[0-9]+")
_PREFIXED = re.compile(r"0([xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)")
#: What JavaScript's String.prototype.trim removes (StringToBigInt trims the same set).
_JS_WHITESPACE = " \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007" \
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"


def fnv1a_64(name: str) -> int:
    """64-bit FNV-1a over the UTF-16 code units of ``name``, as circom hashes signal names."""
    h = _FNV_OFFSET
    units = name.encode("utf-16-le")
    for i in range(0, len(units), 2):
        h ^= units[i] | (units[i + 1] << 8)
        h = (h * _FNV_PRIME) & _MASK64
    return h


def to_bigint(value: Any, where: str) -> int:
    """``value`` as JavaScript's ``BigInt(value)`` reads it; :class:`WitnessError` when
    ``BigInt`` would throw (null, a fraction, text that is not a number)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise WitnessError(f"input {where}: {value} is not an integer")
    if isinstance(value, str):
        text = value.strip(_JS_WHITESPACE)
        if not text:
            return 0
        if _DECIMAL.fullmatch(text):
            return int(text, 10)
        if _PREFIXED.fullmatch(text):
            return int(text, 0)
        raise WitnessError(f"input {where}: cannot read {value!r} as an integer")
    raise WitnessError(f"input {where}: {json_type(value)} is not a number")


def json_type(value: Any) -> str:
    """The JSON name of a value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__


def flatten(value: Any) -> list[Any]:
    """Nested arrays flattened depth-first (the order circom lays array signals out)."""
    if not isinstance(value, list):
        return [value]
    out: list[Any] = []
    for item in value:
        out.extend(flatten(item))
    return out


def qualify(inputs: Any) -> dict[str, list[Any]]:
    """``input.json`` as {full signal name: flat list of raw values}, as circom's
    ``generate_witness.js`` qualifies it (objects are buses, their fields joined by ``.``)."""
    if not isinstance(inputs, dict):
        raise WitnessError(f"the input file must hold a JSON object, not {json_type(inputs)}")
    out: dict[str, list[Any]] = {}
    _qualify("", inputs, out)
    return out


def _qualify(prefix: str, value: Any, out: dict[str, list[Any]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _qualify(f"{prefix}.{key}" if prefix else key, item, out)
    elif isinstance(value, list):
        flat = flatten(value)
        kinds = {isinstance(v, dict) for v in flat}
        if len(kinds) > 1:
            raise WitnessError(f"input {prefix}: an array mixes objects and numbers")
        if flat and isinstance(flat[0], dict):
            for i, item in enumerate(value):
                _qualify(f"{prefix}[{i}]", item, out)
        else:
            out[prefix] = flat
    else:
        out[prefix] = [value]
