"""Checkpoints in the C2SP tlog-checkpoint text, signed and opened."""

from __future__ import annotations

import base64

import pytest

from ledger.checkpoint import Checkpoint, open_checkpoint, sign_checkpoint
from ledger.errors import CheckpointError, SignatureError, WrongLogError
from ledger.note import NoteSigner

ROOT = bytes(range(32))


def test_body_is_origin_size_root():
    cp = Checkpoint("example.gov/log", 42, ROOT)
    assert cp.body() == f"example.gov/log\n42\n{base64.b64encode(ROOT).decode()}\n"
    assert Checkpoint.parse(cp.body()) == cp


def test_extension_lines_survive():
    cp = Checkpoint("example.gov/log", 1, ROOT, ("ext one",))
    assert Checkpoint.parse(cp.body()).extensions == ("ext one",)


@pytest.mark.parametrize(
    "text",
    [
        "example.gov/log\n42\n",
        "example.gov/log\n042\n" + base64.b64encode(ROOT).decode() + "\n",
        "example.gov/log\n-1\n" + base64.b64encode(ROOT).decode() + "\n",
        "example.gov/log\n1\n" + base64.b64encode(ROOT[:31]).decode() + "\n",
        "example.gov/log\n1\nnot base64!\n",
        "\n1\n" + base64.b64encode(ROOT).decode() + "\n",
    ],
)
def test_malformed_bodies(text):
    with pytest.raises(CheckpointError):
        Checkpoint.parse(text)


def test_sign_and_open():
    signer = NoteSigner.generate("example.gov/log")
    note = sign_checkpoint(Checkpoint("example.gov/log", 7, ROOT), signer)
    assert note.startswith("example.gov/log\n7\n")
    assert "\n\n\u2014 example.gov/log " in note
    assert open_checkpoint(note, signer.verifier()).size == 7


def test_another_logs_checkpoint():
    ours = NoteSigner.generate("example.gov/log")
    theirs = NoteSigner.generate("other.gov/log")
    note = sign_checkpoint(Checkpoint("other.gov/log", 7, ROOT), theirs)
    with pytest.raises(SignatureError):
        open_checkpoint(note, ours.verifier())
    with pytest.raises(WrongLogError):
        open_checkpoint(note, theirs.verifier(), origin="example.gov/log")
    with pytest.raises(CheckpointError, match="cannot sign"):
        sign_checkpoint(Checkpoint("other.gov/log", 7, ROOT), ours)
