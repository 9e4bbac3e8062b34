"""The Groth16 prover on a secret-shared witness (Ozdemir–Boneh), with nothing opened but
the proof.

Every step of the ordinary prover (:mod:`zk.groth16.prover`) is linear in the witness, or a
product of two linear things, so each party runs it on its own Shamir shares:

* A = α + Σ wᵢ·Aᵢ + r·δ and B = β + Σ wᵢ·Bᵢ + s·δ: each party's MSM of its witness shares is
  its share of the group element (degree t), with r, s drawn jointly as shared values;
* H: snarkjs's QAP polynomial is a quadratic form in the witness, so the backend's own
  ``qap_h`` applied to a party's shares gives that party's degree-2t share of H's scalars —
  no communication at all;
* C = Σ_private wᵢ·Cᵢ + Σ hⱼ·Hⱼ + s·A + r·B₁ − r·s·δ: the products s·A, r·B₁, r·s of two
  degree-t sharings are degree-2t sharings computed locally (a scalar times a point share).

The degree-2t share of C is re-randomised with a fresh sharing of zero (so the opened shares
say nothing beyond C), and the parties' points are combined at the receivers with Lagrange
coefficients in the exponent. Before anything is opened, one masked check of Σ ρⁱ·(aᵢ·bᵢ − cᵢ)
over the constraints tells the parties whether the joint witness satisfies the circuit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mpc.errors import MpcProtocolError, MpcStatementError
from mpc.field import PrimeField
from mpc.protocols.arithmetic import multiply, open_values, reduce_degree
from mpc.protocols.randomness import Draw, deal, dealers
from mpc.runtime import Runtime
from mpc.shamir import lagrange_coefficients
from mpc.transport.frames import Purpose
from zk.curve.base import G1, G1_GENERATOR, G2, Backend
from zk.curve.encoding import (
    G1_BYTES,
    G2_BYTES,
    SCALAR_BYTES,
    pack_g1,
    pack_g2,
    pack_scalars,
    unpack_g1,
    unpack_g2,
)
from zk.errors import FormatError
from zk.field import R
from zk.groth16.keys import Proof, ProvingKey
from zk.r1cs import R1CS


@dataclass(frozen=True)
class Randomness:
    """This party's shares of the prover's joint randomness."""

    r: int  # blinds A
    s: int  # blinds B
    mask: int  # hides a failed satisfaction check's value
    seed: int  # opened: the public challenge ρ of the satisfaction check
    zero: int  # a degree-2t sharing of 0 that re-randomises C's shares


@dataclass(frozen=True)
class ProofShares:
    """This party's shares of the proof's points: A and B of degree t, C of degree 2t."""

    a: G1
    b: G2
    c: G1


def draw_randomness(rt: Runtime, field: PrimeField) -> Randomness:
    """Deal r, s, the mask and the seed (one round) and a degree-2t zero sharing (one more)."""
    r, s, mask, seed = (int(v) for v in deal(rt, field, [Draw("element", 4)])[0])
    outgoing = {}
    if rt.party_id in dealers(rt):
        rows = rt.scheme(field).share(field.zeros(1), degree=2 * rt.t)
        outgoing = {j: rows[j - 1] for j in rt.parties}
    got = rt.exchange(Purpose.DEAL, outgoing, dealers(rt), field, counts=1)
    zero = sum(int(got[d][0]) for d in dealers(rt)) % field.p
    return Randomness(r, s, mask, seed, zero)


def check_satisfied(rt: Runtime, field: PrimeField, r1cs: R1CS, witness: Sequence[int],
                    rand: Randomness) -> None:
    """Raise :class:`MpcStatementError` unless the shared witness satisfies every constraint.

    Opens ρ, then mask·Σ ρⁱ·(aᵢ·bᵢ − cᵢ): zero when the statement holds (up to a chance of
    constraints/r), else a uniform non-zero element that says nothing more.
    """
    p = field.p
    opened = open_values(rt, field, np.array([rand.seed], dtype=object), what="challenge")
    assert opened is not None
    rho = int(opened[0])
    total, power = 0, 1
    for con in r1cs.constraints:
        a, b, c = (lc.evaluate(witness) for lc in (con.a, con.b, con.c))
        total = (total + power * (a * b - c)) % p
        power = power * rho % p
    reduced = reduce_degree(rt, field, np.array([total], dtype=object))
    masked = multiply(rt, field, np.array([rand.mask], dtype=object), reduced)
    result = open_values(rt, field, masked, what="satisfaction check")
    assert result is not None
    if int(result[0]) != 0:
        raise MpcStatementError(
            "the parties' joint inputs do not satisfy the circuit: the statement is false, "
            "so there is nothing to prove")


def proof_shares(be: Backend, pk: ProvingKey, witness: Sequence[int],
                 rand: Randomness) -> ProofShares:
    """This party's shares of (A, B, C) from its witness shares."""
    w = pack_scalars(witness)
    private_start = (pk.n_public + 1) * SCALAR_BYTES
    a = be.g1_add(be.g1_add(pk.alpha1, be.msm_g1(pk.a_points, w)), be.g1_mul(pk.delta1, rand.r))
    b2 = be.g2_add(be.g2_add(pk.beta2, be.msm_g2(pk.b2_points, w)),
                   be.g2_mul(pk.delta2, rand.s))
    b1 = be.g1_add(be.g1_add(pk.beta1, be.msm_g1(pk.b1_points, w)),
                   be.g1_mul(pk.delta1, rand.s))
    h = be.qap_h(pk.qap, w, pk.domain_size)
    c = be.g1_add(be.msm_g1(pk.c_points, w[private_start:]), be.msm_g1(pk.h_points, h))
    c = be.g1_add(c, be.g1_mul(a, rand.s))
    c = be.g1_add(c, be.g1_mul(b1, rand.r))
    c = be.g1_add(c, be.g1_mul(pk.delta1, -rand.r * rand.s % R))
    c = be.g1_add(c, be.g1_mul(G1_GENERATOR, rand.zero))
    return ProofShares(a, b2, c)


def open_proof(rt: Runtime, be: Backend, shares: ProofShares,
               receivers: Sequence[int]) -> Proof | None:
    """Send this party's point shares to ``receivers``; they combine the shares of parties
    1 … 2t+1 with Lagrange coefficients in the exponent. None at the other parties."""
    combiners = tuple(range(1, 2 * rt.t + 2))
    payload = pack_g1([shares.a]) + pack_g2([shares.b]) + pack_g1([shares.c])
    outgoing = {j: payload for j in receivers if j != rt.party_id}
    if rt.party_id not in combiners:
        outgoing = {}
    sources = combiners if rt.party_id in receivers else ()
    got = rt.exchange_bytes(outgoing, sources, Purpose.OUTPUT)
    if rt.party_id not in receivers:
        return None
    got[rt.party_id] = payload
    lam = lagrange_coefficients(R, combiners)
    a: G1 = None
    b: G2 = None
    c: G1 = None
    for party, k in zip(combiners, lam):
        pa, pb, pc = _parse(be, got[party], party)
        a = be.g1_add(a, be.g1_mul(pa, k))
        b = be.g2_add(b, be.g2_mul(pb, k))
        c = be.g1_add(c, be.g1_mul(pc, k))
    return Proof(a, b, c)


def _parse(be: Backend, data: bytes, party: int) -> tuple[G1, G2, G1]:
    if len(data) != 2 * G1_BYTES + G2_BYTES:
        raise MpcProtocolError(f"party {party} sent {len(data)} bytes of proof shares where "
                               f"{2 * G1_BYTES + G2_BYTES} were expected", party)
    try:
        (a,) = unpack_g1(data[:G1_BYTES])
        (b,) = unpack_g2(data[G1_BYTES:G1_BYTES + G2_BYTES])
        (c,) = unpack_g1(data[G1_BYTES + G2_BYTES:])
    except FormatError as exc:
        raise MpcProtocolError(f"party {party} sent malformed proof shares: {exc}",
                               party) from exc
    if not (be.g1_is_on_curve(a) and be.g1_is_on_curve(c) and be.g2_is_on_curve(b)
            and be.g2_in_subgroup(b)):
        raise MpcProtocolError(f"party {party} sent proof shares that are not curve points",
                               party)
    return a, b, c
