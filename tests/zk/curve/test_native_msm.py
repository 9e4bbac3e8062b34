"""Multi-scalar multiplication and fixed-base batches in C against independent answers.

Small MSMs are compared with the reference backend (py_ecc, one multiplication per term).
Large ones run over points a_i·G whose MSM is known in closed form: (Σ k_i·a_i)·G.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.zk.curve.conftest import EDGE_SCALARS, G1_GEN, G2_GEN, scalar_bytes
from zk.curve.encoding import pack_g1, pack_g2, pack_scalars, unpack_g1, unpack_g2
from zk.curve.native import NativeBackend
from zk.curve.reference import ReferenceBackend
from zk.field import R
from zk.native import _bn254, _testing

ROOT = Path(__file__).resolve().parents[3]
nat = NativeBackend()
ref = ReferenceBackend()

CURVES = {
    "g1": (G1_GEN, nat.g1_mul, pack_g1, unpack_g1, _bn254.g1_msm, nat.msm_g1, ref.msm_g1),
    "g2": (G2_GEN, nat.g2_mul, pack_g2, unpack_g2, _bn254.g2_msm, nat.msm_g2, ref.msm_g2),
}


def raw_scalars(values: list[int]) -> bytes:
    """Scalars as given, not reduced: the backend must reduce values ≥ r itself."""
    return b"".join(scalar_bytes(v) for v in values)


def multiples(curve: str, logs: list[int]) -> list:
    gen, mul, *_ = CURVES[curve]
    return [mul(gen, a) for a in logs]


@pytest.mark.parametrize("curve", sorted(CURVES))
@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, 17])
def test_small_msm_matches_reference(curve: str, n: int) -> None:
    gen, mul, pack, _, _, msm, ref_msm = CURVES[curve]
    rng = random.Random(n)
    points = pack([mul(gen, rng.randrange(R)) for _ in range(n)])
    scalars = pack_scalars(rng.randrange(R) for _ in range(n))
    assert msm(points, scalars) == ref_msm(points, scalars)


@pytest.mark.parametrize("curve", sorted(CURVES))
def test_msm_with_identities_zero_and_edge_scalars(curve: str) -> None:
    gen, mul, pack, _, _, msm, ref_msm = CURVES[curve]
    pts = [mul(gen, 3), None, mul(gen, 5), mul(gen, 7), mul(gen, 3)] + [mul(gen, 11)] * 4
    ks = [EDGE_SCALARS[i % len(EDGE_SCALARS)] for i in range(len(pts) - 1)] + [0]
    points, scalars = pack(pts), raw_scalars(ks)
    assert msm(points, scalars) == ref_msm(points, scalars)
    assert msm(pack([None, None]), raw_scalars([5, 6])) is None
    assert msm(pack([mul(gen, 9)] * 3), raw_scalars([0, R, 2 * R])) is None
    assert msm(b"", b"") is None


@pytest.mark.parametrize("curve", sorted(CURVES))
def test_few_points_summing_to_a_double_or_the_identity(curve: str) -> None:
    # G1 MSMs of up to four points take the per-point endomorphism path: its running sum
    # must handle P + P and P + (−P) like the bucket method does.
    gen, mul, pack, _, _, msm, ref_msm = CURVES[curve]
    p, minus_p = mul(gen, 3), mul(gen, R - 3)
    for pts, ks in (([p, p], [5, 5]), ([p, minus_p], [5, 5]), ([p, p, minus_p, None],
                                                                [1, R + 1, 2, 9])):
        points, scalars = pack(pts), raw_scalars(ks)
        assert msm(points, scalars) == ref_msm(points, scalars)
    assert msm(pack([p, minus_p]), raw_scalars([7, 7])) is None


@pytest.mark.parametrize("curve", sorted(CURVES))
@settings(max_examples=6, deadline=None)
@given(ks=st.lists(st.integers(0, 2**256 - 1), min_size=1, max_size=6))
def test_msm_random_small(curve: str, ks: list[int]) -> None:
    gen, mul, pack, _, _, msm, ref_msm = CURVES[curve]
    points = pack(multiples(curve, [i * 1000003 + 1 for i in range(len(ks))]))
    assert msm(points, raw_scalars(ks)) == ref_msm(points, raw_scalars(ks))


def closed_form_case(curve: str, n: int, seed: int, ks: list[int] | None = None,
                     mul=None) -> tuple[bytes, bytes, object]:
    """Points a_i·G (with repeats, negatives and identities) and the MSM's known value, for
    the scalars ``ks`` or random ones; ``mul`` (the native one by default) makes them."""
    gen, native_mul, pack, _, _, _, _ = CURVES[curve]
    mul = mul or native_mul
    rng = random.Random(seed)
    distinct = [rng.randrange(1, R) for _ in range(48)]
    logs = []
    for i in range(n):
        if i % 97 == 5:
            logs.append(0)  # the identity point
        elif i % 13 == 0:
            logs.append(R - logs[-1] if logs else 1)  # the negation of its neighbour
        else:
            logs.append(distinct[i % len(distinct)])
    table = {a: mul(gen, a) for a in set(logs)}
    if ks is None:
        ks = [rng.randrange(2**256) if i % 11 else (0 if i % 2 else R - 1) for i in range(n)]
    points = pack([table[a] for a in logs])
    expected = mul(gen, sum(k * a for k, a in zip(ks, logs)) % R)
    return points, raw_scalars(ks), expected


@pytest.mark.parametrize("curve", sorted(CURVES))
@pytest.mark.parametrize("window", [2, 5, 8, 11, 16])
@pytest.mark.parametrize("batch_affine", [0, 1])
def test_every_window_and_bucket_mode(curve: str, window: int, batch_affine: int) -> None:
    """Forced plans cover both bucket modes and the window widths the planner may pick,
    including repeated points (bucket doubling) and P + (−P) inside a bucket."""
    _, _, _, unpack, raw_msm, _, _ = CURVES[curve]
    points, scalars, expected = closed_form_case(curve, 300, seed=window)
    got = unpack(raw_msm(points, scalars, window=window, batch_affine=batch_affine))[0]
    assert got == expected


@pytest.mark.parametrize("curve", sorted(CURVES))
@pytest.mark.parametrize("batch_affine", [0, 1])
def test_points_split_into_chunks(curve: str, batch_affine: int) -> None:
    """Several bucket sets per window (the plan for many threads and few windows)."""
    _, _, _, unpack, raw_msm, _, _ = CURVES[curve]
    points, scalars, expected = closed_form_case(curve, 250, seed=31)
    for chunks in (2, 3, 7):
        got = raw_msm(points, scalars, window=9, batch_affine=batch_affine, chunks=chunks)
        assert unpack(got)[0] == expected


@pytest.mark.parametrize("curve", ["g1", "g2"])
def test_automatic_plan_on_a_large_input(curve: str) -> None:
    """Large enough for batch-affine buckets, threads and several chunks (non-power of two)."""
    n = 20000 if curve == "g1" else 9000
    points, scalars, expected = closed_form_case(curve, n, seed=n)
    assert CURVES[curve][5](points, scalars) == expected


def cpu_has_ifma() -> bool:
    try:
        with open("/proc/cpuinfo") as fh:
            flags = next((line for line in fh if line.startswith("flags")), "").split()
    except OSError:
        return False
    return "avx512f" in flags and "avx512ifma" in flags


def test_msm_kernel_follows_the_cpu() -> None:
    """The eight-lane IFMA additions are in use exactly where the CPU has them (and
    ZKGOV_NO_IFMA is not set)."""
    off = os.environ.get("ZKGOV_NO_IFMA", "") not in ("", "0")
    expected = "ifma" if cpu_has_ifma() and not off else "scalar"
    assert _bn254.msm_kernel() == expected


# Forced plans whose batches reach the wide kernel (cap 2^(c−1)/8 ≥ 32, c ≥ 10) and one whose
# batches stay below it, in either order of bucket sets.
WIDE_PLANS = ((16, 1, 1), (13, 1, 1), (11, 1, 3), (10, 1, 2), (7, 1, 1))


@pytest.mark.parametrize("curve", sorted(CURVES))
def test_wide_flush_against_py_ecc(curve: str) -> None:
    """Batch-affine windows wide enough for the IFMA kernel, against py_ecc term by term:
    random points and scalars, so every batch mixes lanes of every kind (padding included,
    as batch sizes are rarely multiples of eight)."""
    gen, mul, pack, unpack, raw_msm, _, ref_msm = CURVES[curve]
    rng = random.Random(20261207)
    n = 700 if curve == "g1" else 90  # py_ecc's G2 multiplications are slow
    points = pack([mul(gen, rng.randrange(1, R)) for _ in range(n)])
    scalars = pack_scalars(rng.randrange(R) for _ in range(n))
    expected = ref_msm(points, scalars)
    for window, batch_affine, chunks in WIDE_PLANS:
        got = raw_msm(points, scalars, window=window, batch_affine=batch_affine, chunks=chunks)
        assert unpack(got)[0] == expected, (window, chunks)


KERNEL_CASE_SIZES = {"g1": 5000, "g2": 2500}


def kernel_cases(curve: str) -> list[tuple[bytes, bytes, object]]:
    """Random scalars and every kind of repeated ones, over closed-form points."""
    n = KERNEL_CASE_SIZES[curve]
    cases = [closed_form_case(curve, n, seed=11)]
    for kind in sorted(REPEATED_SCALARS):
        rng = random.Random(kind)
        ks = [REPEATED_SCALARS[kind](rng, i) for i in range(n)]
        cases.append(closed_form_case(curve, n, seed=11, ks=ks))
    return cases


def kernel_sums(curve: str, points: bytes, scalars: bytes) -> list[bytes]:
    raw_msm = CURVES[curve][4]
    return [raw_msm(points, scalars)] + [
        raw_msm(points, scalars, window=w, batch_affine=a, chunks=c) for w, a, c in WIDE_PLANS]


MSM_KERNEL_SCRIPT = """
import sys
from tests.zk.curve.test_native_msm import kernel_cases, kernel_sums
from zk.native import _bn254
assert _bn254.msm_kernel() == "scalar"
curve = sys.argv[1]
for points, scalars, _ in kernel_cases(curve):
    print(*(s.hex() for s in kernel_sums(curve, points, scalars)))
"""


@pytest.mark.parametrize("curve", sorted(CURVES))
def test_ifma_and_scalar_kernels_agree(curve: str) -> None:
    """The same MSMs through the IFMA additions (here) and the scalar ones (a process with
    ZKGOV_NO_IFMA=1): random and repeated scalars, automatic and forced plans."""
    if _bn254.msm_kernel() != "ifma":
        pytest.skip("the IFMA kernel is not in use (no AVX-512 IFMA here, or ZKGOV_NO_IFMA)")
    env = dict(os.environ, ZKGOV_NO_IFMA="1")
    out = subprocess.run([sys.executable, "-c", MSM_KERNEL_SCRIPT, curve], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.splitlines()
    cases = kernel_cases(curve)
    assert len(out) == len(cases)
    unpack = CURVES[curve][3]
    for line, (points, scalars, expected) in zip(out, cases, strict=True):
        here = kernel_sums(curve, points, scalars)
        assert [bytes.fromhex(s) for s in line.split()] == here
        assert {unpack(s)[0] for s in here} == {expected}


SHORT_SCALARS = {
    "64-bit": lambda rng, i: rng.randrange(1, 2**64),
    "0 or 1": lambda rng, i: rng.randrange(2),
    "all ones up to bit 64": lambda rng, i: 2**64 - 1,
    "short, one full-size": lambda rng, i: R - 1 if i == 17 else rng.randrange(2**40),
    "just below a window edge": lambda rng, i: 2**48 - 1 - rng.randrange(2**20),
}


REPEATED_SCALARS = {
    "all r − 1": lambda rng, i: R - 1,
    "half ones": lambda rng, i: 1 if i % 2 else rng.randrange(R),
    "three values": lambda rng, i: (R - 1, 5, 2**200 + 3)[i % 3],
    "mostly one value": lambda rng, i: rng.randrange(R) if i % 50 == 0 else R - 2,
}


@pytest.mark.parametrize("curve", ["g1", "g2"])
@pytest.mark.parametrize("kind", sorted(SHORT_SCALARS) + sorted(REPEATED_SCALARS))
def test_skewed_scalars(curve: str, kind: str) -> None:
    """Scalars far from uniform, automatically planned and forced into either bucket mode.

    Short ones (random-combination checks pass 64-bit scalars): the windows follow the
    largest scalar given, and the top one, little more than carries, must still add up.
    Repeated ones (bits of a witness, a coefficient −1 on every row of a sparse matrix) send
    most additions of a window to one bucket: batch-affine accumulation diverts them to
    Jacobian overflow sums, which must still hold repeats and P + (−P) correctly.
    """
    _, _, _, unpack, raw_msm, msm, _ = CURVES[curve]
    n = 6000 if curve == "g1" else 3000
    rng = random.Random(kind)
    draw = SHORT_SCALARS.get(kind) or REPEATED_SCALARS[kind]
    ks = [draw(rng, i) for i in range(n)]
    points, scalars, expected = closed_form_case(curve, n, seed=3, ks=ks)
    assert msm(points, scalars) == expected
    for window, batch_affine, chunks in ((16, 1, 1), (13, 1, 1), (11, 1, 3), (7, 1, 1),
                                         (7, 0, 1)):
        got = raw_msm(points, scalars, window=window, batch_affine=batch_affine, chunks=chunks)
        assert unpack(got)[0] == expected


# λ of the G1 endomorphism φ(x, y) = (β·x, y) = λ·(x, y); u is BN254's curve parameter
BN_U = 4965661367192848881
LAMBDA = -(36 * BN_U**3 + 18 * BN_U**2 + 6 * BN_U + 1) - 1
GLV_EDGES = [0, 1, 2, R - 1, LAMBDA % R, -LAMBDA % R, (LAMBDA + 1) % R, 2**127, 2**128 - 1,
             2**128, 2**160 - 1, 2**160, (R - 1) // 2, (R + 1) // 2, 6 * BN_U**2 + 4 * BN_U + 1,
             6 * BN_U**2 + 2 * BN_U, 2 * BN_U + 1]


def signed(raw: bytes) -> int:
    return int.from_bytes(raw, "little", signed=True)


def test_g1_endomorphism_split() -> None:
    """k = k₁ + k₂·λ mod r with both halves below 2¹²⁸, at the edges (lattice vectors, λ,
    ±1, r − 1) and on random scalars."""
    assert (LAMBDA * LAMBDA + LAMBDA + 1) % R == 0
    rng = random.Random(11)
    ks = GLV_EDGES + [rng.randrange(R) for _ in range(3000)]
    out = _testing.g1_glv_split(pack_scalars(ks))
    widest = 0
    for i, k in enumerate(ks):
        k1, k2 = signed(out[64 * i:64 * i + 32]), signed(out[64 * i + 32:64 * i + 64])
        assert (k1 + k2 * LAMBDA - k) % R == 0, k
        widest = max(widest, abs(k1).bit_length(), abs(k2).bit_length())
    assert widest <= 128


@pytest.mark.parametrize("n", [1023, 1024, 1500])
def test_g1_endomorphism_path_edges(n: int) -> None:
    """From 1024 points with a scalar above 2¹⁶⁰ the G1 MSM splits every scalar: edge
    scalars, identities and negated neighbours among the points must still sum exactly. All
    scalars below 2¹⁶⁰ keep the plain path."""
    rng = random.Random(n)
    ks = [GLV_EDGES[i % len(GLV_EDGES)] if i % 3 else rng.randrange(2**256) for i in range(n)]
    points, scalars, expected = closed_form_case("g1", n, seed=n, ks=ks, mul=ref.g1_mul)
    assert nat.msm_g1(points, scalars) == expected  # points and answer from py_ecc
    short = [k % 2**160 for k in ks]
    points, scalars, expected = closed_form_case("g1", n, seed=n, ks=short)
    assert nat.msm_g1(points, scalars) == expected


@pytest.mark.parametrize("n", [1023, 1024, 1300])
def test_g2_msm_with_psi_on_subgroup_points(n: int) -> None:
    """``in_subgroup=True`` lets the G2 MSM split scalars with ψ = [6u²] from 1024 points on:
    edge scalars, identities and negated neighbours must still sum exactly (points and answer
    from py_ecc). The flag leaves short scalars (below 2¹⁶⁰) and G1 as they were."""
    rng = random.Random(n)
    ks = [GLV_EDGES[i % len(GLV_EDGES)] if i % 3 else rng.randrange(2**256) for i in range(n)]
    points, scalars, expected = closed_form_case("g2", n, seed=n, ks=ks, mul=ref.g2_mul)
    assert unpack_g2(_bn254.g2_msm(points, scalars, in_subgroup=True))[0] == expected
    assert unpack_g2(_bn254.g2_msm(points, scalars))[0] == expected
    short = [k % 2**160 for k in ks]
    points, scalars, expected = closed_form_case("g2", n, seed=n, ks=short)
    assert unpack_g2(_bn254.g2_msm(points, scalars, in_subgroup=True))[0] == expected
    points, scalars, expected = closed_form_case("g1", n, seed=n, ks=ks)
    assert unpack_g1(_bn254.g1_msm(points, scalars, in_subgroup=True))[0] == expected


def test_g2_psi_split() -> None:
    """k = k₀ + k₁·6u² with 0 ≤ k₀ < 6u², for edge and random scalars (the ladder of
    g2_mul and the MSM's ψ path share it)."""
    eigen = 6 * BN_U**2
    rng = random.Random(7)
    ks = GLV_EDGES + [eigen - 1, eigen, eigen + 1, 2 * eigen, (R - 1) // eigen * eigen] + \
        [rng.randrange(R) for _ in range(2000)]
    out = _testing.g2_psi_split(pack_scalars(ks))
    for i, k in enumerate(ks):
        k0, k1 = signed(out[64 * i:64 * i + 32]), signed(out[64 * i + 32:64 * i + 64])
        assert (k0, k1) == (k % eigen, k // eigen), k


def test_g2_msm_stays_exact_outside_the_subgroup() -> None:
    """Without ``in_subgroup`` a G2 MSM over twist points of any order is exact: points a·T
    for one point T outside the subgroup, against py_ecc's (Σ k_i·a_i)·T, unreduced."""
    from py_ecc import optimized_bn128 as bn

    from tests.zk.curve.conftest import random_twist_point

    rogue = random_twist_point(random.Random(5))
    assert not nat.g2_in_subgroup(rogue)
    base = (bn.FQ2(list(rogue[0])), bn.FQ2(list(rogue[1])), bn.FQ2.one())
    rng = random.Random(9)
    logs = [rng.randrange(1, 2**20) for _ in range(16)]
    table = [bn.normalize(bn.multiply(base, a)) for a in logs]
    n = 1100
    ks = [rng.randrange(R) for _ in range(n)]
    points = pack_g2([tuple(tuple(int(c) for c in v.coeffs) for v in table[i % 16])
                      for i in range(n)])
    want = bn.normalize(bn.multiply(base, sum(k * logs[i % 16] for i, k in enumerate(ks))))
    got = unpack_g2(_bn254.g2_msm(points, pack_scalars(ks)))[0]
    assert got == tuple(tuple(int(c) for c in v.coeffs) for v in want)


@pytest.mark.parametrize("curve", sorted(CURVES))
def test_msm_takes_any_buffer(curve: str) -> None:
    np = pytest.importorskip("numpy")
    points, scalars, expected = closed_form_case(curve, 40, seed=1)
    msm = CURVES[curve][5]
    assert msm(bytearray(points), memoryview(scalars)) == expected
    assert msm(np.frombuffer(points, dtype=np.uint8), np.frombuffer(scalars, dtype=np.uint64)) == (
        expected
    )


@pytest.mark.parametrize("curve", sorted(CURVES))
@pytest.mark.parametrize(("n", "m"), [(0, 0), (0, 3), (3, 0), (2, 3), (700, 1), (1, 1100),
                                      (1500, 1300), (2100, 2100)])
def test_joint_msm_is_the_sum_of_both(curve: str, n: int, m: int) -> None:
    """Two MSMs in one set of buckets, on every path (a few points, the plain windows, the
    endomorphism split from 1024 points in all, ψ on G2): the sum of the two closed forms."""
    gen, mul, *_ = CURVES[curve]
    msm = CURVES[curve][4]
    p1, k1, e1 = closed_form_case(curve, n, seed=n + 1)
    p2, k2, e2 = closed_form_case(curve, m, seed=m + 2)
    add = nat.g1_add if curve == "g1" else nat.g2_add
    unpack = unpack_g1 if curve == "g1" else unpack_g2
    want = add(e1 if n else None, e2 if m else None)
    for flags in ({}, {"in_subgroup": True}):
        assert unpack(msm(p1, k1, more_points=p2, more_scalars=k2, **flags))[0] == want
    for window, affine in ((5, 0), (9, 1)):  # forced plans across the parts' border
        got = msm(p1, k1, more_points=p2, more_scalars=k2, window=window, batch_affine=affine)
        assert unpack(got)[0] == want


def test_joint_msm_against_py_ecc_and_its_arguments() -> None:
    rng = random.Random(12)
    pts = [ref.g1_mul(G1_GEN, rng.randrange(1, R)) for _ in range(6)]
    ks = [rng.randrange(R) for _ in range(6)]
    first, more = pack_g1(pts[:4]), pack_g1(pts[4:])
    want = ref.msm_g1(pack_g1(pts), pack_scalars(ks))
    assert nat.msm_g1_joint(first, pack_scalars(ks[:4]), more, pack_scalars(ks[4:])) == want
    assert ref.msm_g1_joint(first, pack_scalars(ks[:4]), more, pack_scalars(ks[4:])) == want
    with pytest.raises(ValueError, match="as many more_scalars as more_points"):
        _bn254.g1_msm(first, pack_scalars(ks[:4]), more_points=more, more_scalars=bytes(32))
    with pytest.raises(ValueError, match="go together"):
        _bn254.g1_msm(first, pack_scalars(ks[:4]), more_points=more)


def test_msm_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match="as many scalars as points"):
        nat.msm_g1(pack_g1([G1_GEN]), bytes(64))
    with pytest.raises(ValueError, match="multiple of 64"):
        nat.msm_g1(bytes(65), bytes(32))
    with pytest.raises(ValueError, match="multiple of 128"):
        nat.msm_g2(bytes(64), bytes(32))
    with pytest.raises(ValueError, match="window"):
        _bn254.g1_msm(b"", b"", window=17)
    with pytest.raises(ValueError, match="chunks"):
        _bn254.g2_msm(b"", b"", chunks=65)
    with pytest.raises(ValueError, match="window"):
        _bn254.g1_mul_batch(pack_g1([G1_GEN]), b"", window=1)


# ---- fixed base ------------------------------------------------------------------------------


@pytest.mark.parametrize("curve", sorted(CURVES))
def test_fixed_base_batch_matches_reference(curve: str) -> None:
    gen, mul, *_ = CURVES[curve]
    batch = nat.g1_mul_batch if curve == "g1" else nat.g2_mul_batch
    ref_batch = ref.g1_mul_batch if curve == "g1" else ref.g2_mul_batch
    base = mul(gen, 1234567)
    ks = raw_scalars([*EDGE_SCALARS, 98765, 2**200 + 3])
    assert batch(base, ks) == ref_batch(base, ks)
    assert batch(None, ks) == bytes(len(ks) * 2 if curve == "g1" else len(ks) * 4)
    assert batch(base, b"") == b""


@pytest.mark.parametrize("curve", sorted(CURVES))
@pytest.mark.parametrize("window", [2, 7, 16])
def test_fixed_base_every_table_width(curve: str, window: int) -> None:
    gen, mul, pack, *_ = CURVES[curve]
    batch = _bn254.g1_mul_batch if curve == "g1" else _bn254.g2_mul_batch
    base = mul(gen, 777)
    ks = [*EDGE_SCALARS, 3 << 240, 12345678901234567890]
    assert batch(pack([base]), raw_scalars(ks), window=window) == pack(
        [mul(base, k) for k in ks]
    )


@pytest.mark.parametrize("curve", sorted(CURVES))
def test_fixed_base_batch_large(curve: str) -> None:
    """Several chunks on several threads, against one multiplication per scalar."""
    gen, mul, pack, *_ = CURVES[curve]
    batch = nat.g1_mul_batch if curve == "g1" else nat.g2_mul_batch
    rng = random.Random(3)
    n = 1500 if curve == "g1" else 700
    ks = [rng.randrange(2**256) if i % 50 else 0 for i in range(n)]
    out = batch(gen, raw_scalars(ks))
    assert out == pack([mul(gen, k) for k in ks])


FIXED_BASE_SCRIPT = """
import random, sys
from tests.zk.curve.test_native_msm import fixed_base_case
from zk.native import _bn254
assert _bn254.msm_kernel() == "scalar"
for window in (0, 7, 13):
    print(fixed_base_case(sys.argv[1], window).hex())
"""


def fixed_base_case(curve: str, window: int) -> bytes:
    """A fixed-base batch over random, edge and zero scalars, the table width given (0: the
    automatic one)."""
    gen, mul, pack, *_ = CURVES[curve]
    batch = _bn254.g1_mul_batch if curve == "g1" else _bn254.g2_mul_batch
    rng = random.Random(window)
    n = 1300 if curve == "g1" else 600
    ks = [rng.randrange(2**256) if i % 37 else EDGE_SCALARS[i % len(EDGE_SCALARS)]
          for i in range(n)]
    return batch(pack([mul(gen, 4321)]), raw_scalars(ks), window=window)


@pytest.mark.parametrize("curve", sorted(CURVES))
def test_fixed_base_ifma_and_scalar_kernels_agree(curve: str) -> None:
    """Fixed-base batches through the IFMA additions (here) and the scalar ones (a process
    with ZKGOV_NO_IFMA=1), and against one multiplication per scalar."""
    if _bn254.msm_kernel() != "ifma":
        pytest.skip("the IFMA kernel is not in use (no AVX-512 IFMA here, or ZKGOV_NO_IFMA)")
    env = dict(os.environ, ZKGOV_NO_IFMA="1")
    out = subprocess.run([sys.executable, "-c", FIXED_BASE_SCRIPT, curve], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.split()
    here = [fixed_base_case(curve, window) for window in (0, 7, 13)]
    assert [bytes.fromhex(h) for h in out] == here
    gen, mul, pack, *_ = CURVES[curve]
    rng = random.Random(0)
    n = 1300 if curve == "g1" else 600
    ks = [rng.randrange(2**256) if i % 37 else EDGE_SCALARS[i % len(EDGE_SCALARS)]
          for i in range(n)]
    assert here[0] == pack([mul(mul(gen, 4321), k) for k in ks])


def bucket_patterns(nb: int, seed: int) -> dict[str, list[int]]:
    """Discrete logs of nb buckets (0: the identity) chosen so that the segmented running
    sums meet every special case of an affine addition: P + P, P + (−P), the identity on
    either side, and ordinary sums."""
    rng = random.Random(seed)
    return {
        "equal": [3] * nb,  # running = k·P, bucket = P: doublings at k = 1, sums at j = 2
        "alternating": [5 if b % 2 else R - 5 for b in range(nb)],  # running hits −bucket
        "sparse": [rng.randrange(1, R) if rng.random() < 0.2 else 0 for _ in range(nb)],
        "empty": [0] * nb,
        "mixed": [rng.choice([0, 7, R - 7, 14, rng.randrange(1, R)]) for _ in range(nb)],
        "random": [rng.randrange(1, R) for _ in range(nb)],
    }


@pytest.mark.parametrize("curve", sorted(CURVES))
@pytest.mark.parametrize("nb", [1, 2, 31, 32, 33, 63, 100, 257, 1000, 4096])
def test_bucket_sum_matches_the_weighted_sum(curve: str, nb: int) -> None:
    """Σ (b+1)·bucket[b], the end of every batch-affine window: serial below 32 buckets,
    above that segments whose running sums advance together in batch-affine additions (any
    nb, so the last segment may be short). Checked against (Σ (b+1)·a_b)·G computed by py_ecc
    (the buckets a_b·G by the native multiplication, itself checked against py_ecc)."""
    gen, mul, pack, unpack, _, _, _ = CURVES[curve]
    ref_mul = getattr(ref, f"{curve}_mul")
    bucket_sum = getattr(_testing, f"{curve}_bucket_sum")
    to_affine = getattr(_testing, f"{curve}_jac_to_affine")
    for name, logs in bucket_patterns(nb, seed=nb).items():
        table = {a: mul(gen, a) if a else None for a in set(logs)}
        got = unpack(to_affine(bucket_sum(pack([table[a] for a in logs]))))[0]
        want = ref_mul(gen, sum((b + 1) * a for b, a in enumerate(logs)) % R)
        assert got == want, name
