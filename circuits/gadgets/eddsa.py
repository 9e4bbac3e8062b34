"""EdDSA-Poseidon signature verification in a circuit, accepting exactly the signatures that
circomlibjs ``verifyPoseidon`` accepts (and that :mod:`circuits.crypto.eddsa` makes).

It checks S·Base8 = R8 + 8·h·A with h = Poseidon(R8.x, R8.y, A.x, A.y, msg), S < l, A and R8
on the curve, and 8·A ≠ O (a small-order key would accept any message). circomlib's
``EdDSAPoseidonVerifier`` checks the same equation in 4217 constraints (and does not check
that the points are on the curve); this one takes about 3,400:

================================================  ============
S: 251 bits and S < l                               ≈ 500
h = Poseidon(5) and its 254 bits (strict, < r)       321 + 508
A, R8 on the curve; Q = 4·A; Q to Montgomery         6 + 10 + 3
(2h + 1)·Q from the top bit down (signed digits)     3 + 6·254
S·Base8 (3-bit windows, two segments)                ≈ 510
the final comparison (one complete addition)          6
================================================  ============

Why 4·A: the signed-digit loop of :func:`~circuits.gadgets.babyjubjub.signed_digit_chain`
computes an odd multiple (2h + 1)·Q; with Q = 4·A, subtracting Q leaves 2h·4·A = h·8·A.
"""

from __future__ import annotations

from collections.abc import Sequence

from circuits.builder import Builder
from circuits.crypto import babyjubjub as bj
from circuits.gadgets import babyjubjub as g
from circuits.gadgets.bits import to_bits_below
from circuits.gadgets.poseidon import poseidon
from circuits.signal import Operand

__all__ = ["assert_eddsa_poseidon"]


def assert_eddsa_poseidon(
    c: Builder,
    public_key: Sequence[Operand],
    r8: Sequence[Operand],
    s: Operand,
    message: Operand,
    label: str = "eddsa",
) -> None:
    """Prove that (R8, S) is a valid EdDSA-Poseidon signature of ``message`` under
    ``public_key`` (all Baby Jubjub points as (x, y) pairs)."""
    ax, ay = g._pt(c, public_key)
    rx, ry = g._pt(c, r8)
    with c.label(label):
        g.assert_on_curve(c, (ax, ay), "public key")
        g.assert_on_curve(c, (rx, ry), "R8")
        s_bits = to_bits_below(c, s, bj.SUBORDER, "S below l")
        h = poseidon(c, [rx, ry, ax, ay, message])
        h_bits = c.to_bits_strict(h, "challenge bits")
        a2 = g.double(c, (ax, ay), "2A")
        q = g.double(c, a2, "4A")
        q_m = g.to_montgomery(c, q, "4A")
        acc = g.signed_digit_chain(c, h_bits, q_m, "h*8A")
        acc = g.mont_add(c, acc, (q_m[0], -q_m[1]), "minus 4A")
        # X = 2^254·H + h·8·A
        x = g.from_montgomery(c, acc, "h*8A")
        offset = bj.multiply(g.OFFSET_POINT, 1 << len(h_bits))
        # F = S·Base8 + 2^254·H; then X + R8 = F  ⇔  R8 + h·8·A = S·Base8
        f = g.scalar_mul_fixed(c, s_bits, bj.BASE8, offset, "S*Base8")
        g.assert_add(c, x, (rx, ry), f, "signature does not verify")
