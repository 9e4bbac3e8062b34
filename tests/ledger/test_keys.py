"""Key files: the private key is written once, 0600, and read back; public keys inline or not."""

from __future__ import annotations

import stat

import pytest

from ledger import NoteSigner
from ledger.errors import SigningKeyError
from ledger.keys import (
    default_key_path,
    read_signer_key,
    read_verifier_key,
    write_signer_key,
    write_verifier_key,
)


def test_private_key_file_is_owner_only(tmp_path):
    signer = NoteSigner.generate("example.gov/log")
    path = tmp_path / "log.key"
    write_signer_key(path, signer)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_signer_key(path).verifier() == signer.verifier()
    with pytest.raises(SigningKeyError, match="refusing to overwrite"):
        write_signer_key(path, NoteSigner.generate("example.gov/log"))
    assert read_signer_key(path).verifier() == signer.verifier()


def test_verifier_key_inline_or_file(tmp_path):
    verifier = NoteSigner.generate("example.gov/log").verifier()
    write_verifier_key(tmp_path / "log.pub", verifier)
    assert read_verifier_key(str(tmp_path / "log.pub")) == verifier
    assert read_verifier_key(verifier.vkey()) == verifier
    with pytest.raises(SigningKeyError, match="not found"):
        read_verifier_key(str(tmp_path / "missing.pub"))


def test_missing_signing_key(tmp_path):
    with pytest.raises(SigningKeyError, match="ledger init"):
        read_signer_key(tmp_path / "none.key")
    assert default_key_path("dir/zkgov-ledger.sqlite").name == "zkgov-ledger.key"
