"""The audit: recompute the whole log from its entries and compare with everything stored.

Walking the entries in index order, the audit

1. checks that no index is missing and that each payload is a canonical, valid record
   whose kind and time agree with the entry's columns;
2. recomputes the leaf hash and compares it with the stored one;
3. for proof records, checks the stored verification key against its hash and re-verifies
   the Groth16 proof;
4. recomputes every interior node the entry completes and compares it with the stored node;
5. at every size where the log signed a checkpoint, verifies the signature and origin and
   compares the signed root with the recomputed root — signed checkpoints that agree with
   one recomputed tree are consistent with each other by construction;
6. refuses what an append refuses: a verification key that is degenerate or forgeable
   (:func:`ledger.admission.check_verification_key`, even with proofs not re-verified), a
   circuit id used with a second key, and entries that no signed checkpoint covers (rows
   added without the signing key);
7. checks the checkpoints an inspector kept from earlier visits (``kept``): each must verify
   and its root must be the recomputed root at its size, so a log that dropped or rewrote
   entries since — a fork — fails even if its own checkpoints were all replaced;

and finally that no checkpoint or node lies beyond the last entry (entries removed from the
end), and that the file's circuit index agrees with the entries. It stops at the first
failure and names it: the entry, node, checkpoint or key.
The same walk audits an exported bundle, which has no stored nodes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ledger.admission import Groth16Verify, StoredProofChecker
from ledger.checkpoint import open_checkpoint
from ledger.compact import CompactRange
from ledger.errors import LedgerError, RecordError
from ledger.note import NoteVerifier
from ledger.proof import NodeID
from ledger.records import KIND_PROOF, ProofRecord, decode_record
from ledger.rfc9162 import hash_leaf, same_hash
from ledger.storage import Storage, StoredEntry
from zk.errors import ZkError

_PROGRESS_EVERY = 1024


@dataclass(frozen=True)
class AuditFailure:
    """The first thing the audit found wrong."""

    subject: str
    message: str
    #: The entry the failure names (for a node or checkpoint: the first entry it covers
    #: that may be damaged), or ``None`` when no entry is concerned.
    entry: int | None = None

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}"


@dataclass
class AuditReport:
    """What the audit checked, and the first failure (``None`` when the log is sound)."""

    origin: str
    verifier_key: str
    key_source: str
    size: int = 0
    root: bytes | None = None
    entries_checked: int = 0
    proofs_verified: int = 0
    commitments_checked: int = 0
    checkpoints_checked: int = 0
    kept_checked: int = 0
    nodes_checked: int = 0
    proofs_skipped: bool = False
    failure: AuditFailure | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return self.failure is None

    def to_json(self) -> dict[str, Any]:
        """The report as JSON data (hashes in hex), as ``zkgov ledger audit --json`` prints."""
        failure = None
        if self.failure is not None:
            failure = {
                "subject": self.failure.subject,
                "entry": self.failure.entry,
                "message": self.failure.message,
            }
        return {
            "ok": self.ok,
            "origin": self.origin,
            "verifier_key": self.verifier_key,
            "key_source": self.key_source,
            "size": self.size,
            "root": None if self.root is None else self.root.hex(),
            "entries_checked": self.entries_checked,
            "proofs_verified": self.proofs_verified,
            "proofs_skipped": self.proofs_skipped,
            "commitments_checked": self.commitments_checked,
            "checkpoints_checked": self.checkpoints_checked,
            "kept_checkpoints_checked": self.kept_checked,
            "nodes_checked": self.nodes_checked,
            "failure": failure,
            "notes": self.notes,
        }


class _Failed(Exception):
    def __init__(self, failure: AuditFailure) -> None:
        super().__init__(str(failure))
        self.failure = failure


def _fail(subject: str, message: str, entry: int | None = None) -> _Failed:
    return _Failed(AuditFailure(subject, message, entry))


def _node_subject(node: NodeID) -> tuple[str, int]:
    level, index = node
    first = index << level
    last = first + (1 << level) - 1
    return f"node (level {level}, index {index}) over entries {first}..{last}", first


class _Walk:
    """One pass over the entries in order, checking as it goes."""

    def __init__(
        self,
        report: AuditReport,
        verifier: NoteVerifier,
        vk_lookup: Callable[[bytes], bytes | None],
        node_lookup: Callable[[NodeID], bytes | None] | None,
        checker: StoredProofChecker,
        verify_proofs: bool,
        kept: Sequence[str] = (),
    ) -> None:
        self.report = report
        self.verifier = verifier
        self.vk_lookup = vk_lookup
        self.node_lookup = node_lookup
        self.checker = checker
        self.verify_proofs = verify_proofs
        self.frontier = CompactRange()
        self.last_good_checkpoint = 0
        self.checked_keys: set[bytes] = set()
        #: The key hash each circuit id was first used with.
        self.circuit_keys: dict[str, bytes] = {}
        self.kept = self._open_kept(kept)

    def _open_kept(self, notes: Sequence[str]) -> dict[int, list[Any]]:
        by_size: dict[int, list[Any]] = {}
        for number, note in enumerate(notes, 1):
            try:
                cp = open_checkpoint(note, self.verifier, self.report.origin)
            except LedgerError as exc:
                raise _fail(f"kept checkpoint #{number}", str(exc)) from exc
            by_size.setdefault(cp.size, []).append(cp)
        return by_size

    def _check_kept(self) -> None:
        size = self.frontier.size
        for cp in self.kept.pop(size, ()):
            if not same_hash(cp.root_hash, self.frontier.root()):
                raise _fail(f"kept checkpoint at size {size}",
                            "its root differs from the log's tree at that size: the log was "
                            "rewritten since that checkpoint was signed (a fork)",
                            max(size - 1, 0))
            self.report.kept_checked += 1

    def run(
        self,
        entries: Iterable[StoredEntry],
        checkpoints: Iterable[tuple[int, str]],
        total: int,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        pending = iter(checkpoints)
        next_cp = next(pending, None)
        last_cp_size = -1

        def take_checkpoints() -> None:
            nonlocal next_cp, last_cp_size
            while next_cp is not None and next_cp[0] <= self.frontier.size:
                size, note = next_cp
                if size <= last_cp_size or size < self.frontier.size:
                    raise _fail(f"checkpoint at size {size}", "checkpoints are out of order",
                                max(size - 1, 0))
                self._check_checkpoint(size, note)
                last_cp_size = size
                next_cp = next(pending, None)

        take_checkpoints()
        self._check_kept()
        for entry in entries:
            self._check_entry(entry)
            take_checkpoints()
            self._check_kept()
            if progress is not None and self.frontier.size % _PROGRESS_EVERY == 0:
                progress(self.frontier.size, total)
        if next_cp is not None:
            raise _fail(
                f"checkpoint at size {next_cp[0]}",
                f"the log signed a tree of {next_cp[0]} entries but holds only "
                f"{self.frontier.size}: entries {self.frontier.size}..{next_cp[0] - 1} "
                "were removed",
                self.frontier.size,
            )
        if self.kept:
            size = min(self.kept)
            raise _fail(f"kept checkpoint at size {size}",
                        f"the log holds only {self.frontier.size} entries: entries were removed "
                        "since that checkpoint was signed (a fork)", self.frontier.size)
        if last_cp_size != self.frontier.size:
            first = max(last_cp_size, 0)
            raise _fail(f"entries {first}..{self.frontier.size - 1}",
                        "no signed checkpoint covers them: they were added without the signing "
                        "key", first)

    def _check_entry(self, entry: StoredEntry) -> None:
        index = self.frontier.size
        subject = f"entry {index}"
        if entry.index != index:
            raise _fail(subject, f"is missing (the next stored entry is {entry.index})", index)
        try:
            record = decode_record(bytes(entry.payload))
        except RecordError as exc:
            raise _fail(subject, f"payload is damaged: {exc}", index) from exc
        leaf = hash_leaf(bytes(entry.payload))
        if entry.leaf_hash is not None and not same_hash(leaf, bytes(entry.leaf_hash)):
            raise _fail(subject, "stored leaf hash differs from the hash of its payload", index)
        if entry.kind != record.kind:
            raise _fail(subject, f"kind column says {entry.kind!r}, the record {record.kind!r}",
                        index)
        if entry.time != record.time:
            raise _fail(subject, f"time column says {entry.time!r}, the record {record.time!r}",
                        index)
        if record.kind == KIND_PROOF:
            assert isinstance(record, ProofRecord)
            self._check_proof_record(index, record)
        else:
            self.report.commitments_checked += 1
        for node, digest in self.frontier.append(leaf):
            self._check_node(node, digest)
        self.report.entries_checked += 1

    def _check_proof_record(self, index: int, record: ProofRecord) -> None:
        digest = bytes.fromhex(record.vk_hash)
        vk_json = self.vk_lookup(digest)
        key_subject = f"verification key {record.vk_hash[:16]}… (used by entry {index})"
        if vk_json is None:
            raise _fail(key_subject, "is missing from the ledger", index)
        if digest not in self.checked_keys:
            if not same_hash(hashlib.sha256(vk_json).digest(), digest):
                raise _fail(key_subject, "stored key does not match its hash", index)
            try:
                self.checker.key(record.vk_hash, vk_json)
            except ZkError as exc:
                raise _fail(key_subject, f"is refused: {exc}", index) from exc
            self.checked_keys.add(digest)
        bound = self.circuit_keys.setdefault(record.circuit_id, digest)
        if not same_hash(bound, digest):
            raise _fail(f"entry {index}", f"circuit id {record.circuit_id!r} was first recorded "
                                          f"with key {bound.hex()[:16]}…, this entry uses "
                                          f"{record.vk_hash[:16]}…", index)
        if not self.verify_proofs:
            return
        problem = self.checker.check(record, vk_json)
        if problem is not None:
            raise _fail(f"entry {index}", problem, index)
        self.report.proofs_verified += 1

    def _check_node(self, node: NodeID, digest: bytes) -> None:
        if self.node_lookup is None:
            return
        stored = self.node_lookup(node)
        subject, first = _node_subject(node)
        if stored is None:
            raise _fail(subject, "is missing", first)
        if not same_hash(bytes(stored), digest):
            raise _fail(subject, "stored hash differs from the hash recomputed from the entries",
                        first)
        self.report.nodes_checked += 1

    def _check_checkpoint(self, size: int, note: str) -> None:
        subject = f"checkpoint at size {size}"
        entry = size - 1 if size else None
        try:
            cp = open_checkpoint(note, self.verifier, self.report.origin)
        except LedgerError as exc:
            raise _fail(subject, str(exc), entry) from exc
        if cp.size != size:
            raise _fail(subject, f"the signed note is for size {cp.size}", entry)
        if not same_hash(cp.root_hash, self.frontier.root()):
            first = self.last_good_checkpoint
            where = f"entry {first}" if first == size - 1 else f"entries {first}..{size - 1}"
            raise _fail(subject, f"signed root differs from the root recomputed from the "
                                 f"entries: {where} changed after signing", first)
        self.last_good_checkpoint = size
        self.report.checkpoints_checked += 1


def _finish(walk: _Walk | None, report: AuditReport) -> AuditReport:
    if walk is not None:
        report.size = walk.frontier.size
        report.root = walk.frontier.root()
    return report


def audit_storage(
    storage: Storage,
    verifier: NoteVerifier | None = None,
    verify_proofs: bool = True,
    progress: Callable[[int, int], None] | None = None,
    groth16_verify: Groth16Verify | None = None,
    kept: Sequence[str] = (),
) -> AuditReport:
    """Audit a ledger file. ``verifier`` pins the log's public key (default: the key the file
    itself names — fine for integrity, but an inspector should pin the published key);
    ``kept`` are signed checkpoints the inspector kept from earlier visits."""
    meta = storage.meta()
    stored_key = NoteVerifier.from_vkey(meta["verifier_key"])
    key = verifier or stored_key
    report = AuditReport(
        origin=meta["origin"],
        verifier_key=key.vkey(),
        key_source="pinned" if verifier is not None else "ledger file",
        proofs_skipped=not verify_proofs,
    )
    if verifier is not None and verifier != stored_key:
        report.notes.append(f"the ledger file names another key: {stored_key.vkey()}")

    def node_lookup(node: NodeID) -> bytes | None:
        return storage.node_hashes([node]).get(node)

    with storage.snapshot():
        total = storage.size()
        walk = None
        try:
            walk = _Walk(report, key, storage.verification_key, node_lookup,
                         StoredProofChecker(groth16_verify), verify_proofs, kept)
            walk.run(storage.entries(), storage.checkpoints(), total, progress)
            extra = storage.nodes_outside(walk.frontier.size)
            if extra:
                subject, first = _node_subject(extra[0])
                raise _fail(subject, f"lies beyond the last entry ({walk.frontier.size - 1}): "
                                     "entries were removed", first)
            _check_circuit_index(storage, walk.circuit_keys)
        except _Failed as stop:
            report.failure = stop.failure
        except LedgerError as exc:  # e.g. SQLite pages too damaged to read
            report.failure = AuditFailure("ledger file", str(exc),
                                          walk.frontier.size if walk else 0)
    return _finish(walk, report)


def _check_circuit_index(storage: Storage, expected: dict[str, bytes]) -> None:
    """The file's circuit index (what appends consult) must be the bindings of the entries."""
    if not storage.has_circuit_index():
        return  # an older file: its first append builds the index from the entries
    stored = dict(storage.circuit_keys())
    for cid in sorted(set(stored) | set(expected)):
        have, want = stored.get(cid), expected.get(cid)
        if have is None or want is None or not same_hash(have, want):
            raise _fail(f"circuit index for {cid!r}",
                        f"binds it to {have.hex()[:16] + '…' if have else 'nothing'} but the "
                        f"entries to {want.hex()[:16] + '…' if want else 'nothing'}")


def audit_bundle(
    path: str | os.PathLike[str],
    verifier: NoteVerifier | None = None,
    verify_proofs: bool = True,
    progress: Callable[[int, int], None] | None = None,
    groth16_verify: Groth16Verify | None = None,
    kept: Sequence[str] = (),
) -> AuditReport:
    """Audit an exported bundle offline (see :mod:`ledger.bundle`); ``kept`` as for
    :func:`audit_storage`."""
    from ledger.bundle import open_bundle

    with open_bundle(path) as bundle:
        manifest_key = NoteVerifier.from_vkey(bundle.verifier_key)
        key = verifier or manifest_key
        report = AuditReport(
            origin=bundle.origin,
            verifier_key=key.vkey(),
            key_source="pinned" if verifier is not None else "bundle manifest",
            proofs_skipped=not verify_proofs,
        )
        if verifier is None:
            report.notes.append("key taken from the bundle itself: pin the published key "
                                "with --vkey")
        elif verifier != manifest_key:
            report.notes.append(f"the bundle names another key: {manifest_key.vkey()}")
        keys = bundle.verification_keys()
        walk = None
        try:
            walk = _Walk(report, key, keys.get, None, StoredProofChecker(groth16_verify),
                         verify_proofs, kept)
            walk.run(bundle.entries(), bundle.checkpoints(), bundle.size, progress)
            if walk.frontier.size != bundle.size:
                raise _fail("bundle manifest", f"says {bundle.size} entries, the bundle holds "
                                               f"{walk.frontier.size}", walk.frontier.size)
        except _Failed as stop:
            report.failure = stop.failure
        except LedgerError as exc:
            report.failure = AuditFailure("bundle", str(exc), walk.frontier.size if walk else 0)
    return _finish(walk, report)


def audit_served(
    url: str,
    verifier: NoteVerifier,
    verify_proofs: bool = True,
    progress: Callable[[int, int], None] | None = None,
    groth16_verify: Groth16Verify | None = None,
    kept: Sequence[str] = (),
) -> AuditReport:
    """Audit a served log by URL (see :mod:`ledger.remote`): every entry of its latest
    checkpoint's tree, from the entry bundles, checked against the level-0 tiles, recomputed
    up to the signed root; proof records re-verified with the keys it serves; ``kept``
    checkpoints checked. ``verifier`` — the published key — is required: a served log
    names no key an inspector should trust."""
    from ledger.checkpoint import Checkpoint
    from ledger.note import split_note
    from ledger.remote import ServedLog

    log = ServedLog(url)
    report = AuditReport(origin=verifier.name, verifier_key=verifier.vkey(),
                         key_source="pinned", proofs_skipped=not verify_proofs)
    walk = None
    try:
        note = log.checkpoint()
        size = Checkpoint.parse(split_note(note)[0]).size
        walk = _Walk(report, verifier, log.verification_key, None,
                     StoredProofChecker(groth16_verify), verify_proofs, kept)
        walk.run(log.entries(size), [(size, note)], size, progress)
    except _Failed as stop:
        report.failure = stop.failure
    except LedgerError as exc:
        report.failure = AuditFailure("served log", str(exc), walk.frontier.size if walk else 0)
    return _finish(walk, report)
