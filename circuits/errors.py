"""The errors of the ``circuits`` package.

Both derive from :class:`zk.errors.ZkError`, the root of every zkgov error, so the CLI prints
their message as one line and exits 2. An unsatisfied constraint is a
:class:`zk.errors.ConstraintError` (the R1CS layer raises it).
"""

from __future__ import annotations

from zk.errors import ZkError


class CircuitError(ZkError):
    """A circuit definition is invalid (e.g. an input declared twice, a non-constant divisor)."""


class InputError(ZkError):
    """Inputs to a circuit are missing, extra, out of range or not field elements."""


class AnalysisError(ZkError):
    """The analyzer's input is unusable (an unreadable ``.sym``, a mismatched circuit)."""


__all__ = ["AnalysisError", "CircuitError", "InputError"]
