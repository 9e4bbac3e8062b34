"""Key files of a ledger: the signer key (secret, mode 0600) and the verifier key (public).

Beside the signer key lies its state, ``<key>.state`` (see :mod:`ledger.signer_state`): the
last checkpoint it signed. :func:`write_signer_key` creates it empty; :func:`read_signer_key`
returns a signer that keeps it.

Both hold the text forms of :mod:`ledger.note` on one line, so the files work with the Go
``sumdb/note`` and transparency-dev tools as they are.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from ledger.errors import SigningKeyError
from ledger.note import NoteSigner, NoteVerifier
from ledger.signer_state import initialize_state, state_path


def _ledger_file(ledger: str | os.PathLike[str], what: str) -> Path:
    from ledger.storage.url import engine_of, sqlite_path

    if engine_of(ledger) != "sqlite":
        raise SigningKeyError(f"a ledger in a database server has no file to put the {what} "
                              "beside: give its path (--key / --vkey-out)")
    return sqlite_path(ledger)


def default_key_path(ledger: str | os.PathLike[str]) -> Path:
    """Where ``zkgov ledger init`` puts the signer key: the ledger file's name with ``.key``
    (a ledger in PostgreSQL has no default: :class:`SigningKeyError`)."""
    return _ledger_file(ledger, "signing key").with_suffix(".key")


def default_vkey_path(ledger: str | os.PathLike[str]) -> Path:
    """Where ``zkgov ledger init`` puts the verifier key: the ledger file's name with ``.pub``."""
    return _ledger_file(ledger, "public key").with_suffix(".pub")


def write_signer_key(path: str | os.PathLike[str], signer: NoteSigner) -> None:
    """Create ``path`` holding the signer key, readable by its owner only; never overwrite."""
    p = Path(path)
    if p.exists():
        raise SigningKeyError(f"key file {p} already exists: refusing to overwrite a key")
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            os.fchmod(fh.fileno(), 0o600)  # in case the umask or the filesystem widened it
            fh.write(signer.skey() + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.link(tmp, p)  # fails if another process created the key in the meantime
        initialize_state(p, signer.verifier())
    except FileExistsError as exc:
        raise SigningKeyError(f"key file {p} already exists: refusing to overwrite a key") from exc
    except OSError as exc:
        raise SigningKeyError(f"cannot write key file {p}: {exc.strerror}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def read_signer_key(path: str | os.PathLike[str]) -> NoteSigner:
    """Load a signer key file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise SigningKeyError(
            f"signing key {p} not found: pass --key, or create a ledger with `zkgov ledger init`"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise SigningKeyError(f"cannot read signing key {p}: {exc}") from exc
    signer = NoteSigner.from_skey(text)
    signer.state_file = state_path(p)
    return signer


def write_verifier_key(path: str | os.PathLike[str], verifier: NoteVerifier) -> None:
    """Write the public verifier key (one line) for inspectors."""
    p = Path(path)
    tmp = p.with_name(f".{p.name}.{os.getpid()}.tmp")
    tmp.write_text(verifier.vkey() + "\n", encoding="utf-8")
    os.replace(tmp, p)


def read_verifier_key(text_or_path: str) -> NoteVerifier:
    """A verifier key given inline (``name+id+key``) or as the path of a file holding one."""
    candidate = Path(text_or_path)
    if "+" not in text_or_path or candidate.is_file():
        try:
            text_or_path = candidate.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise SigningKeyError(f"verifier key file {candidate} not found") from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise SigningKeyError(f"cannot read verifier key {candidate}: {exc}") from exc
    return NoteVerifier.from_vkey(text_or_path)
