"""Linear combinations, constraints and the satisfiability check."""

from __future__ import annotations

import pytest

from zk.errors import ConstraintError, KeyMismatchError
from zk.field import R
from zk.r1cs import R1CS, Constraint, LinearCombination


def multiplier() -> R1CS:
    # wires: 0 one, 1 c (output), 2 a, 3 b (private)
    lc = LinearCombination.wire
    return R1CS(
        n_wires=4,
        n_public_outputs=1,
        n_public_inputs=0,
        n_private_inputs=2,
        constraints=[Constraint(lc(2), lc(3), lc(1), "c = a*b")],
    )


def test_linear_combination_arithmetic_drops_zero_terms():
    a = LinearCombination({1: 2, 2: 3})
    b = LinearCombination({1: R - 2, 3: 1})
    assert (a + b).terms == {2: 3, 3: 1}
    assert (a - a).terms == {}
    assert a.scale(0).terms == {}
    assert (-a).terms == {1: R - 2, 2: R - 3}
    assert LinearCombination.constant(5).is_constant()
    assert LinearCombination({1: 2}).evaluate([1, 21]) == 42


def test_satisfied_witness_passes():
    r1cs = multiplier()
    r1cs.check([1, 35, 5, 7])
    assert r1cs.is_satisfied([1, 35, 5, 7])


def test_unsatisfied_constraint_is_named_with_index_label_and_values():
    r1cs = multiplier()
    with pytest.raises(ConstraintError) as info:
        r1cs.check([1, 36, 5, 7])
    err = info.value
    assert (err.index, err.label, err.a, err.b, err.c) == (0, "c = a*b", 5, 7, 36)
    assert "constraint #0 'c = a*b'" in str(err)


def test_witness_of_wrong_length_is_rejected():
    with pytest.raises(KeyMismatchError):
        multiplier().check([1, 35, 5])
    with pytest.raises(KeyMismatchError):
        multiplier().check([2, 35, 5, 7])


def test_stats_count_every_kind_of_wire():
    stats = multiplier().stats()
    assert stats["constraints"] == 1 and stats["internal_wires"] == 0
    assert stats["nonzero_terms"] == 3
