"""The errors of bulk proving and verification."""

from __future__ import annotations

from zk.errors import ZkError


class BulkError(ZkError):
    """A batch cannot start or go on: an unreadable input file, an output file that belongs
    to another batch, a key that does not fit the circuit, workers that keep dying."""
