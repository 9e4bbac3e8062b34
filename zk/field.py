"""The two prime fields of BN254: the scalar field ``R`` (Fr) and the base field ``Q`` (Fp).

Both primes come from the curve's parameter ``u`` (the BN family polynomials); everything that
can be derived from them — the 2-adicity of r−1, the generator used for roots of unity, the
roots themselves — is computed here, never pasted; the test suite checks every one of them
with ``sympy``'s number theory (primality, factorisation of r − 1, quadratic residuosity).
``sympy`` is not imported here: it would add a third of a second to every ``zkgov`` command.

Field elements at the edges of the library are Python ``int`` reduced modulo the prime.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from zk.errors import FieldError

#: The BN254 curve parameter (the "x" or "u" of the BN family).
BN_U = 4965661367192848881

#: The base field prime q = 36u⁴ + 36u³ + 24u² + 6u + 1 (coordinates of curve points).
Q = 36 * BN_U**4 + 36 * BN_U**3 + 24 * BN_U**2 + 6 * BN_U + 1
#: The scalar field prime r = 36u⁴ + 36u³ + 18u² + 6u + 1 (the group order; circuit values).
R = 36 * BN_U**4 + 36 * BN_U**3 + 18 * BN_U**2 + 6 * BN_U + 1

#: Bytes of one field element in every binary format (both fields fit in 32 bytes).
FIELD_BYTES = 32


def _two_adicity(n: int) -> int:
    return (n & -n).bit_length() - 1


#: Largest s with 2^s dividing r − 1: the biggest power-of-two NTT domain.
TWO_ADICITY = _two_adicity(R - 1)
#: The odd part t of r − 1 = 2^s · t.
ODD_PART = (R - 1) >> TWO_ADICITY


def _smallest_non_residue(p: int) -> int:
    # Euler's criterion: g is a non-residue modulo the odd prime p iff g^((p-1)/2) = -1.
    g = 2
    while pow(g, (p - 1) // 2, p) != p - 1:
        g += 1
    return g


#: Smallest quadratic non-residue mod r (5). Raised to the odd part it generates the 2^s-th
#: roots of unity; snarkjs/ffjavascript choose roots the same way, which keeps NTT domains, and
#: so the Lagrange points of a ``.ptau`` file, interchangeable.
NON_RESIDUE = _smallest_non_residue(R)

#: A primitive 2^TWO_ADICITY-th root of unity in Fr.
ROOT_OF_UNITY = pow(NON_RESIDUE, ODD_PART, R)


def _check_constants() -> None:
    # Cheap import-time checks; primality is checked with sympy in the tests.
    assert pow(3, Q - 1, Q) == 1 and pow(3, R - 1, R) == 1, "BN254 primes (Fermat)"
    assert Q.bit_length() == 254 and R.bit_length() == 254
    assert TWO_ADICITY == 28
    assert pow(ROOT_OF_UNITY, 1 << (TWO_ADICITY - 1), R) == R - 1


_check_constants()


def root_of_unity(n: int) -> int:
    """Return the primitive ``n``-th root of unity of the standard domain (``n`` a power of two).

    The n-th root is the 2^28-th root squared ``28 − log2(n)`` times, as in snarkjs.
    """
    if n <= 0 or n & (n - 1):
        raise ValueError(f"domain size must be a power of two, got {n}")
    log_n = n.bit_length() - 1
    if log_n > TWO_ADICITY:
        raise ValueError(f"domain 2^{log_n} exceeds Fr's 2-adicity {TWO_ADICITY}")
    return pow(ROOT_OF_UNITY, 1 << (TWO_ADICITY - log_n), R)


def inv(a: int, p: int = R) -> int:
    """Multiplicative inverse of ``a`` modulo ``p`` (raises ``ZeroDivisionError`` for 0)."""
    a %= p
    if a == 0:
        raise ZeroDivisionError("inverse of zero")
    return pow(a, -1, p)


def batch_inv(values: Sequence[int], p: int = R) -> list[int]:
    """Invert every element of ``values`` with one modular inversion (Montgomery's trick)."""
    n = len(values)
    if n == 0:
        return []
    prefix = [1] * n
    acc = 1
    for i, v in enumerate(values):
        if v % p == 0:
            raise ZeroDivisionError(f"inverse of zero at index {i}")
        prefix[i] = acc
        acc = acc * v % p
    acc_inv = pow(acc, -1, p)
    out = [0] * n
    for i in range(n - 1, -1, -1):
        out[i] = acc_inv * prefix[i] % p
        acc_inv = acc_inv * values[i] % p
    return out


def check_element(value: int, p: int = R, what: str = "value") -> int:
    """Return ``value`` if it is a canonical element of F_p (0 ≤ value < p), else raise."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise FieldError(f"{what} is not an integer: {value!r}")
    if value < 0 or value >= p:
        field = "r" if p == R else "q" if p == Q else str(p)
        raise FieldError(f"{what} = {value} is not a field element (must be 0 ≤ x < {field})")
    return value


_CANONICAL_DECIMAL = re.compile(r"0|[1-9][0-9]*")


def parse_element(text: object, p: int = R, what: str = "value") -> int:
    """Parse a canonical decimal string (as snarkjs writes field elements in JSON) or an int
    into a field element below ``p``.

    One value has one spelling: ASCII digits only, no sign, no leading zeros, no spaces, no
    hexadecimal, below the modulus. Anything else raises :class:`FieldError`, so that two
    different ``public.json`` files never mean the same statement. (Circuit inputs, which may
    be negative or hexadecimal, are parsed by the circuit's own typed inputs, not here.)
    """
    if isinstance(text, bool):
        raise FieldError(f"{what} must be a decimal integer string, got {text!r}")
    if isinstance(text, int):
        return check_element(text, p, what)
    if isinstance(text, str):
        return check_element(_canonical_decimal(text, p, what), p, what)
    raise FieldError(f"{what} must be a decimal integer string, got {type(text).__name__}")


def parse_canonical(text: object, p: int = R, what: str = "value") -> int:
    """Like :func:`parse_element` but for a string only: a JSON number is refused too (a
    proof coordinate or public input is written by snarkjs as a decimal string)."""
    if not isinstance(text, str):
        raise FieldError(
            f"{what} must be a decimal string such as \"12\", got {type(text).__name__}"
        )
    return parse_element(text, p, what)


def _canonical_decimal(text: str, p: int, what: str) -> int:
    shown = text if len(text) <= 40 else text[:37] + "..."
    if len(text) > len(str(p)) or not _CANONICAL_DECIMAL.fullmatch(text):
        raise FieldError(
            f"{what} must be a canonical decimal string (ASCII digits, no sign, spaces, "
            f"leading zeros or hex, below the modulus), got {shown!r}"
        )
    return int(text, 10)


def signed(value: int, p: int = R) -> int:
    """Map a field element to the integer in (−p/2, p/2] it represents (for display)."""
    value %= p
    return value - p if value > p // 2 else value


# ----- Polynomials over Fr: radix-2 NTT (the reference implementation) -----------------------


@lru_cache(maxsize=64)
def _twiddles(n: int) -> tuple[int, ...]:
    w = root_of_unity(n)
    out = [1] * (n // 2)
    for i in range(1, n // 2):
        out[i] = out[i - 1] * w % R
    return tuple(out)


def ntt(values: Iterable[int], inverse: bool = False) -> list[int]:
    """Evaluate (or, with ``inverse``, interpolate) over the standard power-of-two domain.

    Forward: coefficients → values at ω^0, ω^1, …, ω^(n−1). Inverse: the reverse map.
    """
    a = [v % R for v in values]
    n = len(a)
    if n & (n - 1) or n == 0:
        raise ValueError(f"NTT length must be a power of two, got {n}")
    log_n = n.bit_length() - 1
    # bit-reversal permutation
    for i in range(n):
        j = int(format(i, f"0{log_n}b")[::-1], 2) if log_n else 0
        if i < j:
            a[i], a[j] = a[j], a[i]
    tw = _twiddles(n)
    if inverse:
        winv = inv(root_of_unity(n))
        tw_list = [1] * (n // 2)
        for i in range(1, n // 2):
            tw_list[i] = tw_list[i - 1] * winv % R
        tw = tuple(tw_list)
    size = 2
    while size <= n:
        half = size // 2
        step = n // size
        for start in range(0, n, size):
            k = 0
            for j in range(start, start + half):
                u = a[j]
                v = a[j + half] * tw[k] % R
                a[j] = (u + v) % R
                a[j + half] = (u - v) % R
                k += step
        size *= 2
    if inverse:
        n_inv = inv(n)
        a = [x * n_inv % R for x in a]
    return a


def coset_ntt(coeffs: Sequence[int], shift: int, inverse: bool = False) -> list[int]:
    """Evaluate a polynomial on the coset ``shift·⟨ω⟩`` (or interpolate from it, if ``inverse``)."""
    n = len(coeffs)
    if not inverse:
        scaled = [0] * n
        s = 1
        for i, c in enumerate(coeffs):
            scaled[i] = c * s % R
            s = s * shift % R
        return ntt(scaled)
    out = ntt(coeffs, inverse=True)
    s_inv = inv(shift)
    s = 1
    for i in range(n):
        out[i] = out[i] * s % R
        s = s * s_inv % R
    return out
