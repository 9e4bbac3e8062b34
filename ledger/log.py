"""The ledger: an append-only transparency log of proof and commitment records on SQLite.

```python
from ledger import Ledger, NoteSigner

signer = NoteSigner.generate("registry.example.gov/ledger")
with Ledger.create("audit.sqlite", signer) as log:
    receipt = log.append_commitment("1234", scheme="poseidon", context="cohort 2024")
    receipt.verify(log.verifier)
```

Every append runs in one SQLite transaction that writes the entries, the tree nodes they
complete, and a newly signed checkpoint, then commits with an fsync: when an append
returns, its entries are durable, and a crash at any earlier moment leaves no trace of them.
Before signing, the log checks that every stored entry is covered by the last signed
checkpoint in the file (rows added without the key are never signed), and that the tree it
is about to extend is consistent with the last checkpoint the *signer* signed, which the
signer keeps outside the database (:mod:`ledger.signer_state`): it never signs two
checkpoints that are not consistent, whatever was done to the file. A circuit id is bound
to the verification key it was first recorded with.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ledger.admission import Admitted, Groth16Verify, admit_commitment, admit_proof
from ledger.checkpoint import Checkpoint, open_checkpoint, sign_checkpoint
from ledger.compact import CompactRange
from ledger.errors import (
    CircuitKeyConflictError,
    ConsistencyError,
    InvalidProofError,
    LedgerError,
    SigningKeyError,
    StorageError,
)
from ledger.note import NoteSigner, NoteVerifier
from ledger.proof import (
    NodeID,
    consistency_plan,
    fold_subtrees,
    inclusion_plan,
    perfect_subtrees,
    verify_consistency,
)
from ledger.receipt import Receipt
from ledger.records import (
    ProofRecord,
    Record,
    decode_record,
    encode_record,
    parse_canonical,
    utc_now,
)
from ledger.rfc9162 import hash_leaf, same_hash
from ledger.signer_state import SignerState, StateSnapshot
from ledger.storage import Storage

#: Entries written per executemany() call inside one transaction (bounds memory in bulk).
_FLUSH_EVERY = 8192


@dataclass(frozen=True)
class Entry:
    """One entry of the log, as read back."""

    index: int
    record: Record
    payload: bytes
    leaf_hash: bytes

    @property
    def kind(self) -> str:
        """``"proof"`` or ``"commitment"``."""
        return self.record.kind

    def to_json(self) -> dict[str, Any]:
        """The entry as JSON data, as ``zkgov ledger get --json`` prints it."""
        return {
            "index": self.index,
            "leaf_hash": self.leaf_hash.hex(),
            "record": self.record.to_json(),
        }


class _NodeReader:
    """Subtree hashes from an in-memory overlay first, then from the file."""

    def __init__(self, storage: Storage, overlay: dict[NodeID, bytes] | None = None) -> None:
        self._storage = storage
        self._overlay = overlay or {}

    def fetch(self, ids: Sequence[NodeID]) -> dict[NodeID, bytes]:
        found = {n: self._overlay[n] for n in ids if n in self._overlay}
        missing = [n for n in ids if n not in found]
        if missing:
            found.update(self._storage.node_hashes(missing))
        absent = [n for n in ids if n not in found]
        if absent:
            level, index = absent[0]
            raise StorageError(
                f"tree node (level {level}, index {index}) is missing from the ledger file: "
                "run `zkgov ledger audit`"
            )
        return found


class _Batch:
    """The records of one append, as they are added to the open transaction."""

    def __init__(self, db: Storage, frontier: CompactRange, receipts: bool) -> None:
        self.db = db
        self.frontier = frontier
        self.receipts = receipts
        self.time = utc_now()
        self.overlay: dict[NodeID, bytes] = frontier.nodes() if receipts else {}
        self.entries: list[tuple[int, str, bytes, bytes, str]] = []
        self.nodes: list[tuple[int, int, bytes]] = []
        self.payloads: dict[int, bytes] = {}
        #: Per record: its index, or why it was refused.
        self.results: list[int | LedgerError] = []
        self._bound: dict[str, bytes | None] = {}

    def bind_circuit(self, item: Admitted) -> CircuitKeyConflictError | None:
        """Bind a proof record's circuit id to its key on first use; the conflict if the id
        is bound to another key."""
        record = item.record
        if not isinstance(record, ProofRecord):
            return None
        digest = bytes.fromhex(record.vk_hash)
        cid = record.circuit_id
        if cid not in self._bound:
            self._bound[cid] = self.db.circuit_key(cid)
        bound = self._bound[cid]
        if bound is None:
            self.db.add_circuit_key(cid, digest)
            self._bound[cid] = digest
        elif not same_hash(bound, digest):
            return CircuitKeyConflictError(
                f"circuit id {cid!r} is bound to verification key {bound.hex()[:16]}…, not "
                f"{digest.hex()[:16]}…: use a new circuit id for a new key; nothing was "
                "appended"
            )
        return None

    def add(self, item: Admitted) -> None:
        record = item.stamped(self.time)
        payload = encode_record(record)
        leaf = hash_leaf(payload)
        index = self.frontier.size
        created = self.frontier.append(leaf)
        self.entries.append((index, record.kind, payload, leaf, self.time))
        self.nodes.extend((level, i, h) for (level, i), h in created)
        if item.verification_key is not None:
            self.db.add_verification_key(*item.verification_key)
        if self.receipts:
            self.overlay[(0, index)] = leaf
            self.overlay.update(created)
            self.payloads[index] = payload
            self.results.append(index)
        if len(self.entries) >= _FLUSH_EVERY:
            self.flush()

    def flush(self) -> None:
        self.db.add_entries(self.entries)
        self.db.add_nodes(self.nodes)
        self.entries, self.nodes = [], []


class Ledger:
    """An append-only, signed, auditable log stored in one SQLite file.

    Open it with :meth:`create` or :meth:`open`; appends need the log's :class:`NoteSigner`.
    One ``Ledger`` per thread; any number of processes may append to the same file.
    """

    def __init__(self, storage: Storage, signer: NoteSigner | None = None) -> None:
        self._storage = storage
        meta = storage.meta()
        self.origin: str = meta["origin"]
        self.verifier: NoteVerifier = NoteVerifier.from_vkey(meta["verifier_key"])
        if signer is not None and signer.verifier() != self.verifier:
            raise SigningKeyError(
                f"the signing key {signer.verifier().vkey()} does not belong to this ledger, "
                f"which signs with {self.verifier.vkey()}"
            )
        self._signer = signer
        self._state: SignerState | None = None
        self._circuit_index_ok = False
        self._frontier: CompactRange | None = None

    # --- lifecycle ----------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | os.PathLike[str], signer: NoteSigner) -> Ledger:
        """Create a ledger file whose origin is the signer's key name, and sign its empty tree."""
        storage = Storage.create(
            path, {"origin": signer.name, "verifier_key": signer.verifier().vkey()}
        )
        ledger = cls(storage, signer)
        state = ledger._signer_state()
        try:
            with state.locked():
                signed = state.checkpoint(state.read().signed)
                if signed is not None and signed.size > 0:
                    raise SigningKeyError(
                        f"this key already signed a log of {signed.size} entries (signer state "
                        f"{state.path}): a new log under it would fork that one; use a new key"
                    )
                with storage.write() as db:
                    note = sign_checkpoint(Checkpoint(signer.name, 0, CompactRange().root()),
                                           signer)
                    db.add_checkpoint(0, note)
                    state.write(StateSnapshot(pending=note))
                state.write(StateSnapshot(signed=note), durable=False)
        except BaseException:
            storage.discard()
            raise
        ledger._frontier = CompactRange()
        return ledger

    @classmethod
    def open(cls, path: str | os.PathLike[str], signer: NoteSigner | None = None) -> Ledger:
        """Open a ledger file; without ``signer`` it is read-only (proofs, entries, audit)."""
        storage = Storage.open(path)
        try:
            return cls(storage, signer)
        except BaseException:
            storage.close()
            raise

    def close(self) -> None:
        """Close the ledger file."""
        self._storage.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path | None:
        """The ledger file (``None`` for a ledger in a database server)."""
        return self._storage.path

    @property
    def location(self) -> str:
        """Where the ledger is: its file, or its database URL without the password."""
        return self._storage.location

    @property
    def storage(self) -> Storage:
        """The underlying file (for the audit and export)."""
        return self._storage

    @property
    def size(self) -> int:
        """Number of entries."""
        return self._storage.size()

    # --- appends --------------------------------------------------------------------------
    def append_commitment(
        self, commitment: Any, scheme: str = "poseidon", context: str | dict[str, Any] = ""
    ) -> Receipt:
        """Append a commitment record (see :func:`ledger.admission.admit_commitment`)."""
        return self.append_batch([admit_commitment(commitment, scheme, context)])[0]

    def append_proof(
        self,
        vk: Any,
        proof: Any,
        public: Any,
        circuit_id: str,
        submitter: str,
        verify: Groth16Verify | None = None,
    ) -> Receipt:
        """Verify a snarkjs proof and append its record; an invalid proof appends nothing.

        ``vk``, ``proof`` and ``public`` are the loaded JSON of ``verification_key.json``,
        ``proof.json`` and ``public.json``.
        """
        admitted = admit_proof(vk, proof, public, circuit_id, submitter, verify)
        return self.append_batch([admitted])[0]

    def append_batch(
        self, items: Iterable[Admitted], receipts: bool = True
    ) -> list[Receipt]:
        """Append admitted records in one transaction (one fsync, one checkpoint).

        Returns one receipt per record (an empty list with ``receipts=False``, the bulk mode
        that builds large logs without keeping anything per entry in memory). ``items`` may
        be a generator; it is consumed while the file's write lock is held. A proof record
        whose circuit id is bound to another key refuses the whole batch
        (:class:`~ledger.errors.CircuitKeyConflictError`).
        """
        out = self._append(items, receipts, skip_conflicts=False)
        return [r for r in out if isinstance(r, Receipt)]

    def append_each(self, items: Sequence[Admitted]) -> list[Receipt | LedgerError]:
        """Append records in one transaction, refusing each one alone: a proof record whose
        circuit id is bound to another key gets its :class:`CircuitKeyConflictError` in the
        result and the others their receipts (what a service batching many clients needs)."""
        return self._append(items, receipts=True, skip_conflicts=True)

    def _append(
        self, items: Iterable[Admitted], receipts: bool, skip_conflicts: bool
    ) -> list[Receipt | LedgerError]:
        signer = self._require_signer()
        state = self._signer_state()
        try:
            with state.locked():
                with self._storage.write() as db:
                    size = db.size()
                    frontier = self._frontier_at(size)
                    self._check_fully_signed(db, frontier)
                    signed_note = self._check_signer_state(db, frontier, state)
                    self._ensure_circuit_index(db)
                    batch = _Batch(db, frontier, receipts)
                    for item in items:
                        if not isinstance(item, Admitted):
                            raise TypeError("append_batch takes records from ledger.admission")
                        conflict = batch.bind_circuit(item)
                        if conflict is not None:
                            if not skip_conflicts:
                                raise conflict
                            batch.results.append(conflict)
                            continue
                        batch.add(item)
                    batch.flush()
                    if frontier.size == size:
                        return list(batch.results)
                    note = sign_checkpoint(
                        Checkpoint(self.origin, frontier.size, frontier.root()), signer)
                    db.add_checkpoint(frontier.size, note)
                    # The signer remembers the tree before anyone can see its checkpoint.
                    state.write(StateSnapshot(signed=signed_note, pending=note))
                    reader = _NodeReader(db, batch.overlay)
                    out: list[Receipt | LedgerError] = []
                    for result in batch.results:
                        if isinstance(result, int):
                            out.append(self._receipt(reader, result, frontier.size, note,
                                                     batch.payloads[result]))
                        else:
                            out.append(result)
                # committed: no longer pending (no fsync needed: if this write is lost, the
                # pending note is found in the database next time, and kept)
                state.write(StateSnapshot(signed=note), durable=False)
        except BaseException:
            self._frontier = None  # it may hold entries that were rolled back
            raise
        self._frontier = frontier
        return out if receipts else [r for r in out if not isinstance(r, Receipt)]

    def _receipt(
        self, reader: _NodeReader, index: int, size: int, note: str, payload: bytes
    ) -> Receipt:
        proof = self._prove(reader, inclusion_plan(index, size))
        leaf = reader.fetch([(0, index)])[(0, index)]
        return Receipt(self.origin, index, leaf, size, tuple(proof), note, payload)

    def _require_signer(self) -> NoteSigner:
        if self._signer is None:
            raise SigningKeyError(
                "appending needs the ledger's signing key: open it with its key (--key PATH)"
            )
        return self._signer

    def _frontier_at(self, size: int) -> CompactRange:
        """The compact range of the first ``size`` entries (cached between appends)."""
        if self._frontier is not None and self._frontier.size == size:
            return self._frontier.copy()
        ids = CompactRange.node_ids(size)
        hashes = _NodeReader(self._storage).fetch(ids)
        return CompactRange(size, [hashes[n] for n in ids])

    def _signer_state(self) -> SignerState:
        if self._state is None:
            signer = self._require_signer()
            self._state = SignerState(self.verifier, signer.state_file)
        return self._state

    def _check_fully_signed(self, db: Storage, frontier: CompactRange) -> None:
        """Refuse to append unless the last signed checkpoint in the file covers every entry
        and its root is the stored tree's: rows added without the key are never signed."""
        latest = db.latest_checkpoint()
        if latest is None:
            raise ConsistencyError(f"ledger {db.location} has no signed checkpoint: run audit")
        try:
            signed = open_checkpoint(latest[1], self.verifier, self.origin)
        except LedgerError as exc:
            raise ConsistencyError(f"the latest checkpoint in ledger {db.location} does not "
                                   f"verify ({exc}): run `zkgov ledger audit`") from exc
        if signed.size != latest[0]:
            raise ConsistencyError(
                f"checkpoint row {latest[0]} holds a checkpoint for size {signed.size}: run audit"
            )
        if signed.size > frontier.size:
            raise ConsistencyError(
                f"the log signed a checkpoint of size {signed.size} but holds only "
                f"{frontier.size} entries: entries were removed; run `zkgov ledger audit`"
            )
        if signed.size < frontier.size:
            raise ConsistencyError(
                f"entries {signed.size}..{frontier.size - 1} are covered by no signed "
                "checkpoint: they were added without the signing key, and the log refuses "
                "to sign them; run `zkgov ledger audit`"
            )
        if not same_hash(signed.root_hash, frontier.root()):
            raise ConsistencyError(
                f"refusing to sign: the stored tree differs from the checkpoint signed at size "
                f"{signed.size}; run `zkgov ledger audit`"
            )

    def _check_signer_state(
        self, db: Storage, frontier: CompactRange, state: SignerState
    ) -> str | None:
        """Refuse to append unless the stored tree extends the last checkpoint this signer
        signed (its own record, outside the database). Returns that checkpoint's note."""
        snapshot = state.read()
        signed_note = snapshot.signed
        if snapshot.pending is not None:
            pending = state.checkpoint(snapshot.pending)
            assert pending is not None
            if db.checkpoint(pending.size) == snapshot.pending:
                signed_note = snapshot.pending  # committed, then the process died
            # else: signed but never committed, so never shown to anyone: forget it
            state.write(StateSnapshot(signed=signed_note))
        signed = state.checkpoint(signed_note)
        if signed is None:
            return None
        if signed.size > frontier.size:
            raise ConsistencyError(
                f"this signer signed a tree of {signed.size} entries but ledger {db.location} "
                f"holds {frontier.size}: entries were removed, and signing now would fork the "
                f"log (signer state: {state.path or 'in memory'}); run `zkgov ledger audit`"
            )
        proof = self._prove(_NodeReader(db, frontier.nodes()),
                            consistency_plan(signed.size, frontier.size))
        try:
            verify_consistency(signed.size, frontier.size, proof, signed.root_hash,
                               frontier.root())
        except InvalidProofError as exc:
            raise ConsistencyError(
                f"refusing to sign: ledger {db.location} is not consistent with the checkpoint "
                f"this signer signed at size {signed.size} ({exc}); signing would fork the "
                "log; run `zkgov ledger audit`"
            ) from exc
        return signed_note

    def _ensure_circuit_index(self, db: Storage) -> None:
        """Give an older file its ``circuit_keys`` table (first binding of each id wins)."""
        if self._circuit_index_ok or db.has_circuit_index():
            self._circuit_index_ok = True
            return
        first: dict[str, bytes] = {}
        for row in db.entries():
            record = decode_record(row.payload)
            if isinstance(record, ProofRecord):
                first.setdefault(record.circuit_id, bytes.fromhex(record.vk_hash))
        db.create_circuit_index(sorted(first.items()))
        self._circuit_index_ok = True

    # --- reads ------------------------------------------------------------------------------
    @staticmethod
    def _prove(reader: _NodeReader, plan: Any) -> list[bytes]:
        return plan.assemble(reader.fetch(plan.node_ids()))

    def _check_size(self, size: int | None) -> int:
        current = self._storage.size()
        if size is None:
            return current
        if not 0 <= size <= current:
            raise InvalidProofError(f"tree size {size} is not between 0 and {current}")
        return size

    def entry(self, index: int) -> Entry:
        """The entry at ``index``."""
        row = self._storage.entry(index)
        if row is None:
            raise StorageError(f"there is no entry {index} (the log has {self.size} entries)")
        return Entry(row.index, decode_record(row.payload), row.payload, row.leaf_hash)

    def root(self, size: int | None = None) -> bytes:
        """The root hash of the first ``size`` entries (default: all)."""
        n = self._check_size(size)
        ids = perfect_subtrees(0, n)
        hashes = _NodeReader(self._storage).fetch(ids)
        return fold_subtrees([hashes[i] for i in ids])

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """The RFC 9162 inclusion proof of entry ``index`` in the tree of ``size`` entries."""
        n = self._check_size(size)
        return self._prove(_NodeReader(self._storage), inclusion_plan(index, n))

    def consistency_proof(self, size1: int, size2: int | None = None) -> list[bytes]:
        """The RFC 9162 consistency proof from the tree of ``size1`` entries to ``size2``."""
        n = self._check_size(size2)
        self._check_size(size1)
        return self._prove(_NodeReader(self._storage), consistency_plan(size1, n))

    def checkpoint(self, size: int | None = None) -> str:
        """A signed checkpoint note: the latest, or the one signed at ``size``."""
        if size is None:
            latest = self._storage.latest_checkpoint()
            if latest is None:
                raise StorageError(f"ledger {self._storage.location} has no checkpoint: run audit")
            return latest[1]
        note = self._storage.checkpoint(size)
        if note is None:
            raise StorageError(f"the log signed no checkpoint at size {size}")
        return note

    def receipt(self, index: int) -> Receipt:
        """A receipt for entry ``index`` against the latest signed checkpoint."""
        with self._storage.snapshot():
            note = self.checkpoint()
            cp = open_checkpoint(note, self.verifier, self.origin)
            entry = self._storage.entry(index)
            if entry is None or index >= cp.size:
                raise StorageError(
                    f"entry {index} is not covered by the latest checkpoint (size {cp.size})"
                )
            proof = self.inclusion_proof(index, cp.size)
        return Receipt(self.origin, index, entry.leaf_hash, cp.size, tuple(proof), note,
                       entry.payload)

    def verification_key(self, vk_hash: str | bytes) -> dict[str, Any]:
        """The verification key (snarkjs JSON, without ``vk_alphabeta_12``) a record names."""
        digest = bytes.fromhex(vk_hash) if isinstance(vk_hash, str) else vk_hash
        data = self._storage.verification_key(digest)
        if data is None:
            raise StorageError(f"no verification key with hash {digest.hex()} in the ledger")
        return parse_canonical(data)

    # --- audit and export -----------------------------------------------------------------
    def audit(
        self,
        verifier: NoteVerifier | None = None,
        verify_proofs: bool = True,
        progress: Callable[[int, int], None] | None = None,
        groth16_verify: Groth16Verify | None = None,
        kept: Sequence[str] = (),
    ) -> Any:
        """Recompute and check everything; see :func:`ledger.audit.audit_storage`."""
        from ledger.audit import audit_storage

        return audit_storage(self._storage, verifier, verify_proofs, progress, groth16_verify,
                             kept)

    def export(self, path: str | os.PathLike[str]) -> Path:
        """Write an offline bundle; see :func:`ledger.bundle.export_bundle`."""
        from ledger.bundle import export_bundle

        return export_bundle(self._storage, path)
