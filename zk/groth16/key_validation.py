"""Verification keys that let anyone forge proofs, and the one check that refuses them.

A Groth16 verifier accepts (A, B, C) for public inputs x when

    e(A, B) = e(α, β) · e(acc, γ) · e(C, δ),    acc = IC₀ + Σ xᵢ·ICᵢ.

Its soundness rests on nobody knowing a relation between the key's points. A forger who
holds only the key can cancel the equation whenever the key gives such a relation away:

* **γ = O** — e(acc, γ) = 1 for every input: A = α, B = β, C = O verifies anything;
* **δ = O, α = O, β = O** — a factor of the equation vanishes (degenerate; refused);
* **γ = k·δ** (k known, e.g. γ = ±δ: a ``.zkey`` before any phase-2 contribution) —
  e(acc, γ) = e(k·acc, δ): A = α, B = β, C = −k·acc;
* **β = k·γ** — e(α, β)·e(acc, γ) = e(k·α + acc, γ) = e(α + acc/k, β): A = α + k⁻¹·acc,
  B = β, C = O;
* **β = k·δ** — e(α, β) = e(k·α, δ): A = acc, B = γ, C = −k·α;
* **acc = O for some input** — then A = α, B = β, C = O verifies that input: IC₀ = O (the
  all-zero input), ICᵢ = O (input i is not bound at all: a proof for one value verifies
  every value), ICᵢ = ±k·IC₀ (the input xᵢ = ∓k⁻¹ cancels IC₀), ICᵢ = ±ICⱼ (inputs i and j
  trade value: one proof verifies many inputs).

A key made honestly has none of these except with negligible probability. A relation with a
large unknown k cannot be found (that is the discrete logarithm), so this module looks for
the ones a forger could: identities, equal or opposite points, and a·X = ±b·Y for
1 ≤ a, b ≤ :data:`SMALL_MULTIPLE_BOUND` between β, γ and δ (and between IC₀ and each ICᵢ).
The list, with the attack for each, is in ``docs/security.md``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from zk.curve import get_backend
from zk.curve.base import G1, G2, CurveGroup
from zk.curve.validity import check_g1, check_g2, is_valid_g1, is_valid_g2
from zk.errors import ForgeableKeyError

if TYPE_CHECKING:
    from zk.groth16.keys import ProvingKey, VerifyingKey

#: Relations a·X = ±b·Y with 1 ≤ a, b ≤ this bound are looked for.
SMALL_MULTIPLE_BOUND = 16


class UncontributedKeyWarning(UserWarning):
    """A proving or verification key is forgeable as it stands, typically a ``.zkey`` fresh
    from a circuit-specific setup with no phase-2 contribution yet (γ = δ)."""


def _multiples(p: object, add: Callable, bound: int) -> dict[int, tuple[int, object]]:
    """x-coordinate of j·p → (j, j·p) for 1 ≤ j ≤ bound (p a valid non-identity point of
    prime order r > bound, so no multiple is the identity)."""
    out: dict[int, tuple[int, object]] = {}
    acc = None
    for j in range(1, bound + 1):
        acc = add(acc, p)
        out.setdefault(acc[0], (j, acc))
    return out


def _relation(x_name: str, y_name: str, a: int, ax: object, b: int, by: object) -> str:
    sign = "" if ax == by else "−"
    left = x_name if a == 1 else f"{a}·{x_name}"
    right = y_name if b == 1 else f"{b}·{y_name}"
    return f"{left} = {sign}{right}"


def _g2_relation(be: CurveGroup, named: list[tuple[str, G2]], bound: int) -> str | None:
    multiples = [(name, _multiples(p, be.g2_add, bound)) for name, p in named]
    for i, (x_name, xs) in enumerate(multiples):
        for y_name, ys in multiples[i + 1 :]:
            common = xs.keys() & ys.keys()
            if common:
                x = min(common, key=lambda c: xs[c][0] + ys[c][0])
                (a, ax), (b, by) = xs[x], ys[x]
                return _relation(x_name, y_name, a, ax, b, by)
    return None


def _ic_relation(be: CurveGroup, ic: list[G1], bound: int) -> str | None:
    for i, p in enumerate(ic):
        if p is None:
            if i == 0:
                return "IC[0] is the point at infinity (the all-zero input has acc = O)"
            return f"IC[{i}] is the point at infinity (public input #{i - 1} is not bound)"
    seen: dict[int, int] = {}
    for i, p in enumerate(ic):
        if p[0] in seen:
            j = seen[p[0]]
            sign = "" if ic[j] == p else "−"
            return f"IC[{j}] = {sign}IC[{i}] (public inputs trade value)"
        seen[p[0]] = i
    base = _multiples(ic[0], be.g1_add, bound)
    for i, p in enumerate(ic[1:], start=1):
        if p[0] in base:
            k, kp = base[p[0]]
            return _relation(f"IC[{i}]", "IC[0]", 1, p, k, kp) + " (an input cancels IC[0])"
    return None


def forgeable_reason(vk: VerifyingKey, backend: CurveGroup | None = None,
                     bound: int = SMALL_MULTIPLE_BOUND) -> str | None:
    """Why ``vk`` lets anyone forge proofs (a short phrase), or ``None`` when no relation of
    the kinds listed in this module's docstring holds.

    Points that are not valid group elements are left to :func:`check_verifying_key`; only
    the relations between valid points are examined here.
    """
    be = backend or get_backend()
    return _forgeable_reason((vk.alpha1, vk.beta2, vk.gamma2, vk.delta2, tuple(vk.ic)), be,
                             bound)


@lru_cache(maxsize=32)
def _forgeable_reason(points: tuple, be: CurveGroup, bound: int) -> str | None:
    # one examination per key and backend: a proof asks twice (the warning before proving,
    # then the check of the proof), and a service many times
    alpha1, beta2, gamma2, delta2, ic = points
    g2_named = [("beta2", beta2), ("gamma2", gamma2), ("delta2", delta2)]
    for name, p in [("alpha1", alpha1), *g2_named]:
        if p is None:
            return f"{name} is the point at infinity"
    g2_points = [(name, q) for name, q in g2_named if is_valid_g2(q, be)]
    relation = _g2_relation(be, g2_points, bound)
    if relation:
        return relation
    if all(is_valid_g1(p, be) for p in ic):
        return _ic_relation(be, list(ic), bound)
    return None


def check_verifying_key(vk: VerifyingKey, backend: CurveGroup | None = None, *,
                        allow_forgeable: bool = False) -> None:
    """Refuse a verification key that cannot be trusted; the check every loader runs.

    Raises :class:`~zk.errors.PointError` unless every point is a valid group element, and
    :class:`~zk.errors.ForgeableKeyError` when the key gives away a relation that lets anyone
    forge proofs (see :func:`forgeable_reason`) — unless ``allow_forgeable`` is set, which is
    meant for tests and for inspecting such a key, never for accepting proofs.
    """
    be = backend or get_backend()
    check_g1(vk.alpha1, "vk_alpha_1", be)
    for name, q in (("vk_beta_2", vk.beta2), ("vk_gamma_2", vk.gamma2),
                    ("vk_delta_2", vk.delta2)):
        check_g2(q, name, be)
    for i, p in enumerate(vk.ic):
        check_g1(p, f"IC[{i}]", be)
    if allow_forgeable:
        return
    reason = forgeable_reason(vk, be)
    if reason:
        raise ForgeableKeyError(forgeable_message(reason))


def forgeable_message(reason: str) -> str:
    """The one-line refusal for a forgeable key with ``reason``."""
    return (f"the verification key is forgeable ({reason}): anyone can make proofs it "
            "accepts without the setup's secrets; refusing it")


def uncontributed_warning(key: ProvingKey | VerifyingKey,
                          backend: CurveGroup | None = None) -> str | None:
    """The warning to show before proving with or exporting ``key``, or ``None``.

    A ``.zkey`` fresh from a setup on a ``.ptau`` has γ = δ until someone contributes to
    phase 2; any other forgeable relation is named too.
    """
    vk = key.verifying_key() if hasattr(key, "verifying_key") else key
    reason = forgeable_reason(vk, backend)
    if reason is None:
        return None
    if vk.gamma2 == vk.delta2:
        return ("warning: this key has no phase-2 contribution (gamma = delta): anyone can "
                "forge proofs for it; add one with `zkgov ceremony contribute` before real use")
    return f"warning: this key is forgeable ({reason}): its proofs prove nothing"


def warn_if_uncontributed(key: ProvingKey | VerifyingKey,
                          backend: CurveGroup | None = None) -> bool:
    """Emit :class:`UncontributedKeyWarning` when ``key`` is forgeable; True if it did."""
    message = uncontributed_warning(key, backend)
    if message:
        warnings.warn(message, UncontributedKeyWarning, stacklevel=2)
    return message is not None
