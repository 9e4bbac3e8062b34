"""The native BN254 core: a C extension (``zk.native._bn254``) built by ``pip install``.

Most callers reach it through :class:`zk.curve.native.NativeBackend`. The plain functions
below are for code that works on packed buffers directly, such as Poseidon hashing in bulk.
Every buffer argument accepts any bytes-like object (``bytes``, ``bytearray``,
``memoryview``, a contiguous NumPy array); field elements are 32-byte little-endian plain
integers (values ≥ r are reduced mod r).

The C sources, one job each:

* ``field.[ch]``, ``mont_adx.h`` — Fp and Fr in Montgomery form (4×64-bit limbs); the
  multiplication kernel is chosen at start-up: mulx/adcx/adox assembly on CPUs with BMI2 and
  ADX, portable C elsewhere (``ZKGOV_PORTABLE=1`` forces the latter);
* ``tower.[ch]`` — Fp2, Fp6, Fp12, Frobenius maps, cyclotomic squaring;
* ``curve*.{c,h}`` — G1 and G2 in Jacobian coordinates (one template for both), ψ and the
  G2 subgroup test ψ(P) = [6u²]P;
* ``msm*``, ``fixed_base_impl.h`` — Pippenger MSM (signed digits, batch-affine buckets) and
  fixed-base batches for setup;
* ``glv*`` — scalar multiplication with the curves' endomorphisms (half-length scalars);
* ``scale*`` — each packed point times its own scalar (ceremony contributions) and the inverse
  FFT over G1/G2 that turns powers of τ into the Lagrange basis;
* ``ntt.[ch]``, ``qap.[ch]`` — NTTs over Fr and snarkjs's QAP quotient;
* ``pairing.[ch]`` — optimal ate Miller loop and the exact final exponentiation;
* ``poseidon.[ch]`` — the Poseidon permutation;
* ``parallel.[ch]`` — fork-join over POSIX threads (``ZKGOV_THREADS`` workers, default:
  every online CPU);
* ``curve_each.h`` — the one instantiation list: every per-curve template (``*_impl.h``) is
  compiled for G1 and G2 through it;
* ``bind*.{c,h}``, ``module.c`` — the CPython bindings (buffers in, bytes out, GIL released):
  one ``O&`` converter per argument kind (buffers checked for length and copied once when
  misaligned, scalars, bounded counts, checked points), every size through one
  overflow-checked helper, one point check (``C_(aff_check)``) for every binding;
* ``testing.c`` — ``zk.native._testing``, hooks only the tests use (Jacobian inputs, field
  batches, the Miller loop alone), built from the same core but kept out of this API.

Bad arguments raise :class:`zk.native.errors.NativeArgumentError` (a ``ValueError``), bad
points :class:`~zk.errors.PointError`, failed allocations
:class:`zk.native.errors.NativeMemoryError`: all are zkgov errors
(:class:`~zk.errors.ZkError`).
"""

from __future__ import annotations

from zk.native import _bn254
from zk.native._bn254 import thread_count

__all__ = ["fp_from_montgomery", "poseidon_hash_batch", "poseidon_permute", "thread_count"]

BytesLike = bytes | bytearray | memoryview


def fp_from_montgomery(values: BytesLike) -> bytes:
    """Packed Montgomery-form coordinates (32-byte little-endian x·2²⁵⁶ mod q, as stored in
    packed points) as plain 32-byte little-endian values x; inputs ≥ q are reduced first."""
    return _bn254.fp_from_montgomery(values)


def poseidon_permute(
    state: BytesLike, round_constants: BytesLike, mds: BytesLike, n_full: int, n_partial: int
) -> bytes:
    """Apply the Poseidon permutation (x⁵ S-box, circomlib's round structure) to ``state``.

    ``state`` holds t elements (t = 2…64). Each of the ``n_full + n_partial`` rounds adds t
    round constants (``round_constants``: (n_full + n_partial)·t elements in the order they
    are added), raises every element to the fifth power in the first and last ``n_full/2``
    rounds and only the first element in the partial rounds in between, then multiplies by
    the MDS matrix (``mds``: t×t elements, row-major: ``new_i = Σ_j M[i][j]·state_j``).
    Returns the permuted state (t elements).
    """
    return _bn254.poseidon_permute(state, round_constants, mds, n_full, n_partial)


def poseidon_hash_batch(
    inputs: BytesLike,
    k: int,
    round_constants: BytesLike,
    mds: BytesLike,
    n_full: int,
    n_partial: int,
) -> bytes:
    """Hash m rows of ``k`` inputs each (``inputs`` holds m×k elements) in one call.

    Row j is hashed as circomlib's ``Poseidon(k)``: the state [0, in_1, …, in_k] (t = k + 1)
    is permuted as in :func:`poseidon_permute` and element 0 is the hash. Returns m packed
    hashes. Rows are spread over the worker threads (``ZKGOV_THREADS``).
    """
    return _bn254.poseidon_hash_batch(inputs, k, round_constants, mds, n_full, n_partial)
