"""The one point snarkjs's circuit hash takes from past the end of τⁱ·G1, computed as it does.

``snarkjs groth16 setup`` hashes the differences (τ^(n+i) − τ^i)·G1 in whole chunks of 2^14
points, so from a domain of 2^15 points up it hashes one difference more than the n − 1 it
announces. Where the ``.ptau`` has exactly the powers the domain needs (2^p points for a
2^p domain), τ^(2n−1)·G1 lies past the section: snarkjs reads the 64 bytes that follow it in
the file (the next section's header and the start of τⁱ·G2) as a point in its internal
little-endian Montgomery form, and subtracts.

Those bytes are not reduced mod q, and ffjavascript's WebAssembly field routines, given
operands ≥ q, wrap modulo 2^256 in additions and subtractions. To write the circuit hash
snarkjs writes (and so to verify its keys, and have it verify ours), this module repeats its
affine-plus-affine formula operation by operation with those exact wrap-arounds; the final
conversion to affine form involves only multiplications, which stay exact mod q.
"""

from __future__ import annotations

from zk.curve.encoding import MONT_R_INV
from zk.errors import FormatError
from zk.field import Q

_WORD = 1 << 256
_MASK = _WORD - 1
_NEG_Q_INV = -pow(Q, -1, _WORD) % _WORD


def _add(a: int, b: int) -> int:
    total = a + b
    if total >= _WORD:  # the carry branch subtracts q from the truncated sum
        return (total - _WORD - Q) & _MASK
    return total - Q if total >= Q else total


def _sub(a: int, b: int) -> int:
    if a < b:  # the borrow branch adds q to the wrapped difference
        return (a - b + _WORD + Q) & _MASK
    return a - b


def _mul(a: int, b: int) -> int:
    """Montgomery product a·b/2^256, with one conditional subtraction of q."""
    product = a * b
    m = (product * _NEG_Q_INV) & _MASK
    full = (product + m * Q) >> 256
    return full - Q if full >= Q else full


def overread_difference(hi: tuple[int, int], lo: tuple[int, int]) -> bytes:
    """``hi − lo`` as snarkjs computes it (``g1m_subAffine``, then to affine, uncompressed).

    ``hi`` and ``lo`` are the raw little-endian Montgomery coordinates as read from the file;
    ``lo`` is a genuine point (reduced), ``hi`` may be any 64 bytes. Returns the 64-byte
    big-endian x‖y snarkjs feeds its hash, or 64 zero bytes where the sum is the identity.
    """
    x1, y1 = hi
    x2, y2 = lo[0], _sub(0, lo[1])
    if x1 == 0 and y1 == 0:
        return _affine_bytes(x2 * MONT_R_INV, y2 * MONT_R_INV, 1)
    if lo == (0, 0):
        return _affine_bytes(x1 * MONT_R_INV, y1 * MONT_R_INV, 1)
    if x1 == x2 and y1 == y2:  # snarkjs would double; no genuine file gets here
        raise FormatError(".ptau: the bytes after τⁱ·G1 repeat one of its points")
    h = _sub(x2, x1)
    r = _add(_sub(y2, y1), _sub(y2, y1))
    i = _add(_mul(h, h), _mul(h, h))
    i = _add(i, i)
    j = _mul(h, i)
    v = _mul(x1, i)
    x3 = _sub(_sub(_mul(r, r), j), _add(v, v))
    y1_j2 = _mul(y1, j)
    y3 = _sub(_mul(_sub(v, x3), r), _add(y1_j2, y1_j2))
    z3 = _add(h, h)
    return _affine_bytes(x3 * MONT_R_INV, y3 * MONT_R_INV, z3 * MONT_R_INV)


def _affine_bytes(x: int, y: int, z: int) -> bytes:
    """Jacobian (x, y, z) (plain values, any representative) as big-endian affine x‖y."""
    x, y, z = x % Q, y % Q, z % Q
    if z == 0:
        return bytes(64)
    z_inv = pow(z, -1, Q)
    z_inv2 = z_inv * z_inv % Q
    return (x * z_inv2 % Q).to_bytes(32, "big") + (y * z_inv2 * z_inv % Q).to_bytes(32, "big")
