"""What may enter the log: records are checked here before they are appended.

A proof record is admitted only if its Groth16 proof verifies against its verification key
and its public inputs; a commitment record only if its value is well formed for its scheme.
Nothing here touches the ledger file: a rejected record leaves no trace.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ledger.errors import ForgeableKeyError, RecordError, RejectedProofError
from ledger.records import (
    MAX_ENTRY_BYTES,
    SCHEMES,
    CommitmentRecord,
    ProofRecord,
    Record,
    canonical_json,
    check_context,
    check_field_element,
    check_name,
    check_pedersen_point,
    encode_record,
)

#: Same length as every real time stamp, so size limits are checked before the clock is read.
_TIME_PLACEHOLDER = "0000-00-00T00:00:00.000000Z"

#: A Groth16 verifier: ``(vk, public, proof) -> bool``.
Groth16Verify = Callable[[Any, Sequence[int], Any], bool]


@dataclass(frozen=True)
class Admitted:
    """A record that passed its checks and waits for the log to stamp its time.

    ``verification_key`` is ``(hash, canonical JSON)`` of the key a proof record names.
    """

    record: Record
    verification_key: tuple[bytes, bytes] | None = None

    def stamped(self, time: str) -> Record:
        """The record with the time the log gives it."""
        return replace(self.record, time=time)


def verification_key_json(vk: Any) -> dict[str, Any]:
    """The stored form of a verification key: snarkjs's ``verification_key.json`` fields
    without ``vk_alphabeta_12`` (derived from α and β, and not written by every tool).

    Its canonical JSON is what :func:`zk.formats.snarkjs_json.vk_hash` hashes.
    """
    from zk.formats.snarkjs_json import vk_points_json

    return vk_points_json(vk)


def check_verification_key(vk: Any, what: str = "the verification key") -> None:
    """Refuse a key that is not a valid Groth16 verification key, or that lets anyone forge
    proofs without the toxic waste (γ = δ before any phase-2 contribution, a point at
    infinity, β = γ, …: :func:`zk.groth16.forgeable_reason` has the list). The one place the
    ledger decides which keys it trusts: appends, the audit and the service all call it.

    Raises :class:`ledger.errors.ForgeableKeyError` (or a :class:`zk.errors.ZkError` naming a
    point that is not a group element).
    """
    from zk import groth16
    from zk.errors import ForgeableKeyError as ZkForgeableKeyError

    reason = groth16.forgeable_reason(vk)
    if reason is None:
        try:
            groth16.check_verifying_key(vk)
        except ZkForgeableKeyError as exc:
            reason = str(exc)
    if reason is not None:
        raise ForgeableKeyError(
            f"{what} is forgeable ({reason}): anyone can forge proofs that verify under it"
        )


def _check_points(vk: Any, proof: Any) -> None:
    """Name the first point that is not a valid group element (a clearer error than False)."""
    from zk import groth16

    groth16.check_verifying_key(vk)
    groth16.check_proof(proof)


def _default_verify(vk: Any, public: Sequence[int], proof: Any) -> bool:
    from zk import groth16

    return groth16.verify(vk, public, proof)


def admit_proof(
    vk_json: Any,
    proof_json: Any,
    public_json: Any,
    circuit_id: str,
    submitter: str,
    verify: Groth16Verify | None = None,
) -> Admitted:
    """Check a snarkjs proof (``proof.json``, ``public.json``, ``verification_key.json`` as
    loaded JSON) and make its record.

    Raises a :class:`zk.errors.ZkError` for malformed JSON or points, and
    :class:`RejectedProofError` when the proof does not verify.
    """
    from zk.formats.snarkjs_json import (
        proof_from_json,
        proof_to_json,
        public_from_json,
        public_to_json,
        vk_from_json,
    )

    check_name(circuit_id, "circuit id")
    check_name(submitter, "submitter")
    _check_input_size(vk_json, "verification key")
    _check_input_size(proof_json, "proof")
    _check_input_size(public_json, "public inputs")
    vk = vk_from_json(vk_json)
    proof = proof_from_json(proof_json)
    public = public_from_json(public_json)
    if len(public) != vk.n_public:
        raise RecordError(
            f"public.json has {len(public)} values but the verification key expects {vk.n_public}"
        )
    check_verification_key(vk, f"the verification key for circuit {circuit_id!r}")
    if not (verify or _default_verify)(vk, public, proof):
        _check_points(vk, proof)  # raises an error naming the bad point, if that is why
        raise RejectedProofError(
            f"the proof does not verify against the verification key for circuit "
            f"{circuit_id!r}: nothing was appended"
        )
    stored_vk = canonical_json(verification_key_json(vk))
    digest = hashlib.sha256(stored_vk).digest()
    record = ProofRecord(
        circuit_id=circuit_id,
        vk_hash=digest.hex(),
        public_inputs=tuple(public_to_json(public)),
        proof=proof_to_json(proof),
        submitter=submitter,
        time=_TIME_PLACEHOLDER,
    )
    encode_record(record)  # size limit, before anything is written
    return Admitted(record, (digest, stored_vk))


def admit_commitment(
    commitment: Any, scheme: str = "poseidon", context: str | dict[str, Any] = ""
) -> Admitted:
    """Check a commitment and make its record.

    Poseidon: one BN254 scalar-field element (decimal string or int). Pedersen: a point
    ``(x, y)`` (or the text ``"x,y"``) on Baby Jubjub or BN254 G1. ``context`` is free text
    or a JSON object saying what was committed to.
    """
    if scheme not in SCHEMES:
        raise RecordError(f"unknown commitment scheme {scheme!r}: use one of {', '.join(SCHEMES)}")
    if scheme == "poseidon":
        value: str | tuple[str, str] = check_field_element(commitment, "poseidon commitment")
    else:
        x, y = check_pedersen_point(commitment)
        value = (x, y)
    record = CommitmentRecord(scheme, value, check_context(context), _TIME_PLACEHOLDER)
    encode_record(record)
    return Admitted(record)


def _check_input_size(value: Any, what: str) -> None:
    size = len(canonical_json(value)) if isinstance(value, dict | list) else 0
    if size > MAX_ENTRY_BYTES:
        raise RecordError(f"{what} is {size} bytes; the limit is {MAX_ENTRY_BYTES}")


class StoredProofChecker:
    """Re-verifies stored proof records during an audit (parsing and checking each key once)."""

    def __init__(self, verify: Groth16Verify | None = None) -> None:
        self._verify = verify or _default_verify
        self._keys: dict[str, Any] = {}

    def key(self, vk_hash: str, vk_json: bytes) -> Any:
        """The stored key, parsed and passed through :func:`check_verification_key` (raises a
        :class:`zk.errors.ZkError` when refused)."""
        from ledger.records import parse_canonical
        from zk.formats.snarkjs_json import vk_from_json

        vk = self._keys.get(vk_hash)
        if vk is None:
            vk = vk_from_json(parse_canonical(vk_json))
            check_verification_key(vk, "the key")
            self._keys[vk_hash] = vk
        return vk

    def check(self, record: ProofRecord, vk_json: bytes) -> str | None:
        """``None`` if the key is accepted and the proof verifies, else why not."""
        from zk.errors import ZkError
        from zk.formats.snarkjs_json import proof_from_json, public_from_json

        try:
            vk = self.key(record.vk_hash, vk_json)
        except ZkError as exc:
            return f"stored verification key {record.vk_hash[:16]}… is refused: {exc}"
        try:
            proof = proof_from_json(record.proof)
            public = public_from_json(list(record.public_inputs))
        except ZkError as exc:
            return f"stored proof cannot be read: {exc}"
        if not self._verify(vk, public, proof):
            return "stored Groth16 proof does not verify"
        return None
