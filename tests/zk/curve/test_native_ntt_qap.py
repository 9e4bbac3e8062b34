"""NTTs over Fr and snarkjs's QAP quotient in C against the Python reference (zk.field, zk.qap)."""

from __future__ import annotations

import random
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zk.curve.encoding import pack_scalars, unpack_scalars
from zk.curve.native import NativeBackend
from zk.errors import FormatError
from zk.field import R, coset_ntt, ntt, root_of_unity
from zk.qap import QapMatrices, domain_for, h_evaluations_packed, pack_coefficients
from zk.r1cs import R1CS, Constraint, LinearCombination

nat = NativeBackend()
fr = st.integers(min_value=0, max_value=R - 1)


@settings(max_examples=25, deadline=None)
@given(log_n=st.integers(0, 7), data=st.data())
def test_ntt_equals_reference(log_n: int, data: st.DataObject) -> None:
    values = data.draw(st.lists(fr, min_size=1 << log_n, max_size=1 << log_n))
    packed = pack_scalars(values)
    assert unpack_scalars(nat.fr_ntt(packed)) == ntt(values)
    assert unpack_scalars(nat.fr_ntt(packed, inverse=True)) == ntt(values, inverse=True)


@pytest.mark.parametrize("log_n", [12, 13])
def test_large_ntt_round_trip_and_reference(log_n: int) -> None:
    """Sizes past the cache block: whole-array stages, block stages and threads all run."""
    rng = random.Random(log_n)
    values = [rng.randrange(R) for _ in range(1 << log_n)]
    packed = pack_scalars(values)
    forward = nat.fr_ntt(packed)
    assert unpack_scalars(forward) == ntt(values)
    assert nat.fr_ntt(forward, inverse=True) == packed


@settings(max_examples=15, deadline=None)
@given(log_n=st.integers(0, 6), shift=st.integers(1, R - 1), data=st.data())
def test_coset_ntt_equals_reference(log_n: int, shift: int, data: st.DataObject) -> None:
    values = data.draw(st.lists(fr, min_size=1 << log_n, max_size=1 << log_n))
    packed = pack_scalars(values)
    assert unpack_scalars(nat.fr_coset_ntt(packed, shift)) == coset_ntt(values, shift)
    assert unpack_scalars(nat.fr_coset_ntt(packed, shift, inverse=True)) == coset_ntt(
        values, shift, inverse=True
    )


def test_ntt_reduces_inputs_and_checks_sizes() -> None:
    assert nat.fr_ntt((R + 5).to_bytes(32, "little")) == (5).to_bytes(32, "little")
    with pytest.raises(ValueError, match="power of two"):
        nat.fr_ntt(bytes(32 * 3))
    with pytest.raises(ValueError, match="power of two"):
        nat.fr_ntt(b"")
    with pytest.raises(ValueError, match="non-zero"):
        nat.fr_coset_ntt(bytes(64), R)


def test_ntt_roots_are_the_standard_domain() -> None:
    """The forward NTT of (0, 1, 0, …) lists ω^i for zk.field.root_of_unity(n)."""
    for log_n in (1, 5, 10):
        n = 1 << log_n
        x = unpack_scalars(nat.fr_ntt(pack_scalars([0, 1] + [0] * (n - 2))))
        w = root_of_unity(n)
        assert x == [pow(w, i, R) for i in range(n)]


# ---- QAP --------------------------------------------------------------------------------------


def random_r1cs(rng: random.Random, n_constraints: int, n_wires: int, n_public: int) -> R1CS:
    def lc(terms: int) -> LinearCombination:
        return LinearCombination({rng.randrange(n_wires): rng.randrange(R) for _ in range(terms)})

    cons = [Constraint(lc(rng.randint(0, 3)), lc(rng.randint(0, 3)), lc(1))
            for _ in range(n_constraints)]
    return R1CS(n_wires, n_public, 0, n_wires - 1 - n_public, cons)


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 2**32), n_constraints=st.integers(0, 40), n_public=st.integers(0, 3))
def test_qap_h_is_byte_identical(seed: int, n_constraints: int, n_public: int) -> None:
    rng = random.Random(seed)
    r1cs = random_r1cs(rng, n_constraints, 6 + n_public, n_public)
    witness = pack_scalars([1] + [rng.randrange(R) for _ in range(r1cs.n_wires - 1)])
    coefs, n = pack_coefficients(r1cs), domain_for(r1cs)
    planned = QapMatrices.from_section(coefs)
    assert nat.qap_h(planned, witness, n) == h_evaluations_packed(coefs, witness, n)


def test_qap_h_large_domain_threads() -> None:
    """A 2^13 domain: row-split parallel sparse products and the full NTT pipeline."""
    rng = random.Random(11)
    r1cs = random_r1cs(rng, 5000, 300, 2)
    witness = pack_scalars([1] + [rng.randrange(R) for _ in range(299)])
    coefs, n = pack_coefficients(r1cs), domain_for(r1cs)
    assert n == 8192
    planned = QapMatrices.from_section(coefs)
    assert nat.qap_h(planned, witness, n) == h_evaluations_packed(coefs, witness, n)


def test_qap_h_unsorted_entries_and_witness_above_r() -> None:
    rng = random.Random(2)
    r1cs = random_r1cs(rng, 20, 8, 1)
    body = pack_coefficients(r1cs)
    entries = [body[4 + 44 * i: 4 + 44 * (i + 1)] for i in range((len(body) - 4) // 44)]
    rng.shuffle(entries)
    shuffled = body[:4] + b"".join(entries)
    values = [1] + [rng.randrange(R) for _ in range(7)]
    above = b"".join((v + R).to_bytes(32, "little") if i else v.to_bytes(32, "little")
                     for i, v in enumerate(values))
    n = domain_for(r1cs)
    expected = h_evaluations_packed(body, pack_scalars(values), n)
    assert nat.qap_h(QapMatrices.from_section(shuffled), above, n) == expected


def coefficient_section(entries: list[tuple[int, int, int, bytes]]) -> bytes:
    return struct.pack("<I", len(entries)) + b"".join(
        struct.pack("<III", m, row, sig) + c for m, row, sig, c in entries
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"\x01\x00", "shorter than its count"),
        (struct.pack("<I", 2) + bytes(44), "expected 2 entries"),
        (coefficient_section([(0, 0, 0, R.to_bytes(32, "little"))]), "not below r"),
        (coefficient_section([(2, 0, 0, bytes(32))]), "names matrix 2"),
        (coefficient_section([(0, 4, 0, bytes(32))]), "row 4 lies outside"),
        (coefficient_section([(1, 0, 9, bytes(32))]), "signal 9"),
    ],
)
def test_qap_h_rejects_malformed_sections(body: bytes, message: str) -> None:
    witness = pack_scalars([1, 2, 3])
    with pytest.raises(FormatError, match=message):
        nat.qap_h(QapMatrices.from_section(body), witness, 4)
    with pytest.raises(FormatError, match=message):
        h_evaluations_packed(body, witness, 4)


def test_qap_h_domain_must_be_a_power_of_two() -> None:
    with pytest.raises(ValueError, match="power of two"):
        nat.qap_h(QapMatrices.from_section(struct.pack("<I", 0)), pack_scalars([1]), 6)
