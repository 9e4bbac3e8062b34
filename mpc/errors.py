"""The exception hierarchy of the ``mpc`` package.

Every error a user (or a misbehaving peer) can cause is an :class:`MpcError`, itself a
:class:`zk.errors.ZkError`, so the ``zkgov`` CLI prints its one-line message and exits 2.
Messages name the party involved where there is one, and never contain a share or a secret.
"""

from __future__ import annotations

from zk.errors import ZkError


class MpcError(ZkError):
    """Base class of every error raised by the ``mpc`` package."""


class MpcConfigError(MpcError):
    """``parties.toml`` or the command-line options are invalid or inconsistent."""


class MpcInputError(MpcError):
    """A party's own input (a CSV file, a value) is unreadable or out of range."""


class MpcOverflowError(MpcError):
    """A computation could exceed the field: its result would wrap around modulo p."""


class MpcNetworkError(MpcError):
    """A peer could not be reached, went away, or stalled. ``party`` names it."""

    def __init__(self, message: str, party: int | None = None) -> None:
        super().__init__(message)
        self.party = party


class MpcTimeoutError(MpcNetworkError):
    """A peer sent nothing within the deadline: it stopped, stalled or lost its connection."""


class MpcConnectionError(MpcNetworkError):
    """A connection to a peer failed or closed before the computation finished."""


class MpcAbortedError(MpcNetworkError):
    """A peer stopped the computation and told the others why."""


class MpcProtocolError(MpcNetworkError):
    """A peer sent a malformed, oversized or unexpected message."""


class MpcCheatingError(MpcError):
    """Opened shares are inconsistent: some party sent a wrong share.

    ``parties`` names the culprits when they could be identified (n ≥ 3t+1), else it is empty.
    """

    def __init__(self, message: str, parties: tuple[int, ...] = ()) -> None:
        super().__init__(message)
        self.parties = parties


class MpcUnsupportedError(MpcError):
    """The computation needs a step the protocol cannot run on secret shares (e.g. a circuit
    hint written as an arbitrary Python function, in collaborative proving)."""


class MpcStatementError(MpcError):
    """The parties' joint inputs do not satisfy the circuit: the statement is false, so no
    proof is made (collaborative proving)."""
