"""C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys.

A signed note is UTF-8 text ending in a newline, a blank line, then one signature line per
signer::

    — <key name> <base64(key ID ‖ signature)>

with an em dash (U+2014) and a space in front. The signature covers the text including its
final newline. The 4-byte key ID is the first four bytes of
SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key), signature type 0x01 for Ed25519.
Keys travel as the text forms that Go's ``sumdb/note`` and the transparency-dev tools use:

* verifier key: ``<name>+<hex key ID>+<base64(0x01 ‖ public key)>``
* signer key:   ``PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 ‖ 32-byte seed)>``
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ledger.errors import CheckpointError, SignatureError, SigningKeyError

#: Signature type byte of Ed25519 in key IDs and key encodings.
SIGNATURE_TYPE_ED25519 = 0x01
#: What every signature line starts with: EM DASH, SPACE.
SIGNATURE_LINE_PREFIX = "\u2014 "
#: Most signature lines a note may carry (as Go's note.Open).
MAX_SIGNATURES = 100
#: Largest note accepted.
MAX_NOTE_BYTES = 1 << 20

_SIGNER_PREFIX = "PRIVATE+KEY+"


def check_key_name(name: str) -> str:
    """A key name: non-empty, printable, with neither spaces nor '+'."""
    if not isinstance(name, str) or not name:
        raise SigningKeyError("a key name must be non-empty text")
    if "+" in name or any(ch.isspace() for ch in name) or not name.isprintable():
        raise SigningKeyError(
            f"key name {name!r} must contain no spaces, '+' or control characters"
        )
    return name


def key_id(name: str, public_key: bytes) -> bytes:
    """The 4-byte key ID of an Ed25519 key: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[:4]."""
    data = name.encode("utf-8") + b"\n" + bytes([SIGNATURE_TYPE_ED25519]) + public_key
    return hashlib.sha256(data).digest()[:4]


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _b64decode(text: str, what: str, error: type[Exception]) -> bytes:
    """Strict base64: the only text accepted for some bytes is their own encoding."""
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError) as exc:
        raise error(f"{what} is not valid base64") from exc
    if base64.b64encode(data).decode("ascii") != text:
        raise error(f"{what} is not canonical base64")
    return data


def _parse_key_text(text: str, what: str) -> tuple[str, bytes, bytes]:
    """Split ``name+hexid+base64`` into (name, key id, type-and-key bytes)."""
    parts = text.strip().split("+", 2)
    if len(parts) != 3:
        raise SigningKeyError(f"{what} must look like name+keyid+base64key")
    name, hex_id, b64 = parts
    check_key_name(name)
    if len(hex_id) != 8:
        raise SigningKeyError(f"{what} has a key ID of {len(hex_id)} hex digits, expected 8")
    try:
        kid = bytes.fromhex(hex_id)
    except ValueError as exc:
        raise SigningKeyError(f"{what} key ID is not hexadecimal") from exc
    material = _b64decode(b64, what, SigningKeyError)
    if len(material) != 33 or material[0] != SIGNATURE_TYPE_ED25519:
        raise SigningKeyError(f"{what} is not an Ed25519 key (type 0x01, 32 bytes)")
    return name, kid, material


@dataclass(frozen=True)
class NoteVerifier:
    """Checks signatures by one named Ed25519 key."""

    name: str
    public_key: bytes

    @property
    def key_id(self) -> bytes:
        """The 4-byte key ID that signature lines carry."""
        return key_id(self.name, self.public_key)

    @classmethod
    def from_vkey(cls, text: str) -> NoteVerifier:
        """Parse a verifier key ``name+hexid+base64(0x01 ‖ key)``."""
        name, kid, material = _parse_key_text(text, "verifier key")
        verifier = cls(name, material[1:])
        if not hmac.compare_digest(verifier.key_id, kid):
            raise SigningKeyError(f"verifier key for {name!r}: key ID does not match the key")
        try:
            Ed25519PublicKey.from_public_bytes(verifier.public_key)
        except ValueError as exc:
            raise SigningKeyError(f"verifier key for {name!r} is not a valid Ed25519 key") from exc
        return verifier

    def vkey(self) -> str:
        """The verifier key as text, to publish to inspectors."""
        material = bytes([SIGNATURE_TYPE_ED25519]) + self.public_key
        return f"{self.name}+{self.key_id.hex()}+{base64.b64encode(material).decode()}"

    def open(self, note: str) -> str:
        """Return the text of ``note`` if this key signed it; raise :class:`SignatureError`."""
        text, signatures = split_note(note)
        public = Ed25519PublicKey.from_public_bytes(self.public_key)
        names = []
        for name, kid, sig in signatures:
            names.append(name)
            if name != self.name or not hmac.compare_digest(kid, self.key_id):
                continue  # another signer's line: C2SP says to ignore unknown keys
            try:
                public.verify(sig, text.encode("utf-8"))
            except InvalidSignature as exc:
                raise SignatureError(f"the signature by {self.name} does not verify") from exc
            return text
        signers = ", ".join(sorted(set(names))) or "nobody"
        raise SignatureError(f"note is not signed by key {self.name} (signed by: {signers})")


class NoteSigner:
    """Signs notes with one named Ed25519 key. The private key never leaves this object
    except through :meth:`skey`, which callers write only to a 0600 file."""

    def __init__(self, name: str, private_key: Ed25519PrivateKey) -> None:
        self.name = check_key_name(name)
        self._key = private_key
        #: Where this signer keeps the last checkpoint it signed (see
        #: :mod:`ledger.signer_state`): set for a key read from a file, ``None`` (state kept
        #: in memory by each ledger object) for a key made in memory.
        self.state_file: Path | None = None

    @classmethod
    def generate(cls, name: str) -> NoteSigner:
        """A fresh key (from the OS's CSPRNG, through ``cryptography``)."""
        return cls(name, Ed25519PrivateKey.generate())

    @classmethod
    def from_skey(cls, text: str) -> NoteSigner:
        """Parse ``PRIVATE+KEY+name+hexid+base64(0x01 ‖ seed)``."""
        text = text.strip()
        if not text.startswith(_SIGNER_PREFIX):
            raise SigningKeyError("signer key must start with PRIVATE+KEY+")
        name, kid, material = _parse_key_text(text[len(_SIGNER_PREFIX):], "signer key")
        signer = cls(name, Ed25519PrivateKey.from_private_bytes(material[1:]))
        if not hmac.compare_digest(signer.verifier().key_id, kid):
            raise SigningKeyError(f"signer key for {name!r}: key ID does not match the key")
        return signer

    def skey(self) -> str:
        """The private key as text. Secret: write it only to a file only its owner reads."""
        seed = self._key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        material = bytes([SIGNATURE_TYPE_ED25519]) + seed
        kid = self.verifier().key_id.hex()
        return f"{_SIGNER_PREFIX}{self.name}+{kid}+{base64.b64encode(material).decode()}"

    def verifier(self) -> NoteVerifier:
        """The public half: what checks this signer's notes."""
        return NoteVerifier(self.name, _raw_public(self._key.public_key()))

    def sign(self, text: str) -> str:
        """The signed note: ``text``, a blank line, and this key's signature line."""
        check_note_text(text)
        signature = self._key.sign(text.encode("utf-8"))
        blob = base64.b64encode(self.verifier().key_id + signature).decode()
        return f"{text}\n{SIGNATURE_LINE_PREFIX}{self.name} {blob}\n"

    def __repr__(self) -> str:  # never show the key
        return f"NoteSigner(name={self.name!r})"


def check_note_text(text: str) -> None:
    """Note text is non-empty, ends in a newline, has no blank line and no control characters."""
    if not text.endswith("\n"):
        raise CheckpointError("note text must end with a newline")
    if "\n\n" in text:
        raise CheckpointError("note text must not contain a blank line")
    if any(ord(ch) < 0x20 and ch != "\n" for ch in text):
        raise CheckpointError("note text must not contain control characters")


def split_note(note: str) -> tuple[str, list[tuple[str, bytes, bytes]]]:
    """Split a signed note into its text and its ``(name, key id, signature)`` lines."""
    if not isinstance(note, str):
        raise CheckpointError("a signed note is text")
    if len(note.encode("utf-8", "surrogatepass")) > MAX_NOTE_BYTES:
        raise CheckpointError(f"signed note is larger than {MAX_NOTE_BYTES} bytes")
    if not note.endswith("\n"):
        raise CheckpointError("signed note must end with a newline")
    cut = note.rfind("\n\n")
    if cut < 0:
        raise CheckpointError("signed note has no blank line before its signatures")
    text, block = note[: cut + 1], note[cut + 2 :]
    check_note_text(text)
    lines = block.split("\n")[:-1]
    if not lines:
        raise CheckpointError("signed note has no signature lines")
    if len(lines) > MAX_SIGNATURES:
        raise CheckpointError(f"signed note has more than {MAX_SIGNATURES} signatures")
    signatures = []
    for line in lines:
        if not line.startswith(SIGNATURE_LINE_PREFIX):
            raise CheckpointError("signature line does not start with an em dash and a space")
        name, sep, blob = line[len(SIGNATURE_LINE_PREFIX):].rpartition(" ")
        if not sep:
            raise CheckpointError("signature line must be '— name base64'")
        try:
            check_key_name(name)
        except SigningKeyError as exc:
            raise CheckpointError(f"signature line: {exc}") from exc
        raw = _b64decode(blob, "signature", CheckpointError)
        if len(raw) < 5:
            raise CheckpointError("signature is too short to hold a key ID and a signature")
        signatures.append((name, raw[:4], raw[4:]))
    return text, signatures
