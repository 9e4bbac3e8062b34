"""One-party Groth16 setup, for development and tests only.

Whoever runs it knows the toxic waste (τ, α, β, γ, δ) and could forge proofs; production keys
come from a ceremony (``zkgov ceremony``) or a public powers-of-tau file. The secrets are drawn
from :mod:`secrets`, used inside :func:`setup` and dropped before it returns: nothing secret
is returned, logged or written.
"""

from __future__ import annotations

import secrets
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING

from zk.curve import Backend, get_backend
from zk.curve.base import G1_GENERATOR, G2_GENERATOR
from zk.curve.encoding import pack_scalars, unpack_g1
from zk.field import R, inv
from zk.groth16.keys import ProvingKey
from zk.progress import silent
from zk.qap import domain_for, lagrange_at, pack_coefficients, polynomials_at

if TYPE_CHECKING:  # annotations only: a proof never imports the R1CS module
    from zk.r1cs import R1CS


class DevelopmentSetupWarning(UserWarning):
    """Emitted by :func:`setup`: a one-party key lets its maker forge proofs."""


def _random_nonzero() -> int:
    return secrets.randbelow(R - 1) + 1


def setup(
    r1cs: R1CS,
    backend: Backend | None = None,
    progress: Callable[[str], None] | None = None,
    warn: bool = True,
) -> ProvingKey:
    """Make a Groth16 proving key for ``r1cs`` from fresh local randomness.

    Development only: the caller's machine saw the toxic waste. Use a ceremony in production.
    """
    if warn:
        warnings.warn(
            "one-party Groth16 setup: whoever ran it can forge proofs; use a ceremony "
            "(zkgov ceremony) for production keys",
            DevelopmentSetupWarning,
            stacklevel=2,
        )
    be = backend or get_backend()
    step = progress or silent
    n = domain_for(r1cs)
    n_public = r1cs.n_public
    while True:
        tau = _random_nonzero()
        if pow(tau, 2 * n, R) != 1:  # τ outside the evaluation domains (overwhelmingly likely)
            break
    alpha, beta, gamma, delta = (_random_nonzero() for _ in range(4))

    step("evaluating the QAP at τ")
    a_tau, b_tau, c_tau = polynomials_at(r1cs, tau)
    gamma_inv, delta_inv = inv(gamma), inv(delta)
    combined = [(beta * a + alpha * b + c) % R for a, b, c in zip(a_tau, b_tau, c_tau, strict=True)]
    ic_scalars = [x * gamma_inv % R for x in combined[: n_public + 1]]
    c_scalars = [x * delta_inv % R for x in combined[n_public + 1 :]]
    h_scalars = [x * delta_inv % R for x in lagrange_at(tau, n, odd_only=True)]
    del combined

    g1, g2 = G1_GENERATOR, G2_GENERATOR
    step("computing the A and B points")
    a_points = be.g1_mul_batch(g1, pack_scalars(a_tau))
    b_packed = pack_scalars(b_tau)
    b1_points = be.g1_mul_batch(g1, b_packed)
    b2_points = be.g2_mul_batch(g2, b_packed)
    step("computing the C, H and IC points")
    c_points = be.g1_mul_batch(g1, pack_scalars(c_scalars))
    h_points = be.g1_mul_batch(g1, pack_scalars(h_scalars))
    ic = unpack_g1(be.g1_mul_batch(g1, pack_scalars(ic_scalars)))

    key = ProvingKey(
        n_vars=r1cs.n_wires,
        n_public=n_public,
        domain_size=n,
        alpha1=be.g1_mul(g1, alpha),
        beta1=be.g1_mul(g1, beta),
        beta2=be.g2_mul(g2, beta),
        gamma2=be.g2_mul(g2, gamma),
        delta1=be.g1_mul(g1, delta),
        delta2=be.g2_mul(g2, delta),
        ic=ic,
        coefs=pack_coefficients(r1cs),
        a_points=a_points,
        b1_points=b1_points,
        b2_points=b2_points,
        c_points=c_points,
        h_points=h_points,
    )
    del tau, alpha, beta, gamma, delta, gamma_inv, delta_inv
    return key
