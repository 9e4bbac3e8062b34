"""Errors of the snarkjs compatibility layer (:mod:`zk.snarkjs`)."""

from __future__ import annotations

from zk.errors import ZkError


class SnarkjsCompatError(ZkError):
    """An input snarkjs would reject (or crash on), said in one line a person can act on."""


class WitnessError(SnarkjsCompatError):
    """circom's WebAssembly witness generator refused the inputs (a failed ``assert``, a
    missing or extra input signal, a value it cannot read)."""


class UnsupportedProtocolError(SnarkjsCompatError):
    """A snarkjs command of a proof system zkgov does not implement (PLONK, FFLONK)."""
