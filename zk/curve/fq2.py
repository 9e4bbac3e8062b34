"""Plain-Python arithmetic in Fq and Fq2 = Fq[u]/(u² + 1) for decoding and sampling points.

Used where a point is built from coordinates one at a time (compressed points of a
ceremony's challenge file, points hashed from a transcript); bulk work stays in the
curve backends.
"""

from __future__ import annotations

from zk.field import Q

Fq2 = tuple[int, int]


def fq_sqrt(a: int) -> int | None:
    """A square root of ``a`` in Fq, or ``None`` (q ≡ 3 mod 4, so one exponentiation)."""
    root = pow(a, (Q + 1) // 4, Q)
    return root if root * root % Q == a % Q else None


def fq2_mul(a: Fq2, b: Fq2) -> Fq2:
    """a·b in Fq2."""
    return ((a[0] * b[0] - a[1] * b[1]) % Q, (a[0] * b[1] + a[1] * b[0]) % Q)


def fq2_pow(a: Fq2, e: int) -> Fq2:
    """a^e in Fq2 (square and multiply)."""
    result: Fq2 = (1, 0)
    base = a
    while e:
        if e & 1:
            result = fq2_mul(result, base)
        base = fq2_mul(base, base)
        e >>= 1
    return result


def fq2_inv(a: Fq2) -> Fq2:
    """1/a in Fq2 (a ≠ 0): the conjugate over the norm."""
    norm_inv = pow((a[0] * a[0] + a[1] * a[1]) % Q, -1, Q)
    return (a[0] * norm_inv % Q, -a[1] * norm_inv % Q)


def fq2_sqrt(a: Fq2) -> Fq2 | None:
    """A square root in Fq2, or ``None`` (q ≡ 3 mod 4: Adj–Rodríguez alg. 9)."""
    a = (a[0] % Q, a[1] % Q)
    if a == (0, 0):
        return (0, 0)
    a1 = fq2_pow(a, (Q - 3) // 4)
    alpha = fq2_mul(fq2_mul(a1, a1), a)
    conj_alpha = (alpha[0], (-alpha[1]) % Q)  # alpha^q is the conjugate
    if fq2_mul(conj_alpha, alpha) == (Q - 1, 0):
        return None
    x0 = fq2_mul(a1, a)
    if alpha == (Q - 1, 0):
        return fq2_mul((0, 1), x0)
    b = fq2_pow(((1 + alpha[0]) % Q, alpha[1]), (Q - 1) // 2)
    root = fq2_mul(b, x0)
    return root if fq2_mul(root, root) == a else None


__all__ = ["Fq2", "fq2_inv", "fq2_mul", "fq2_pow", "fq2_sqrt", "fq_sqrt"]
