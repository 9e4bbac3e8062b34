"""Receipts: what an append hands back, checkable offline by anyone with the log's public key.

A receipt holds the entry (its canonical bytes), its index and leaf hash, the inclusion
proof, and the signed checkpoint it leads to. As JSON::

    {"format": "zkgov-ledger-receipt", "version": 1, "origin": "...", "index": 5,
     "leaf_hash": "<base64>", "tree_size": 6, "inclusion_proof": ["<base64>", ...],
     "checkpoint": "<signed note>", "entry": "<canonical record JSON>"}
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from ledger.checkpoint import Checkpoint, open_checkpoint
from ledger.errors import InvalidProofError, ReceiptError, WrongLogError
from ledger.note import NoteVerifier
from ledger.proof import verify_inclusion
from ledger.rfc9162 import hash_leaf, same_hash

RECEIPT_FORMAT = "zkgov-ledger-receipt"
RECEIPT_VERSION = 1


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, what: str) -> bytes:
    if not isinstance(text, str):
        raise ReceiptError(f"receipt {what} must be a base64 string")
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError) as exc:
        raise ReceiptError(f"receipt {what} is not valid base64") from exc
    if base64.b64encode(data).decode("ascii") != text:
        raise ReceiptError(f"receipt {what} is not canonical base64")
    return data


@dataclass(frozen=True)
class Receipt:
    """Proof that entry ``index`` is in the log whose signed checkpoint is ``checkpoint``."""

    origin: str
    index: int
    leaf_hash: bytes
    tree_size: int
    inclusion_proof: tuple[bytes, ...]
    checkpoint: str
    entry: bytes | None = None

    def to_json(self) -> dict[str, Any]:
        """The receipt as JSON data (see the module docstring)."""
        body: dict[str, Any] = {
            "format": RECEIPT_FORMAT,
            "version": RECEIPT_VERSION,
            "origin": self.origin,
            "index": self.index,
            "leaf_hash": _b64(self.leaf_hash),
            "tree_size": self.tree_size,
            "inclusion_proof": [_b64(h) for h in self.inclusion_proof],
            "checkpoint": self.checkpoint,
        }
        if self.entry is not None:
            body["entry"] = self.entry.decode("utf-8")
        return body

    @classmethod
    def from_json(cls, obj: Any) -> Receipt:
        """Parse a receipt; :class:`ReceiptError` if any field is missing or malformed."""
        if not isinstance(obj, dict):
            raise ReceiptError("a receipt is a JSON object")
        if obj.get("format") != RECEIPT_FORMAT or obj.get("version") != RECEIPT_VERSION:
            raise ReceiptError(f"not a {RECEIPT_FORMAT} version {RECEIPT_VERSION} receipt")
        for name, kind in (("origin", str), ("index", int), ("tree_size", int),
                           ("inclusion_proof", list), ("checkpoint", str)):
            if not isinstance(obj.get(name), kind) or isinstance(obj.get(name), bool):
                raise ReceiptError(f"receipt field '{name}' is missing or has the wrong type")
        entry = obj.get("entry")
        if entry is not None and not isinstance(entry, str):
            raise ReceiptError("receipt field 'entry' must be the record's JSON text")
        if len(obj["inclusion_proof"]) > 64:
            raise ReceiptError("receipt inclusion proof is longer than any tree needs")
        return cls(
            origin=obj["origin"],
            index=obj["index"],
            leaf_hash=_unb64(obj.get("leaf_hash"), "leaf_hash"),
            tree_size=obj["tree_size"],
            inclusion_proof=tuple(
                _unb64(h, f"inclusion_proof[{i}]") for i, h in enumerate(obj["inclusion_proof"])
            ),
            checkpoint=obj["checkpoint"],
            entry=None if entry is None else entry.encode("utf-8"),
        )

    def verify(
        self, verifier: NoteVerifier, origin: str | None = None, checkpoint: str | None = None
    ) -> Checkpoint:
        """Check the receipt offline and return the checkpoint it is proven against.

        ``checkpoint`` (a signed note) replaces the receipt's own, e.g. one the inspector
        already trusts; ``origin`` defaults to the key's name. Raises
        :class:`WrongLogError` for a receipt of another log,
        :class:`ledger.errors.SignatureError` for a bad signature and
        :class:`InvalidProofError` when the entry is not proven to be in the tree.
        """
        expected = verifier.name if origin is None else origin
        if self.origin != expected:
            raise WrongLogError(f"receipt is for log {self.origin!r}, not {expected!r}")
        cp = open_checkpoint(self.checkpoint if checkpoint is None else checkpoint,
                             verifier, expected)
        if cp.size != self.tree_size:
            raise InvalidProofError(
                f"receipt proves inclusion in a tree of size {self.tree_size}, "
                f"but the checkpoint is for size {cp.size}"
            )
        if self.entry is not None and not same_hash(hash_leaf(self.entry), self.leaf_hash):
            raise InvalidProofError("the receipt's entry does not hash to its leaf hash")
        verify_inclusion(self.index, self.tree_size, self.leaf_hash,
                         list(self.inclusion_proof), cp.root_hash)
        return cp
