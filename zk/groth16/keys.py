"""Groth16 keys and proofs: the data that setup produces and prove/verify consume.

A :class:`ProvingKey` mirrors a snarkjs Groth16 ``.zkey`` section by section, and keeps the
big vectors packed in that file's layout (see :mod:`zk.curve.base`), so a key read from disk
is used without conversion and one we make is written byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from zk.curve.base import G1, G2, Fp12
from zk.curve.encoding import G1_BYTES, G2_BYTES, unpack_g1
from zk.errors import KeyMismatchError
from zk.groth16.key_validation import forgeable_reason
from zk.qap import QapMatrices


@dataclass
class VerifyingKey:
    """What a verifier needs: α₁, β₂, γ₂, δ₂ and one IC point per public value plus one."""

    alpha1: G1
    beta2: G2
    gamma2: G2
    delta2: G2
    ic: list[G1]
    #: e(α₁, β₂), kept for ``verification_key.json`` (computed on demand when ``None``).
    alphabeta: Fp12 | None = None

    @property
    def n_public(self) -> int:
        """Number of public values the key verifies: one IC point each, beyond ``ic[0]``
        which belongs to the constant 1."""
        return len(self.ic) - 1

    @property
    def forgeable(self) -> bool:
        """True when the key gives away a relation that lets anyone forge proofs: γ₂ = δ₂ as
        in a ``.zkey`` before any phase-2 contribution (A = α₁, B = β₂, C = −Σ xᵢ·ICᵢ then
        verifies for any input), a point at infinity, β₂ = ±γ₂, … (the full list:
        :func:`zk.groth16.key_validation.forgeable_reason`). Fine for a test, worthless
        for anything else."""
        return forgeable_reason(self) is not None


@dataclass(frozen=True)
class PreparedVerifyingKey:
    """A verification key made ready for many verifications (as arkworks'
    ``PreparedVerifyingKey``): checked once, with e(α₁, β₂), −γ₂ and −δ₂ computed once, so
    a verification is e(A, B)·e(acc, −γ₂)·e(C, −δ₂) = e(α₁, β₂): three Miller loops.

    Made by :func:`zk.groth16.prepare_verifying_key`, which refuses invalid and forgeable
    keys (unless told to allow the latter, for tests).
    """

    vk: VerifyingKey
    alpha_beta: Fp12
    neg_gamma2: G2
    neg_delta2: G2
    #: Why the key is forgeable, when it was prepared with ``allow_forgeable=True``.
    forgeable_reason: str | None = None


@dataclass
class Proof:
    """A Groth16 proof (A ∈ G1, B ∈ G2, C ∈ G1). Malleable: never use it as an identifier."""

    a: G1
    b: G2
    c: G1


@dataclass
class ProvingKey:
    """A Groth16 proving key in snarkjs ``.zkey`` terms.

    ``n_vars`` counts every wire including the constant; ``n_public`` the outputs and public
    inputs (not the constant). Packed sections: ``a_points``, ``b1_points`` (G1) and
    ``b2_points`` (G2) hold one point per wire; ``c_points`` one per private wire
    (n_vars − n_public − 1); ``h_points`` one per domain point; ``coefs`` is the coefficient
    section body (see :mod:`zk.formats.zkey_coefficients`), planned for the prover as
    :attr:`qap`.
    """

    n_vars: int
    n_public: int
    domain_size: int
    alpha1: G1
    beta1: G1
    beta2: G2
    gamma2: G2
    delta1: G1
    delta2: G2
    ic: list[G1]
    coefs: bytes
    a_points: bytes
    b1_points: bytes
    b2_points: bytes
    c_points: bytes
    h_points: bytes
    #: Raw body of the ``.zkey`` contributions section (phase-2 ceremony transcript), if any.
    contributions: bytes = b""
    #: Raw ``.zkey`` header section 1 protocol id is always Groth16 here.
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        expected = {
            "a_points": (self.a_points, self.n_vars * G1_BYTES),
            "b1_points": (self.b1_points, self.n_vars * G1_BYTES),
            "b2_points": (self.b2_points, self.n_vars * G2_BYTES),
            "c_points": (self.c_points, (self.n_vars - self.n_public - 1) * G1_BYTES),
            "h_points": (self.h_points, self.domain_size * G1_BYTES),
        }
        for name, (buf, size) in expected.items():
            if len(buf) != size:
                raise KeyMismatchError(
                    f"proving key section {name} holds {len(buf)} bytes, expected {size}"
                )
        if len(self.ic) != self.n_public + 1:
            raise KeyMismatchError(
                f"proving key has {len(self.ic)} IC points for {self.n_public} public values"
            )

    def verifying_key(self) -> VerifyingKey:
        """The verification key that belongs to this proving key."""
        return VerifyingKey(self.alpha1, self.beta2, self.gamma2, self.delta2, list(self.ic))

    @cached_property
    def qap(self) -> QapMatrices:
        """The A and B matrices of ``coefs``, checked and planned for the field kernel once
        per key (a zero-copy view of the section)."""
        return QapMatrices.from_section(self.coefs, self.domain_size, self.n_vars)

    def c_point_list(self) -> list[G1]:
        """The C section as points (for tests and small keys)."""
        return unpack_g1(self.c_points)
