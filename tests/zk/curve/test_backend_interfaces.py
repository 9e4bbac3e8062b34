"""Both backends implement both interfaces (the curve group and the field kernel), and the
routines added with the split agree between them."""

from __future__ import annotations

import random

import pytest

from zk.curve import available_backends, get_backend
from zk.curve.base import G1_GENERATOR, G2_GENERATOR, Backend, CurveGroup, FieldKernel
from zk.curve.encoding import pack_g1, pack_g2, pack_scalars, unpack_scalars
from zk.field import R, coset_ntt, ntt

from .conftest import random_twist_point

BACKENDS = available_backends()


@pytest.mark.parametrize("name", BACKENDS)
def test_every_backend_implements_both_interfaces(name):
    be = get_backend(name)
    assert isinstance(be, CurveGroup) and isinstance(be, FieldKernel)
    assert isinstance(be, Backend)


@pytest.mark.parametrize("name", BACKENDS)
def test_field_kernel_ntts_match_the_definition(name):
    be = get_backend(name)
    rng = random.Random(5)
    values = [rng.randrange(R) for _ in range(8)]
    packed = pack_scalars(values)
    assert unpack_scalars(be.fr_ntt(packed)) == ntt(values)
    assert unpack_scalars(be.fr_ntt(be.fr_ntt(packed), inverse=True)) == values
    assert unpack_scalars(be.fr_coset_ntt(packed, 7)) == coset_ntt(values, 7)


@pytest.mark.skipif(len(BACKENDS) < 2, reason="compares the native backend with py_ecc")
def test_new_group_routines_agree_between_backends():
    nat, ref = get_backend("native"), get_backend("reference")
    p = nat.g1_mul(G1_GENERATOR, 12345)
    q = nat.g2_mul(G2_GENERATOR, 678)
    pairs = [(p, q), (G1_GENERATOR, G2_GENERATOR), (None, q)]
    assert nat.pairing_product(pairs) == ref.pairing_product(pairs)
    assert ref.pairing_product([(p, q)]) == ref.pairing(p, q)
    packed = pack_g1([p, None]) + pack_g2([q])
    assert nat.fp_from_montgomery(packed) == ref.fp_from_montgomery(packed)
    rogue = random_twist_point(random.Random(3))
    assert not nat.g2_in_subgroup(rogue)
    cleared = nat.g2_clear_cofactor(rogue)
    assert cleared == ref.g2_clear_cofactor(rogue)
    assert cleared is not None and nat.g2_in_subgroup(cleared)
