"""The exception hierarchy of the ``ledger`` package.

Every error a caller can cause derives from :class:`LedgerError`, itself a
:class:`zk.errors.ZkError`, so the ``zkgov`` command prints its one-line message and exits 2.
Errors that mean "a check said no" (:class:`InvalidProofError`, :class:`SignatureError`,
:class:`WrongLogError`) let the CLI exit 1 instead.
"""

from __future__ import annotations

from zk.errors import ZkError


class LedgerError(ZkError):
    """Base class of every error that the ``ledger`` package raises on bad input or state."""


class RecordError(LedgerError):
    """A record to append is malformed or too large; nothing was appended."""


class RejectedProofError(RecordError):
    """A Groth16 proof did not verify against its verification key; nothing was appended."""


class ForgeableKeyError(RejectedProofError):
    """A verification key is degenerate or forgeable: proofs under it prove nothing."""


class CircuitKeyConflictError(RecordError):
    """A circuit id is already bound to another verification key; nothing was appended."""


class InvalidProofError(LedgerError):
    """A Merkle inclusion or consistency proof does not verify."""


class CheckpointError(LedgerError):
    """A checkpoint or signed note is malformed."""


class SignatureError(CheckpointError):
    """A signed note carries no valid signature from the expected key."""


class SigningKeyError(LedgerError):
    """A key file is missing, malformed, or does not belong to this ledger."""


class StorageError(LedgerError):
    """The ledger file is missing, is not a zkgov ledger, or cannot be read."""


class ConsistencyError(LedgerError):
    """The stored tree disagrees with a checkpoint the log already signed: appends refused."""


class ReceiptError(LedgerError):
    """A receipt is malformed."""


class WrongLogError(LedgerError):
    """A receipt, checkpoint or key belongs to another log than the one expected."""


class BundleError(LedgerError):
    """An exported bundle is missing files or is malformed."""
