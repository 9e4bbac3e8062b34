"""What the log stores: proof records and commitment records, and their canonical bytes.

Canonical encoding (the bytes that are hashed into the tree, so the same record always
hashes the same):

* a record is a JSON object, serialised as UTF-8 with object keys sorted by code point,
  no insignificant whitespace (separators ``,`` and ``:``), non-ASCII characters written
  as themselves, and only these values: objects with string keys, arrays, strings,
  integers, ``true``, ``false`` and ``null`` — never floating-point numbers;
* big numbers (field elements, curve coordinates) are decimal strings, as snarkjs writes;
* hashes are lowercase hexadecimal strings; times are UTC, RFC 3339, microseconds, ``Z``;
* every record carries ``"kind"`` (``"proof"`` or ``"commitment"``) and ``"v": 1``.

:func:`decode_record` accepts only bytes that re-encode to themselves, so a stored payload
that was altered into a different but equivalent JSON text is still caught.

The verification-key hash in a proof record (``vk_hash``) is SHA-256 over the canonical JSON
of the key's snarkjs ``verification_key.json`` fields as :func:`zk.formats.snarkjs_json.vk_to_json`
writes them, less ``vk_alphabeta_12`` (derived from α and β, and not written by every tool):
``protocol``, ``curve``, ``nPublic``, ``vk_alpha_1``, ``vk_beta_2``, ``vk_gamma_2``,
``vk_delta_2``, ``IC``. That object is what the ledger stores for the audit
(:func:`ledger.admission.verification_key_json`), and its hash equals
:func:`zk.formats.snarkjs_json.vk_hash` of the key, so the two never disagree.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass
from typing import Any

from ledger.errors import RecordError
from zk.field import Q, R

KIND_PROOF = "proof"
KIND_COMMITMENT = "commitment"
RECORD_VERSION = 1

#: Largest canonical record accepted (a proof with a few thousand public inputs fits).
MAX_ENTRY_BYTES = 256 * 1024
#: Longest circuit id or submitter name, in characters.
MAX_NAME_CHARS = 256
#: Largest commitment context, in canonical bytes.
MAX_CONTEXT_BYTES = 16 * 1024
#: Deepest nesting accepted in a context object.
MAX_DEPTH = 16

#: Commitment schemes a commitment record may name.
SCHEMES = ("poseidon", "pedersen")

_DECIMAL = re.compile(r"(0|[1-9][0-9]*)\Z")
_HEX32 = re.compile(r"[0-9a-f]{64}\Z")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z\Z")

# Twisted Edwards form of Baby Jubjub (EIP-2494), the curve of circomlib's Pedersen hash.
_BABYJUB_A = 168700
_BABYJUB_D = 168696


def canonical_json(value: Any) -> bytes:
    """The canonical bytes of a JSON value (see the module docstring)."""
    _check_json_value(value, 0)
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def _check_json_value(value: Any, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise RecordError(f"record nests deeper than {MAX_DEPTH} levels")
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        raise RecordError("records hold no floating-point numbers: write the value as a string")
    if isinstance(value, list | tuple):
        for item in value:
            _check_json_value(item, depth + 1)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise RecordError(f"record keys must be strings, got {type(key).__name__}")
            _check_json_value(item, depth + 1)
        return
    raise RecordError(f"records cannot hold a {type(value).__name__}")


def parse_canonical(data: bytes) -> dict[str, Any]:
    """Parse canonical record bytes; raise :class:`RecordError` unless they are canonical."""
    try:
        value = json.loads(data.decode("utf-8"), parse_float=_refuse_float)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # ValueError: > 4300 digits
        raise RecordError(f"payload is not UTF-8 JSON ({exc})") from exc
    if not isinstance(value, dict):
        raise RecordError("payload is not a JSON object")
    if canonical_json(value) != data:
        raise RecordError("payload is not in canonical form")
    return value


def _refuse_float(text: str) -> Any:
    raise RecordError(f"records hold no floating-point numbers, got {text}")


def utc_now() -> str:
    """The current time as the records write it: ``2024-05-01T12:00:00.123456Z``."""
    now = _dt.datetime.now(_dt.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def check_name(value: Any, what: str) -> str:
    """A circuit id or submitter: non-empty printable text of at most MAX_NAME_CHARS."""
    if not isinstance(value, str) or not value.strip():
        raise RecordError(f"{what} must be non-empty text")
    if len(value) > MAX_NAME_CHARS:
        raise RecordError(f"{what} is {len(value)} characters long; the limit is {MAX_NAME_CHARS}")
    if not value.isprintable():
        raise RecordError(f"{what} contains control characters")
    return value


def check_field_element(value: Any, what: str, modulus: int = R) -> str:
    """A decimal string (or int) below ``modulus``, returned as its canonical decimal string."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or len(value) > 80 or not _DECIMAL.match(value):
        raise RecordError(f"{what} must be a decimal number without sign or leading zeros")
    if int(value) >= modulus:
        raise RecordError(f"{what} is not below the field modulus")
    return value


def check_pedersen_point(value: Any) -> list[str]:
    """A Pedersen commitment: an affine point on Baby Jubjub or on BN254 G1, as decimals."""
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",")]
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise RecordError("a pedersen commitment is a point: two decimal coordinates x,y")
    x_text = check_field_element(value[0], "pedersen x coordinate", Q)
    y_text = check_field_element(value[1], "pedersen y coordinate", Q)
    x, y = int(x_text), int(y_text)
    on_babyjub = (
        x < R
        and y < R
        and (_BABYJUB_A * x * x + y * y - 1 - _BABYJUB_D * x * x * y * y) % R == 0
    )
    on_g1 = (y * y - x * x * x - 3) % Q == 0
    if not (on_babyjub or on_g1):
        raise RecordError("the pedersen commitment is not a point on Baby Jubjub or BN254 G1")
    return [x_text, y_text]


def check_context(value: Any) -> str | dict[str, Any]:
    """A commitment's context: free text or a JSON object, at most MAX_CONTEXT_BYTES."""
    if isinstance(value, str):
        size = len(value.encode("utf-8"))
    elif isinstance(value, dict):
        size = len(canonical_json(value))
    else:
        raise RecordError("a commitment context is text or a JSON object")
    if size > MAX_CONTEXT_BYTES:
        raise RecordError(f"context is {size} bytes; the limit is {MAX_CONTEXT_BYTES}")
    return value


@dataclass(frozen=True)
class ProofRecord:
    """A Groth16 proof the service accepted: circuit, key hash, public inputs, proof, who, when."""

    circuit_id: str
    vk_hash: str
    public_inputs: tuple[str, ...]
    proof: dict[str, Any]
    submitter: str
    time: str

    kind = KIND_PROOF

    def to_json(self) -> dict[str, Any]:
        """The record as the JSON object that is encoded canonically."""
        return {
            "kind": KIND_PROOF,
            "v": RECORD_VERSION,
            "circuit_id": self.circuit_id,
            "vk_hash": self.vk_hash,
            "public_inputs": list(self.public_inputs),
            "proof": self.proof,
            "submitter": self.submitter,
            "time": self.time,
        }


@dataclass(frozen=True)
class CommitmentRecord:
    """A published commitment (Poseidon: one field element; Pedersen: a point) with context."""

    scheme: str
    commitment: str | tuple[str, str]
    context: str | dict[str, Any]
    time: str

    kind = KIND_COMMITMENT

    def to_json(self) -> dict[str, Any]:
        """The record as the JSON object that is encoded canonically."""
        value = list(self.commitment) if isinstance(self.commitment, tuple) else self.commitment
        return {
            "kind": KIND_COMMITMENT,
            "v": RECORD_VERSION,
            "scheme": self.scheme,
            "commitment": value,
            "context": self.context,
            "time": self.time,
        }


Record = ProofRecord | CommitmentRecord


def encode_record(record: Record) -> bytes:
    """The canonical bytes of a record; :class:`RecordError` if over MAX_ENTRY_BYTES."""
    data = canonical_json(record.to_json())
    if len(data) > MAX_ENTRY_BYTES:
        raise RecordError(
            f"record is {len(data)} bytes once encoded; the limit is {MAX_ENTRY_BYTES}"
        )
    return data


def _field(obj: dict[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    if name not in obj:
        raise RecordError(f"record has no '{name}'")
    value = obj[name]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise RecordError(f"record field '{name}' has the wrong type")
    return value


def _check_keys(obj: dict[str, Any], expected: set[str]) -> None:
    extra = set(obj) - expected
    if extra:
        raise RecordError(f"record has unknown fields: {', '.join(sorted(extra))}")


def decode_record(payload: bytes) -> Record:
    """Parse and validate stored canonical bytes back into a record."""
    if len(payload) > MAX_ENTRY_BYTES:
        raise RecordError(f"payload is {len(payload)} bytes; the limit is {MAX_ENTRY_BYTES}")
    obj = parse_canonical(payload)
    kind = obj.get("kind")
    if obj.get("v") != RECORD_VERSION:
        raise RecordError(f"record version {obj.get('v')!r} is not supported")
    time = _field(obj, "time", str)
    if not _TIME.match(time):
        raise RecordError(f"record time {time!r} is not RFC 3339 UTC with microseconds")
    if kind == KIND_PROOF:
        _check_keys(obj, {"kind", "v", "circuit_id", "vk_hash", "public_inputs", "proof",
                          "submitter", "time"})
        digest = _field(obj, "vk_hash", str)
        if not _HEX32.match(digest):
            raise RecordError("vk_hash must be 64 lowercase hex digits")
        public = _field(obj, "public_inputs", list)
        return ProofRecord(
            circuit_id=check_name(_field(obj, "circuit_id", str), "circuit id"),
            vk_hash=digest,
            public_inputs=tuple(
                check_field_element(v, f"public input #{i}") for i, v in enumerate(public)
            ),
            proof=_field(obj, "proof", dict),
            submitter=check_name(_field(obj, "submitter", str), "submitter"),
            time=time,
        )
    if kind == KIND_COMMITMENT:
        _check_keys(obj, {"kind", "v", "scheme", "commitment", "context", "time"})
        scheme = _field(obj, "scheme", str)
        value = _field(obj, "commitment", (str, list))
        if scheme == "poseidon" and isinstance(value, str):
            commitment: str | tuple[str, str] = check_field_element(value, "commitment")
        elif scheme == "pedersen" and isinstance(value, list):
            x, y = check_pedersen_point(value)
            commitment = (x, y)
        else:
            raise RecordError(f"commitment scheme {scheme!r} with a {type(value).__name__} value")
        return CommitmentRecord(scheme, commitment, check_context(obj.get("context")), time)
    raise RecordError(f"unknown record kind {kind!r}")
