"""circom ``.r1cs``: what circom writes reads back exactly, and what we write is circom's."""

from __future__ import annotations

import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zk.errors import FieldError, FormatError
from zk.field import R
from zk.formats.binfile import read_binfile, write_binfile
from zk.formats.r1cs import read_r1cs, read_r1cs_header, write_r1cs
from zk.formats.wtns import read_wtns
from zk.r1cs import R1CS, Constraint, LinearCombination

coefficients = st.one_of(
    st.integers(min_value=1, max_value=5),
    st.just(R - 1),
    st.integers(min_value=1, max_value=R - 1),
)


@st.composite
def r1cs_systems(draw, max_wires: int = 12, max_constraints: int = 8) -> R1CS:
    """Random constraint systems in circom's wire order (not necessarily satisfiable)."""
    n_wires = draw(st.integers(min_value=1, max_value=max_wires))
    free = n_wires - 1
    n_out = draw(st.integers(min_value=0, max_value=free))
    n_pub = draw(st.integers(min_value=0, max_value=free - n_out))
    n_prv = draw(st.integers(min_value=0, max_value=free - n_out - n_pub))
    lcs = st.dictionaries(st.integers(0, n_wires - 1), coefficients, max_size=4).map(
        LinearCombination
    )
    constraints = draw(st.lists(st.builds(Constraint, lcs, lcs, lcs), max_size=max_constraints))
    labels = draw(
        st.none() | st.lists(st.integers(0, 2**64 - 1), min_size=n_wires, max_size=n_wires)
    )
    return R1CS(n_wires, n_out, n_pub, n_prv, constraints, wire_labels=labels)


def _same(a: R1CS, b: R1CS) -> bool:
    return (
        (a.n_wires, a.n_public_outputs, a.n_public_inputs, a.n_private_inputs)
        == (b.n_wires, b.n_public_outputs, b.n_public_inputs, b.n_private_inputs)
        and [(c.a, c.b, c.c) for c in a.constraints] == [(c.a, c.b, c.c) for c in b.constraints]
        and (a.wire_labels or list(range(a.n_wires))) == b.wire_labels
    )


@given(r1cs_systems())
def test_write_then_read_is_the_identity(r1cs):
    data = write_r1cs(r1cs)
    back = read_r1cs(data)
    assert _same(r1cs, back)
    assert write_r1cs(back) == data


@pytest.mark.parametrize(
    ("circuit", "file", "witness"),
    [
        ("multiplier", "circuit.r1cs", "witness.wtns"),
        ("poseidon_pair", "circuit.r1cs", "witness.wtns"),
        ("merkle_membership", "circuit.r1cs", "witness.wtns"),
        ("merkle_membership", "circuit_O1.r1cs", "witness_O1.wtns"),
    ],
)
def test_circom_files_read_satisfied_and_rewritten_byte_for_byte(
    circom_dir, circuit, file, witness
):
    raw = (circom_dir / circuit / file).read_bytes()
    r1cs = read_r1cs(raw)
    r1cs.check(read_wtns((circom_dir / circuit / witness).read_bytes()))
    assert write_r1cs(r1cs) == raw
    assert list(read_binfile(raw, "r1cs", 1).sections) == [2, 1, 3]  # circom's own order


def test_multiplier_is_stored_as_circom_documents_it(circom_dir):
    r1cs = read_r1cs((circom_dir / "multiplier" / "circuit.r1cs").read_bytes())
    # wires: one, c (output), a (public input), b (private input); c <== a*b is
    # stored as (−1·a)·(b) − (−1·c) = 0
    assert (r1cs.n_wires, r1cs.n_public_outputs, r1cs.n_public_inputs) == (4, 1, 1)
    (con,) = r1cs.constraints
    assert con.a.terms == {2: R - 1} and con.b.terms == {3: 1} and con.c.terms == {1: R - 1}
    assert r1cs.wire_labels == [0, 1, 2, 3]


def test_o1_keeps_linear_constraints_o2_removes_them(circom_dir):
    o1 = read_r1cs((circom_dir / "merkle_membership" / "circuit_O1.r1cs").read_bytes())
    o2 = read_r1cs((circom_dir / "merkle_membership" / "circuit.r1cs").read_bytes())
    linear = [c for c in o1.constraints if not c.a.terms or not c.b.terms]
    assert len(linear) > 1000
    assert all(c.a.terms and c.b.terms for c in o2.constraints)
    assert o1.n_public == o2.n_public == 2


def test_header_reader_matches_full_reader(circom_dir):
    raw = (circom_dir / "merkle_membership" / "circuit.r1cs").read_bytes()
    header = read_r1cs_header(raw)
    r1cs = read_r1cs(raw)
    assert header.n_constraints == r1cs.n_constraints == 1663
    assert header.n_labels == max(r1cs.wire_labels) + 1
    assert header.n_public == r1cs.n_public


def _sections(raw: bytes) -> dict[int, bytes]:
    return {k: bytes(v) for k, v in read_binfile(raw, "r1cs", 1).sections.items()}


def _rebuild(sections: dict[int, bytes]) -> bytes:
    return write_binfile("r1cs", 1, list(sections.items()))


@pytest.fixture
def multiplier(circom_dir) -> dict[int, bytes]:
    return _sections((circom_dir / "multiplier" / "circuit.r1cs").read_bytes())


def test_custom_gate_sections_are_rejected_clearly(multiplier):
    multiplier[4] = struct.pack("<I", 0)
    multiplier[5] = struct.pack("<I", 0)
    with pytest.raises(FormatError, match=r"custom gates .* only PLONK"):
        read_r1cs(_rebuild(multiplier))


def test_other_primes_are_named(multiplier):
    bls_r = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
    header = bytearray(multiplier[1])
    header[4:36] = bls_r.to_bytes(32, "little")
    multiplier[1] = bytes(header)
    with pytest.raises(FormatError, match="BLS12-381"):
        read_r1cs(_rebuild(multiplier))


def test_coefficient_not_below_r_is_a_field_error(multiplier):
    body = bytearray(multiplier[2])
    body[8:40] = R.to_bytes(32, "little")  # first term of A: u32 count, u32 wire, coeff
    multiplier[2] = bytes(body)
    with pytest.raises(FieldError, match=r"constraint #0 .* not below r"):
        read_r1cs(_rebuild(multiplier))


def test_wire_beyond_the_circuit_is_rejected(multiplier):
    body = bytearray(multiplier[2])
    struct.pack_into("<I", body, 4, 4)  # the multiplier has wires 0..3
    multiplier[2] = bytes(body)
    with pytest.raises(FormatError, match="names wire 4 in A"):
        read_r1cs(_rebuild(multiplier))


def test_constraint_count_larger_than_the_section_fails_fast(multiplier):
    header = bytearray(multiplier[1])
    struct.pack_into("<I", header, len(header) - 4, 2**32 - 1)
    multiplier[1] = bytes(header)
    with pytest.raises(FormatError, match="declares 4294967295 constraints"):
        read_r1cs(_rebuild(multiplier))


def test_fewer_wires_than_inputs_is_rejected(multiplier):
    header = bytearray(multiplier[1])
    struct.pack_into("<I", header, 36, 2)  # nWires = 2 < 1 + 3 inputs
    multiplier[1] = bytes(header)
    with pytest.raises(FormatError, match="declares 2 wires"):
        read_r1cs(_rebuild(multiplier))


def test_label_map_of_the_wrong_size_is_rejected(multiplier):
    multiplier[3] = multiplier[3][:-8]
    with pytest.raises(FormatError, match=r"wire-label map .* holds 24 bytes, expected 32"):
        read_r1cs(_rebuild(multiplier))


def test_missing_constraint_section_is_named(multiplier):
    del multiplier[2]
    with pytest.raises(FormatError, match="no section 2 \\(constraints\\)"):
        read_r1cs(_rebuild(multiplier))


def test_duplicate_wire_in_one_combination_is_rejected(multiplier):
    body = bytearray(multiplier[2])
    # turn B = {3: 1} into two terms on wire 3
    b_at = 4 + 36
    term = body[b_at + 4 : b_at + 40]
    struct.pack_into("<I", body, b_at, 2)
    body[b_at + 40 : b_at + 40] = term
    multiplier[2] = bytes(body)
    with pytest.raises(FormatError, match="lists wire 3 twice in B"):
        read_r1cs(_rebuild(multiplier))


def test_writer_rejects_wires_beyond_the_circuit():
    r1cs = R1CS(2, 0, 0, 1, [Constraint(LinearCombination({5: 1}), LinearCombination(),
                                        LinearCombination())])
    with pytest.raises(FormatError, match="wire 5"):
        write_r1cs(r1cs)


def test_writer_without_labels_writes_the_identity_map():
    r1cs = R1CS(3, 1, 0, 1, [])
    back = read_r1cs(write_r1cs(r1cs))
    assert back.wire_labels == [0, 1, 2]
    assert read_r1cs_header(write_r1cs(r1cs)).n_labels == 3
