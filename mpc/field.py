"""Prime fields for secret sharing, with whole-vector arithmetic.

A :class:`PrimeField` does arithmetic on numpy arrays of canonical elements (0 ≤ x < p):

* a modulus below 2⁶⁴ uses ``uint64`` arrays and compiled loops (:mod:`mpc._kernels`);
* a larger modulus (BN254's r) uses numpy ``object`` arrays of Python ints.

The default field is the 64-bit "Goldilocks" prime p = 2⁶⁴ − 2³² + 1: it holds 32-bit signed
data with room for the 30-bit statistical masks of the comparison protocols. BN254's scalar
field (``zk.field.R``) is the option whose results can feed proofs and commitments.
``galois`` is the reference for the field: :attr:`PrimeField.gf` gives the ``galois.GF`` class
(used for linear algebra in Reed–Solomon decoding and to check primality of custom moduli), and
the tests check the fast loops against it.
"""

from __future__ import annotations

import math
import secrets
import sys
from functools import cached_property
from typing import Any

import numpy as np

from mpc import _kernels as K
from mpc.entropy import random_bytes, random_pieces
from mpc.errors import MpcConfigError, MpcProtocolError

#: BN254's scalar field r (``zk.field.R``), repeated here so that loading the default field does
#: not import ``zk.field`` (and sympy); a test checks the two agree.
BN254_R = 21888242871839275222246405745257275088548364400416034343698204186575808495617

#: p = 2⁶⁴ − 2³² + 1, the default field.
GOLDILOCKS = (1 << 64) - (1 << 32) + 1
#: p = 2⁶⁴ − 59, the largest 64-bit prime: a second word-sized field (exact wide results by CRT).
P64_MAX = (1 << 64) - 59

#: Named fields accepted by ``field_by_name`` and in ``parties.toml``.
NAMED_FIELDS: dict[str, int] = {
    "goldilocks": GOLDILOCKS,
    "p64": P64_MAX,
    "bn254": BN254_R,
}

#: A generator of each named field's multiplicative group. ``galois`` would find one by
#: factoring p − 1, which takes minutes for BN254's r; the tests check these from the known
#: factorizations.
PRIMITIVE_ROOTS: dict[int, int] = {GOLDILOCKS: 7, P64_MAX: 2, BN254_R: 5}

Elements = np.ndarray

#: Elements drawn from the OS per call when filling a long random vector: the raw bytes of a
#: piece are dropped before the next is read, so a vector of m random elements costs its own
#: 8·m bytes and not twice that.
_RANDOM_PIECE = 1 << 17
#: Columns per piece when combining long share vectors (:meth:`PrimeField.lincomb_rows`): the
#: stacked copy of a piece stays in the CPU cache, not a second copy of the whole vectors.
_COMBINE_PIECE = 1 << 15


class PrimeField:
    """The prime field F_p with vectorized operations on arrays of elements.

    Arrays are 1-d numpy arrays (``uint64`` when p < 2⁶⁴, else ``object``); scalars passed as
    constants are Python ints and are reduced modulo p.
    """

    def __init__(self, p: int, name: str | None = None) -> None:
        if p < 3 or p % 2 == 0:
            raise MpcConfigError(f"field modulus must be an odd prime, got {p}")
        self.p = p
        self.name = name or str(p)
        self.bits = p.bit_length()
        #: Bytes per element on the wire (little-endian, fixed width).
        self.byte_width = (self.bits + 7) // 8
        self.word = p < (1 << 64)
        if self.word:
            self.byte_width = 8
            self.dtype: Any = np.uint64
            self._p = np.uint64(p)
            self._pinv = np.uint64((-pow(p, -1, 1 << 64)) % (1 << 64))
            self._r1 = (1 << 64) % p
            self._r2 = np.uint64(pow(2, 128, p))
        else:
            self.dtype = object

    def __repr__(self) -> str:
        return f"PrimeField({self.name})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PrimeField) and other.p == self.p

    def __hash__(self) -> int:
        return hash(self.p)

    @cached_property
    def gf(self) -> Any:
        """The ``galois.GF(p)`` class of this field (imported on first use: it is slow to load)."""
        import galois

        root = PRIMITIVE_ROOTS.get(self.p)
        if root is None:
            return galois.GF(self.p, verify=False)
        return galois.GF(self.p, primitive_element=root, verify=False)

    # ----- making and reading elements --------------------------------------------------------
    def zeros(self, m: int) -> Elements:
        """An array of ``m`` zero elements (``uint64`` or ``object``, as the field uses)."""
        return np.zeros(m, dtype=np.uint64) if self.word else np.array([0] * m, dtype=object)

    def from_ints(self, values: Any) -> Elements:
        """Elements for integers (negative ones become p − |x|)."""
        if self.word:
            arr = np.asarray(values)
            if arr.dtype.kind == "i" or (arr.dtype.kind == "u" and arr.dtype.itemsize < 8):
                src = np.ascontiguousarray(arr.reshape(-1), dtype=np.int64)
                return K.from_signed(src, self._p, np.empty(src.shape[0], dtype=np.uint64))
            ints = [int(v) % self.p for v in np.asarray(values, dtype=object).reshape(-1)]
            return np.array(ints, dtype=np.uint64)
        flat = np.asarray(values, dtype=object).reshape(-1)
        return np.array([int(v) % self.p for v in flat] or [], dtype=object)

    def lift(self, a: Elements, source: PrimeField) -> Elements:
        """Elements of ``source`` (integers in [0, p_source)) reduced into this field."""
        if self.word and source.word:
            out = np.array(a, dtype=np.uint64, copy=True)
            while out.size and int(out.max()) >= self.p:
                out = np.where(out >= self._p, out - self._p, out)
            return out
        return self.from_ints(np.asarray(source.to_ints(a), dtype=object))

    def constant(self, c: int) -> int:
        """The integer ``c`` reduced into [0, p) as a Python int (negative ones wrap around)."""
        return int(c) % self.p

    def to_ints(self, a: Elements) -> list[int]:
        """Elements as Python ints in [0, p)."""
        if self.word:
            return np.asarray(a, dtype=np.uint64).tolist()
        return [int(v) for v in a]

    def to_signed(self, a: Elements) -> list[int]:
        """Elements as the integers in (−p/2, p/2] they stand for."""
        half = self.p // 2
        if self.word:
            # both halves fit int64 (p < 2⁶⁴), so numpy converts them without a Python loop
            words = np.asarray(a, dtype=np.uint64)
            negative = words > np.uint64(half)
            signed = words.astype(np.int64)
            signed[negative] = -(self._p - words[negative]).astype(np.int64)
            return signed.tolist()
        return [v - self.p if v > half else v for v in (int(x) for x in a)]

    # ----- arithmetic -------------------------------------------------------------------------
    def _pair(self, a: Elements, b: Elements) -> tuple[Elements, Elements]:
        if a.shape != b.shape:
            raise ValueError(f"length mismatch: {a.shape} and {b.shape}")
        return a, b

    def add(self, a: Elements, b: Elements) -> Elements:
        """Elementwise a + b mod p; arrays of different lengths raise ``ValueError``."""
        a, b = self._pair(a, b)
        if self.word:
            return K.add(a, b, self._p, np.empty_like(a))
        return (a + b) % self.p

    def sub(self, a: Elements, b: Elements) -> Elements:
        """Elementwise a − b mod p; arrays of different lengths raise ``ValueError``."""
        a, b = self._pair(a, b)
        if self.word:
            return K.sub(a, b, self._p, np.empty_like(a))
        return (a - b) % self.p

    def neg(self, a: Elements) -> Elements:
        """Elementwise −a mod p (zero stays zero)."""
        return self.sub(self.zeros(a.shape[0]), a)

    def flip_where(self, a: Elements, where: np.ndarray) -> Elements:
        """1 − a where ``where`` (0/1 of the same length) is set, a elsewhere: for shared bits
        a and public bits c, the shares of a ⊕ c."""
        flags = np.ascontiguousarray(where, dtype=np.uint8)
        if flags.shape != a.shape:
            raise ValueError(f"length mismatch: {a.shape} and {flags.shape}")
        if self.word:
            return K.flip_where(a, flags, self._p, np.empty_like(a))
        return np.where(flags.astype(bool), (1 - a) % self.p, a)

    def mul(self, a: Elements, b: Elements) -> Elements:
        """Elementwise a·b mod p (Montgomery multiplication in the compiled loop when
        p < 2⁶⁴); arrays of different lengths raise ``ValueError``."""
        a, b = self._pair(a, b)
        if self.word:
            return K.mul(a, b, self._p, self._pinv, self._r2, np.empty_like(a))
        return (a * b) % self.p

    def add_const(self, a: Elements, c: int) -> Elements:
        """a + c mod p for every element, the integer ``c`` reduced mod p first."""
        c = self.constant(c)
        if self.word:
            return K.add_const(a, np.uint64(c), self._p, np.empty_like(a))
        return (a + c) % self.p

    def mul_const(self, a: Elements, c: int) -> Elements:
        """c·a mod p for every element, the integer ``c`` reduced mod p first."""
        c = self.constant(c)
        if self.word:
            return K.mul_const(a, self._mont_form(c), self._p, self._pinv, np.empty_like(a))
        return (a * c) % self.p

    def lincomb(self, rows: np.ndarray, coeffs: list[int]) -> Elements:
        """Σ_k coeffs[k]·rows[k] for a k × m matrix of elements."""
        if self.word:
            cm = np.array([self._mont_form(self.constant(c)) for c in coeffs], dtype=np.uint64)
            rows = np.ascontiguousarray(rows)
            return K.lincomb(rows, cm, self._p, self._pinv, np.empty(rows.shape[1], np.uint64))
        acc = self.zeros(rows.shape[1])
        for row, c in zip(rows, coeffs):
            acc = (acc + row * self.constant(c)) % self.p
        return acc

    def lincomb_rows(self, rows: list[Elements], coeffs: list[int]) -> Elements:
        """Σ_k coeffs[k]·rows[k] for k separate arrays of one length, piece by piece (no
        stacked k × m copy of the whole arrays)."""
        if not rows:
            return self.zeros(0)
        m = rows[0].shape[0]
        if not self.word or m <= _COMBINE_PIECE:
            return self.lincomb(np.stack(rows), coeffs)
        cm = np.array([self._mont_form(self.constant(c)) for c in coeffs], dtype=np.uint64)
        out = np.empty(m, dtype=np.uint64)
        for start in range(0, m, _COMBINE_PIECE):
            end = min(start + _COMBINE_PIECE, m)
            piece = np.stack([r[start:end] for r in rows])
            K.lincomb(piece, cm, self._p, self._pinv, out[start:end])
        return out

    def sum(self, a: Elements) -> int:
        """The sum of all elements mod p as a Python int (0 for an empty array)."""
        if self.word:
            hi, lo = K.total_wide(a)
            return ((int(hi) << 64) | int(lo)) % self.p
        return int(sum(int(v) for v in a) % self.p)

    def dot(self, a: Elements, b: Elements) -> int:
        """Σ a_i·b_i mod p as a Python int; different lengths raise ``ValueError``."""
        a, b = self._pair(a, b)
        if self.word:
            top, mid, lo = K.dot_wide(a, b)
            return ((int(top) << 128) | (int(mid) << 64) | int(lo)) % self.p
        return int(sum(int(x) * int(y) for x, y in zip(a, b)) % self.p)

    def inverse(self, c: int) -> int:
        """c⁻¹ mod p as a Python int; ``ZeroDivisionError`` when c ≡ 0 (mod p)."""
        c = self.constant(c)
        if c == 0:
            raise ZeroDivisionError("inverse of zero")
        return pow(c, -1, self.p)

    def share_polynomials(self, secrets_: Elements, coeffs: np.ndarray, n: int) -> np.ndarray:
        """Evaluate secret + Σ coeffs[k]·x^(k+1) at x = 1..n: an n × m matrix of shares."""
        m = secrets_.shape[0]
        if self.word:
            out = np.empty((n, m), dtype=np.uint64)
            if coeffs.shape[0] == 1:
                return K.eval_shares_linear(secrets_, np.ascontiguousarray(coeffs[0]), self._p,
                                            out)
            pts = np.array([self._mont_form(x) for x in range(1, n + 1)], dtype=np.uint64)
            return K.eval_shares(secrets_, np.ascontiguousarray(coeffs), pts, self._p,
                                 self._pinv, out)
        out = np.empty((n, m), dtype=object)
        for j in range(1, n + 1):
            acc = self.zeros(m)
            for k in range(coeffs.shape[0] - 1, -1, -1):
                acc = ((acc + coeffs[k]) * j) % self.p
            out[j - 1] = (acc + secrets_) % self.p
        return out

    def _mont_form(self, c: int) -> np.uint64:
        return np.uint64(c * self._r1 % self.p)

    # ----- randomness (from the OS CSPRNG, as ``secrets`` does) -------------------------------
    def random(self, m: int) -> Elements:
        """m independent uniform elements."""
        if self.word:
            mask = np.uint64((1 << self.bits) - 1) if self.bits < 64 else np.uint64(2**64 - 1)
            out = np.empty(m, dtype=np.uint64)
            start = 0
            for piece in random_pieces(8 * m, 8 * _RANDOM_PIECE):
                end = start + len(piece) // 8
                np.bitwise_and(np.frombuffer(piece, dtype=np.uint64), mask, out=out[start:end])
                start = end
            bad = np.flatnonzero(out >= self._p)
            while bad.size:
                redraw = np.frombuffer(secrets.token_bytes(8 * bad.size), dtype=np.uint64) & mask
                out[bad] = redraw
                bad = bad[redraw >= self._p]
            return out
        return np.array([secrets.randbelow(self.p) for _ in range(m)], dtype=object)

    def random_below(self, m: int, bound_bits: int) -> Elements:
        """m uniform integers in [0, 2^bound_bits), as elements (bound_bits < field bits)."""
        if bound_bits >= self.bits:
            raise ValueError(f"{bound_bits}-bit random integers do not fit the field")
        if self.word:
            out = np.zeros(m, dtype=np.uint64)
            if bound_bits:
                start = 0
                for piece in random_pieces(8 * m, 8 * _RANDOM_PIECE):
                    end = start + len(piece) // 8
                    np.right_shift(np.frombuffer(piece, dtype=np.uint64),
                                   np.uint64(64 - bound_bits), out=out[start:end])
                    start = end
            return out
        return np.array([secrets.randbits(bound_bits) for _ in range(m)], dtype=object)

    def random_bits(self, m: int) -> Elements:
        """m uniform bits (0 or 1) as elements (one random bit each, not a random word)."""
        if not self.word:
            return self.random_below(m, 1)
        packed = np.frombuffer(random_bytes((m + 7) // 8), dtype=np.uint8)
        return np.unpackbits(packed, count=m, bitorder="little").astype(np.uint64)

    # ----- wire format -----------------------------------------------------------------------
    def encode(self, a: Elements) -> bytes:
        """Fixed-width little-endian bytes of each element, concatenated."""
        if self.word:
            return np.ascontiguousarray(a, dtype="<u8").tobytes()
        w = self.byte_width
        return b"".join(int(v).to_bytes(w, "little") for v in a)

    def wire(self, a: Elements) -> bytes | memoryview:
        """:meth:`encode`'s bytes, as a view of the array itself where its memory already is
        that (a word-sized field on a little-endian machine): sending a share vector then
        copies nothing. The view keeps the array alive until it has gone out."""
        if self.word and sys.byteorder == "little":
            return memoryview(np.ascontiguousarray(a, dtype=np.uint64)).cast("B")
        return self.encode(a)

    def decode(self, data: bytes | bytearray | memoryview,
               party: int | None = None) -> Elements:
        """Elements from :meth:`encode`'s bytes; rejects a ragged length or a value ≥ p.

        Bytes in a writable buffer that nothing else uses (a received ``bytearray``) become
        the array in place, without a copy."""
        w = self.byte_width
        if len(data) % w:
            raise MpcProtocolError(
                f"party {party} sent {len(data)} bytes, not a whole number of "
                f"{w}-byte field elements", party)
        if self.word:
            out = np.frombuffer(data, dtype="<u8")
            if not (out.flags.writeable and out.flags.aligned and sys.byteorder == "little"):
                out = out.astype(np.uint64)
            if out.size and int(out.max()) >= self.p:
                raise MpcProtocolError(f"party {party} sent a value that is not a field element",
                                       party)
            return out
        mv = memoryview(data)
        vals = [int.from_bytes(mv[i:i + w], "little") for i in range(0, len(mv), w)]
        if vals and max(vals) >= self.p:
            raise MpcProtocolError(f"party {party} sent a value that is not a field element",
                                   party)
        return np.array(vals, dtype=object) if vals else self.zeros(0)

    # ----- capacity ---------------------------------------------------------------------------
    def holds(self, bound: int) -> bool:
        """True when every integer of absolute value ≤ bound has its own element."""
        return 2 * bound < self.p


def field_by_name(name: str | int) -> PrimeField:
    """A named field (``goldilocks``, ``p64``, ``bn254``) or a prime given in decimal."""
    if isinstance(name, int) or (isinstance(name, str) and name.strip().isdigit()):
        p = int(name)
        return _custom_field(p)
    key = name.strip().lower()
    if key not in NAMED_FIELDS:
        known = ", ".join(sorted(NAMED_FIELDS))
        raise MpcConfigError(f"unknown field {name!r}: use one of {known} or a prime in decimal")
    return _named(key)


_CACHE: dict[str, PrimeField] = {}


def _named(key: str) -> PrimeField:
    if key not in _CACHE:
        _CACHE[key] = PrimeField(NAMED_FIELDS[key], key)
    return _CACHE[key]


def _custom_field(p: int) -> PrimeField:
    for key, q in NAMED_FIELDS.items():
        if q == p:
            return _named(key)
    if p.bit_length() < 40:
        raise MpcConfigError(f"field prime {p} is too small: use at least a 40-bit prime")
    import galois

    if not galois.is_prime(p):
        raise MpcConfigError(f"field modulus {p} is not prime")
    return PrimeField(p)


def companion_field(field: PrimeField) -> PrimeField:
    """A second word-sized field for exact wide results by the Chinese remainder theorem."""
    return _named("p64") if field.p != P64_MAX else _named("goldilocks")


def crt_combine(residues: list[tuple[int, int]]) -> int:
    """The signed integer x with x ≡ r (mod p) for each (r, p), |x| < Πp / 2."""
    modulus = math.prod(p for _, p in residues)
    x = 0
    for r, p in residues:
        mi = modulus // p
        x += r * mi * pow(mi, -1, p)
    x %= modulus
    return x - modulus if x > modulus // 2 else x
