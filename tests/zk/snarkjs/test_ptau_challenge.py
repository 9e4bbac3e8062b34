"""Air-gapped phase-1 contributions: challenge, response and import byte-compatible with
snarkjs, in both directions, and a response for another challenge refused."""

from __future__ import annotations

import pytest

from zk.ceremony import phase1
from zk.ceremony.phase1 import Phase1Error
from zk.snarkjs.ptau_challenge import challenge_contribute, export_challenge, import_response


@pytest.fixture(scope="module")
def pot1() -> bytes:
    """A power-3 .ptau with one zkgov contribution."""
    return phase1.contribute(phase1.new(3), name="first").data


def test_round_trip_in_zkgov(pot1):
    challenge, digest = export_challenge(pot1)
    assert len(challenge) == 64 + (15 + 8 + 8) * 64 + 9 * 128
    response = challenge_contribute(challenge, entropy="air-gapped")
    assert response.challenge_hash == digest
    imported = import_response(pot1, response.response, name="offline")
    assert imported.response_hash == response.response_hash
    report = phase1.verify(imported.data)
    assert report.ok, report.failures
    assert [c.name for c in report.contributions] == ["first", "offline"]
    # the next contributor answers the new challenge
    assert export_challenge(imported.data)[1] == imported.next_challenge


def test_response_to_another_challenge_is_refused(pot1):
    stale = challenge_contribute(export_challenge(phase1.new(3))[0]).response
    with pytest.raises(Phase1Error, match=r"does not answer this \.ptau's current challenge"):
        import_response(pot1, stale)
    with pytest.raises(Phase1Error, match="bytes"):
        import_response(pot1, stale[:-1])
    with pytest.raises(Phase1Error, match="not the size of a challenge"):
        challenge_contribute(b"\0" * 1000)


def test_tampered_response_fails_verification(pot1):
    challenge, _ = export_challenge(pot1)
    response = bytearray(challenge_contribute(challenge).response)
    # swap two compressed τ·G1 points: still points, no longer powers of one τ
    a, b = 64 + 2 * 32, 64 + 3 * 32
    response[a : a + 32], response[b : b + 32] = response[b : b + 32], response[a : a + 32]
    report = phase1.verify(import_response(pot1, bytes(response)).data)
    assert not report.ok


@pytest.mark.node
def test_challenge_is_snarkjs_s_and_snarkjs_imports_our_response(pot1, snarkjs, tmp_path):
    (tmp_path / "p1.ptau").write_bytes(pot1)
    snarkjs("powersoftau", "export", "challenge", tmp_path / "p1.ptau", tmp_path / "challenge")
    ours, _ = export_challenge(pot1)
    assert ours == (tmp_path / "challenge").read_bytes()
    (tmp_path / "response").write_bytes(challenge_contribute(ours, entropy="x").response)
    snarkjs("powersoftau", "import", "response", tmp_path / "p1.ptau", tmp_path / "response",
            tmp_path / "p2.ptau", "-n=zkgov offline")
    out = snarkjs("powersoftau", "verify", tmp_path / "p2.ptau").stdout
    assert "Powers of Tau Ok!" in out


@pytest.mark.node
def test_import_of_snarkjs_response_is_byte_identical(pot1, snarkjs, tmp_path):
    (tmp_path / "p1.ptau").write_bytes(pot1)
    (tmp_path / "challenge").write_bytes(export_challenge(pot1)[0])
    snarkjs("powersoftau", "challenge", "contribute", "bn128", tmp_path / "challenge",
            tmp_path / "response", "-e=their entropy")
    snarkjs("powersoftau", "import", "response", tmp_path / "p1.ptau", tmp_path / "response",
            tmp_path / "theirs.ptau", "-n=snarkjs offline")
    ours = import_response(pot1, (tmp_path / "response").read_bytes(), name="snarkjs offline")
    assert ours.data == (tmp_path / "theirs.ptau").read_bytes()
