"""snarkjs Groth16 ``.zkey``: their keys read and rewritten exactly; hostile keys refused."""

from __future__ import annotations

import struct
import warnings

import pytest

from zk import groth16
from zk.curve import get_backend
from zk.curve.base import G1_GENERATOR, G2_GENERATOR
from zk.curve.encoding import pack_g1, pack_g2
from zk.errors import FieldError, FormatError, PointError
from zk.field import Q, R
from zk.formats.binfile import read_binfile, write_binfile
from zk.formats.r1cs import read_r1cs
from zk.formats.zkey import (
    WRITE_ORDER,
    Contribution,
    Contributions,
    pack_contributions,
    parse_contributions,
    read_verifying_key,
    read_zkey,
    read_zkey_header,
    write_zkey,
)
from zk.formats.zkey_coefficients import read_coefficients

KEYS = [
    ("multiplier", "circuit_0000.zkey"),
    ("multiplier", "circuit.zkey"),
    ("poseidon_pair", "circuit_0000.zkey"),
    ("poseidon_pair", "circuit.zkey"),
    ("merkle_membership", "circuit.zkey"),
]


@pytest.mark.parametrize(("circuit", "file"), KEYS)
def test_snarkjs_keys_read_and_rewrite_byte_for_byte(circom_dir, circuit, file):
    raw = (circom_dir / circuit / file).read_bytes()
    pk = read_zkey(raw)
    r1cs = read_r1cs((circom_dir / circuit / "circuit.r1cs").read_bytes())
    assert (pk.n_vars, pk.n_public) == (r1cs.n_wires, r1cs.n_public)
    assert write_zkey(pk) == raw


def test_multiplier_key_header(circom_dir):
    fresh = read_zkey((circom_dir / "multiplier" / "circuit_0000.zkey").read_bytes())
    final = read_zkey((circom_dir / "multiplier" / "circuit.zkey").read_bytes())
    assert (fresh.n_vars, fresh.n_public, fresh.domain_size) == (4, 2, 4)
    # snarkjs leaves γ = δ = 1 after setup; a phase-2 contribution changes δ only
    assert fresh.gamma2 == G2_GENERATOR and fresh.delta2 == G2_GENERATOR
    assert fresh.delta1 == G1_GENERATOR
    assert final.gamma2 == G2_GENERATOR and final.delta2 != G2_GENERATOR
    assert (final.alpha1, final.beta1, final.beta2) == (fresh.alpha1, fresh.beta1, fresh.beta2)
    header = read_zkey_header((circom_dir / "multiplier" / "circuit.zkey").read_bytes())
    assert header.delta1 == final.delta1


def test_contributions_section(circom_dir):
    fresh = read_zkey((circom_dir / "multiplier" / "circuit_0000.zkey").read_bytes())
    final = read_zkey((circom_dir / "multiplier" / "circuit.zkey").read_bytes())
    empty = parse_contributions(fresh.contributions)
    one = parse_contributions(final.contributions)
    assert empty.entries == () and len(empty.cs_hash) == 64
    assert one.cs_hash == empty.cs_hash  # the circuit hash survives contributions
    (entry,) = one.entries
    assert entry.delta_after == final.delta1 and entry.kind == 0
    assert entry.params == b"\x01\x07fixture"  # parameter 1 (name), length, "fixture"
    assert pack_contributions(one) == final.contributions


def test_coefficients_are_stored_as_c_times_r_squared(circom_dir):
    pk = read_zkey((circom_dir / "multiplier" / "circuit_0000.zkey").read_bytes())
    entries = read_coefficients(pk.coefs)
    # c <== a*b: A row 0 holds −1·a (wire 2), B row 0 holds 1·b (wire 3), then the three
    # public rows A[1 + s] = w_s for s = 0, 1, 2
    assert [(e.matrix, e.row, e.signal, e.coeff) for e in entries] == [
        (0, 0, 2, R - 1),
        (1, 0, 3, 1),
        (0, 1, 0, 1),
        (0, 2, 1, 1),
        (0, 3, 2, 1),
    ]
    raw_first = int.from_bytes(pk.coefs[16:48], "little")
    assert raw_first == (R - 1) * pow(2, 512, R) % R


def test_our_keys_round_trip_in_snarkjs_section_order(circom_dir):
    r1cs = read_r1cs((circom_dir / "multiplier" / "circuit.r1cs").read_bytes())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", groth16.DevelopmentSetupWarning)
        pk = groth16.setup(r1cs)
    data = write_zkey(pk)
    assert list(read_binfile(data, "zkey", 1).sections) == list(WRITE_ORDER)
    back = read_zkey(data, check_points=True)
    for name in ("n_vars", "n_public", "domain_size", "alpha1", "beta1", "beta2", "gamma2",
                 "delta1", "delta2", "ic", "coefs", "a_points", "b1_points", "b2_points",
                 "c_points", "h_points"):
        assert getattr(back, name) == getattr(pk, name), name
    contributions = parse_contributions(back.contributions)
    assert contributions.entries == () and len(contributions.cs_hash) == 64
    assert write_zkey(back) == data


# ----- hostile keys ---------------------------------------------------------------------------

@pytest.fixture
def sections(circom_dir) -> dict[int, bytes]:
    raw = (circom_dir / "multiplier" / "circuit.zkey").read_bytes()
    return {k: bytes(v) for k, v in read_binfile(raw, "zkey", 2).sections.items()}


def _rebuild(sections: dict[int, bytes]) -> bytes:
    return write_binfile("zkey", 1, list(sections.items()))


def _patch(sections, section, offset, data):
    body = bytearray(sections[section])
    body[offset : offset + len(data)] = data
    sections[section] = bytes(body)


HEADER_POINTS = 4 + 32 + 4 + 32 + 12  # where α₁ starts in section 2


def test_plonk_keys_are_refused(sections):
    sections[1] = struct.pack("<I", 2)
    with pytest.raises(FormatError, match="PLONK key; zkgov proves with Groth16 keys only"):
        read_zkey(_rebuild(sections))


def test_other_curve_is_refused(sections):
    _patch(sections, 2, 4, (Q + 2).to_bytes(32, "little"))
    with pytest.raises(FormatError, match="prime q is not BN254's"):
        read_zkey(_rebuild(sections))


@pytest.mark.parametrize("domain", [0, 3, 1 << 29])
def test_domain_size_must_be_a_power_of_two(sections, domain):
    _patch(sections, 2, 80, struct.pack("<I", domain))
    with pytest.raises(FormatError, match="domain size"):
        read_zkey(_rebuild(sections))


def test_more_public_values_than_variables_is_refused(sections):
    _patch(sections, 2, 76, struct.pack("<I", 4))
    with pytest.raises(FormatError, match="4 public values but only 4 variables"):
        read_zkey(_rebuild(sections))


def test_coordinate_not_below_q_is_a_field_error(sections):
    _patch(sections, 2, HEADER_POINTS, Q.to_bytes(32, "little"))
    with pytest.raises(FieldError, match="header coordinate"):
        read_zkey(_rebuild(sections))


def test_alpha_off_the_curve_is_a_point_error(sections):
    _patch(sections, 2, HEADER_POINTS, pack_g1([(1, 3)]))
    with pytest.raises(PointError, match="alpha1 is not a point on G1"):
        read_zkey(_rebuild(sections))


def test_alpha_at_infinity_is_refused(sections):
    _patch(sections, 2, HEADER_POINTS, bytes(64))
    with pytest.raises(PointError, match="alpha1 is the point at infinity"):
        read_zkey(_rebuild(sections))


def test_delta2_outside_the_subgroup_is_refused(sections, rogue_g2):
    delta2_at = HEADER_POINTS + 2 * 64 + 2 * 128 + 64
    _patch(sections, 2, delta2_at, pack_g2([rogue_g2]))
    with pytest.raises(PointError, match="delta2 is on the curve but not in the G2 subgroup"):
        read_zkey(_rebuild(sections))


def test_ic_point_off_the_curve_is_refused(sections):
    _patch(sections, 3, 64, pack_g1([(1, 3)]))
    with pytest.raises(PointError, match="IC point #1"):
        read_zkey(_rebuild(sections))


@pytest.mark.parametrize(("section", "name"), [(5, "A"), (6, "B1"), (7, "B2"), (8, "C"),
                                               (9, "H"), (3, "IC")])
def test_point_sections_of_the_wrong_size_are_refused(sections, section, name):
    sections[section] = sections[section][:-64]
    with pytest.raises(FormatError, match=f".zkey {name} \\(section {section}"):
        read_zkey(_rebuild(sections))


def test_big_section_coordinate_not_below_q_is_refused(sections):
    _patch(sections, 7, 128 + 96, Q.to_bytes(32, "little"))
    with pytest.raises(FieldError, match="B2 point #1"):
        read_zkey(_rebuild(sections))


def test_off_curve_big_section_point_is_found_with_check_points(sections):
    _patch(sections, 5, 64, pack_g1([(1, 3)]))
    data = _rebuild(sections)
    read_zkey(data)  # sizes and ranges are fine: the cheap checks pass
    with pytest.raises(PointError, match="A point #1"):
        read_zkey(data, check_points=True)


@pytest.mark.parametrize(
    ("field_offset", "value", "message"),
    [
        (0, 2, "matrix other than A"),
        (4, 4, "row outside the 4-point domain"),
        (8, 4, "signal beyond the 4 variables"),
    ],
)
def test_coefficient_entries_out_of_range_are_refused(sections, field_offset, value, message):
    _patch(sections, 4, 4 + field_offset, struct.pack("<I", value))
    with pytest.raises(FormatError, match=message):
        read_zkey(_rebuild(sections))


def test_coefficient_not_below_r_is_refused(sections):
    _patch(sections, 4, 4 + 12, R.to_bytes(32, "little"))
    with pytest.raises(FieldError, match="coefficient #0"):
        read_zkey(_rebuild(sections))


def test_coefficient_count_must_match_the_section(sections):
    _patch(sections, 4, 0, struct.pack("<I", 6))
    with pytest.raises(FormatError, match="expected 6 entries"):
        read_zkey(_rebuild(sections))


def test_contributions_with_a_wrong_count_are_refused(sections):
    _patch(sections, 10, 64, struct.pack("<I", 3))
    with pytest.raises(FormatError, match="claims 3 contributions"):
        read_zkey(_rebuild(sections))


def test_contribution_params_running_past_the_end_are_refused(sections):
    body = sections[10]
    params_len_at = 64 + 4 + 3 * 64 + 128 + 64 + 4
    _patch(sections, 10, params_len_at, struct.pack("<I", 1000))
    assert len(body) == len(sections[10])
    with pytest.raises(FormatError, match="truncated"):
        read_zkey(_rebuild(sections))


def test_pack_contributions_checks_sizes():
    with pytest.raises(FormatError, match="64 bytes"):
        pack_contributions(Contributions(b"short"))
    entry = Contribution(None, None, None, None, b"x", 0, b"")
    with pytest.raises(FormatError, match="transcript"):
        pack_contributions(Contributions(bytes(64), (entry,)))


def test_backend_is_used_for_point_checks(circom_dir):
    raw = (circom_dir / "multiplier" / "circuit.zkey").read_bytes()
    assert read_zkey(raw, backend=get_backend("reference")).n_vars == 4


# ----- the verification key alone -------------------------------------------------------------

@pytest.mark.parametrize(("circuit", "file"), KEYS)
def test_verifying_key_alone_is_the_keys_own(circom_dir, circuit, file):
    raw = (circom_dir / circuit / file).read_bytes()
    assert read_verifying_key(raw) == read_zkey(raw).verifying_key()
    assert read_verifying_key(circom_dir / circuit / file) == read_zkey(raw).verifying_key()


def _hostile_headers(rogue_g2):
    delta2_at = HEADER_POINTS + 2 * 64 + 2 * 128 + 64
    yield lambda s: s.__setitem__(1, struct.pack("<I", 2)), FormatError, "PLONK"
    yield lambda s: _patch(s, 2, 4, (Q + 2).to_bytes(32, "little")), FormatError, "BN254"
    yield lambda s: _patch(s, 2, HEADER_POINTS, pack_g1([(1, 3)])), PointError, "alpha1"
    yield (lambda s: _patch(s, 2, delta2_at, pack_g2([rogue_g2])), PointError,
           "delta2 is on the curve but not in the G2 subgroup")
    yield lambda s: _patch(s, 3, 64, pack_g1([(1, 3)])), PointError, "IC point #1"
    for section, name in ((3, "IC"), (5, "A"), (7, "B2"), (9, "H")):
        yield (lambda s, k=section: s.__setitem__(k, s[k][:-64]), FormatError,
               f".zkey {name} \\(section {section}")


def test_verifying_key_alone_refuses_what_the_full_reader_refuses(circom_dir, rogue_g2):
    """Header, IC and section sizes get the same checks (and messages) as read_zkey."""
    raw = (circom_dir / "multiplier" / "circuit.zkey").read_bytes()
    for damage, error, message in _hostile_headers(rogue_g2):
        sections = {k: bytes(v) for k, v in read_binfile(raw, "zkey", 2).sections.items()}
        damage(sections)
        data = _rebuild(sections)
        for reader in (read_zkey, read_verifying_key):
            with pytest.raises(error, match=message):
                reader(data)


def test_verifying_key_alone_does_not_read_the_point_sections(sections):
    """The export reads no big section: a bad B2 coordinate, which read_zkey refuses, does
    not stop it (snarkjs's export reads the same header and IC only)."""
    good = read_zkey(_rebuild(sections)).verifying_key()
    _patch(sections, 7, 128 + 96, Q.to_bytes(32, "little"))
    data = _rebuild(sections)
    with pytest.raises(FieldError):
        read_zkey(data)
    assert read_verifying_key(data) == good
