"""snarkjs ``.ptau``: the prepared fixture reads; its sections mean what we think; hostile
files are refused."""

from __future__ import annotations

import struct

import pytest

from zk.curve import get_backend
from zk.curve.encoding import G1_BYTES, G2_BYTES, pack_g2, pack_scalars, unpack_g1, unpack_g2
from zk.errors import FieldError, FormatError, PointError
from zk.field import Q, R, inv, root_of_unity
from zk.formats.binfile import read_binfile, write_binfile
from zk.formats.ptau import contribution_count, read_ptau, write_ptau


@pytest.fixture(scope="module")
def pot8_bytes(circom_dir) -> bytes:
    return (circom_dir / "pot8.ptau").read_bytes()


@pytest.fixture
def sections(pot8_bytes) -> dict[int, bytes]:
    return {k: bytes(v) for k, v in read_binfile(pot8_bytes, "ptau", 1).sections.items()}


def _rebuild(sections: dict[int, bytes]) -> bytes:
    return write_binfile("ptau", 1, list(sections.items()))


def test_prepared_fixture_reads(pot8_bytes):
    ptau = read_ptau(pot8_bytes)
    assert (ptau.power, ptau.ceremony_power, ptau.n_contributions) == (8, 8, 1)
    assert ptau.prepared
    assert contribution_count(pot8_bytes) == 1
    # α·G1 and β·G1 are the first points of sections 4 and 5
    assert ptau.alpha1 == unpack_g1(ptau.section(4)[:G1_BYTES])[0]
    assert len(ptau.lagrange_g1(512)) == 512 * G1_BYTES  # one level above the power
    assert len(ptau.lagrange_g2(256)) == 256 * G2_BYTES
    with pytest.raises(FormatError, match="no 512-point Lagrange basis"):
        ptau.lagrange_g2(512)
    with pytest.raises(FormatError, match="no 3-point"):
        ptau.lagrange_alpha_g1(3)


@pytest.mark.parametrize("k", [0, 1, 2])
def test_lagrange_sections_are_the_inverse_transform_of_the_powers(pot8_bytes, k):
    """Level k of section 12 holds L_j(τ)·G1 = (1/m) Σ_i ω^(−ij) τ^i·G1 for m = 2^k."""
    be = get_backend()
    ptau = read_ptau(pot8_bytes)
    m = 1 << k
    powers = ptau.tau_g1()[: m * G1_BYTES]
    w_inv = inv(root_of_unity(m))
    m_inv = inv(m)
    lagrange = unpack_g1(ptau.lagrange_g1(m))
    for j in range(m):
        scalars = [m_inv * pow(w_inv, i * j, R) % R for i in range(m)]
        assert be.msm_g1(powers, pack_scalars(scalars)) == lagrange[j]


def test_g2_lagrange_level_one(pot8_bytes):
    be = get_backend()
    ptau = read_ptau(pot8_bytes)
    powers = ptau.section(3)[: 2 * G2_BYTES]
    half = inv(2)
    l0, l1 = unpack_g2(ptau.lagrange_g2(2))
    assert be.msm_g2(powers, pack_scalars([half, half])) == l0
    assert be.msm_g2(powers, pack_scalars([half, R - half])) == l1


def test_write_ptau_reassembles_the_fixture(pot8_bytes, sections):
    ptau = read_ptau(pot8_bytes)
    body = {k: v for k, v in sections.items() if k != 1}
    assert write_ptau(8, body, ceremony_power=ptau.ceremony_power) == pot8_bytes


def test_unprepared_file_reads_but_has_no_lagrange_basis(sections):
    for k in (12, 13, 14, 15):
        del sections[k]
    ptau = read_ptau(_rebuild(sections))
    assert not ptau.prepared
    with pytest.raises(FormatError, match="not prepared for phase 2"):
        ptau.lagrange_g1(4)


def test_partial_lagrange_sections_are_refused(sections):
    del sections[14]
    with pytest.raises(FormatError, match="not all of 12–15"):
        read_ptau(_rebuild(sections))


@pytest.mark.parametrize("section", [2, 3, 4, 5, 6, 12, 13, 14, 15])
def test_sections_of_the_wrong_size_are_refused(sections, section):
    sections[section] = sections[section][:-G1_BYTES]
    with pytest.raises(FormatError, match=f"section {section}"):
        read_ptau(_rebuild(sections))


@pytest.mark.parametrize(("offset", "value", "message"), [
    (0, struct.pack("<I", 48), "48-byte field elements"),
    (36, struct.pack("<I", 0), "power 0 is outside"),
    (36, struct.pack("<I", 29), "power 29 is outside"),
    (40, struct.pack("<I", 7), "ceremony power 7 is inconsistent"),
    (4, (Q + 2).to_bytes(32, "little"), "prime q is not BN254's"),
])
def test_bad_headers_are_refused(sections, offset, value, message):
    header = bytearray(sections[1])
    header[offset : offset + len(value)] = value
    sections[1] = bytes(header)
    with pytest.raises(FormatError, match=message):
        read_ptau(_rebuild(sections))


def test_coordinate_not_below_q_is_a_field_error(sections):
    body = bytearray(sections[13])
    body[G2_BYTES * 5 + 32 : G2_BYTES * 5 + 64] = Q.to_bytes(32, "little")
    sections[13] = bytes(body)
    with pytest.raises(FieldError, match=r"Lagrange tauG2 .* point #5"):
        read_ptau(_rebuild(sections))


def test_beta2_outside_the_subgroup_is_refused(sections, rogue_g2):
    sections[6] = pack_g2([rogue_g2])
    with pytest.raises(PointError, match="beta·G2"):
        read_ptau(_rebuild(sections))


def test_malformed_contributions_are_refused(sections):
    body = bytearray(sections[7])
    struct.pack_into("<I", body, 0, 2)
    sections[7] = bytes(body)
    with pytest.raises(FormatError, match=r"truncated|claims 2 contributions"):
        read_ptau(_rebuild(sections))


def test_write_ptau_checks_section_sizes(sections):
    body = {k: v for k, v in sections.items() if k != 1}
    body[3] = body[3][:-G2_BYTES]
    with pytest.raises(FormatError, match=r"section 3 of a power-8 \.ptau needs 256 points"):
        write_ptau(8, body)
