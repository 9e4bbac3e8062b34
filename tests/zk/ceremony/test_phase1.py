"""Phase 1 (.ptau): new, contribute, beacon, prepare and verify, against snarkjs-made files."""

from __future__ import annotations

import dataclasses

import pytest

from tests.zk.ceremony.conftest import BEACON_EXP, BEACON_HEX, fixture_bytes
from zk.ceremony import phase1
from zk.ceremony.beacon import Beacon
from zk.ceremony.pok import PublicKey
from zk.ceremony.records import pack_ptau_contributions
from zk.curve import get_backend
from zk.curve.base import G1_GENERATOR, G2_GENERATOR
from zk.curve.encoding import G1_BYTES, pack_g1
from zk.errors import FormatError
from zk.formats.ptau import (
    SECTION_CONTRIBUTIONS,
    SECTION_LAGRANGE_G1,
    SECTION_TAU_G1,
    write_ptau,
)

pytestmark = pytest.mark.usefixtures("fast_backend")

MIXED = "pot5_0002_zkgov.ptau"  # snarkjs contribution, then a zkgov one


def _rewrite(data: bytes, records=None, sections=None, ceremony_power=None) -> bytes:
    """The same file with some contribution records and/or section bodies replaced."""
    current = phase1.load(data)
    bodies = {s: bytes(b) for s, b in current.ptau.container.sections.items() if s != 1}
    if records is not None:
        bodies[SECTION_CONTRIBUTIONS] = pack_ptau_contributions(records)
    bodies.update(sections or {})
    return write_ptau(current.power, bodies, ceremony_power)


def _failures(data: bytes) -> tuple[set[int], str]:
    report = phase1.verify(data)
    assert not report.ok
    return report.failed_contributions, "\n".join(report.failures)


@pytest.fixture(scope="module")
def mixed() -> bytes:
    return fixture_bytes(MIXED)


@pytest.fixture(scope="module")
def three_contributions(mixed: bytes) -> bytes:
    """The mixed file plus a zkgov contribution."""
    return phase1.contribute(mixed, name="Ministry of Health", entropy="dice: 4 2 6").data


def test_new_is_all_generators_and_has_no_contribution() -> None:
    current = phase1.load(phase1.new(3))
    assert current.power == 3 and current.contributions == []
    assert bytes(current.section(SECTION_TAU_G1)) == pack_g1([G1_GENERATOR]) * 15
    report = phase1.verify(phase1.new(3))
    assert not report.ok and "no contributions" in report.failures[0]


def test_new_refuses_powers_outside_1_to_28() -> None:
    with pytest.raises(phase1.Phase1Error):
        phase1.new(0)
    with pytest.raises(phase1.Phase1Error):
        phase1.new(29)


def test_snarkjs_then_zkgov_contributions_verify(mixed: bytes) -> None:
    report = phase1.verify(mixed)
    assert report.ok, report.failures
    assert [c.label for c in report.contributions] == ["#1 'snarkjs contributor'",
                                                       "#2 'zkgov contributor'"]


def test_contribution_verifies_and_records_its_name_and_hash(three_contributions: bytes) -> None:
    report = phase1.verify(three_contributions)
    assert report.ok, report.failures
    last = phase1.load(three_contributions).contributions[-1]
    assert report.contributions[-1].name == "Ministry of Health"
    assert report.contributions[-1].hash == last.response_hash()


def test_two_contributions_with_the_same_entropy_differ(mixed: bytes) -> None:
    a = phase1.contribute(mixed, entropy="same text")
    b = phase1.contribute(mixed, entropy="same text")
    assert a.response_hash != b.response_hash


def test_beacon_equals_snarkjs_byte_for_byte(mixed: bytes) -> None:
    result = phase1.apply_beacon(mixed, Beacon.parse(BEACON_HEX, BEACON_EXP), name="Final Beacon")
    assert result.data == fixture_bytes("pot5_0003_beacon_by_snarkjs.ptau")
    assert phase1.verify(result.data).ok


def test_prepare_equals_snarkjs_byte_for_byte(mixed: bytes) -> None:
    prepared = phase1.prepare(mixed)
    assert prepared == fixture_bytes("pot5_0002_prepared_by_snarkjs.ptau")
    report = phase1.verify(prepared)
    assert report.ok, report.failures


def test_contributing_to_a_prepared_file_drops_the_lagrange_sections() -> None:
    prepared = fixture_bytes("pot5_0002_prepared_by_snarkjs.ptau")
    out = phase1.contribute(prepared, name="late").data
    current = phase1.load(out)
    assert not current.ptau.prepared and len(current.contributions) == 3
    assert phase1.verify(out).ok


# ----- tampering: verify names what is wrong ----------------------------------------------------

def test_a_changed_point_in_a_section_is_detected(mixed: bytes) -> None:
    section = bytearray(phase1.load(mixed).section(SECTION_TAU_G1))
    section[7 * G1_BYTES : 8 * G1_BYTES] = pack_g1([G1_GENERATOR])
    named, text = _failures(_rewrite(mixed, sections={SECTION_TAU_G1: bytes(section)}))
    assert "τ·G1 section is not a sequence of powers" in text
    assert "do not hash to the next challenge recorded by the last contribution #2" in text
    assert named == {2}


def test_a_changed_recorded_point_names_its_contribution(mixed: bytes) -> None:
    records = phase1.load(mixed).contributions
    be = get_backend()
    records[0] = dataclasses.replace(records[0], alpha_g1=be.g1_mul(records[0].alpha_g1, 2))
    named, text = _failures(_rewrite(mixed, records=records))
    assert 1 in named
    assert "contribution #1 'snarkjs contributor': its α·G1 does not follow" in text


def test_a_forged_proof_of_knowledge_is_detected(mixed: bytes) -> None:
    records = phase1.load(mixed).contributions
    key = records[1].tau_key
    forged = PublicKey(key.g1_s, key.g1_sx, get_backend().g2_mul(G2_GENERATOR, 12345))
    records[1] = dataclasses.replace(records[1], tau_key=forged)
    named, text = _failures(_rewrite(mixed, records=records))
    assert named == {2}
    assert "contribution #2 'zkgov contributor': the proof of knowledge of tau" in text


def test_a_reused_proof_of_knowledge_is_detected(mixed: bytes) -> None:
    records = phase1.load(mixed).contributions
    first = records[0]
    records[1] = dataclasses.replace(records[1], tau_key=first.tau_key,
                                     alpha_key=first.alpha_key, beta_key=first.beta_key)
    named, text = _failures(_rewrite(mixed, records=records))
    assert 2 in named and "contribution #2" in text


def test_a_broken_challenge_chain_names_the_contribution_after_it(mixed: bytes) -> None:
    records = phase1.load(mixed).contributions
    records[0] = dataclasses.replace(records[0], next_challenge=bytes(64))
    named, text = _failures(_rewrite(mixed, records=records))
    assert named == {2} and "proof of knowledge" in text


def test_a_changed_response_midstate_breaks_the_last_hash(mixed: bytes) -> None:
    records = phase1.load(mixed).contributions
    partial = bytearray(records[1].partial_hash)
    partial[130] ^= 1
    records[1] = dataclasses.replace(records[1], partial_hash=bytes(partial))
    named, text = _failures(_rewrite(mixed, records=records))
    assert named == {2} and "next challenge" in text


def test_a_beacon_with_a_changed_value_is_detected() -> None:
    data = fixture_bytes("pot5_0003_beacon_by_snarkjs.ptau")
    records = phase1.load(data).contributions
    params = dataclasses.replace(records[2].params, beacon=Beacon.parse("ff" * 32, BEACON_EXP))
    records[2] = dataclasses.replace(records[2], params=params)
    named, text = _failures(_rewrite(data, records=records))
    assert named == {3} and "beacon" in text


def test_a_changed_lagrange_point_is_detected() -> None:
    prepared = fixture_bytes("pot5_0002_prepared_by_snarkjs.ptau")
    section = bytearray(phase1.load(prepared).section(SECTION_LAGRANGE_G1))
    section[5 * G1_BYTES : 6 * G1_BYTES] = pack_g1([G1_GENERATOR])
    _, text = _failures(_rewrite(prepared, sections={SECTION_LAGRANGE_G1: bytes(section)}))
    assert "prepared (Lagrange) τ·G1 section does not match" in text


# ----- bad input --------------------------------------------------------------------------------

def test_a_truncated_file_is_a_format_error(mixed: bytes) -> None:
    with pytest.raises(FormatError):
        phase1.verify(mixed[:-10])
    with pytest.raises(FormatError):
        phase1.contribute(mixed[:100])


def test_a_reduced_file_cannot_take_contributions(mixed: bytes) -> None:
    reduced = _rewrite(mixed, ceremony_power=6)
    with pytest.raises(phase1.Phase1Error, match="reduced"):
        phase1.contribute(reduced)
