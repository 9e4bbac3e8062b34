"""What one worker does: hold a key and a circuit, turn an input line into an output line.

Workers receive the circuit once, as bytes (:func:`pack_circuit`), and map the proving key
without copying it (:func:`read_zkey` with ``copy=False`` over a memory-mapped file or a
shared buffer), so N workers on one machine share the key's pages.
"""

from __future__ import annotations

import importlib.machinery
import json
import mmap
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import cloudpickle

from circuits.bulk.errors import BulkError
from circuits.bulk.records import error_line, proof_line
from circuits.circuit import CompiledCircuit
from zk import groth16
from zk.curve.base import BytesLike
from zk.errors import ZkError
from zk.formats.snarkjs_json import vk_hash
from zk.formats.zkey import read_zkey
from zk.groth16.keys import ProvingKey


def pack_circuit(compiled: CompiledCircuit) -> bytes:
    """The compiled circuit as bytes that any worker can load, also on another machine.

    A circuit class from a file (``zkgov compile my_circuit.py``) or from ``__main__`` travels
    by value; one from an installed package by reference.
    """
    module = sys.modules.get(type(compiled.circuit).__module__)
    if module is not None and module.__name__ != "__main__" and not _importable(module.__name__):
        cloudpickle.register_pickle_by_value(module)
        try:
            return cloudpickle.dumps(compiled)
        finally:
            cloudpickle.unregister_pickle_by_value(module)
    return cloudpickle.dumps(compiled)


def _importable(module_name: str) -> bool:
    """Whether a fresh interpreter finds the module's package on ``sys.path``."""
    top = module_name.partition(".")[0]
    if top in sys.builtin_module_names:
        return True
    return importlib.machinery.PathFinder.find_spec(top) is not None


def unpack_circuit(blob: BytesLike) -> CompiledCircuit:
    """The inverse of :func:`pack_circuit`."""
    compiled = cloudpickle.loads(blob)
    if not isinstance(compiled, CompiledCircuit):
        raise BulkError("the circuit shipped to a worker is not a compiled circuit")
    return compiled


def map_key(path: Path) -> ProvingKey:
    """Read a ``.zkey`` through a read-only memory map (shared by every process mapping it)."""
    try:
        with open(path, "rb") as f:
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except FileNotFoundError as exc:
        raise BulkError(f"proving key not found: {path}") from exc
    except (OSError, ValueError) as exc:
        raise BulkError(f"cannot map proving key {path}: {exc}") from exc
    return read_zkey(mapped, copy=False)


def use_threads(threads: int) -> None:
    """Set how many threads the native core uses in this process (read at each call)."""
    os.environ["ZKGOV_THREADS"] = str(max(1, threads))


@contextmanager
def threads_for_a_while(threads: int) -> Iterator[None]:
    """:func:`use_threads` until the block ends, then the caller's setting again."""
    before = os.environ.get("ZKGOV_THREADS")
    use_threads(threads)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("ZKGOV_THREADS", None)
        else:
            os.environ["ZKGOV_THREADS"] = before


class LineProver:
    """Proves input lines with one key and one circuit; errors become error lines."""

    def __init__(self, compiled: CompiledCircuit, pk: ProvingKey) -> None:
        check_key_fits(compiled, pk)
        self.compiled = compiled
        self.pk = pk
        self.prover = groth16.Prover(pk)
        self.vk = vk_hash(pk.verifying_key())

    def prove(self, line: int, text: str) -> str:
        """The output line for input line ``line`` (with its newline)."""
        try:
            inputs = json.loads(text)
        except json.JSONDecodeError as exc:
            return error_line(line, f"not valid JSON ({exc.msg} at column {exc.colno})")
        if not isinstance(inputs, dict):
            return error_line(line, "not a JSON object of input names and values")
        try:
            witness = self.compiled.witness(inputs)
        except ZkError as exc:
            return error_line(line, str(exc))
        except Exception as exc:  # the circuit's own Python code failed on these values
            return error_line(line, f"witness failed: {type(exc).__name__}: {exc}")
        proof, public = self.prover.prove(witness)
        return proof_line(line, proof, public, self.vk)


def check_key_fits(compiled: CompiledCircuit, pk: ProvingKey) -> None:
    """Raise unless ``pk`` has the circuit's numbers of wires and public values."""
    r1cs = compiled.r1cs
    if pk.n_vars != r1cs.n_wires or pk.n_public != r1cs.n_public:
        raise BulkError(
            f"the proving key ({pk.n_vars} wires, {pk.n_public} public) does not belong to "
            f"circuit {compiled.name} ({r1cs.n_wires} wires, {r1cs.n_public} public)"
        )
