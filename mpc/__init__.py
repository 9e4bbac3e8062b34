"""Secret-shared computation between departments (Shamir, honest majority).

Short paths for integrators::

    from mpc import run, run_local, Runtime, SecureVector, SecureNumber, stats

    def program(rt):
        income = SecureVector.concat(rt.input(my_incomes))
        return stats.mean(income).reveal()

    run_local(program, n=3)                         # in-process, for tests and demos
    run(program, party_id=1, config=load_config("parties.toml"))   # one process per party

See :mod:`mpc.protocols` for the protocols, :mod:`mpc.transport` for the wire,
:mod:`mpc.collab` for collaborative proving (one Groth16 proof from inputs no party pools),
and ``zkgov mpc --help`` for the command line.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The protocol stack pulls in numpy, numba and cryptography; `zkgov --help` and the other
# sub-commands should not pay for that, so the short paths are resolved on first use.
_LAZY = {
    "PartiesConfig": "mpc.config",
    "load_config": "mpc.config",
    "MpcAbortedError": "mpc.errors",
    "MpcCheatingError": "mpc.errors",
    "MpcConfigError": "mpc.errors",
    "MpcConnectionError": "mpc.errors",
    "MpcError": "mpc.errors",
    "MpcInputError": "mpc.errors",
    "MpcOverflowError": "mpc.errors",
    "MpcProtocolError": "mpc.errors",
    "MpcStatementError": "mpc.errors",
    "MpcTimeoutError": "mpc.errors",
    "MpcUnsupportedError": "mpc.errors",
    "PrimeField": "mpc.field",
    "field_by_name": "mpc.field",
    "intersect": "mpc.psi",
    "Runtime": "mpc.runtime",
    "run": "mpc.session",
    "run_local": "mpc.session",
    "SecureRuntime": "mpc.secure",
    "SecureNumber": "mpc.secure",
    "SecureVector": "mpc.secure",
}

if TYPE_CHECKING:
    from mpc import statistics as stats
    from mpc.config import PartiesConfig, load_config
    from mpc.errors import (
        MpcAbortedError,
        MpcCheatingError,
        MpcConfigError,
        MpcConnectionError,
        MpcError,
        MpcInputError,
        MpcOverflowError,
        MpcProtocolError,
        MpcStatementError,
        MpcTimeoutError,
        MpcUnsupportedError,
    )
    from mpc.field import PrimeField, field_by_name
    from mpc.psi import intersect
    from mpc.runtime import Runtime
    from mpc.secure import SecureNumber, SecureRuntime, SecureVector
    from mpc.session import run, run_local


def __getattr__(name: str) -> Any:
    if name == "stats":
        value: Any = importlib.import_module("mpc.statistics")
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'mpc' has no attribute {name!r}")
    globals()[name] = value
    return value


__all__ = [
    "MpcAbortedError",
    "MpcCheatingError",
    "MpcConfigError",
    "MpcConnectionError",
    "MpcError",
    "MpcInputError",
    "MpcOverflowError",
    "MpcProtocolError",
    "MpcStatementError",
    "MpcTimeoutError",
    "MpcUnsupportedError",
    "PartiesConfig",
    "PrimeField",
    "Runtime",
    "SecureNumber",
    "SecureRuntime",
    "SecureVector",
    "field_by_name",
    "intersect",
    "load_config",
    "run",
    "run_local",
    "stats",
]
