"""Export bundles: everything an inspector needs to audit a log offline, without SQLite.

A bundle is a directory (or the same files in a ``.tar`` / ``.tar.gz`` archive)::

    manifest.json            {"format": "zkgov-ledger-bundle", "version": 1, "origin": ...,
                              "verifier_key": ..., "size": n, "root": "<hex>",
                              "checkpoint": "<latest signed note>", "exported": "<time>"}
    entries.jsonl            one line per entry, in index order:
                             {"index", "kind", "time", "leaf_hash" (hex),
                              "payload" (the canonical record JSON, as a string)}
    checkpoints.jsonl        {"size", "note"} for every checkpoint the log signed, by size
    verification_keys.jsonl  {"vk_hash" (hex), "vk" (canonical JSON, as a string)}

The payload strings are the exact bytes that were hashed (UTF-8), so the audit recomputes
every leaf from them. Nothing in the bundle is trusted: ``zkgov ledger audit --bundle``
checks it all, against the verifier key the inspector pins.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ledger.errors import BundleError
from ledger.records import utc_now
from ledger.storage import Storage, StoredEntry
from zk.errors import ZkError
from zk.formats.jsonfile import load_json, parse_json_text

BUNDLE_FORMAT = "zkgov-ledger-bundle"
BUNDLE_VERSION = 1
MANIFEST = "manifest.json"
ENTRIES = "entries.jsonl"
CHECKPOINTS = "checkpoints.jsonl"
VERIFICATION_KEYS = "verification_keys.jsonl"
_FILES = (MANIFEST, ENTRIES, CHECKPOINTS, VERIFICATION_KEYS)

#: What reading a damaged (truncated, corrupted) tar or gzip archive can raise.
_ARCHIVE_ERRORS = (tarfile.TarError, EOFError, OSError, zlib.error)


def _is_tar(path: Path) -> bool:
    return path.name.endswith((".tar", ".tar.gz", ".tgz"))


def _line(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


def _write_files(storage: Storage, folder: Path) -> None:
    from ledger.checkpoint import Checkpoint
    from ledger.note import NoteVerifier

    meta = storage.meta()
    with storage.snapshot():
        size = storage.size()
        with open(folder / ENTRIES, "w", encoding="utf-8") as fh:
            for e in storage.entries():
                fh.write(_line({"index": e.index, "kind": e.kind, "time": e.time,
                                "leaf_hash": bytes(e.leaf_hash).hex(),
                                "payload": bytes(e.payload).decode("utf-8", "replace")}))
        latest = None
        with open(folder / CHECKPOINTS, "w", encoding="utf-8") as fh:
            for cp_size, note in storage.checkpoints():
                fh.write(_line({"size": cp_size, "note": note}))
                latest = note
        with open(folder / VERIFICATION_KEYS, "w", encoding="utf-8") as fh:
            for digest, vk in storage.verification_keys():
                fh.write(_line({"vk_hash": bytes(digest).hex(),
                                "vk": bytes(vk).decode("utf-8", "replace")}))
    root = None
    if latest is not None:
        verifier = NoteVerifier.from_vkey(meta["verifier_key"])
        with contextlib.suppress(Exception):
            root = Checkpoint.parse(verifier.open(latest)).root_hash.hex()
    manifest = {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "origin": meta["origin"],
        "verifier_key": meta["verifier_key"],
        "size": size,
        "root": root,
        "checkpoint": latest,
        "exported": utc_now(),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def export_bundle(storage: Storage, path: str | os.PathLike[str]) -> Path:
    """Write a bundle at ``path`` (a directory, or an archive if it ends in .tar/.tar.gz).

    The bundle appears whole or not at all; an existing ``path`` is never overwritten.
    """
    target = Path(path)
    if target.exists():
        raise BundleError(f"{target} already exists: choose a new path for the bundle")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        _write_files(storage, work)
        if _is_tar(target):
            tmp = work.parent / f"{work.name}.partial"
            mode = "w:gz" if target.name.endswith(("gz", ".tgz")) else "w"
            with tarfile.open(tmp, mode) as tar:
                for name in _FILES:
                    tar.add(work / name, arcname=name)
            os.replace(tmp, target)
        else:
            os.replace(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(work.parent / f"{work.name}.partial")
    return target


class BundleReader:
    """Reads a bundle lazily, line by line."""

    def __init__(self, opener: Any, path: Path) -> None:
        self._open = opener
        self.path = path
        manifest = self._json_file(MANIFEST)
        if manifest.get("format") != BUNDLE_FORMAT or manifest.get("version") != BUNDLE_VERSION:
            raise BundleError(f"{path} is not a {BUNDLE_FORMAT} version {BUNDLE_VERSION}")
        for name, kind in (("origin", str), ("verifier_key", str), ("size", int)):
            if not isinstance(manifest.get(name), kind):
                raise BundleError(f"bundle manifest field '{name}' is missing or malformed")
        self.origin: str = manifest["origin"]
        self.verifier_key: str = manifest["verifier_key"]
        self.size: int = manifest["size"]

    def _json_file(self, name: str) -> dict[str, Any]:
        with self._open(name) as fh:
            try:
                value = load_json(fh.read(), "JSON", name=f"bundle file {name}")
            except ZkError as exc:
                raise BundleError(str(exc)) from exc
            except _ARCHIVE_ERRORS as exc:
                raise BundleError(f"bundle file {name} cannot be read ({exc})") from exc
        if not isinstance(value, dict):
            raise BundleError(f"bundle file {name} is not a JSON object")
        return value

    def _lines(self, name: str) -> Iterator[tuple[int, dict[str, Any]]]:
        with self._open(name) as fh:
            lines = enumerate(fh, start=1)
            while True:
                try:
                    number, raw = next(lines)
                except StopIteration:
                    return
                except _ARCHIVE_ERRORS as exc:
                    raise BundleError(f"bundle file {name} cannot be read ({exc})") from exc
                try:
                    obj = parse_json_text(raw.decode("utf-8"), f"{name} line {number}")
                except UnicodeDecodeError as exc:
                    raise BundleError(f"{name} line {number} is not UTF-8") from exc
                except ZkError as exc:
                    raise BundleError(str(exc)) from exc
                if not isinstance(obj, dict):
                    raise BundleError(f"{name} line {number} is not a JSON object")
                yield number, obj

    def entries(self) -> Iterator[StoredEntry]:
        """The entries, in the order of the file."""
        for number, obj in self._lines(ENTRIES):
            try:
                yield StoredEntry(
                    index=int(obj["index"]),
                    kind=str(obj["kind"]),
                    payload=str(obj["payload"]).encode("utf-8"),
                    leaf_hash=bytes.fromhex(obj["leaf_hash"]),
                    time=str(obj["time"]),
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise BundleError(f"{ENTRIES} line {number} is malformed ({exc})") from exc

    def checkpoints(self) -> Iterator[tuple[int, str]]:
        """The signed checkpoints ``(size, note)``, in the order of the file."""
        for number, obj in self._lines(CHECKPOINTS):
            size, note = obj.get("size"), obj.get("note")
            if not isinstance(size, int) or not isinstance(note, str):
                raise BundleError(f"{CHECKPOINTS} line {number} is malformed")
            yield size, note

    def verification_keys(self) -> dict[bytes, bytes]:
        """The verification keys, ``{hash: canonical JSON}``."""
        keys = {}
        for number, obj in self._lines(VERIFICATION_KEYS):
            try:
                keys[bytes.fromhex(obj["vk_hash"])] = str(obj["vk"]).encode("utf-8")
            except (KeyError, TypeError, ValueError) as exc:
                raise BundleError(f"{VERIFICATION_KEYS} line {number} is malformed") from exc
        return keys


@contextlib.contextmanager
def open_bundle(path: str | os.PathLike[str]) -> Iterator[BundleReader]:
    """Open a bundle directory or archive for reading."""
    p = Path(path)
    if p.is_dir():
        def opener(name: str) -> IO[bytes]:
            try:
                return open(p / name, "rb")
            except FileNotFoundError as exc:
                raise BundleError(f"bundle {p} has no {name}") from exc

        yield BundleReader(opener, p)
        return
    if not p.is_file():
        raise BundleError(f"no bundle at {p}")
    try:
        tar = tarfile.open(p, "r:*")  # noqa: SIM115 - closed by the with block below
    except _ARCHIVE_ERRORS as exc:
        raise BundleError(f"{p} is neither a bundle directory nor a tar archive") from exc
    with tar:
        def tar_opener(name: str) -> IO[bytes]:
            try:
                member = tar.getmember(name)
            except KeyError as exc:
                raise BundleError(f"bundle {p} has no {name}") from exc
            except _ARCHIVE_ERRORS as exc:
                raise BundleError(f"bundle {p} is a damaged tar archive ({exc})") from exc
            fh = tar.extractfile(member) if member.isfile() else None
            if fh is None:
                raise BundleError(f"bundle {p}: {name} is not a regular file")
            return fh

        yield BundleReader(tar_opener, p)
