"""Compiled (numba) loops for prime fields whose modulus fits one 64-bit word.

Elements are canonical ``uint64`` values in [0, p). Products use Montgomery reduction on the
128-bit product, assembled from four 32×32-bit products because numba has no 128-bit integer:
``_mont(a, b) = a·b·2⁻⁶⁴ mod p``, so a plain product is ``_mont(_mont(a, b), 2¹²⁸ mod p)`` and a
product with a constant ``c`` is one ``_mont`` with ``c·2⁶⁴ mod p`` (the constant's Montgomery
form). Every literal is a ``np.uint64``: mixing signed and unsigned integers makes numba
compute in floating point.

The loops release the GIL (``nogil``) so the network thread keeps moving while they run, and
are cached on disk (``cache``) so a party process compiles them once per installation.
"""

from __future__ import annotations

import numpy as np
from numba import njit

_LO32 = np.uint64(0xFFFFFFFF)
_S32 = np.uint64(32)
_ONE = np.uint64(1)
_ZERO = np.uint64(0)


@njit(cache=True, nogil=True, inline="always")
def _mul_wide(a, b):
    """(hi, lo) words of the 128-bit product a·b."""
    a0 = a & _LO32
    a1 = a >> _S32
    b0 = b & _LO32
    b1 = b >> _S32
    p00 = a0 * b0
    p01 = a0 * b1
    p10 = a1 * b0
    p11 = a1 * b1
    mid = (p00 >> _S32) + (p01 & _LO32) + (p10 & _LO32)
    lo = (mid << _S32) | (p00 & _LO32)
    hi = p11 + (p01 >> _S32) + (p10 >> _S32) + (mid >> _S32)
    return hi, lo


@njit(cache=True, nogil=True, inline="always")
def _mont(a, b, p, pinv):
    """a·b·2⁻⁶⁴ mod p for a, b < p (``pinv`` = −p⁻¹ mod 2⁶⁴)."""
    hi, lo = _mul_wide(a, b)
    m = lo * pinv
    mh, _ml = _mul_wide(m, p)
    # lo + ml ≡ 0 (mod 2⁶⁴): it carries exactly when lo ≠ 0.
    carry = _ONE if lo != _ZERO else _ZERO
    t = hi + mh
    over = t < hi
    t2 = t + carry
    over = over or t2 < t
    if over or t2 >= p:
        t2 = t2 - p
    return t2


@njit(cache=True, nogil=True, inline="always")
def _add(a, b, p):
    s = a + b
    if s < a or s >= p:
        s = s - p
    return s


@njit(cache=True, nogil=True, inline="always")
def _sub(a, b, p):
    if a >= b:
        return a - b
    return a + (p - b)


@njit(cache=True, nogil=True)
def add(a, b, p, out):
    for i in range(a.shape[0]):
        out[i] = _add(a[i], b[i], p)
    return out


@njit(cache=True, nogil=True)
def sub(a, b, p, out):
    for i in range(a.shape[0]):
        out[i] = _sub(a[i], b[i], p)
    return out


@njit(cache=True, nogil=True)
def add_const(a, c, p, out):
    for i in range(a.shape[0]):
        out[i] = _add(a[i], c, p)
    return out


@njit(cache=True, nogil=True)
def mul(a, b, p, pinv, r2, out):
    for i in range(a.shape[0]):
        out[i] = _mont(_mont(a[i], b[i], p, pinv), r2, p, pinv)
    return out


@njit(cache=True, nogil=True)
def mul_const(a, c_mont, p, pinv, out):
    for i in range(a.shape[0]):
        out[i] = _mont(a[i], c_mont, p, pinv)
    return out


@njit(cache=True, nogil=True)
def lincomb(rows, coeffs_mont, p, pinv, out):
    """out = Σ_k coeffs[k]·rows[k] (rows: k × m, coefficients in Montgomery form).

    Row by row over the whole length (not element by element across the rows): the inner loop
    then runs over contiguous memory with one constant, which the compiler vectorizes."""
    k, m = rows.shape
    for i in range(m):
        out[i] = _ZERO
    for j in range(k):
        c = coeffs_mont[j]
        row = rows[j]
        for i in range(m):
            out[i] = _add(out[i], _mont(row[i], c, p, pinv), p)
    return out


@njit(cache=True, nogil=True)
def eval_shares(secret, coeffs, points_mont, p, pinv, out):
    """Shamir shares: out[j] = secret + Σ_k coeffs[k]·x_j^(k+1) at each point x_j (Horner,
    one coefficient row at a time over the whole length, for the same reason as lincomb)."""
    t, m = coeffs.shape
    n = points_mont.shape[0]
    for j in range(n):
        x = points_mont[j]
        share = out[j]
        for i in range(m):
            share[i] = _ZERO
        for k in range(t - 1, -1, -1):
            ck = coeffs[k]
            for i in range(m):
                share[i] = _mont(_add(share[i], ck[i], p), x, p, pinv)
        for i in range(m):
            share[i] = _add(share[i], secret[i], p)
    return out


@njit(cache=True, nogil=True)
def eval_shares_linear(secret, coeff, p, out):
    """Shamir shares of degree one at x = 1, 2, …, n (n = rows of ``out``): each is the one
    before plus the coefficient, so additions only, no multiplication."""
    n, m = out.shape
    for i in range(m):
        out[0, i] = _add(secret[i], coeff[i], p)
    for j in range(1, n):
        for i in range(m):
            out[j, i] = _add(out[j - 1, i], coeff[i], p)
    return out


@njit(cache=True, nogil=True)
def flip_where(a, where, p, out):
    """out = 1 − a where ``where`` (bytes) is non-zero, a elsewhere."""
    for i in range(a.shape[0]):
        out[i] = _sub(_ONE, a[i], p) if where[i] else a[i]
    return out


@njit(cache=True, nogil=True)
def total_wide(a):
    """(hi, lo) words of the plain integer sum Σa_i (below 2¹²⁸ for fewer than 2⁶⁴ terms).

    Reducing mod p once at the end, rather than after every addition, leaves a loop without a
    data-dependent branch on the running sum: about ten times faster."""
    lo = _ZERO
    hi = _ZERO
    for i in range(a.shape[0]):
        s = lo + a[i]
        hi += _ONE if s < lo else _ZERO
        lo = s
    return hi, lo


@njit(cache=True, nogil=True)
def dot_wide(a, b):
    """(top, mid, lo) words of the plain integer Σa_i·b_i (below 2¹⁹² for fewer than 2⁶⁴
    terms), reduced mod p by the caller, as in :func:`total_wide`."""
    lo = _ZERO
    mid = _ZERO
    top = _ZERO
    for i in range(a.shape[0]):
        h, low = _mul_wide(a[i], b[i])
        s = lo + low
        h += _ONE if s < lo else _ZERO  # h ≤ 2⁶⁴ − 2, so this cannot wrap
        lo = s
        s = mid + h
        top += _ONE if s < mid else _ZERO
        mid = s
    return top, mid, lo


@njit(cache=True, nogil=True)
def from_signed(x, p, out):
    """Map int64 values (|x| < p) to field elements."""
    for i in range(x.shape[0]):
        v = x[i]
        if v >= 0:
            out[i] = np.uint64(v) % p
        else:
            out[i] = _sub(_ZERO, np.uint64(-(v + 1)) % p + _ONE, p) if v != -1 else p - _ONE
    return out
