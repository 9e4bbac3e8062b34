"""Errors of the analyzer (bad symbol file, bad R1CS path), under :class:`zk.errors.ZkError`."""

from __future__ import annotations

from zk.errors import ZkError


class AnalysisError(ZkError):
    """The analyzer's input is unusable (an unreadable ``.sym``, a mismatched circuit)."""
