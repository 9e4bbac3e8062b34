"""The JSON Lines of a batch: input objects in, one proof record out per input line.

An output line is either a proof::

    {"line": 3, "public": ["1", ...], "proof": {"pi_a": ..., ...}, "vk": "<sha256>"}

or the reason why its input line gave none::

    {"line": 4, "error": "missing input(s): income"}

``line`` is the 1-based number of the input line; blank input lines are skipped and give no
output line. ``proof`` and ``public`` are snarkjs's ``proof.json`` and ``public.json``; ``vk`` is
the SHA-256 of the verification key (:func:`zk.formats.snarkjs_json.vk_hash`), so that
``verify_batch`` can group a file's proofs by key.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from circuits.bulk.errors import BulkError
from zk.errors import ZkError
from zk.formats.snarkjs_json import (
    proof_from_json,
    proof_to_json,
    public_from_json,
    public_to_json,
)
from zk.groth16.keys import Proof


@dataclass(frozen=True)
class Record:
    """One output line, decoded: a proof with its public values, or an error."""

    line: int
    proof: Proof | None = None
    public: list[int] | None = None
    vk: str | None = None
    error: str | None = None


def proof_line(line: int, proof: Proof, public: Sequence[int], vk: str) -> str:
    """The output line (with its newline) for a proof of input line ``line``."""
    record = {"line": line, "public": public_to_json(public), "proof": proof_to_json(proof),
              "vk": vk}
    return json.dumps(record, separators=(",", ":")) + "\n"


def error_line(line: int, reason: str) -> str:
    """The output line (with its newline) saying why input line ``line`` gave no proof."""
    return json.dumps({"line": line, "error": reason}, separators=(",", ":")) + "\n"


def line_number(text: str, where: str) -> int:
    """The ``line`` field of an output line, checked to be a positive integer."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BulkError(f"{where} is not JSON ({exc.msg})") from exc
    line = obj.get("line") if isinstance(obj, dict) else None
    if not isinstance(line, int) or isinstance(line, bool) or line < 1:
        raise BulkError(f"{where} is not a batch record (no positive \"line\" number)")
    return line


def parse_record(text: str, where: str) -> Record:
    """Decode one output line; a malformed proof is a :class:`ZkError` naming ``where``."""
    line = line_number(text, where)
    obj = json.loads(text)
    if "error" in obj:
        return Record(line, error=str(obj["error"]))
    try:
        proof = proof_from_json(obj.get("proof"))
        public = public_from_json(obj.get("public"))
    except ZkError as exc:
        raise BulkError(f"{where}: {exc}") from exc
    vk = obj.get("vk")
    return Record(line, proof=proof, public=public, vk=vk if isinstance(vk, str) else None)


def input_lines(path: Path, after: int = 0) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` of every non-blank line of ``path`` past line ``after``."""
    with open_text(path, "inputs file") as f:
        for number, text in enumerate(f, start=1):
            if number > after and text.strip():
                yield number, text


def count_input_lines(path: Path) -> int:
    """How many non-blank lines ``path`` holds (the statements a batch will prove)."""
    return sum(1 for _ in input_lines(path))


def open_text(path: Path, what: str):
    """Open a UTF-8 text file, turning failures into one-line :class:`BulkError`\\s."""
    try:
        return open(path, encoding="utf-8", errors="replace")
    except FileNotFoundError as exc:
        raise BulkError(f"{what} not found: {path}") from exc
    except OSError as exc:
        raise BulkError(f"cannot read {what} {path}: {exc.strerror}") from exc
