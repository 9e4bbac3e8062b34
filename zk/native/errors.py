"""Errors of the native core's bindings (``zk.native._bn254`` raises them from C).

Both are zkgov errors (:class:`~zk.errors.ZkError`), so the CLI reports them as one line
with exit code 2; they also keep the built-in classes callers of a C extension expect
(``ValueError`` for a bad argument, ``MemoryError`` for an allocation that failed).
"""

from __future__ import annotations

from zk.errors import ZkError


class NativeArgumentError(ZkError, ValueError):
    """A buffer or count handed to the native core has the wrong size or shape, a count is
    negative or beyond the documented limits, or a size computed from it would overflow."""


class NativeMemoryError(ZkError, MemoryError):
    """The native core could not allocate the memory a (valid) request needs."""
