"""C2SP signed notes: the Go sumdb/note known answer, and notes that must be refused."""

from __future__ import annotations

import base64

import pytest

from ledger.errors import CheckpointError, SignatureError, SigningKeyError
from ledger.note import NoteSigner, NoteVerifier, key_id, split_note


@pytest.fixture(scope="module")
def go_example():
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "fixtures" / "ledger"
    return json.loads((path / "go-sumdb-note-example.json").read_text(encoding="utf-8"))


def test_known_answer_signature(go_example):
    signer = NoteSigner.from_skey(go_example["signer_key"])
    assert signer.sign(go_example["text"]) == go_example["signed_note"]
    assert signer.verifier().vkey() == go_example["verifier_key"]
    assert signer.skey() == go_example["signer_key"]


def test_known_answer_opens(go_example):
    verifier = NoteVerifier.from_vkey(go_example["verifier_key"])
    assert verifier.open(go_example["signed_note"]) == go_example["text"]
    assert verifier.key_id == bytes.fromhex("c74f20a3")
    assert key_id("PeterNeumann", verifier.public_key) == verifier.key_id


def test_altered_text_is_refused(go_example):
    verifier = NoteVerifier.from_vkey(go_example["verifier_key"])
    forged = go_example["signed_note"].replace("cryptography", "cryptographY")
    with pytest.raises(SignatureError, match="does not verify"):
        verifier.open(forged)


def test_other_key_is_refused(go_example):
    other = NoteSigner.generate("PeterNeumann").verifier()
    with pytest.raises(SignatureError, match="not signed by"):
        other.open(go_example["signed_note"])


def test_unknown_signers_are_ignored(go_example):
    verifier = NoteVerifier.from_vkey(go_example["verifier_key"])
    witness = NoteSigner.generate("witness.example")
    cosigned = go_example["signed_note"] + witness.sign(go_example["text"]).split("\n\n")[1]
    assert verifier.open(cosigned) == go_example["text"]
    assert witness.verifier().open(cosigned) == go_example["text"]


@pytest.mark.parametrize(
    "note",
    [
        "no blank line\n— a AAAA\n",
        "text\n\n",
        "text\n\nnot a signature line\n",
        "text\n\n— name !!!notbase64\n",
        "text\n\n— name AAAA\n",
        "text\n\n— name AAAAAAAA",
        "text without newline",
        "a\x01control\n\n— name AAAAAAAA\n",
    ],
)
def test_malformed_notes(note):
    with pytest.raises(CheckpointError):
        split_note(note)


def test_too_many_signatures():
    line = "— name " + base64.b64encode(b"\0" * 68).decode() + "\n"
    with pytest.raises(CheckpointError, match="more than 100"):
        split_note("text\n\n" + line * 101)


@pytest.mark.parametrize(
    "key",
    [
        "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # wrong id
        "PeterNeumann+c74f20a3+AhpC2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # wrong type
        "PeterNeumann+c74f20a3",
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+zz4f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10",
    ],
)
def test_malformed_verifier_keys(key):
    with pytest.raises(SigningKeyError):
        NoteVerifier.from_vkey(key)


def test_signer_key_id_must_match():
    with pytest.raises(SigningKeyError):
        NoteSigner.from_skey("PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")
    with pytest.raises(SigningKeyError, match="PRIVATE"):
        NoteSigner.from_skey("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")


def test_signer_refuses_blank_lines_and_never_shows_key():
    signer = NoteSigner.generate("example.gov/log")
    with pytest.raises(CheckpointError):
        signer.sign("a\n\nb\n")
    assert "PRIVATE" not in repr(signer)
