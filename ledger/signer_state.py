"""The signer's own memory of what it signed, kept beside its key, outside the database.

Whoever can write the database file (or the PostgreSQL tables) without holding the key must
not be able to make the key sign two inconsistent checkpoints — by deleting the tail of the
log, say, so that the next append signs a second, different tree of a size already signed.
So the signer keeps the last checkpoint it signed in a file of its own, ``<key>.state``, and
signs a new tree only after checking an RFC 9162 consistency proof from that checkpoint to
the new tree.

The state holds two signed notes:

* ``signed`` — the last checkpoint whose append committed: every later tree must extend it;
* ``pending`` — a checkpoint signed for an append whose database commit had not yet been
  confirmed. It is written (and fsynced) before the database commits, and folded into
  ``signed`` right after, before the append is acknowledged. If the process dies between the
  two, the next append looks for the pending note in the database: found, the commit
  happened and it becomes ``signed``; not found, the commit never happened, no receipt was
  ever given for it, and it is dropped.

The file has two fixed-size slots, each holding a sequence number, the state (JSON) and its
SHA-256; a write goes to the older slot, so a write cut short by a crash leaves the previous
state readable. The pending note is written with ``fdatasync`` before the database commits;
the confirmation is written without one: if the machine loses it, the reader finds the
pending note again, and the database, which committed it durably, holds it — so it is kept.
One ``fdatasync`` per append. A lock file, ``<key>.state.lock`` (``flock``), serialises the
processes that share the key on one machine. A signer that was not loaded from a key file
keeps the same state in memory, for the lifetime of its :class:`~ledger.log.Ledger` object
only.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import json
import os
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ledger.checkpoint import Checkpoint, open_checkpoint
from ledger.errors import LedgerError, SigningKeyError
from ledger.note import NoteVerifier

FORMAT_NAME = "zkgov-signer-state"
FORMAT_VERSION = 1
#: Size of each of the file's two slots.
SLOT_BYTES = 16 * 1024
_MAGIC = b"ZKGSTATE"
#: magic, sequence number, body length, SHA-256 of the body.
_HEADER = struct.Struct(">8sQI32s")


def state_path(key_path: str | os.PathLike[str]) -> Path:
    """Where the signer keeps its state: the key file's name with ``.state`` added."""
    p = Path(key_path)
    return p.with_name(p.name + ".state")


@dataclass(frozen=True)
class StateSnapshot:
    """The signer's state as read: the last committed checkpoint and a pending one."""

    signed: str | None = None
    pending: str | None = None


class SignerState:
    """The state of one signer; in memory unless ``path`` is given."""

    def __init__(self, verifier: NoteVerifier, path: Path | None = None) -> None:
        self.verifier = verifier
        self.path = path
        self._memory = StateSnapshot()
        self._thread_lock = threading.Lock()
        self._seq: int | None = None

    @property
    def lock_path(self) -> Path | None:
        """The ``flock`` file serialising this signer's processes."""
        return None if self.path is None else self.path.with_name(self.path.name + ".lock")

    # --- locking --------------------------------------------------------------------------
    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the signer's lock (threads of this process, and other processes)."""
        with self._thread_lock:
            if self.lock_path is None:
                yield
                return
            try:
                fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:
                raise SigningKeyError(
                    f"cannot open the signer's lock file {self.lock_path}: {exc.strerror}"
                ) from exc
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                os.close(fd)  # releases the flock

    # --- reading --------------------------------------------------------------------------
    def read(self) -> StateSnapshot:
        """The state now; :class:`SigningKeyError` if the file is missing or damaged."""
        if self.path is None:
            return self._memory
        try:
            with open(self.path, "rb") as fh:
                raw = fh.read(2 * SLOT_BYTES + 1)
        except FileNotFoundError as exc:
            raise SigningKeyError(
                f"signer state {self.path} is missing: the signer cannot tell what it signed "
                "before, so it signs nothing. If the key is new or its state was lost, adopt "
                "the last checkpoint you trust with ledger.signer_state.adopt_checkpoint"
            ) from exc
        except OSError as exc:
            raise SigningKeyError(f"cannot read signer state {self.path}: {exc.strerror}") from exc
        if len(raw) != 2 * SLOT_BYTES:
            raise SigningKeyError(f"signer state {self.path} is not a zkgov signer state file")
        best: tuple[int, bytes] | None = None
        for slot in (0, 1):
            found = _open_slot(raw[slot * SLOT_BYTES:(slot + 1) * SLOT_BYTES])
            if found is not None and (best is None or found[0] > best[0]):
                best = found
        if best is None:
            raise SigningKeyError(f"signer state {self.path} is damaged (no valid slot): adopt "
                                  "the last checkpoint you trust with "
                                  "ledger.signer_state.adopt_checkpoint")
        self._seq = best[0]
        return self._parse(best[1])

    def _parse(self, raw: bytes) -> StateSnapshot:
        where = f"signer state {self.path}"
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise SigningKeyError(f"{where} is not a state file ({exc})") from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
            raise SigningKeyError(f"{where} is not a zkgov signer state file")
        if data.get("version") != FORMAT_VERSION:
            raise SigningKeyError(f"{where} is version {data.get('version')!r}, this zkgov "
                                  f"reads {FORMAT_VERSION}")
        if data.get("verifier_key") != self.verifier.vkey():
            raise SigningKeyError(f"{where} belongs to another key ({data.get('verifier_key')})")
        notes = []
        for name in ("signed", "pending"):
            note = data.get(name)
            if note is not None:
                if not isinstance(note, str):
                    raise SigningKeyError(f"{where}: {name} is not a signed note")
                try:
                    open_checkpoint(note, self.verifier)
                except LedgerError as exc:
                    raise SigningKeyError(f"{where}: {name} checkpoint: {exc}") from exc
            notes.append(note)
        return StateSnapshot(*notes)

    def checkpoint(self, note: str | None) -> Checkpoint | None:
        """The checkpoint a state note holds (already verified when read)."""
        return None if note is None else open_checkpoint(note, self.verifier)

    # --- writing --------------------------------------------------------------------------
    def _body(self, snapshot: StateSnapshot) -> bytes:
        return (json.dumps({
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "verifier_key": self.verifier.vkey(),
            "signed": snapshot.signed,
            "pending": snapshot.pending,
        }, indent=1) + "\n").encode("utf-8")

    def write(self, snapshot: StateSnapshot, durable: bool = True) -> None:
        """Replace the state (the caller holds :meth:`locked`). The file has two slots, each
        with a sequence number and a SHA-256: the new state goes into the older slot, then
        (``durable``) ``fdatasync``. A write cut short by a crash leaves a slot whose hash
        fails, and the reader falls back to the other one — the previous state."""
        if self.path is None:
            self._memory = snapshot
            return
        self.read()  # the newest slot now (another process may have written since)
        assert self._seq is not None
        seq = self._seq + 1
        slot = _pack_slot(seq, self._body(snapshot))
        try:
            fd = os.open(self.path, os.O_WRONLY)
            try:
                os.pwrite(fd, slot, (seq % 2) * SLOT_BYTES)
                if durable:
                    os.fdatasync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise SigningKeyError(f"cannot write signer state {self.path}: {exc.strerror}"
                                  ) from exc
        self._seq = seq

    def create(self, snapshot: StateSnapshot) -> None:
        """Write a whole new state file (atomically, fsynced with its folder)."""
        if self.path is None:
            self._memory = snapshot
            return
        data = _pack_slot(1, self._body(snapshot)) + bytes(SLOT_BYTES)
        _write_durably(self.path, data)
        self._seq = 1


def _pack_slot(seq: int, body: bytes) -> bytes:
    if len(body) > SLOT_BYTES - _HEADER.size:
        raise SigningKeyError(f"signer state of {len(body)} bytes does not fit a slot")
    header = _HEADER.pack(_MAGIC, seq, len(body), hashlib.sha256(body).digest())
    return (header + body).ljust(SLOT_BYTES, b"\0")


def _open_slot(slot: bytes) -> tuple[int, bytes] | None:
    magic, seq, length, digest = _HEADER.unpack_from(slot)
    if magic != _MAGIC or length > SLOT_BYTES - _HEADER.size:
        return None
    body = slot[_HEADER.size:_HEADER.size + length]
    if not hmac.compare_digest(hashlib.sha256(body).digest(), digest):
        return None
    return seq, body


def _write_durably(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise SigningKeyError(f"cannot write signer state {path}: {exc.strerror}") from exc


def initialize_state(key_path: str | os.PathLike[str], verifier: NoteVerifier) -> Path:
    """Write the state of a new key, which has signed nothing yet."""
    path = state_path(key_path)
    SignerState(verifier, path).create(StateSnapshot())
    return path


def adopt_checkpoint(key_path: str | os.PathLike[str], note: str) -> Path:
    """Make a signed checkpoint the signer's state: the recovery when the state file was
    lost, or for a key made before zkgov kept one. Choose the latest checkpoint you trust
    (one an inspector kept, say): the signer will refuse every tree that does not extend it.
    """
    from ledger.keys import read_signer_key

    verifier = read_signer_key(key_path).verifier()
    open_checkpoint(note, verifier)
    path = state_path(key_path)
    state = SignerState(verifier, path)
    with state.locked():
        state.create(StateSnapshot(signed=note))
    return path
