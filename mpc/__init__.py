"""Secret-shared computation between departments (Shamir, honest majority).

Short paths for integrators::

    from mpc import run, run_local, Runtime, SecureVector, SecureNumber, stats

    def program(rt):
        income = SecureVector.concat(rt.input(my_incomes))
        return stats.mean(income).reveal()

    run_local(program, n=3)                         # in-process, for tests and demos
    run(program, party_id=1, config=load_config("parties.toml"))   # one process per party

See :mod:`mpc.protocols` for the protocols, :mod:`mpc.transport` for the wire, and
``zkgov mpc --help`` for the command line.
"""

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
    MpcTimeoutError,
)
from mpc.field import PrimeField, field_by_name
from mpc.protocols import statistics as stats
from mpc.psi import intersect
from mpc.runtime import Runtime, run, run_local
from mpc.secure import SecureNumber, SecureVector

__all__ = [
    "MpcAbortedError",
    "MpcCheatingError",
    "MpcConfigError",
    "MpcConnectionError",
    "MpcError",
    "MpcInputError",
    "MpcOverflowError",
    "MpcProtocolError",
    "MpcTimeoutError",
    "PartiesConfig",
    "PrimeField",
    "Runtime",
    "SecureNumber",
    "SecureVector",
    "field_by_name",
    "intersect",
    "load_config",
    "run",
    "run_local",
    "stats",
]
