"""The persistent prover: one key made ready once, many proofs; each proof checked against
py_ecc (the reference backend verifies what the native prover made, and the other way)."""

from __future__ import annotations

import warnings

import pytest

from zk import groth16
from zk.curve import available_backends, get_backend
from zk.curve.encoding import pack_scalars
from zk.errors import ConstraintError, UnsatisfiedWitnessError
from zk.field import R
from zk.formats.zkey import read_zkey, write_zkey

from .conftest import chain_witness, fast_backend

BACKENDS = available_backends()


@pytest.fixture(scope="module")
def chain_key():
    compiled, witness = chain_witness(20)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", groth16.DevelopmentSetupWarning)
        pk = groth16.setup(compiled.r1cs, backend=get_backend(BACKENDS[0]))
    return compiled, witness, pk


@pytest.mark.parametrize("prover_backend", BACKENDS)
def test_many_proofs_from_one_prover_verify_on_every_backend(chain_key, prover_backend):
    compiled, witness, pk = chain_key
    prover = groth16.Prover(pk, get_backend(prover_backend))
    proofs = []
    for start in (3, 5, 11):
        w = compiled.witness({"tag": 7, "start": start})
        proof, public = prover.prove(w)
        assert public == w[1 : pk.n_public + 1]
        for name in BACKENDS:
            assert groth16.verify(pk.verifying_key(), public, proof, backend=get_backend(name))
            assert not groth16.verify(pk.verifying_key(), [public[0] + 1, *public[1:]], proof,
                                      backend=get_backend(name))
        proofs.append(proof)
    # fresh blinding every time: the same witness never gives the same proof twice
    again, _ = prover.prove(witness)
    first, _ = prover.prove(witness)
    assert (again.a, again.c) != (first.a, first.c)


def test_packed_and_list_witness_give_the_same_public_values(chain_key):
    _, witness, pk = chain_key
    prover = groth16.Prover(pk)
    _, from_list = prover.prove(witness)
    _, from_packed = prover.prove(pack_scalars(witness))
    assert from_list == from_packed == witness[1 : pk.n_public + 1]


def test_prover_refuses_a_broken_witness_every_time(chain_key):
    compiled, witness, pk = chain_key
    prover = groth16.Prover(pk)
    bad = list(witness)
    bad[-1] = (bad[-1] + 1) % R
    for _ in range(2):
        with pytest.raises(UnsatisfiedWitnessError):
            prover.prove(bad)
        with pytest.raises(ConstraintError):
            prover.prove(bad, r1cs=compiled.r1cs)
    proof, public = prover.prove(witness)  # still proves honestly afterwards
    assert groth16.verify(pk.verifying_key(), public, proof)


def test_prover_on_a_memory_mapped_key(chain_key, tmp_path):
    from zk.files import map_bytes

    _, witness, pk = chain_key
    path = tmp_path / "chain.zkey"
    path.write_bytes(write_zkey(pk))
    mapped = read_zkey(map_bytes(path, "proving key"), copy=False)
    assert isinstance(mapped.a_points, memoryview)
    proof, public = groth16.Prover(mapped).prove(witness)
    assert groth16.verify(pk.verifying_key(), public, proof, backend=get_backend("reference"))


def mapped_key_handing_pages_back(pk, tmp_path):
    """``pk`` written and read back from a memory map, with the ``section_done`` that hands
    the map's pages back and counts its calls (the list)."""
    from zk.files import map_bytes, release_pages

    path = tmp_path / "chain.zkey"
    path.write_bytes(write_zkey(pk))
    mapped = map_bytes(path, "proving key")
    calls = []

    def section_done():
        calls.append(len(calls))
        release_pages(mapped)  # the bytes stay readable: they come back from the page cache

    return read_zkey(mapped, copy=False, section_done=section_done), section_done, calls


def test_sections_handed_back_while_proving_from_a_mapped_key(chain_key, tmp_path):
    from zk.files import release_pages

    _, witness, pk = chain_key
    key, section_done, calls = mapped_key_handing_pages_back(pk, tmp_path)
    assert len(calls) == 6  # coefficients, A, B1, B2, C, H checked
    proof, public = groth16.Prover(key).prove(witness, section_done=section_done)
    assert len(calls) >= 12  # and each used once (misaligned ones copied out in chunks)
    assert groth16.verify(pk.verifying_key(), public, proof, backend=get_backend("reference"))
    assert bytes(key.b2_points) == bytes(pk.b2_points)
    release_pages(b"not a map")  # anything else is left alone


@pytest.mark.parametrize("joint_up_to", [0, 1 << 16])
def test_c_and_h_apart_and_together_from_a_mapped_key(chain_key, tmp_path, monkeypatch,
                                                       joint_up_to):
    """A large key sums C and H as two MSMs, a small one as one: both give proofs that
    verify, with every section handed back."""
    from zk.groth16 import prover as prover_module

    monkeypatch.setattr(prover_module, "JOINT_MSM_MAX_DOMAIN", joint_up_to)
    _, witness, pk = chain_key
    key, section_done, calls = mapped_key_handing_pages_back(pk, tmp_path)
    before = len(calls)
    proof, public = groth16.Prover(key).prove(witness, section_done=section_done)
    assert len(calls) - before >= (6 if joint_up_to == 0 else 5)
    assert groth16.verify(pk.verifying_key(), public, proof, backend=get_backend("reference"))


def twist_point_outside_the_subgroup():
    """A point of the BN254 twist whose order is not r (the twist's cofactor is not 1)."""
    from py_ecc.fields import optimized_bn128_FQ2 as FQ2
    from py_ecc.optimized_bn128 import b2, field_modulus

    be = get_backend()
    for x in range(1, 1000):
        rhs = FQ2([x, 1]) ** 3 + b2
        y = rhs ** ((field_modulus**2 + 15) // 32)  # a square root for some of the x tried
        if y * y == rhs:
            point = ((x, 1), tuple(int(c) for c in y.coeffs))
            if not be.g2_in_subgroup(point):
                return point
    raise AssertionError("no twist point found")


@pytest.fixture(scope="module")
def wide_chain_key():
    """Over 1024 wires: the G1 MSMs split scalars with φ and the G2 MSM with ψ."""
    compiled, witness = chain_witness(1100)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", groth16.DevelopmentSetupWarning)
        pk = groth16.setup(compiled.r1cs, backend=fast_backend())
    return compiled, witness, pk


@pytest.mark.parametrize("key", ["chain_key", "wide_chain_key"])
def test_a_key_with_points_outside_their_groups_gives_no_proof(key, request):
    """With the circuit given the proof is not verified (the witness is checked instead), so
    the prover checks the proof's points: a B₂ point outside G2's prime-order subgroup would
    carry the witness modulo a small order into the published B. Over 1024 wires the G2 MSM
    uses ψ, which such a point also throws off: the same checks catch it."""
    import dataclasses

    from zk.curve.encoding import pack_g2, unpack_g2
    from zk.errors import KeyMismatchError

    compiled, witness, pk = request.getfixturevalue(key)
    bad_point = twist_point_outside_the_subgroup()
    b2 = unpack_g2(bytes(pk.b2_points))
    wire = next(i for i, v in enumerate(witness) if v and b2[i] is not None)
    b2[wire] = bad_point
    bad_key = dataclasses.replace(pk, b2_points=pack_g2(b2))
    with pytest.raises(KeyMismatchError, match="outside their groups"):
        groth16.Prover(bad_key).prove(witness, r1cs=compiled.r1cs)
    with pytest.raises(UnsatisfiedWitnessError):
        groth16.Prover(bad_key).prove(witness)
    proof, public = groth16.Prover(pk).prove(witness, r1cs=compiled.r1cs)
    assert groth16.verify(pk.verifying_key(), public, proof)
