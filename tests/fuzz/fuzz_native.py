"""Coverage-guided fuzzing of the native core and the binary readers (``make sanitize``,
``make fuzz``), meant to run on the ASan/UBSan build with every report fatal.

    python tests/fuzz/fuzz_native.py -max_total_time=60 CORPUS_DIR   (seeds are added there)

The first input byte picks a target. Native targets (every function of ``zk.native._bn254``
and ``zk.native._testing``) decode the rest into adversarial arguments: buffers of valid
points, random bytes or identities at lengths around the element size, at any alignment;
counts near and far beyond the limits. Reader targets hand the rest, as a file, to
``read_r1cs``, ``read_wtns``, ``read_zkey`` and ``read_ptau`` (a ``.zkey`` that parses is
then used to prove, a ``.ptau`` for a circuit-specific setup); the corpus is seeded with the
fixture files. Any exception other than a zkgov error or an argument error of the Python
layer (``TypeError``, ``OverflowError`` of an ``int`` knob) stops the run, as does any
sanitizer report. Python code is instrumented with atheris, so the readers' branches guide
the mutations; C branches guide them too when the extension is built with clang's
``-fsanitize=fuzzer-no-link`` (the default gcc build reports memory errors but not coverage).
"""

from __future__ import annotations

import secrets
import sys
from collections.abc import Callable
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

with atheris.instrument_imports():
    from zk.ceremony.ptau_setup import setup_from_ptau
    from zk.curve.encoding import pack_g1, pack_g2
    from zk.errors import ZkError
    from zk.field import R
    from zk.formats.ptau import read_ptau
    from zk.formats.r1cs import read_r1cs
    from zk.formats.wtns import read_wtns
    from zk.formats.zkey import read_zkey
    from zk.groth16 import prove
    from zk.native import _bn254, _testing

FIXTURES = ROOT / "tests" / "fixtures"
CHAIN = FIXTURES / "ceremony"
#: Errors a caller may get for a bad argument: zkgov's, and Python's own for an argument of
#: the wrong type or an ``int`` knob beyond a C int.
EXPECTED = (ZkError, TypeError, OverflowError, ZeroDivisionError)

G1_GEN = (1, 2)
G2_GEN = ((10857046999023057135944570762232829481370756359578518086990519993285655852781,
           11559732032986387107991004021392285783925812861821192530917403151452391805634),
          (8495653923123431417604973247489272438418190587263600148770280649306958101930,
           4082367875863433681332203403145435568316851327593401208105741076214120093531))
_POOL_SCALARS = b"".join(pow(7, i + 1, R).to_bytes(32, "little") for i in range(32))
G1_POOL = _bn254.g1_mul_batch(pack_g1([G1_GEN]), _POOL_SCALARS)
G2_POOL = _bn254.g2_mul_batch(pack_g2([G2_GEN]), _POOL_SCALARS)
BOUNDARY_COUNTS = [0, 1, 2, 3, 7, 64, 2**28, 2**28 + 1, 2**30, 2**30 + 1, 2**31, 2**32 + 1,
                   2**58, 2**58 + 1, 2**59 - 1, 2**59 + 1, 2**62, 2**63 - 1, 2**63, 2**64 + 5,
                   -1, -(2**63)]


class Args:
    """Adversarial arguments drawn from the fuzzer's bytes."""

    def __init__(self, data: bytes) -> None:
        self.fdp = atheris.FuzzedDataProvider(data)

    def pick(self, n: int) -> int:
        """A number below n (0 when n < 1: a count drawn negative or huge stays harmless
        here; atheris must never be asked for an empty range, whose C++ exception the
        sanitizer runtime cannot unwind)."""
        return self.fdp.ConsumeIntInRange(0, min(n, 2**62) - 1) if n > 1 else 0

    def window(self) -> int:
        """An MSM or fixed-base window: automatic, in range or not (wide ones are rare: a
        2^16-entry table per window is slow under the sanitizers)."""
        return [0, 0, 1, 2, 3, 4, 5, 8, 11, 17, 16][self.pick(10 if self.pick(16) else 11)]

    def count(self, small: int = 40) -> int:
        """Mostly a small count, sometimes one at or beyond a limit."""
        if self.pick(4) == 0:
            return BOUNDARY_COUNTS[self.pick(len(BOUNDARY_COUNTS))]
        return self.pick(small + 1)

    def aligned_or_not(self, raw: bytes) -> memoryview | bytes:
        offset = self.pick(8)
        if offset == 0:
            return raw
        return memoryview(bytearray(offset) + raw)[offset:]

    def elements(self, unit: int, pool: bytes | None, n: int | None = None) -> memoryview | bytes:
        """n elements of ``unit`` bytes (valid ones from ``pool``, zeros, or random bytes),
        sometimes with a few bytes too many or too few."""
        n = self.pick(12) if n is None else n
        parts = []
        for _ in range(n):
            kind = self.pick(4)
            if kind == 0 and pool:
                i = self.pick(len(pool) // unit)
                parts.append(pool[i * unit:(i + 1) * unit])
            elif kind == 1:
                parts.append(bytes(unit))
            else:
                parts.append(self.fdp.ConsumeBytes(unit).ljust(unit, b"\xff"))
        raw = b"".join(parts)
        if self.pick(8) == 0:
            raw = raw[: max(0, len(raw) - 1 - self.pick(unit))] if self.pick(2) else raw + b"\1"
        return self.aligned_or_not(raw)

    def g1s(self, n: int | None = None) -> memoryview | bytes:
        return self.elements(64, G1_POOL, n)

    def g2s(self, n: int | None = None) -> memoryview | bytes:
        return self.elements(128, G2_POOL, n)

    def scalars(self, n: int | None = None) -> memoryview | bytes:
        return self.elements(32, _POOL_SCALARS, n)

    def u32s(self, n: int, below: int) -> bytes:
        values = []
        for _ in range(n):
            v = self.pick(below + 2) if self.pick(6) else self.fdp.ConsumeIntInRange(0, 2**32 - 1)
            values.append(v)
        return self.aligned_or_not(b"".join(v.to_bytes(4, "little") for v in values))

    def ends(self, n_rows: int, n_terms: int) -> memoryview | bytes:
        cuts = sorted(self.pick(n_terms + 1) for _ in range(n_rows))
        if n_rows:
            cuts[-1] = n_terms if self.pick(6) else cuts[-1]
        if self.pick(8) == 0 and n_rows > 1:
            cuts.reverse()
        return self.aligned_or_not(b"".join(c.to_bytes(4, "little") for c in cuts))

    def coefficients(self, n: int, n_witness: int) -> bytes:
        entries = []
        for _ in range(self.pick(24)):
            m = self.pick(2) if self.pick(8) else self.pick(5)
            row = self.pick(n + 1) if self.pick(8) else self.fdp.ConsumeIntInRange(0, 2**32 - 1)
            sig = self.pick(n_witness + 1)
            value = self.fdp.ConsumeIntInRange(0, R if self.pick(8) else 2**256 - 1)
            entries.append(m.to_bytes(4, "little") + row.to_bytes(4, "little")
                           + sig.to_bytes(4, "little") + value.to_bytes(32, "little"))
        count = len(entries) if self.pick(8) else self.fdp.ConsumeIntInRange(0, 2**32 - 1)
        body = count.to_bytes(4, "little") + b"".join(entries)
        return body[: self.pick(len(body) + 1)] if self.pick(10) == 0 else body


def poseidon_args(a: Args) -> tuple:
    t = a.pick(7) + 1 if a.pick(6) else a.pick(70)
    n_full, n_partial = (2 * a.pick(4), a.pick(4)) if a.pick(4) else (a.count(), a.count())
    rounds = max(0, n_full) + max(0, n_partial)
    n_const = rounds * t if rounds * t < 4096 and a.pick(6) else a.pick(30)
    return t, a.scalars(n_const), a.scalars(t * t if a.pick(6) else a.pick(40)), n_full, n_partial


def sparse_call(fn: Callable, points: Callable, a: Args) -> object:
    n_points, n_terms, n_rows = a.pick(10), a.pick(16), a.pick(8)
    return fn(points(n_points), a.u32s(n_terms, n_points), a.scalars(n_terms if a.pick(8) else
                                                                       a.pick(16)),
              a.ends(n_rows, n_terms))


def jacobian(a: Args, affine: memoryview | bytes, coordinate: int) -> bytes:
    raw = bytes(affine)
    if not raw:
        return a.fdp.ConsumeBytes(3 * coordinate)
    one = (1).to_bytes(coordinate, "little") if a.pick(4) else a.fdp.ConsumeBytes(coordinate)
    return raw + one.ljust(coordinate, b"\0")


#: The most elements a fuzz call may ask a native routine to allocate. Counts up to a routine's
#: documented limit are valid requests (2^30 powers are 32 GiB); past this they would only
#: test the machine's memory, and trip libFuzzer's RSS limit, so such calls are skipped. Counts
#: beyond the limit are still sent: they must be refused before anything is allocated.
FUZZ_MAX_ELEMENTS = 1 << 20
FR_POWERS_LIMIT = 1 << 30
DOMAIN_LIMIT = 1 << 28


def fr_powers_call(a: Args) -> object:
    count = a.count()
    if FUZZ_MAX_ELEMENTS < count <= FR_POWERS_LIMIT:
        return None
    return _bn254.fr_powers(a.scalars(1), a.scalars(1), count)


NATIVE_TARGETS: list[Callable[[Args], object]] = [
    lambda a: _bn254.g1_add(a.g1s(1), a.g1s(1)),
    lambda a: _bn254.g2_add(a.g2s(1), a.g2s(1)),
    lambda a: _bn254.g1_neg(a.g1s(1)),
    lambda a: _bn254.g2_neg(a.g2s(1)),
    lambda a: _bn254.g1_mul(a.g1s(1), a.scalars(1)),
    lambda a: _bn254.g2_mul(a.g2s(1), a.scalars(1)),
    lambda a: _bn254.g1_is_on_curve(a.g1s(1)),
    lambda a: _bn254.g2_is_on_curve(a.g2s(1)),
    lambda a: _bn254.g2_in_subgroup(a.g2s(1)),
    lambda a: _bn254.g1_first_invalid(a.g1s()),
    lambda a: _bn254.g2_first_invalid(a.g2s()),
    lambda a: _bn254.g1_msm(a.g1s(), a.scalars(), window=a.window(), batch_affine=a.pick(3) - 1,
                            chunks=a.pick(66)),
    lambda a: _bn254.g2_msm(a.g2s(), a.scalars(), window=a.window(), chunks=a.pick(66)),
    lambda a: _bn254.g1_mul_batch(a.g1s(1), a.scalars(), window=a.window()),
    lambda a: _bn254.g2_mul_batch(a.g2s(1), a.scalars(), window=a.window()),
    lambda a: _bn254.g1_scale_batch(a.g1s(), a.scalars()),
    lambda a: _bn254.g2_scale_batch(a.g2s(), a.scalars()),
    lambda a: sparse_call(_bn254.g1_sparse_msm, a.g1s, a),
    lambda a: sparse_call(_bn254.g2_sparse_msm, a.g2s, a),
    lambda a: _bn254.g1_ifft(a.g1s(1 << a.pick(5) if a.pick(4) else a.pick(12))),
    lambda a: _bn254.g2_ifft(a.g2s(1 << a.pick(4) if a.pick(4) else a.pick(12))),
    lambda a: fr_powers_call(a),
    lambda a: _bn254.fr_ntt(a.scalars(1 << a.pick(7) if a.pick(4) else a.pick(12)),
                            bool(a.pick(2))),
    lambda a: _bn254.fr_coset_ntt(a.scalars(1 << a.pick(7)), a.scalars(1), bool(a.pick(2))),
    lambda a: (lambda n, w: None if FUZZ_MAX_ELEMENTS < n <= DOMAIN_LIMIT else
               _bn254.qap_h(a.coefficients(n, w), a.scalars(w), n))(
        1 << a.pick(6) if a.pick(6) else a.count(), a.pick(6)),
    lambda a: _bn254.fp_from_montgomery(a.scalars()),
    lambda a: _bn254.g1_decode_be(a.elements(32 if a.pick(2) else 64, None), bool(a.pick(2))),
    lambda a: _bn254.g2_decode_be(a.elements(64 if a.pick(2) else 128, None), bool(a.pick(2))),
    lambda a: _bn254.pairing_product(a.g1s(2), a.g2s(2 if a.pick(8) else 1)),
    lambda a: _bn254.pairing_check(a.g1s(), a.g2s()),
    lambda a: (lambda t, c, m, nf, np_: _bn254.poseidon_permute(a.scalars(t), c, m, nf, np_))(
        *poseidon_args(a)),
    lambda a: (lambda t, c, m, nf, np_: _bn254.poseidon_hash_batch(
        a.scalars((t - 1) * a.pick(5) if t > 1 else a.pick(5)), t - 1, c, m, nf, np_))(
        *poseidon_args(a)),
    lambda a: _testing.g1_jac_add(jacobian(a, a.g1s(1), 32), jacobian(a, a.g1s(1), 32)),
    lambda a: _testing.g2_jac_add(jacobian(a, a.g2s(1), 64), jacobian(a, a.g2s(1), 64)),
    lambda a: _testing.g1_jac_add_affine(jacobian(a, a.g1s(1), 32), a.g1s(1)),
    lambda a: _testing.g2_jac_add_affine(jacobian(a, a.g2s(1), 64), a.g2s(1)),
    lambda a: _testing.g1_jac_double(jacobian(a, a.g1s(1), 32)),
    lambda a: _testing.g2_jac_double(jacobian(a, a.g2s(1), 64)),
    lambda a: _testing.g1_jac_to_affine(b"".join(jacobian(a, a.g1s(1), 32)
                                                 for _ in range(a.pick(5)))),
    lambda a: _testing.g2_jac_to_affine(b"".join(jacobian(a, a.g2s(1), 64)
                                                 for _ in range(a.pick(5)))),
    lambda a: _testing.fp_mul_batch(a.scalars(), a.scalars()),
    lambda a: _testing.fr_mul_batch(a.scalars(), a.scalars()),
    lambda a: _testing.fp_batch_inv(a.scalars()),
    lambda a: _testing.fr_batch_inv(a.scalars()),
    lambda a: _testing.miller_loop(a.g1s(), a.g2s()),
    lambda a: _testing.final_exponentiation(a.elements(32, _POOL_SCALARS, 12)),
]

_CHAIN_R1CS = read_r1cs((CHAIN / "chain.r1cs").read_bytes())
_CHAIN_WITNESS = read_wtns((CHAIN / "chain.wtns").read_bytes())


def _zkey_then_prove(data: bytes) -> None:
    pk = read_zkey(data)
    if pk.n_vars == len(_CHAIN_WITNESS):
        prove(pk, _CHAIN_WITNESS)


def _ptau_then_setup(data: bytes) -> None:
    setup_from_ptau(_CHAIN_R1CS, read_ptau(data))


#: Readers, by the selector byte that precedes a file in the seed corpus.
READER_TARGETS: dict[str, Callable[[bytes], object]] = {
    ".r1cs": read_r1cs,
    ".wtns": read_wtns,
    ".zkey": _zkey_then_prove,
    ".ptau": _ptau_then_setup,
}
READERS = list(READER_TARGETS.values())
N_TARGETS = len(NATIVE_TARGETS) + len(READERS)


def test_one_input(data: bytes) -> None:
    if not data:
        return
    target, rest = data[0] % N_TARGETS, data[1:]
    try:
        if target < len(NATIVE_TARGETS):
            NATIVE_TARGETS[target](Args(rest))
        else:
            READERS[target - len(NATIVE_TARGETS)](rest)
    except EXPECTED:
        pass


def write_seeds(folder: Path) -> None:
    """One seed per fixture file the readers take (selector byte + file) and one per native
    target."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix in READER_TARGETS and path.stat().st_size <= 64 * 1024:
            selector = len(NATIVE_TARGETS) + list(READER_TARGETS).index(path.suffix)
            (folder / f"seed-{path.parent.name}-{path.name}").write_bytes(
                bytes([selector]) + path.read_bytes())
    for i in range(len(NATIVE_TARGETS)):
        (folder / f"seed-native-{i}").write_bytes(bytes([i]) + secrets.token_bytes(256))


def main() -> None:
    paths = [Path(arg) for arg in sys.argv[1:] if not arg.startswith("-")]
    if paths and not paths[0].is_file():  # a corpus folder (a file is an input to replay)
        write_seeds(paths[0])
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
