"""The Groth16 prover: witness → (A, B, C) with fresh blinding r, s from :mod:`secrets`.

  A = α + Σ wᵢ·Aᵢ(τ) + r·δ                         (G1)
  B = β + Σ wᵢ·Bᵢ(τ) + s·δ                         (G2, and in G1 for C)
  C = Σ_private wᵢ·Cᵢ + Σ hⱼ·Hⱼ + s·A + r·B₁ − r·s·δ   (G1)

The vectors stay packed: the witness, the key's point sections and the H scalars go to the
backend's MSMs as buffers.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from zk.curve import Backend, get_backend
from zk.curve.base import BytesLike
from zk.curve.encoding import SCALAR_BYTES, pack_scalars, unpack_scalars
from zk.errors import KeyMismatchError, UnsatisfiedWitnessError
from zk.field import R
from zk.files import copy_releasing
from zk.groth16.keys import PreparedVerifyingKey, Proof, ProvingKey
from zk.groth16.verifier import prepare_verifying_key, verify
from zk.progress import silent

if TYPE_CHECKING:  # annotations only: a proof never imports the R1CS module
    from zk.r1cs import R1CS

#: Up to this domain size the C and H sums are one MSM over both sections (one set of buckets:
#: at 2^12 it costs about two thirds of the two MSMs); above it they stay two, so that only
#: one section of a large key, with its MSM's digits and images, is in memory at a time.
JOINT_MSM_MAX_DOMAIN = 1 << 16


def _packed_witness(witness: Sequence[int] | BytesLike, n_vars: int) -> memoryview:
    if isinstance(witness, (bytes, bytearray, memoryview)):
        buf = memoryview(witness).cast("B")
    else:
        if len(witness) != n_vars:
            raise KeyMismatchError(
                f"witness has {len(witness)} values but the proving key expects {n_vars}"
            )
        buf = memoryview(pack_scalars(witness))
    if len(buf) != n_vars * SCALAR_BYTES:
        raise KeyMismatchError(
            f"witness has {len(buf) // SCALAR_BYTES} values but the proving key expects {n_vars}"
        )
    if int.from_bytes(buf[:SCALAR_BYTES], "little") != 1:
        raise KeyMismatchError("witness[0] must be 1 (the constant wire)")
    return buf


def _check_witness(r1cs: R1CS, witness: Sequence[int] | BytesLike, pk: ProvingKey) -> None:
    if (r1cs.n_wires, r1cs.n_public) != (pk.n_vars, pk.n_public):
        raise KeyMismatchError(
            f"the circuit has {r1cs.n_wires} wires and {r1cs.n_public} public values but the "
            f"proving key {pk.n_vars} and {pk.n_public}: they do not belong together"
        )
    values = (unpack_scalars(witness) if isinstance(witness, (bytes, bytearray, memoryview))
              else witness)
    r1cs.check(values)


class Prover:
    """A proving key made ready for many proofs: ``Prover(pk).prove(witness)``.

    Everything that depends on the key alone is done once, here: the coefficient section is
    checked and planned (:attr:`ProvingKey.qap`); the verifying key that each proof is
    checked against is validated and prepared (e(α₁, β₂) computed) once, at the first proof
    that needs it. A proof then costs only
    the proving work: the QAP, the four MSMs and one multi-pairing. The key's big sections
    stay where they are (a memory-mapped ``.zkey`` read with ``copy=False`` is never copied),
    so the key must outlive the prover.

    ``groth16.prove(pk, witness)`` is this for one proof; a service or a batch that proves
    many statements with one key keeps one :class:`Prover`.
    """

    def __init__(self, pk: ProvingKey, backend: Backend | None = None) -> None:
        self.pk = pk
        self.backend = backend or get_backend()
        self._qap = pk.qap
        self._pvk: PreparedVerifyingKey | None = None

    def prove(
        self,
        witness: Sequence[int] | BytesLike,
        progress: Callable[[str], None] | None = None,
        *,
        r1cs: R1CS | None = None,
        section_done: Callable[[], None] | None = None,
    ) -> tuple[Proof, list[int]]:
        """Prove for a full witness; returns the proof and the public values.

        A witness that breaks the constraints is refused, never turned into a proof: given
        the circuit (``r1cs``), the witness is checked first and
        :class:`~zk.errors.ConstraintError` names the first broken constraint; without it
        (the key holds A and B but not C), the proof is verified before it is returned — one
        multi-pairing — and a failure raises :class:`~zk.errors.UnsatisfiedWitnessError`.

        ``section_done`` is called each time the proof is done with one of the key's big
        sections (the coefficients, then A, B₂, B₁, C and H, each read once and in that
        order; C and H in one MSM up to :data:`JOINT_MSM_MAX_DOMAIN`), and while a section is
        copied out (see :meth:`_points`): a caller proving once from a memory-mapped key hands
        the pages read so far back there (:func:`zk.files.release_pages`), so that at most one
        section (two, C and H, for a small key) is resident at a time.
        """
        pk, be = self.pk, self.backend
        step = progress or silent
        w = _packed_witness(witness, pk.n_vars)
        if r1cs is not None:
            step("checking the witness against the constraints")
            _check_witness(r1cs, witness, pk)
        private_start = (pk.n_public + 1) * SCALAR_BYTES
        public = unpack_scalars(w[SCALAR_BYTES:private_start])

        done = section_done or _nothing

        step("computing H (QAP)")
        h = be.qap_h(self._qap, w, pk.domain_size)
        done()
        r = secrets.randbelow(R)
        s = secrets.randbelow(R)

        step("multi-scalar multiplications")
        a_sum = be.msm_g1(self._points("a_points", section_done), w)
        done()
        # ψ in the G2 MSM: a key point outside the subgroup would make B wrong by a point of
        # small order, which the checks below refuse (as they refuse the exact sum's B)
        b2_sum = be.msm_g2(self._points("b2_points", section_done), w, in_subgroup=True)
        done()
        b1_sum = be.msm_g1(self._points("b1_points", section_done), w)
        done()
        if pk.domain_size <= JOINT_MSM_MAX_DOMAIN:
            c = be.msm_g1_joint(self._points("c_points", section_done), w[private_start:],
                                self._points("h_points", section_done), h)
            done()
        else:
            c = be.msm_g1(self._points("c_points", section_done), w[private_start:])
            done()
            c = be.g1_add(c, be.msm_g1(self._points("h_points", section_done), h))
            done()
        del w, h
        a = be.g1_add(be.g1_add(pk.alpha1, a_sum), be.g1_mul(pk.delta1, r))
        b2 = be.g2_add(be.g2_add(pk.beta2, b2_sum), be.g2_mul(pk.delta2, s))
        b1 = be.g1_add(be.g1_add(pk.beta1, b1_sum), be.g1_mul(pk.delta1, s))
        c = be.g1_add(c, be.g1_mul(a, s))
        c = be.g1_add(c, be.g1_mul(b1, r))
        c = be.g1_add(c, be.g1_mul(pk.delta1, (R - r * s % R) % R))
        del r, s
        proof = Proof(a, b2, c)
        if r1cs is None:
            step("checking the proof")
            self._check_proof_verifies(public, proof)
        else:
            self._check_proof_in_groups(proof)
        return proof, public

    def _points(self, name: str, section_done: Callable[[], None] | None) -> BytesLike:
        """A point section for its MSM. Points are read at 8-byte alignment; the native core
        copies a section that lies at an odd offset of its file (a ``.zkey`` puts some there)
        with the whole mapped section resident beside the copy. A caller that hands pages
        back (``section_done``) gets that copy made here instead, chunk by chunk, handing
        the mapped pages back as it goes."""
        points = getattr(self.pk, name)
        offset = self.pk.extra.get("section_offsets", {}).get(name, 0)
        if section_done is None or offset % 8 == 0 or not isinstance(points, memoryview):
            return points
        return copy_releasing(points, section_done)

    def _check_proof_in_groups(self, proof: Proof) -> None:
        # A key point off its curve, or a B₂ point with a component of small order, carries
        # into the proof the witness modulo that order: such a proof is withheld, not only
        # refused later by the verifier. (verify checks the same when there is no circuit.)
        be = self.backend
        if not (be.g1_is_on_curve(proof.a) and be.g1_is_on_curve(proof.c)
                and be.g2_is_on_curve(proof.b) and be.g2_in_subgroup(proof.b)):
            raise KeyMismatchError(
                "the proving key holds points outside their groups (its proof would not "
                "verify and could reveal part of the witness); no proof was made")

    def _check_proof_verifies(self, public: list[int], proof: Proof) -> None:
        # The key's own equation is checked here, whatever the key is worth: a forgeable
        # (uncontributed) key still proves honestly.
        if self._pvk is None:
            self._pvk = prepare_verifying_key(self.pk.verifying_key(), self.backend,
                                              allow_forgeable=True)
        if not verify(self._pvk, public, proof, self.backend, allow_forgeable=True):
            raise UnsatisfiedWitnessError(
                "the witness does not satisfy the circuit's constraints (the proof it gives "
                "does not verify); check the inputs, or pass the circuit to name the broken "
                "constraint"
            )


def _nothing() -> None:
    return None


def prove(
    pk: ProvingKey,
    witness: Sequence[int] | BytesLike,
    backend: Backend | None = None,
    progress: Callable[[str], None] | None = None,
    *,
    r1cs: R1CS | None = None,
) -> tuple[Proof, list[int]]:
    """Prove with ``pk`` for a full witness; returns the proof and the public values.

    One proof: :class:`Prover` (``Prover(pk, backend).prove(witness, progress, r1cs=r1cs)``),
    which see. Keep a :class:`Prover` to prove many times with one key.
    """
    return Prover(pk, backend).prove(witness, progress, r1cs=r1cs)


