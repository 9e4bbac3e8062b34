"""Regression tests for the native core under hostile sizes and layouts (issue 25).

1. counts that overflowed a size computation (``fr_powers``, Poseidon's round constants) are
   refused with a zkgov error, never a crash or a ``SystemError``;
2. buffers at any alignment (file sections at offsets of 4 mod 8, as snarkjs writes them) give
   the same results as aligned ones (the bindings copy a misaligned buffer once; under
   ``make sanitize`` UBSan stops at any misaligned read);
3. the snarkjs-prepared ``.ptau`` fixture goes through ``setup_from_ptau`` (reproducer 3).
"""

from __future__ import annotations

import random
import struct
from pathlib import Path

import pytest

from tests.zk.curve.conftest import G1_GEN, G2_GEN
from zk.curve.encoding import pack_g1, pack_g2
from zk.curve.native import NativeBackend
from zk.errors import ZkError
from zk.field import R
from zk.native import _bn254
from zk.native.errors import NativeArgumentError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ceremony"
HUGE_COUNTS = [2**30 + 1, 2**58, 2**58 + 1, 2**58 + 3, 2**59 - 1, 2**59, 2**59 + 1, 2**62,
               2**63 - 1, 2**64 + 5]


@pytest.mark.parametrize("count", HUGE_COUNTS)
def test_fr_powers_refuses_counts_beyond_the_limit(count: int) -> None:
    with pytest.raises(NativeArgumentError, match="exceeds the limit"):
        NativeBackend().fr_powers(1, 1, count)


def test_fr_powers_refuses_negative_counts() -> None:
    with pytest.raises(NativeArgumentError, match="non-negative"):
        NativeBackend().fr_powers(1, 1, -1)
    assert NativeBackend().fr_powers(3, 2, 0) == bytearray()


@pytest.mark.parametrize("rounds", [2**58, 2**58 + 2, 2**59 - 2, 2**59, 2**62, 2**63 - 2])
def test_poseidon_refuses_round_counts_its_constants_do_not_hold(rounds: int) -> None:
    with pytest.raises(ZkError, match="round_constants"):
        _bn254.poseidon_permute(bytes(64), b"", bytes(128), rounds, 0)
    with pytest.raises(ZkError, match="round_constants"):
        _bn254.poseidon_permute(bytes(64), b"", bytes(128), 0, rounds)
    with pytest.raises(ZkError, match="round_constants"):
        _bn254.poseidon_hash_batch(bytes(32), 1, b"", bytes(128), rounds, 0)


def test_sizes_that_overflow_are_argument_errors() -> None:
    for call in (
        lambda: _bn254.qap_h(struct.pack("<I", 0), bytes(32), 2**62),
        lambda: _bn254.qap_h(struct.pack("<I", 0), bytes(32), -4),
        lambda: _bn254.poseidon_permute(bytes(64), bytes(64), bytes(128), 2**63 - 1, 2**63 - 1),
        lambda: _bn254.poseidon_permute(bytes(64), b"", bytes(128), 2**64, 0),
        lambda: _bn254.poseidon_permute(bytes(64), b"", bytes(128), -2, 0),
        lambda: _bn254.poseidon_hash_batch(bytes(64), 2**64 + 1, b"", bytes(128), 0, 0),
    ):
        with pytest.raises(NativeArgumentError):
            call()
    assert issubclass(NativeArgumentError, ZkError) and issubclass(NativeArgumentError, ValueError)


def misaligned(data: bytes, offset: int = 4) -> memoryview:
    """``data`` as a view that starts ``offset`` bytes into a fresh buffer."""
    return memoryview(bytearray(offset) + data)[offset:]


def test_misaligned_buffers_give_the_aligned_results() -> None:
    rng = random.Random(25)
    ks = b"".join(rng.randrange(R).to_bytes(32, "little") for _ in range(8))
    p1 = _bn254.g1_mul_batch(pack_g1([G1_GEN]), ks)
    p2 = _bn254.g2_mul_batch(pack_g2([G2_GEN]), ks)
    idx, ends = struct.pack("<8I", *range(8)), struct.pack("<4I", 2, 4, 6, 8)
    calls = [
        lambda p1, p2, ks, idx, ends: _bn254.g1_msm(p1, ks),
        lambda p1, p2, ks, idx, ends: _bn254.g2_msm(p2, ks),
        lambda p1, p2, ks, idx, ends: _bn254.g1_scale_batch(p1, ks),
        lambda p1, p2, ks, idx, ends: _bn254.g2_scale_batch(p2, ks),
        lambda p1, p2, ks, idx, ends: _bn254.g1_ifft(p1),
        lambda p1, p2, ks, idx, ends: _bn254.g2_ifft(p2),
        lambda p1, p2, ks, idx, ends: _bn254.g1_first_invalid(p1),
        lambda p1, p2, ks, idx, ends: _bn254.g2_first_invalid(p2),
        lambda p1, p2, ks, idx, ends: _bn254.g1_sparse_msm(p1, idx, ks, ends),
        lambda p1, p2, ks, idx, ends: _bn254.g2_sparse_msm(p2, idx, ks, ends),
        lambda p1, p2, ks, idx, ends: _bn254.pairing_product(p1, p2),
        lambda p1, p2, ks, idx, ends: _bn254.fr_ntt(ks),
    ]
    for call in calls:
        expected = call(p1, p2, ks, idx, ends)
        for offset in (1, 2, 4, 12):
            got = call(*(misaligned(b, offset) for b in (p1, p2, ks, idx, ends)))
            assert got == expected


def test_setup_from_the_snarkjs_prepared_ptau() -> None:
    """Reproducer 3: this file's sections sit at offsets of 4 mod 8."""
    from zk.ceremony.ptau_setup import setup_from_ptau
    from zk.formats.r1cs import read_r1cs

    ptau = (FIXTURES / "pot5_0002_prepared_by_snarkjs.ptau").read_bytes()
    r1cs = read_r1cs((FIXTURES / "chain.r1cs").read_bytes())
    pk = setup_from_ptau(r1cs, ptau)
    assert pk.domain_size >= r1cs.n_constraints


def test_test_hooks_live_in_their_own_module() -> None:
    """The Jacobian, bucket-sum, field-batch, endomorphism-split and half-pairing hooks are
    in ``zk.native._testing`` only."""
    from zk.native import _testing

    hooks = [name for name in dir(_testing) if not name.startswith("_")]
    assert len(hooks) == 21
    assert not [name for name in hooks if hasattr(_bn254, name)]
