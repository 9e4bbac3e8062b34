"""Reading a served log (``zkgov ledger serve``, or any log with the same read API) by URL:
its checkpoint, its entries from the tlog-tiles entry bundles, their leaf hashes from the
level-0 tiles, and the verification keys proof records name (``/v1/keys/<hash>``).

:func:`ledger.audit.audit_served` audits what this fetches, exactly as it audits a file.
:class:`ServedSnapshot` lets :func:`ledger.bundle.export_bundle` write an inspector's bundle
of it. Only the standard library's HTTP client is used; every response is size-bounded.
"""

from __future__ import annotations

import contextlib
import urllib.error
import urllib.request
from collections.abc import Iterator

from ledger.errors import LedgerError, StorageError
from ledger.records import decode_record
from ledger.storage import StoredEntry
from ledger.tiles import TILE_WIDTH, TileRef, split_bundle

#: Largest response read: a full entry bundle of maximal entries.
MAX_RESPONSE_BYTES = TILE_WIDTH * (2 + 0xFFFF)
_TIMEOUT_S = 60


def is_served(location: str) -> bool:
    """Whether ``location`` names a served log (``http://`` or ``https://``)."""
    return location.startswith(("http://", "https://"))


class ServedLog:
    """A log behind an HTTP prefix."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix.rstrip("/")

    def get(self, path: str, missing_ok: bool = False) -> bytes | None:
        """GET ``<prefix>/<path>``; ``None`` for a 404 when ``missing_ok``."""
        url = f"{self.prefix}/{path}"
        try:
            with urllib.request.urlopen(url, timeout=_TIMEOUT_S) as res:
                data = res.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            if exc.code == 404 and missing_ok:
                return None
            raise StorageError(f"{url}: HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StorageError(f"cannot reach {url}: {exc}") from exc
        if len(data) > MAX_RESPONSE_BYTES:
            raise StorageError(f"{url}: the response is larger than {MAX_RESPONSE_BYTES} bytes")
        return data

    def checkpoint(self) -> str:
        """The latest signed checkpoint note (not yet verified)."""
        data = self.get("checkpoint")
        assert data is not None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise StorageError(f"{self.prefix}/checkpoint is not UTF-8 text") from exc

    def entries(self, size: int) -> Iterator[StoredEntry]:
        """The first ``size`` entries, each with the leaf hash its level-0 tile states."""
        for tile in range((size + TILE_WIDTH - 1) // TILE_WIDTH):
            width = min(TILE_WIDTH, size - tile * TILE_WIDTH)
            bundle = split_bundle(self.get(TileRef(-1, tile, width).path()) or b"")
            hashes = self.get(TileRef(0, tile, width).path()) or b""
            if len(bundle) != width or len(hashes) != 32 * width:
                raise StorageError(f"tile {tile} of {self.prefix} holds {len(bundle)} entries "
                                   f"and {len(hashes) // 32} hashes, expected {width}")
            for offset, payload in enumerate(bundle):
                kind = time = ""
                try:
                    record = decode_record(payload)
                    kind, time = record.kind, record.time
                except LedgerError:
                    pass  # the audit names the damaged entry
                yield StoredEntry(tile * TILE_WIDTH + offset, kind, payload,
                                  hashes[32 * offset:32 * offset + 32], time)

    def verification_key(self, digest: bytes) -> bytes | None:
        """The canonical JSON of a stored verification key, if the log has it."""
        return self.get(f"v1/keys/{digest.hex()}", missing_ok=True)


class ServedSnapshot:
    """A served log frozen at its latest checkpoint, read like a ledger's storage — what
    :func:`ledger.bundle.export_bundle` needs to write an inspector's bundle of it."""

    def __init__(self, prefix: str) -> None:
        from ledger.checkpoint import Checkpoint
        from ledger.note import split_note

        self.log = ServedLog(prefix)
        self.note = self.log.checkpoint()
        self.origin = Checkpoint.parse(split_note(self.note)[0]).origin
        self._size = Checkpoint.parse(split_note(self.note)[0]).size
        self._entries: list[StoredEntry] | None = None
        self.location = self.log.prefix

    def meta(self) -> dict[str, str]:
        """Origin (from the checkpoint) and the key the server states (inspectors pin the
        published one when they audit the bundle)."""
        stated = self.log.get("v1/vkey") or b""
        return {"origin": self.origin, "verifier_key": stated.decode("utf-8", "replace").strip()}

    def snapshot(self) -> contextlib.AbstractContextManager[ServedSnapshot]:
        """Every read is of the tree of the checkpoint fetched at construction."""
        return contextlib.nullcontext(self)

    def size(self) -> int:
        """Entries in the checkpoint's tree."""
        return self._size

    def entries(self, start: int = 0) -> Iterator[StoredEntry]:
        """The entries (fetched once)."""
        if self._entries is None:
            self._entries = list(self.log.entries(self._size))
        return iter(self._entries[start:])

    def checkpoints(self) -> Iterator[tuple[int, str]]:
        """The one checkpoint a served log shows: its latest."""
        yield self._size, self.note

    def verification_keys(self) -> Iterator[tuple[bytes, bytes]]:
        """The keys the proof records name, fetched from the log."""
        seen: set[bytes] = set()
        for entry in self.entries():
            try:
                record = decode_record(entry.payload)
            except LedgerError:
                continue
            digest_hex = getattr(record, "vk_hash", None)
            if digest_hex is None or bytes.fromhex(digest_hex) in seen:
                continue
            digest = bytes.fromhex(digest_hex)
            seen.add(digest)
            vk = self.log.verification_key(digest)
            if vk is not None:
                yield digest, vk
