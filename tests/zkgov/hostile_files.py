"""Hostile versions of the files zkgov reads, by class, made from a valid file of the slot.

Each maker takes the valid file's bytes and returns the hostile bytes (or ``None`` when the
class does not apply to that kind of file). Kept apart from the test matrix so that other
tests (and fuzzers) can reuse the same inputs.
"""

from __future__ import annotations

import json
import random
import struct
from collections.abc import Callable

from zk.field import Q, R

#: The kinds of input slot a command has.
JSON, BINARY, TOML, CSV, CIRCUIT, LEDGER, TEXT = ("json", "binary", "toml", "csv", "circuit",
                                                  "ledger", "text")

ZKEY_HEAD = b"zkey" + struct.pack("<II", 1, 10) + bytes(200)
VK_TEXT = json.dumps({"protocol": "groth16", "curve": "bn128", "nPublic": 1}).encode()


def _r1cs_lying_header() -> bytes:
    """A 112-byte .r1cs with one empty constraint whose header declares 2^32 − 1 wires."""
    header = (struct.pack("<I", 32) + R.to_bytes(32, "little")
              + struct.pack("<IIIIQI", 2**32 - 1, 0, 1, 1, 2**32 - 1, 1))
    constraint = struct.pack("<I", 0) * 3  # A, B and C with no terms: 0 · 0 = 0
    return (b"r1cs" + struct.pack("<II", 1, 2) + struct.pack("<IQ", 1, len(header)) + header
            + struct.pack("<IQ", 2, len(constraint)) + constraint)


def _wtns_lying_header() -> bytes:
    header = struct.pack("<I", 32) + R.to_bytes(32, "little") + struct.pack("<I", 2**32 - 1)
    return (b"wtns" + struct.pack("<II", 2, 2) + struct.pack("<IQ", 1, len(header)) + header
            + struct.pack("<IQ", 2, 64) + bytes(64))


def lying_header(valid: bytes) -> bytes | None:
    """A small file of the same kind whose header declares an enormous count."""
    magic = valid[:4]
    if magic == b"r1cs":
        return _r1cs_lying_header()
    if magic == b"wtns":
        return _wtns_lying_header()
    if magic == b"ptau":  # power 28 in the header, a few hundred bytes of points
        header = struct.pack("<I", 32) + Q.to_bytes(32, "little") + struct.pack("<II", 28, 28)
        return (b"ptau" + struct.pack("<II", 1, 2) + struct.pack("<IQ", 1, len(header)) + header
                + struct.pack("<IQ", 2, 256) + bytes(256))
    if magic == b"zkey":  # keep the file, but make the Groth header claim 2^32 − 1 variables
        data = bytearray(valid)
        pos = 12
        while pos + 12 <= len(data):
            kind, size = struct.unpack_from("<IQ", data, pos)
            if kind == 2:
                body = pos + 12
                n8q = struct.unpack_from("<I", data, body)[0]
                n8r = struct.unpack_from("<I", data, body + 4 + n8q)[0]
                struct.pack_into("<I", data, body + 8 + n8q + n8r, 2**32 - 1)
                return bytes(data)
            pos += 12 + size
    return None


def garbage(_valid: bytes) -> bytes:
    return random.Random(17).randbytes(4096)


def truncated(valid: bytes) -> bytes:
    return valid[: max(1, len(valid) // 2)]


def wrong_kind(valid: bytes) -> bytes:
    """A .zkey where text was expected, verification-key JSON where a binary file was."""
    return VK_TEXT if valid[:4] in (b"r1cs", b"wtns", b"zkey", b"ptau") or valid[:6] == \
        b"SQLite" else ZKEY_HEAD


def deep_json(_valid: bytes) -> bytes:
    return b"[" * 100_000 + b"]" * 100_000


def huge_integer(_valid: bytes) -> bytes:
    return b'{"value": ' + b"7" * 5000 + b"}"


def utf16(valid: bytes) -> bytes:
    return valid.decode("utf-8").encode("utf-16")


def utf8_bom(valid: bytes) -> bytes:
    return b"\xef\xbb\xbf" + valid


def non_canonical(style: str) -> Callable[[bytes], bytes | None]:
    """Every decimal string of a public.json or proof.json respelled (value unchanged)."""
    def respell(text: str) -> str:
        if not text.isdigit():
            return text
        if style == "hex":
            return hex(int(text))
        if style == "leading-zeros":
            return "00" + text
        if style == "spaces":
            return f" {text} "
        return text.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))  # Arabic-Indic

    def make(valid: bytes) -> bytes | None:
        def walk(value):
            if isinstance(value, list):
                return [walk(v) for v in value]
            if isinstance(value, dict):
                return {k: walk(v) for k, v in value.items()}
            return respell(value) if isinstance(value, str) else value
        return json.dumps(walk(json.loads(valid)), ensure_ascii=False).encode()
    return make


def raising_circuit(kind: str) -> Callable[[bytes], bytes]:
    bodies = {
        "value-error": "raise ValueError('the threshold must be positive')",
        "typo": "c.assert_less_thn(self.income, self.threshold, bits=64)",
        "bits-as-string": "c.assert_less_than(self.income, self.threshold, bits='64')",
    }

    def make(_valid: bytes) -> bytes:
        if kind == "bad-import":
            return b"import no_such_module_for_zkgov\n"
        if kind == "syntax-error":
            return b"from circuits import Circuit\nclass Bad(Circuit)\n    pass\n"
        return ("from circuits import Circuit, private, public\n\n\n"
                "class Bad(Circuit):\n    threshold = public()\n    income = private()\n\n"
                f"    def define(self, c):\n        {bodies[kind]}\n").encode()
    return make


#: class name → (maker, slot kinds it applies to, whether the command must refuse it).
#: UTF-16 and a UTF-8 BOM are not errors: the command must behave as with the plain file.
CLASSES: dict[str, tuple[Callable[[bytes], bytes | None], tuple[str, ...], bool]] = {
    "wrong-kind": (wrong_kind, (JSON, BINARY, TOML, CSV, LEDGER, TEXT), True),
    "empty": (lambda _v: b"", (JSON, BINARY, TOML, CSV, CIRCUIT, LEDGER, TEXT), True),
    "truncated": (truncated, (JSON, BINARY, TOML, LEDGER), True),
    "garbage": (garbage, (JSON, BINARY, TOML, CSV, CIRCUIT, LEDGER, TEXT), True),
    "lying-header": (lying_header, (BINARY,), True),
    "deep-json": (deep_json, (JSON,), True),
    "huge-integer": (huge_integer, (JSON,), True),
    "utf16": (utf16, (JSON,), False),
    "utf8-bom": (utf8_bom, (JSON,), False),
    "circuit-value-error": (raising_circuit("value-error"), (CIRCUIT,), True),
    "circuit-typo": (raising_circuit("typo"), (CIRCUIT,), True),
    "circuit-bits-as-string": (raising_circuit("bits-as-string"), (CIRCUIT,), True),
    "circuit-bad-import": (raising_circuit("bad-import"), (CIRCUIT,), True),
    "circuit-syntax-error": (raising_circuit("syntax-error"), (CIRCUIT,), True),
}

#: Classes that only apply to public inputs and proof coordinates.
NUMBER_CLASSES = {f"non-canonical-{s}": (non_canonical(s), (JSON,), True)
                  for s in ("hex", "leading-zeros", "spaces", "arabic-digits")}
