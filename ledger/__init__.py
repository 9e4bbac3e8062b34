"""zkgov's audit ledger: an append-only transparency log of proofs and commitments.

A Merkle tree per RFC 9162 over canonical records, stored in one SQLite file or a
PostgreSQL database (chosen by URL), with signed
checkpoints in the C2SP signed-note format, receipts that anyone can check offline, and an
audit that recomputes everything::

    from ledger import Ledger, NoteSigner

    signer = NoteSigner.generate("registry.example.gov/ledger")
    with Ledger.create("audit.sqlite", signer) as log:
        receipt = log.append_commitment("123", scheme="poseidon", context="cohort 2024")
        assert log.audit().ok

Modules, one job each: :mod:`~ledger.rfc9162` (hashing), :mod:`~ledger.proof` (inclusion
and consistency proofs), :mod:`~ledger.compact` (compact ranges), :mod:`~ledger.storage`
(SQLite and PostgreSQL engines), :mod:`~ledger.note` and :mod:`~ledger.checkpoint`
(signed checkpoints),
:mod:`~ledger.keys` (key files), :mod:`~ledger.signer_state` (what the signer last
signed, kept beside its key), :mod:`~ledger.records` (canonical records),
:mod:`~ledger.admission` (checks before append), :mod:`~ledger.receipt`,
:mod:`~ledger.log` (the :class:`Ledger`), :mod:`~ledger.audit`, :mod:`~ledger.bundle`
(offline export), :mod:`~ledger.tiles` (the C2SP tlog-tiles view), :mod:`~ledger.remote`
(a served log, by URL), :mod:`~ledger.service` (``zkgov ledger serve``) and
:mod:`~zkgov.commands.ledger` (``zkgov ledger …``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ledger.errors import LedgerError

if TYPE_CHECKING:
    from ledger.admission import Admitted, admit_commitment, admit_proof
    from ledger.audit import (
        AuditFailure,
        AuditReport,
        audit_bundle,
        audit_served,
        audit_storage,
    )
    from ledger.checkpoint import Checkpoint, open_checkpoint, sign_checkpoint
    from ledger.log import Entry, Ledger
    from ledger.note import NoteSigner, NoteVerifier
    from ledger.receipt import Receipt

# The short paths are resolved on first use, so that `zkgov --help` and the commands that do
# not touch the log start without loading it (cryptography, the storage engines).
_LAZY = {
    "Admitted": "ledger.admission", "admit_commitment": "ledger.admission",
    "admit_proof": "ledger.admission", "AuditFailure": "ledger.audit",
    "AuditReport": "ledger.audit", "audit_bundle": "ledger.audit",
    "audit_served": "ledger.audit", "audit_storage": "ledger.audit",
    "Checkpoint": "ledger.checkpoint", "open_checkpoint": "ledger.checkpoint",
    "sign_checkpoint": "ledger.checkpoint", "Entry": "ledger.log", "Ledger": "ledger.log",
    "NoteSigner": "ledger.note", "NoteVerifier": "ledger.note", "Receipt": "ledger.receipt",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ledger' has no attribute {name!r}")

__all__ = [
    "Admitted",
    "AuditFailure",
    "AuditReport",
    "Checkpoint",
    "Entry",
    "Ledger",
    "LedgerError",
    "NoteSigner",
    "NoteVerifier",
    "Receipt",
    "admit_commitment",
    "admit_proof",
    "audit_bundle",
    "audit_served",
    "audit_storage",
    "open_checkpoint",
    "sign_checkpoint",
]
