"""Circuit-specific setup from a ``.ptau``: byte-identical to ``snarkjs groth16 setup``, and
equal to the textbook formulas for a ``.ptau`` whose secrets we chose."""

from __future__ import annotations

import warnings

import pytest

from zk import groth16
from zk.ceremony.ptau_setup import _h_hash_count, domain_power, setup_from_ptau
from zk.curve import get_backend
from zk.curve.base import G1_GENERATOR, G2_GENERATOR
from zk.curve.encoding import pack_scalars, unpack_g1
from zk.errors import FormatError, KeyMismatchError
from zk.field import R
from zk.formats.binfile import read_binfile, write_binfile
from zk.formats.r1cs import read_r1cs
from zk.formats.wtns import read_wtns
from zk.formats.zkey import parse_contributions, read_zkey, write_zkey
from zk.qap import domain_for, lagrange_at, polynomials_at
from zk.r1cs import R1CS, Constraint, LinearCombination

from .conftest import make_ptau


def _setup_matches_snarkjs(circom_dir, name, backend=None):
    r1cs = read_r1cs((circom_dir / name / "circuit.r1cs").read_bytes())
    pk = setup_from_ptau(r1cs, (circom_dir / "pot8.ptau").read_bytes(), backend=backend)
    ours = write_zkey(pk)
    theirs = (circom_dir / name / "circuit_0000.zkey").read_bytes()
    a = read_binfile(ours, "zkey", 1).sections
    b = read_binfile(theirs, "zkey", 1).sections
    differing = [k for k in b if bytes(a[k]) != bytes(b[k])]
    assert differing == []
    assert ours == theirs


def test_multiplier_key_is_byte_identical_to_snarkjs(circom_dir):
    _setup_matches_snarkjs(circom_dir, "multiplier")


def test_poseidon_key_is_byte_identical_to_snarkjs(circom_dir, fast_backend):
    """240 constraints fill pot8's 2^8 domain: H comes from the extra top Lagrange level."""
    r1cs = read_r1cs((circom_dir / "poseidon_pair" / "circuit.r1cs").read_bytes())
    assert domain_power(r1cs) == 8
    _setup_matches_snarkjs(circom_dir, "poseidon_pair", fast_backend)


def test_key_from_ptau_proves_and_verifies(circom_dir):
    r1cs = read_r1cs((circom_dir / "multiplier" / "circuit.r1cs").read_bytes())
    pk = setup_from_ptau(r1cs, (circom_dir / "pot8.ptau").read_bytes())
    witness = read_wtns((circom_dir / "multiplier" / "witness.wtns").read_bytes())
    proof, public = groth16.prove(pk, witness)
    assert public == [33, 3]
    assert groth16.verify(pk.verifying_key(), public, proof,
                          allow_forgeable=True)  # no phase-2 contribution yet
    assert not groth16.verify(pk.verifying_key(), [33, 4], proof,
                          allow_forgeable=True)  # no phase-2 contribution yet


def _chain_circuit() -> R1CS:
    """out = x·y·z + 5·x with x public: three constraints, one with a constant term."""
    lc = LinearCombination
    # wires: 0 one, 1 out, 2 x, 3 y, 4 z, 5 t = x·y
    return R1CS(
        6, 1, 1, 2,
        [
            Constraint(lc({2: 1}), lc({3: 1}), lc({5: 1})),
            Constraint(lc({5: 1}), lc({4: 1}), lc({1: 1, 2: R - 5})),
            Constraint(lc({0: 3, 2: 1}), lc({0: 1}), lc({0: 3, 2: 1})),
        ],
    )


def test_setup_equals_the_textbook_key_for_known_secrets():
    tau, alpha, beta = 123456789, 987654321, 55555
    r1cs = _chain_circuit()
    ptau = make_ptau(4, tau, alpha, beta)  # domain 8 (3 + 2 + 1 rows): H below the top level
    pk = setup_from_ptau(r1cs, ptau)
    be = get_backend()
    n = domain_for(r1cs)
    assert pk.domain_size == n == 8
    a, b, c = polynomials_at(r1cs, tau)

    def g1(scalars):
        return be.g1_mul_batch(G1_GENERATOR, pack_scalars(scalars))

    k = [(beta * x + alpha * y + z) % R for x, y, z in zip(a, b, c, strict=True)]
    assert pk.a_points == g1(a)
    assert pk.b1_points == g1(b)
    assert pk.b2_points == be.g2_mul_batch(G2_GENERATOR, pack_scalars(b))
    assert pk.ic == unpack_g1(g1(k[:3]))
    assert pk.c_points == g1(k[3:])
    assert pk.h_points == g1(lagrange_at(tau, n, odd_only=True))
    assert pk.alpha1 == be.g1_mul(G1_GENERATOR, alpha)
    assert pk.beta2 == be.g2_mul(G2_GENERATOR, beta)
    assert (pk.gamma2, pk.delta1, pk.delta2) == (G2_GENERATOR, G1_GENERATOR, G2_GENERATOR)
    # and the key proves: out = 2·3·4 + 5·2 = 34
    proof, public = groth16.prove(pk, [1, 34, 2, 3, 4, 6])
    assert public == [34, 2]
    assert groth16.verify(pk.verifying_key(), public, proof,
                          allow_forgeable=True)  # no phase-2 contribution yet


def test_domain_at_the_ptau_power_takes_h_from_the_top_level_and_still_proves():
    """With a 2^p domain from a power-p file, H comes from level p + 1, which prepare phase2
    builds without τ^(2n−1); the missing term cancels in Σ h_i·H_i, so proofs verify."""
    tau = 1234567
    r1cs = _chain_circuit()
    pk = setup_from_ptau(r1cs, make_ptau(3, tau, 17, 19))
    plain = get_backend().g1_mul_batch(
        G1_GENERATOR, pack_scalars(lagrange_at(tau, 8, odd_only=True))
    )
    assert pk.h_points != plain
    proof, public = groth16.prove(pk, [1, 34, 2, 3, 4, 6])
    assert groth16.verify(pk.verifying_key(), public, proof,
                          allow_forgeable=True)  # no phase-2 contribution yet


def test_key_written_from_ptau_reads_back_with_its_circuit_hash(circom_dir):
    r1cs = read_r1cs((circom_dir / "multiplier" / "circuit.r1cs").read_bytes())
    pk = setup_from_ptau(r1cs, (circom_dir / "pot8.ptau").read_bytes())
    back = read_zkey(write_zkey(pk), check_points=True)
    assert parse_contributions(back.contributions).cs_hash == pk.contributions[:64]


def test_ptau_too_small_for_the_circuit_is_refused():
    r1cs = _chain_circuit()  # needs 2^3
    with pytest.raises(KeyMismatchError, match=r"needs a 2\^3 domain .* power 2"):
        setup_from_ptau(r1cs, make_ptau(2, 7, 11, 13))


def test_unprepared_ptau_is_refused(circom_dir):
    raw = (circom_dir / "pot8.ptau").read_bytes()
    kept = [(k, v) for k, v in read_binfile(raw, "ptau", 1).sections.items() if k < 12]
    r1cs = read_r1cs((circom_dir / "multiplier" / "circuit.r1cs").read_bytes())
    with pytest.raises(FormatError, match="not prepared for phase 2"):
        setup_from_ptau(r1cs, write_binfile("ptau", 1, kept))


def test_dev_setup_and_ptau_setup_keys_both_prove_the_same_statement(circom_dir):
    r1cs = read_r1cs((circom_dir / "multiplier" / "circuit.r1cs").read_bytes())
    witness = read_wtns((circom_dir / "multiplier" / "witness.wtns").read_bytes())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", groth16.DevelopmentSetupWarning)
        dev = groth16.setup(r1cs)
    assert dev.domain_size == setup_from_ptau(r1cs, (circom_dir / "pot8.ptau").read_bytes()
                                              ).domain_size
    proof, public = groth16.prove(dev, witness)
    assert groth16.verify(dev.verifying_key(), public, proof)


@pytest.mark.parametrize(
    ("n", "count"),
    [(2, 1), (4, 3), (1 << 14, (1 << 14) - 1), (1 << 15, 1 << 15), (1 << 20, 1 << 20)],
)
def test_circuit_hash_walks_tau_differences_as_snarkjs_does(n, count):
    # snarkjs hashes n − 1 points in chunks of 2^14 and always reads whole chunks
    assert _h_hash_count(n) == count
