"""The Ledger API: appends, receipts, proofs from storage, and what it refuses."""

from __future__ import annotations

import sqlite3

import pytest

from ledger import Ledger, NoteSigner, admit_commitment
from ledger.checkpoint import open_checkpoint
from ledger.errors import (
    ConsistencyError,
    InvalidProofError,
    RecordError,
    RejectedProofError,
    SigningKeyError,
    StorageError,
)
from ledger.proof import verify_consistency, verify_inclusion
from ledger.rfc9162 import empty_root, hash_leaf, root_of
from tests.ledger.conftest import run_sql


def _state(log: Ledger) -> tuple[int, str]:
    return log.size, log.checkpoint()


def test_empty_ledger_is_signed(new_ledger):
    log = new_ledger()
    assert log.size == 0
    cp = open_checkpoint(log.checkpoint(), log.verifier)
    assert (cp.size, cp.root_hash) == (0, empty_root())
    assert log.audit().ok


def test_receipts_and_proofs_for_every_size(new_ledger):
    log = new_ledger()
    receipts = [log.append_commitment(str(i), "poseidon", {"n": i}) for i in range(37)]
    leaves = [log.entry(i).leaf_hash for i in range(37)]
    assert leaves == [hash_leaf(r.entry) for r in receipts]
    for r in receipts:
        assert r.verify(log.verifier).size == r.index + 1
    for size in range(38):
        assert log.root(size) == root_of(leaves[:size])
        for index in range(size):
            verify_inclusion(index, size, leaves[index], log.inclusion_proof(index, size),
                             log.root(size))
    for size1 in range(0, 38, 3):
        for size2 in range(size1, 38, 5):
            verify_consistency(size1, size2, log.consistency_proof(size1, size2),
                               log.root(size1), log.root(size2))
    later = log.receipt(3)
    assert later.tree_size == 37
    later.verify(log.verifier)


def test_batch_is_one_checkpoint(new_ledger):
    log = new_ledger(entries=3)
    receipts = log.append_batch([admit_commitment(str(i)) for i in range(10)])
    assert [r.index for r in receipts] == list(range(3, 13))
    assert {r.tree_size for r in receipts} == {13}
    assert len({r.checkpoint for r in receipts}) == 1
    for r in receipts:
        r.verify(log.verifier)
    sizes = [size for size, _ in log.storage.checkpoints()]
    assert sizes == [0, 1, 2, 3, 13]


def test_bulk_append_crosses_flushes(new_ledger):
    log = new_ledger()
    assert log.append_batch((admit_commitment(str(i)) for i in range(20000)),
                            receipts=False) == []
    assert log.size == 20000
    leaves = [e.leaf_hash for e in log.storage.entries()]
    assert log.root() == root_of(leaves)
    assert log.append_commitment("1").tree_size == 20001
    assert log.audit(verify_proofs=False).ok


def test_reopen_and_continue(location, signer):
    path = location("l.sqlite")
    with Ledger.create(path, signer) as log:
        for i in range(5):
            log.append_commitment(str(i))
    with Ledger.open(path, signer) as log:
        assert log.size == 5
        log.append_commitment("5").verify(log.verifier)
        assert log.audit().ok
    with Ledger.open(path) as log:
        assert log.entry(5).record.commitment == "5"
        with pytest.raises(SigningKeyError, match="signing key"):
            log.append_commitment("6")


def test_wrong_signer_is_refused(location, signer):
    path = location("l.sqlite")
    Ledger.create(path, signer).close()
    with pytest.raises(SigningKeyError, match="does not belong"):
        Ledger.open(path, NoteSigner.generate(signer.name))


def test_proof_record_round_trip(new_ledger, snarkjs_multiplier):
    m = snarkjs_multiplier
    log = new_ledger(entries=2)
    receipt = log.append_proof(m["verification_key"], m["proof"], m["public"],
                               "multiplier", "clerk-7")
    entry = log.entry(receipt.index)
    assert entry.kind == "proof"
    assert entry.record.submitter == "clerk-7"
    stored_vk = log.verification_key(entry.record.vk_hash)
    assert stored_vk["IC"] == m["verification_key"]["IC"]
    report = log.audit()
    assert report.ok, report.failure
    assert report.proofs_verified == 1


def test_hostile_input_appends_nothing(new_ledger, snarkjs_multiplier):
    m = snarkjs_multiplier
    log = new_ledger(entries=4)
    before = _state(log)
    with pytest.raises(RejectedProofError):
        log.append_proof(m["verification_key"], m["proof"], ["34", "3"], "multiplier", "x")
    with pytest.raises(RecordError):
        log.append_commitment("1", "poseidon", "x" * 100_000)
    with pytest.raises(RecordError):
        log.append_commitment("not a number")
    with pytest.raises(TypeError):
        log.append_batch([admit_commitment("1"), "not admitted"])  # type: ignore[list-item]
    assert _state(log) == before
    assert log.audit().ok


def test_refuses_to_sign_over_a_changed_tree(location, signer):
    path = location("l.sqlite")
    with Ledger.create(path, signer) as log:
        for i in range(6):
            log.append_commitment(str(i))
    run_sql(path, ("UPDATE nodes SET hash = ? WHERE level = 2 AND idx = 0", (b"\x00" * 32,)))
    with Ledger.open(path, signer) as log:
        before = _state(log)
        with pytest.raises(ConsistencyError, match="refusing to sign"):
            log.append_commitment("6")
        assert _state(log) == before


def test_refuses_to_append_after_entries_were_removed(location, signer):
    path = location("l.sqlite")
    with Ledger.create(path, signer) as log:
        for i in range(4):
            log.append_commitment(str(i))
    run_sql(path, ("DELETE FROM entries WHERE idx = 3", ()))
    with Ledger.open(path, signer) as log, pytest.raises(ConsistencyError, match="removed"):
        log.append_commitment("9")


def test_opening_errors(tmp_path, signer):
    with pytest.raises(StorageError, match="no ledger"):
        Ledger.open(tmp_path / "missing.sqlite")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorageError):
        Ledger.open(junk)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(StorageError, match="not a zkgov ledger"):
        Ledger.open(other)
    Ledger.create(tmp_path / "l.sqlite", signer).close()
    with pytest.raises(StorageError, match="already exists"):
        Ledger.create(tmp_path / "l.sqlite", signer)


def test_read_errors(new_ledger):
    log = new_ledger(entries=3)
    with pytest.raises(StorageError, match="no entry 3"):
        log.entry(3)
    with pytest.raises(InvalidProofError):
        log.inclusion_proof(0, 4)
    with pytest.raises(InvalidProofError):
        log.consistency_proof(3, 2)
    with pytest.raises(StorageError, match="no checkpoint at size 7"):
        log.checkpoint(7)
    with pytest.raises(StorageError):
        log.receipt(5)
    with pytest.raises(StorageError):
        log.verification_key("00" * 32)
