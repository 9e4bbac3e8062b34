"""snarkjs compatibility: the operations of snarkjs's Groth16 workflow that zkgov's own
modules do not already cover, one module per operation family (as snarkjs's ``src/`` keeps
one file per operation), so a circom project can drop snarkjs and node.

* :mod:`~zk.snarkjs.wasm_witness` — circom's ``.wasm`` witness generator run in process
  (wasmtime); :mod:`~zk.snarkjs.circom_inputs` reads ``input.json`` the way circom does.
* :mod:`~zk.snarkjs.fullprove` — witness and Groth16 proof in one step.
* :mod:`~zk.snarkjs.ptau_challenge` — air-gapped phase-1 contributions (challenge, response,
  import), byte for byte snarkjs's files; :mod:`~zk.snarkjs.point_codec` decodes their points.
* :mod:`~zk.snarkjs.ptau_tools` — ``powersoftau export json | truncate | convert``.
* :mod:`~zk.snarkjs.zkey_bellman` — phase 2 through bellman's ``MPCParameters``.
* :mod:`~zk.snarkjs.r1cs_tools`, :mod:`~zk.snarkjs.wtns_tools`, :mod:`~zk.snarkjs.zkey_json`
  — ``r1cs info | print | export json``, ``wtns check | export json``, ``zkey export json``.
* :mod:`~zk.snarkjs.json_text` — JSON laid out byte for byte as snarkjs writes it.

Phase-1/phase-2 ceremonies, setup, proving, verification and the Solidity verifier are
zkgov's own (:mod:`zk.ceremony`, :mod:`zk.groth16`, :mod:`zk.formats`); the ``zkgov``
command table maps every snarkjs command name onto these functions.
"""

from typing import TYPE_CHECKING, Any

from zk.snarkjs.errors import SnarkjsCompatError, UnsupportedProtocolError, WitnessError

if TYPE_CHECKING:
    from zk.snarkjs.wasm_witness import Witness, WitnessCalculator, calculate_witness

#: The witness calculator loads wasmtime; it is imported on first use, so that the command
#: table (and ``zkgov --help``) start without it.
_LAZY = {"Witness", "WitnessCalculator", "calculate_witness"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from zk.snarkjs import wasm_witness

        return getattr(wasm_witness, name)
    raise AttributeError(f"module 'zk.snarkjs' has no attribute {name!r}")

__all__ = [
    "SnarkjsCompatError",
    "UnsupportedProtocolError",
    "Witness",
    "WitnessCalculator",
    "WitnessError",
    "calculate_witness",
]
