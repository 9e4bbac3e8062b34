"""Setup → prove → verify on circuits of about 1, 100 and 1,000 constraints, on every backend
that is fast enough for the size."""

from __future__ import annotations

import warnings

import pytest

from zk import groth16
from zk.curve import available_backends, get_backend
from zk.curve.encoding import pack_scalars
from zk.errors import ConstraintError, KeyMismatchError, UnsatisfiedWitnessError
from zk.field import R

from .conftest import chain_witness


def _cases():
    for name in available_backends():
        for steps in (1, 100, 1000):
            if name == "reference" and steps > 100 and "native" in available_backends():
                continue  # py_ecc takes minutes at this size; native covers it
            yield pytest.param(name, steps, id=f"{name}-{steps}")


@pytest.mark.parametrize(("backend_name", "steps"), list(_cases()))
def test_round_trip(backend_name, steps):
    be = get_backend(backend_name)
    compiled, witness = chain_witness(steps)
    assert compiled.r1cs.n_constraints == steps + 1  # each square, plus the output
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", groth16.DevelopmentSetupWarning)
        pk = groth16.setup(compiled.r1cs, backend=be)
    proof, public = groth16.prove(pk, witness, backend=be)
    assert public == witness[1:3]
    vk = pk.verifying_key()
    assert groth16.verify(vk, public, proof, backend=be)
    assert not groth16.verify(vk, [public[0], public[1] + 1], proof, backend=be)


def test_setup_warns_that_it_is_for_development():
    compiled, _ = chain_witness(1)
    with pytest.warns(groth16.DevelopmentSetupWarning, match="forge"):
        groth16.setup(compiled.r1cs, backend=get_backend("reference"))


def test_two_proofs_of_one_statement_differ(small_key):
    compiled, pk, proof, public, be = small_key
    _, witness = chain_witness(4)
    again, _ = groth16.prove(pk, witness, backend=be)
    assert again.a != proof.a  # fresh r, s every time
    assert groth16.verify(pk.verifying_key(), public, again, backend=be)


def test_batch_verify(small_key):
    compiled, pk, proof, public, be = small_key
    _, witness = chain_witness(4)
    second, _ = groth16.prove(pk, witness, backend=be)
    vk = pk.verifying_key()
    assert groth16.batch_verify(vk, [(public, proof), (public, second)], backend=be)
    tampered = [public[0] + 1, public[1]]
    assert not groth16.batch_verify(vk, [(public, proof), (tampered, second)], backend=be)
    assert groth16.batch_verify(vk, [], backend=be)


def test_prove_refuses_a_witness_that_breaks_a_constraint(small_key):
    compiled, pk, _proof, _public, be = small_key
    _, witness = chain_witness(4)
    broken = list(witness)
    broken[1] = (broken[1] + 1) % R  # the output no longer follows from the start
    with pytest.raises(ConstraintError, match="constraint #"):
        groth16.prove(pk, broken, backend=be, r1cs=compiled.r1cs)
    with pytest.raises(UnsatisfiedWitnessError, match="does not satisfy"):
        groth16.prove(pk, broken, backend=be)
    with pytest.raises(UnsatisfiedWitnessError):
        groth16.prove(pk, pack_scalars(broken), backend=be)
    proof, public = groth16.prove(pk, witness, backend=be, r1cs=compiled.r1cs)
    assert groth16.verify(pk.verifying_key(), public, proof, backend=be)


def test_prove_refuses_a_circuit_that_is_not_the_keys(small_key):
    _compiled, pk, _proof, _public, be = small_key
    other, witness = chain_witness(5)
    with pytest.raises(KeyMismatchError, match="do not belong together"):
        groth16.prove(pk, witness[: pk.n_vars], backend=be, r1cs=other.r1cs)
