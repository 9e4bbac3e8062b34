"""``snarkjs groth16 fullprove``: circom's ``.wasm`` witness and a Groth16 proof in one step.

The witness is computed in process (:mod:`zk.snarkjs.wasm_witness`, no node), then proven with
zkgov's prover on the snarkjs ``.zkey``; the results are snarkjs's ``proof.json`` and
``public.json`` objects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zk import groth16
from zk.curve.base import BytesLike
from zk.errors import KeyMismatchError
from zk.field import R
from zk.formats.snarkjs_json import proof_to_json, public_to_json
from zk.formats.zkey import read_zkey
from zk.snarkjs.wasm_witness import calculate_witness


def prove_from_input(inputs: Any, wasm: bytes, zkey: BytesLike,
                     on_log: Callable[[str], None] | None = None,
                     ) -> tuple[dict[str, Any], list[str]]:
    """(proof.json, public.json) objects for ``inputs`` (``input.json`` loaded), as ``snarkjs
    groth16 fullprove input.json circuit.wasm circuit.zkey proof.json public.json``.

    The key's sections are used in place (a memory-mapped ``.zkey`` is never copied)."""
    pk = read_zkey(zkey, copy=False)
    witness = calculate_witness(wasm, inputs, on_log=on_log)
    if witness.prime != R:
        raise KeyMismatchError("the .wasm computes over another prime than BN254's r: it was "
                               "compiled for another curve")
    if len(witness) != pk.n_vars:
        raise KeyMismatchError(f"the .wasm computes {len(witness)} values but the .zkey "
                               f"expects {pk.n_vars}: they are for different circuits")
    proof, public = groth16.prove(pk, witness.values)
    return proof_to_json(proof), public_to_json(public)
