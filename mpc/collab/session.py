"""One collaborative proof, start to finish: inputs → witness on shares → Groth16 on shares.

::

    from mpc.collab import prove_jointly, run_prove

    # in-process parties (tests, demos): each with its own inputs
    results = run_local(lambda rt, mine: prove_jointly(rt, compiled, pk, mine), n=3,
                        field="bn254", party_args=[tax, social, housing])

    # one party of a TCP/TLS deployment (what `zkgov mpc prove` runs)
    result = run_prove(config, party_id=1, artifact=art, pk=pk, inputs=tax)

Every party reveals nothing but the proof and the circuit's public values, and those only to
the ``receivers``. The computation is fixed by the circuit's ``.r1cs`` digest and the
proving key, which go into the session digest, so parties with different circuits or keys
refuse to connect.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from circuits.artifact import CircuitArtifact, r1cs_digest
from circuits.circuit import CompiledCircuit, compile_circuit
from mpc.collab.inputs import agree_layout, exchange_manifests, parse_own_inputs, share_inputs
from mpc.collab.prover import check_satisfied, draw_randomness, open_proof, proof_shares
from mpc.collab.traffic import CountingNetwork
from mpc.collab.witness import check_program, witness_shares
from mpc.config import PartiesConfig, session_digest
from mpc.errors import MpcConfigError, MpcProtocolError, MpcUnsupportedError
from mpc.field import PrimeField, field_by_name
from mpc.protocols.arithmetic import open_values
from mpc.runtime import Runtime
from mpc.secure import SecureRuntime
from mpc.session import open_network, run_with
from zk.curve import Backend, get_backend
from zk.groth16 import verify
from zk.groth16.keys import Proof, ProvingKey
from zk.qap import domain_for, pack_coefficients

#: Collaborative proving works in the scalar field of BN254, whatever parties.toml says.
FIELD = "bn254"


@dataclass
class JointProof:
    """One party's outcome: the proof and public values (None where not revealed to it),
    the seconds each phase took, and what this party sent."""

    proof: Proof | None
    public: list[int] | None
    seconds: dict[str, float] = field(default_factory=dict)
    rounds: int = 0
    bytes_sent: int = 0


def check_key(compiled: CompiledCircuit, pk: ProvingKey) -> None:
    """Raise :class:`MpcConfigError` unless ``pk`` is the proving key of ``compiled``."""
    r1cs = compiled.r1cs
    if pk.n_vars != r1cs.n_wires or pk.n_public != r1cs.n_public or \
            pk.domain_size != domain_for(r1cs) or \
            _matrices(pk.coefs) != _matrices(pack_coefficients(r1cs)):
        raise MpcConfigError(f"the proving key does not belong to {compiled.name} "
                             "(its constraints differ)")


_ENTRY = np.dtype([("matrix", "<u4"), ("row", "<u4"), ("signal", "<u4"), ("coeff", "V32")])


def _matrices(coefs: bytes) -> bytes:
    """A coefficient section's entries sorted by (matrix, row, signal): equal for the same
    matrices whatever order the key's writer (zkgov or snarkjs) chose."""
    count = (len(coefs) - 4) // _ENTRY.itemsize
    entries = np.frombuffer(coefs, dtype=_ENTRY, count=count, offset=4)
    order = np.lexsort((entries["signal"], entries["row"], entries["matrix"]))
    return entries[order].tobytes()


def prove_jointly(rt: Runtime, compiled: CompiledCircuit, pk: ProvingKey,
                  inputs: Mapping[str, Any], receivers: Sequence[int] | None = None,
                  backend: Backend | None = None,
                  on_step: Callable[[str], None] = lambda _s: None,
                  key_checked: bool = False) -> JointProof:
    """Run this party's part of one collaborative proof with its own ``inputs``.

    ``receivers`` (all parties by default) learn the proof and the public values; the
    others get None. Raises :class:`~mpc.errors.MpcStatementError` when the joint inputs do
    not satisfy the circuit, :class:`~mpc.errors.MpcUnsupportedError` for a circuit whose
    witness cannot be computed on shares, :class:`~mpc.errors.MpcInputError` for inputs that
    do not fit the circuit. ``key_checked``: the caller already ran :func:`check_key` on this
    circuit and key (it reads the whole key, so :func:`run_prove` does it once, before
    connecting).
    """
    be = backend or get_backend()
    f = field_by_name(FIELD)
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    first_round = rt.rounds

    def phase(name: str) -> None:
        nonlocal start
        now = time.perf_counter()
        seconds[name] = round(now - start, 4)
        start = now
        on_step(name)

    to = _receivers(rt, receivers)
    check_program(compiled, rt, f)
    if not key_checked:
        check_key(compiled, pk)
    own = parse_own_inputs(compiled, inputs, f)
    phase("checks")
    layout = agree_layout(compiled, exchange_manifests(rt, own))
    shared_inputs = share_inputs(rt, f, compiled, own, layout)
    phase("inputs")
    witness = witness_shares(rt, f, compiled, shared_inputs)
    phase("witness")
    rand = draw_randomness(rt, f)
    check_satisfied(rt, f, compiled.r1cs, witness, rand)
    phase("check")
    shares = proof_shares(be, pk, witness, rand)
    phase("prove")
    public_shares = np.array(witness[1:pk.n_public + 1], dtype=object)
    public = open_values(rt, f, public_shares, to, what="public values")
    proof = open_proof(rt, be, shares, to)
    del witness, shares, rand
    values = None if public is None else [int(v) for v in public]
    # the key's own equation, whatever the key is worth (an uncontributed key still proves)
    if proof is not None and values is not None and \
            not verify(pk.verifying_key(), values, proof, be, allow_forgeable=True):
        raise MpcProtocolError("the combined proof does not verify: a party sent wrong shares")
    phase("open")
    return JointProof(proof, values, seconds, rt.rounds - first_round)


def _receivers(rt: Runtime, receivers: Sequence[int] | None) -> tuple[int, ...]:
    to = tuple(rt.parties) if receivers is None else tuple(sorted(set(receivers)))
    unknown = [p for p in to if p not in rt.parties]
    if unknown or not to:
        raise MpcConfigError(f"the proof's receivers must be parties 1..{rt.n}")
    return to


def file_digest(data: bytes) -> str:
    """SHA-256 (hex) of a file's bytes, for the session digest."""
    return hashlib.sha256(data).hexdigest()


def run_prove(config: PartiesConfig, party_id: int, artifact: CircuitArtifact,
              pk: ProvingKey, zkey_digest: str, inputs: Mapping[str, Any],
              receivers: Sequence[int] | None = None, plaintext: bool = False,
              timeout: float | None = None, on_step: Callable[[str], None] = lambda _s: None
              ) -> JointProof:
    """Party ``party_id`` of a TCP/TLS deployment: compile the artifact's circuit, connect,
    prove jointly with the others, close. Everything that can be refused locally (a circuit
    that cannot be computed on shares, a key for another circuit, bad inputs) is refused
    before connecting."""
    compiled = compile_circuit(artifact.instantiate())
    digest = r1cs_digest(compiled)
    if artifact.r1cs_sha256 and digest != artifact.r1cs_sha256:
        raise MpcConfigError(f"the circuit changed since {artifact.path} was written: compile "
                             "it again")
    f: PrimeField = field_by_name(FIELD)
    check_program(compiled)
    check_key(compiled, pk)
    parse_own_inputs(compiled, inputs, f)
    job = {"collaborative_prove": artifact.name, "r1cs": digest, "zkey": zkey_digest,
           "receivers": None if receivers is None else sorted(set(receivers))}
    network = CountingNetwork(open_network(config, party_id, session_digest(config, job),
                                           plaintext, timeout))
    rt = SecureRuntime(party_id, config.n, config.threshold, f, network, config.sec_param)
    on_step("connected")
    result = run_with(rt, lambda r: prove_jointly(r, compiled, pk, inputs, receivers,
                                                  on_step=on_step, key_checked=True))
    result.bytes_sent = network.bytes_sent
    return result


__all__ = ["FIELD", "JointProof", "MpcUnsupportedError", "check_key", "file_digest",
           "prove_jointly", "run_prove"]
