"""Phase 2 (.zkey): new, contribute, beacon, verify and export, against snarkjs-made keys."""

from __future__ import annotations

import dataclasses

import pytest

from tests.conftest import FIXTURES
from tests.zk.ceremony.conftest import BEACON_EXP, BEACON_HEX, fixture_bytes
from zk import groth16
from zk.ceremony import phase2
from zk.ceremony.beacon import Beacon
from zk.ceremony.transcript import phase2_contribution_hash
from zk.curve import get_backend
from zk.curve.base import G1_GENERATOR, G2_GENERATOR
from zk.curve.encoding import G1_BYTES, pack_g1
from zk.errors import FormatError
from zk.formats.snarkjs_json import vk_from_json
from zk.formats.wtns import read_wtns
from zk.formats.zkey import (
    Contributions,
    pack_contributions,
    parse_contributions,
    read_zkey,
    write_zkey,
)

pytestmark = pytest.mark.usefixtures("fast_backend")

BEACON = Beacon.parse(BEACON_HEX, BEACON_EXP)
NAMES = ["Tax office", "Ministry of Health", "Statistics bureau"]


@pytest.fixture(scope="module")
def ceremony(zkey_initial: bytes) -> list[phase2.Phase2Result]:
    """Three zkgov contributions and a beacon on snarkjs's initial key."""
    results = []
    data = zkey_initial
    for name in NAMES:
        results.append(phase2.contribute(data, name=name, entropy=f"{name} dice"))
        data = results[-1].data
    results.append(phase2.apply_beacon(data, BEACON, name="Final Beacon"))
    return results


@pytest.fixture(scope="module")
def three(ceremony: list[phase2.Phase2Result]) -> bytes:
    """The key after the three contributions (before the beacon)."""
    return ceremony[2].data


def _with_entries(data: bytes, edit) -> bytes:
    pk = read_zkey(data)
    history = parse_contributions(pk.contributions)
    entries = list(history.entries)
    edit(entries)
    pk.contributions = pack_contributions(Contributions(history.cs_hash, tuple(entries)))
    return write_zkey(pk)


def _with_key(data: bytes, **changes) -> bytes:
    return write_zkey(dataclasses.replace(read_zkey(data), **changes))


def _failures(r1cs: bytes, ptau: bytes, data: bytes) -> tuple[set[int], str]:
    report = phase2.verify(r1cs, ptau, data)
    assert not report.ok
    return report.failed_contributions, "\n".join(report.failures)


def test_new_equals_snarkjs_setup(r1cs_bytes: bytes, ptau_prepared: bytes,
                                  zkey_initial: bytes) -> None:
    assert phase2.new(r1cs_bytes, ptau_prepared) == zkey_initial


def test_a_snarkjs_contribution_verifies(r1cs_bytes: bytes, ptau_prepared: bytes) -> None:
    report = phase2.verify(r1cs_bytes, ptau_prepared, fixture_bytes("chain_0001_snarkjs.zkey"))
    assert report.ok, report.failures
    assert [c.name for c in report.contributions] == ["snarkjs contributor"]


def test_three_contributions_and_a_beacon_verify(r1cs_bytes: bytes, ptau_prepared: bytes,
                                                 ceremony: list[phase2.Phase2Result]) -> None:
    report = phase2.verify(r1cs_bytes, ptau_prepared, ceremony[-1].data)
    assert report.ok, report.failures
    assert [c.name for c in report.contributions] == [*NAMES, "Final Beacon"]
    assert [c.hash for c in report.contributions] == [r.contribution_hash for r in ceremony]
    assert report.contributions[-1].beacon == BEACON
    assert ceremony[0].contribution_hash == phase2_contribution_hash(ceremony[0].contribution)


def test_beacon_equals_snarkjs_byte_for_byte() -> None:
    result = phase2.apply_beacon(fixture_bytes("chain_0001_snarkjs.zkey"), BEACON,
                                 name="Final Beacon")
    assert result.data == fixture_bytes("chain_0002_beacon_by_snarkjs.zkey")


def test_proofs_with_the_final_key_verify(ceremony: list[phase2.Phase2Result]) -> None:
    final = ceremony[-1].data
    pk = read_zkey(final)
    witness = read_wtns((FIXTURES / "ceremony" / "chain.wtns").read_bytes())
    proof, public = groth16.prove(pk, witness)
    vk = vk_from_json(phase2.export_verification_key(final))
    assert groth16.verify(vk, public, proof)
    assert not groth16.verify(vk, [public[0] + 1, *public[1:]], proof)


def test_exported_verification_key_has_snarkjs_shape(ceremony: list[phase2.Phase2Result]) -> None:
    vk = phase2.export_verification_key(ceremony[-1].data)
    assert list(vk) == ["protocol", "curve", "nPublic", "vk_alpha_1", "vk_beta_2", "vk_gamma_2",
                        "vk_delta_2", "vk_alphabeta_12", "IC"]
    pk = read_zkey(ceremony[-1].data)
    assert vk_from_json(vk).delta2 == pk.delta2 != G2_GENERATOR


def test_the_contributor_secret_changes_delta_and_the_l_h_points(
        zkey_initial: bytes, ceremony: list[phase2.Phase2Result]) -> None:
    before, after = read_zkey(zkey_initial), read_zkey(ceremony[0].data)
    assert after.delta1 != before.delta1 and after.h_points != before.h_points
    assert after.c_points != before.c_points and after.a_points == before.a_points
    assert after.ic == before.ic and after.extra["section_order"] == tuple(range(1, 11))


# ----- tampering: verify names the contribution -------------------------------------------------

def test_a_changed_delta_names_its_contribution(r1cs_bytes, ptau_prepared, three) -> None:
    def edit(entries):
        entries[1] = dataclasses.replace(entries[1], delta_after=G1_GENERATOR)
    named, text = _failures(r1cs_bytes, ptau_prepared, _with_entries(three, edit))
    assert 2 in named
    assert "contribution #2 'Ministry of Health': δ after it does not follow" in text


def test_a_changed_l_point_is_detected(r1cs_bytes, ptau_prepared, three) -> None:
    pk = read_zkey(three)
    points = bytearray(pk.c_points)
    points[:G1_BYTES] = pack_g1([G1_GENERATOR])
    named, text = _failures(r1cs_bytes, ptau_prepared, _with_key(three, c_points=bytes(points)))
    assert "L section is not the circuit's divided by δ (after contribution #3" in text
    assert named == {3}


def test_a_changed_h_point_is_detected(r1cs_bytes, ptau_prepared, three) -> None:
    pk = read_zkey(three)
    points = bytearray(pk.h_points)
    points[-G1_BYTES:] = pack_g1([G1_GENERATOR])
    _, text = _failures(r1cs_bytes, ptau_prepared, _with_key(three, h_points=bytes(points)))
    assert "H section" in text


def test_a_reused_proof_of_knowledge_is_detected(r1cs_bytes, ptau_prepared, three) -> None:
    def edit(entries):
        first = entries[0]
        entries[2] = dataclasses.replace(entries[2], g1_s=first.g1_s, g1_sx=first.g1_sx,
                                         g2_spx=first.g2_spx)
    named, text = _failures(r1cs_bytes, ptau_prepared, _with_entries(three, edit))
    assert named == {3}
    assert "reuses the proof of knowledge of contribution #1" in text


def test_a_forged_proof_of_knowledge_is_detected(r1cs_bytes, ptau_prepared, three) -> None:
    forged = get_backend().g2_mul(G2_GENERATOR, 987654321)

    def edit(entries):
        entries[2] = dataclasses.replace(entries[2], g2_spx=forged)
    named, text = _failures(r1cs_bytes, ptau_prepared, _with_entries(three, edit))
    assert named == {3}
    assert "contribution #3 'Statistics bureau': its proof of knowledge does not verify" in text


def test_a_broken_hash_chain_is_detected(r1cs_bytes, ptau_prepared, three) -> None:
    def edit(entries):
        entries[1] = dataclasses.replace(entries[1], transcript=bytes(64))
    named, text = _failures(r1cs_bytes, ptau_prepared, _with_entries(three, edit))
    assert 2 in named and "contribution #2 'Ministry of Health': the hash chain is broken" in text


def test_a_changed_beacon_is_detected(r1cs_bytes, ptau_prepared,
                                      ceremony: list[phase2.Phase2Result]) -> None:
    def edit(entries):
        entries[3] = dataclasses.replace(entries[3], params=entries[3].params.replace(
            BEACON.value, b"\xff" * len(BEACON.value)))
    named, text = _failures(r1cs_bytes, ptau_prepared, _with_entries(ceremony[-1].data, edit))
    assert named == {4} and "beacon" in text


def test_changes_outside_delta_l_h_are_detected(r1cs_bytes, ptau_prepared, three) -> None:
    pk = read_zkey(three)
    be = get_backend()
    _, text = _failures(r1cs_bytes, ptau_prepared,
                        _with_key(three, ic=[be.g1_mul(pk.ic[0], 2), *pk.ic[1:]]))
    assert "IC section differs" in text
    _, text = _failures(r1cs_bytes, ptau_prepared, _with_key(three, delta2=G2_GENERATOR))
    assert "δ₂ does not match its δ₁" in text


def test_a_key_without_contributions_fails(r1cs_bytes, ptau_prepared, zkey_initial) -> None:
    _, text = _failures(r1cs_bytes, ptau_prepared, zkey_initial)
    assert "no phase-2 contributions" in text


def test_a_key_for_another_circuit_fails(ptau_prepared, three) -> None:
    other = (FIXTURES / "circom" / "multiplier" / "circuit.r1cs").read_bytes()
    _, text = _failures(other, ptau_prepared, three)
    assert "another circuit" in text


def test_a_truncated_key_is_a_format_error(three: bytes) -> None:
    with pytest.raises(FormatError):
        phase2.contribute(three[:-7])
