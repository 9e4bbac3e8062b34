"""Checkpoints (https://c2sp.org/tlog-checkpoint): a log's size and root, as a signed note.

The note text is three lines — the origin (the log's name, conventionally a schema-less
URL), the tree size in decimal, the root hash in base64 — each ending in a newline,
optionally followed by extension lines. The log signs it with its Ed25519 key, whose name
is the origin.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from ledger.errors import CheckpointError, WrongLogError
from ledger.note import NoteSigner, NoteVerifier, check_note_text
from ledger.rfc9162 import HASH_SIZE

_SIZE = re.compile(r"(0|[1-9][0-9]{0,19})\Z")


@dataclass(frozen=True)
class Checkpoint:
    """A log's claim: "my first ``size`` entries have this root hash"."""

    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def body(self) -> str:
        """The checkpoint note text."""
        lines = [self.origin, str(self.size), base64.b64encode(self.root_hash).decode()]
        text = "\n".join([*lines, *self.extensions]) + "\n"
        check_note_text(text)
        return text

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        """Read a checkpoint note text; :class:`CheckpointError` if malformed."""
        check_note_text(text)
        lines = text[:-1].split("\n")
        if len(lines) < 3:
            raise CheckpointError("checkpoint needs an origin, a size and a root hash line")
        origin, size_text, root_text, *extensions = lines
        if not origin:
            raise CheckpointError("checkpoint origin line is empty")
        if not _SIZE.match(size_text):
            raise CheckpointError(f"checkpoint size {size_text!r} is not a decimal number")
        try:
            root = base64.b64decode(root_text.encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError) as exc:
            raise CheckpointError("checkpoint root hash is not base64") from exc
        if base64.b64encode(root).decode("ascii") != root_text:
            raise CheckpointError("checkpoint root hash is not canonical base64")
        if len(root) != HASH_SIZE:
            raise CheckpointError(f"checkpoint root hash is {len(root)} bytes, expected 32")
        return cls(origin, int(size_text), root, tuple(extensions))


def sign_checkpoint(checkpoint: Checkpoint, signer: NoteSigner) -> str:
    """The signed checkpoint note."""
    if checkpoint.origin != signer.name:
        raise CheckpointError(
            f"key {signer.name!r} cannot sign checkpoints of log {checkpoint.origin!r}"
        )
    return signer.sign(checkpoint.body())


def open_checkpoint(note: str, verifier: NoteVerifier, origin: str | None = None) -> Checkpoint:
    """Verify a signed checkpoint and return it.

    Raises :class:`ledger.errors.SignatureError` when the key did not sign it,
    :class:`ledger.errors.WrongLogError` when it names another log than ``origin`` (default:
    the key's name), and :class:`CheckpointError` when it is malformed.
    """
    checkpoint = Checkpoint.parse(verifier.open(note))
    expected = verifier.name if origin is None else origin
    if checkpoint.origin != expected:
        raise WrongLogError(f"checkpoint is for log {checkpoint.origin!r}, not {expected!r}")
    return checkpoint
