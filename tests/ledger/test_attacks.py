"""The attacks of issue 17 on the ledger, each performed and shown refused.

* rows inserted into the file without the key: the next append refuses to sign them and
  the audit fails;
* the tail deleted (entries, nodes, checkpoints): the signer, which keeps its last signed
  checkpoint beside its key, refuses to sign a second tree of a size it already signed, and
  the audit with a kept checkpoint fails;
* a forged proof under a degenerate key in the log: the audit fails, even without
  re-verifying proofs;
* a circuit id appended with a second key: refused; slipped in by editing the file: the
  audit fails.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest

from ledger import Ledger, NoteSigner, admit_commitment
from ledger.admission import Admitted, admit_proof, verification_key_json
from ledger.errors import (
    CircuitKeyConflictError,
    ConsistencyError,
    SigningKeyError,
    StorageError,
)
from ledger.keys import read_signer_key, write_signer_key
from ledger.records import ProofRecord, canonical_json, encode_record
from ledger.rfc9162 import hash_leaf
from ledger.signer_state import SignerState, StateSnapshot, adopt_checkpoint, state_path
from tests.ledger.conftest import run_sql
from zk import groth16
from zk.curve import get_backend
from zk.formats.snarkjs_json import proof_to_json, public_to_json, vk_from_json, vk_to_json
from zk.groth16.keys import Proof

ORIGIN = "attack.example.gov/ledger"


@pytest.fixture
def keyed(tmp_path: Path, location) -> tuple[str, Path, NoteSigner]:
    """A ledger with 5 commitments on the test's engine, written through a key file (so
    with a state file)."""
    signer = NoteSigner.generate(ORIGIN)
    path, key = location("l.sqlite"), tmp_path / "l.key"
    write_signer_key(key, signer)
    Ledger.create(path, signer).close()
    with Ledger.open(path, read_signer_key(key)) as log:
        for i in range(5):
            log.append_commitment(str(100 + i), context=f"c{i}")
    return path, key, signer


def _sql(where: str | Path, *statements: tuple[str, tuple]) -> None:
    run_sql(where, *statements)


def _count(where: str | Path, table: str) -> int:
    return run_sql(where, (f"SELECT count(*) FROM {table}", ()))[0][0]


def _insert_entry(where: str | Path, index: int, payload: bytes,
                  kind: str = "commitment") -> None:
    """What an attacker without the key can do: add a well-formed row (and its nodes)."""
    from ledger.compact import CompactRange

    leaves = [bytes(row[0]) for row in
              run_sql(where, ("SELECT leaf_hash FROM entries ORDER BY idx", ()))]
    frontier = CompactRange()
    for leaf in leaves:
        frontier.append(leaf)
    leaf = hash_leaf(payload)
    created = frontier.append(leaf)
    time = "2024-01-01T00:00:00.000000Z"
    run_sql(where, ("INSERT INTO entries VALUES (?, ?, ?, ?, ?)",
                    (index, kind, payload, leaf, time)),
            *[("INSERT INTO nodes VALUES (?, ?, ?)", (level, i, h))
              for (level, i), h in created])


def _commitment_payload(value: str) -> bytes:
    item = admit_commitment(value, context="inserted without the key")
    return encode_record(item.stamped("2024-01-01T00:00:00.000000Z"))


# --- rows inserted without the key ---------------------------------------------------------
def test_rows_inserted_without_the_key_are_never_signed(keyed):
    path, key, signer = keyed
    _insert_entry(path, 5, _commitment_payload("666"))
    with Ledger.open(path, read_signer_key(key)) as log:
        with pytest.raises(ConsistencyError, match="no signed checkpoint"):
            log.append_commitment("7")
        report = log.audit(verifier=signer.verifier())
    assert _count(path, "entries") == 6 and _count(path, "checkpoints") == 6  # nothing added
    assert not report.ok
    assert report.failure.subject == "entries 5..5"
    assert "without the signing key" in report.failure.message


def test_a_deleted_latest_checkpoint_is_an_unsigned_tail(keyed):
    path, key, signer = keyed
    _sql(path, ("DELETE FROM checkpoints WHERE size = 5", ()))
    with Ledger.open(path, read_signer_key(key)) as log:
        with pytest.raises(ConsistencyError, match="no signed checkpoint"):
            log.append_commitment("7")
        assert not log.audit(verifier=signer.verifier()).ok


# --- the tail deleted: no fork -------------------------------------------------------------
def _delete_tail(path: Path, keep: int) -> None:
    _sql(path,
         ("DELETE FROM entries WHERE idx >= ?", (keep,)),
         ("DELETE FROM nodes WHERE (idx + 1) * (1 << level) > ?", (keep,)),
         ("DELETE FROM checkpoints WHERE size > ?", (keep,)))


@pytest.mark.parametrize("keep", [0, 2, 3, 4])
def test_deleting_the_tail_makes_the_next_append_fail_not_fork(keyed, keep):
    path, key, signer = keyed
    with Ledger.open(path) as log:
        kept = log.checkpoint()  # what an inspector kept: size 5
    _delete_tail(path, keep)
    with Ledger.open(path) as log:  # the file alone looks sound: every row is signed
        assert log.audit(verifier=signer.verifier()).ok
        assert log.size == keep
    with Ledger.open(path, read_signer_key(key)) as log:
        with pytest.raises(ConsistencyError, match="would fork"):
            log.append_commitment("31337")
        assert log.size == keep  # nothing appended, nothing signed
        assert log.checkpoint().splitlines()[1] == str(keep)
        report = log.audit(verifier=signer.verifier(), kept=[kept])
    assert not report.ok
    assert report.failure.subject == "kept checkpoint at size 5"
    assert "removed" in report.failure.message


@pytest.mark.parametrize("engine", ["sqlite"])  # copies the file
def test_a_signed_fork_of_a_backup_is_refused(keyed, tmp_path):
    """A copy of the file restored from a backup (size 3) and extended elsewhere with the
    same key: every row is signed, the file is self-consistent, but its tree does not extend
    what this signer signed (size 5): the consistency proof from the signer's state fails."""
    path, key, signer = keyed
    backup = tmp_path / "backup.sqlite"
    with Ledger.open(path) as log:
        size3, size5 = log.checkpoint(3), log.checkpoint(5)
    shutil.copy(path, backup)
    _delete_tail(backup, 3)
    with Ledger.open(backup, NoteSigner.from_skey(signer.skey())) as elsewhere:  # no state file
        for value in ("900", "901", "902"):
            elsewhere.append_commitment(value)
        assert elsewhere.audit(verifier=signer.verifier()).ok
    shutil.copy(backup, path)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    before = SignerState(signer.verifier(), state_path(key)).read()
    with Ledger.open(path, read_signer_key(key)) as log:
        assert log.size == 6
        with pytest.raises(ConsistencyError, match="not consistent with the checkpoint this "
                                                   "signer signed at size 5"):
            log.append_commitment("46")
        assert log.size == 6
        assert log.audit(verifier=signer.verifier(), kept=[size3]).ok  # agrees up to 3...
        report = log.audit(verifier=signer.verifier(), kept=[size3, size5])  # ...not at 5
    assert not report.ok and "fork" in report.failure.message
    assert SignerState(signer.verifier(), state_path(key)).read() == before  # unchanged


def test_the_same_key_in_memory_refuses_a_fork_too(location):
    signer = NoteSigner.generate(ORIGIN)
    path = location("m.sqlite")
    with Ledger.create(path, signer) as log:
        for i in range(4):
            log.append_commitment(str(i))
        _delete_tail(path, 2)
        with pytest.raises(ConsistencyError, match="would fork"):
            log.append_commitment("31337")


def test_a_key_that_signed_a_log_cannot_start_another(keyed, location):
    _path, key, _signer = keyed
    other = location("other.sqlite")
    with pytest.raises(SigningKeyError, match="fork"):
        Ledger.create(other, read_signer_key(key))
    with pytest.raises(StorageError):  # nothing left behind
        Ledger.open(other)


def test_state_of_another_key_or_missing_state_is_refused(keyed, tmp_path):
    path, key, _signer = keyed
    other_key = tmp_path / "other.key"
    write_signer_key(other_key, NoteSigner.generate(ORIGIN))
    shutil.copy(state_path(other_key), state_path(key))
    with (Ledger.open(path, read_signer_key(key)) as log,
          pytest.raises(SigningKeyError, match="another key")):
        log.append_commitment("1")
    state_path(key).unlink()
    with Ledger.open(path, read_signer_key(key)) as log:
        with pytest.raises(SigningKeyError, match="missing"):
            log.append_commitment("1")
        note = log.checkpoint()
    adopt_checkpoint(key, note)  # the recovery: adopt a checkpoint one trusts
    with Ledger.open(path, read_signer_key(key)) as log:
        assert log.append_commitment("1").index == 5


# --- crashes around the commit ---------------------------------------------------------------
def test_a_pending_checkpoint_never_committed_is_dropped(keyed):
    """The process died after writing the state, before the database commit."""
    path, key, signer = keyed
    state = SignerState(signer.verifier(), state_path(key))
    with Ledger.open(path) as log:
        current = log.checkpoint()
    from ledger.checkpoint import Checkpoint, sign_checkpoint

    ghost = sign_checkpoint(Checkpoint(ORIGIN, 9, b"\x01" * 32), signer)
    state.write(StateSnapshot(signed=current, pending=ghost))
    with Ledger.open(path, read_signer_key(key)) as log:
        assert log.append_commitment("43").index == 5
    assert state.read().pending is None
    assert state.checkpoint(state.read().signed).size == 6


def test_a_pending_checkpoint_that_was_committed_is_kept(keyed):
    """The process died after the commit, before confirming: the state catches up, and
    removing that last batch afterwards is still caught."""
    path, key, signer = keyed
    state = SignerState(signer.verifier(), state_path(key))
    with Ledger.open(path) as log:
        older = log.checkpoint(4)
        latest = log.checkpoint()
    state.write(StateSnapshot(signed=older, pending=latest))
    _delete_tail(path, 4)
    with Ledger.open(path, read_signer_key(key)) as log:  # pending not in the file: dropped
        assert log.append_commitment("44").index == 4
    # but a confirmed one is never dropped
    state.write(StateSnapshot(signed=latest))
    _delete_tail(path, 4)
    with Ledger.open(path, read_signer_key(key)) as log, pytest.raises(ConsistencyError):
        log.append_commitment("45")


# --- forged proofs under degenerate keys ----------------------------------------------------
def _forgery(vk_json: dict, kind: str) -> tuple[dict, dict, list[str]]:
    """A degenerate key and a proof that verifies under it for invented inputs, made
    without any toxic waste."""
    be = get_backend()
    vk = vk_from_json(vk_json)
    if kind == "gamma=delta":
        vk.delta2 = vk.gamma2
    elif kind == "gamma=infinity":
        vk.gamma2 = be.g2_mul(vk.gamma2, 0)
    elif kind == "beta=gamma":
        vk.gamma2 = vk.beta2
    invented = [5, 7]
    acc = vk.ic[0]
    for x, point in zip(invented, vk.ic[1:], strict=True):
        acc = be.g1_add(acc, be.g1_mul(point, x))
    infinity = be.g1_mul(vk.alpha1, 0)
    if kind == "gamma=delta":
        proof = Proof(vk.alpha1, vk.beta2, be.g1_neg(acc))
    elif kind == "gamma=infinity":
        proof = Proof(vk.alpha1, vk.beta2, infinity)
    else:
        proof = Proof(be.g1_add(vk.alpha1, acc), vk.beta2, infinity)
    assert groth16.verify(vk, invented, proof, allow_forgeable=True)  # the forgery is real
    return vk_to_json(vk), proof_to_json(proof), public_to_json(invented)


def _smuggled(weak: dict, proof: dict, public: list[str], circuit: str) -> Admitted:
    """The record a writer that skipped the key check (an old zkgov, an insider) signs."""
    import hashlib

    stored = canonical_json(verification_key_json(vk_from_json(weak)))
    digest = hashlib.sha256(stored).digest()
    record = ProofRecord(circuit, digest.hex(), tuple(public), proof, "mallory",
                         "0000-00-00T00:00:00.000000Z")
    return Admitted(record, (digest, stored))


_KINDS = ["gamma=delta", "gamma=infinity", "beta=gamma"]


@pytest.mark.parametrize("kind", _KINDS)
def test_a_forged_proof_under_a_degenerate_key_is_refused_and_fails_audit(
        location, snarkjs_multiplier, kind):
    weak, proof, public = _forgery(snarkjs_multiplier["verification_key"], kind)
    from ledger.errors import RejectedProofError

    with pytest.raises(RejectedProofError, match="forge"):
        admit_proof(weak, proof, public, "multiplier", "mallory")
    signer = NoteSigner.generate(ORIGIN)
    with Ledger.create(location("l.sqlite"), signer) as log:
        log.append_commitment("1")
        log.append_batch([_smuggled(weak, proof, public, "multiplier")])
        for verify_proofs in (True, False):
            report = log.audit(verifier=signer.verifier(), verify_proofs=verify_proofs)
            assert not report.ok
            assert report.failure.subject.startswith("verification key")
            assert "forge" in report.failure.message
            assert report.failure.entry == 1


def test_a_forged_proof_inserted_into_the_file_fails_audit_and_blocks_appends(
        keyed, snarkjs_multiplier):
    """The attack of the issue: a γ = δ forgery admitted by editing the file."""
    path, key, signer = keyed
    weak, proof, public = _forgery(snarkjs_multiplier["verification_key"], "gamma=delta")
    item = _smuggled(weak, proof, public, "multiplier")
    payload = encode_record(item.stamped("2024-01-01T00:00:00.000000Z"))
    _insert_entry(path, 5, payload, kind="proof")
    _sql(path, ("INSERT INTO verification_keys VALUES (?, ?)", item.verification_key),
         ("INSERT INTO circuit_keys VALUES (?, ?)", ("multiplier", item.verification_key[0])))
    with Ledger.open(path, read_signer_key(key)) as log:
        with pytest.raises(ConsistencyError):
            log.append_commitment("42")
        for verify_proofs in (True, False):
            report = log.audit(verifier=signer.verifier(), verify_proofs=verify_proofs)
            assert not report.ok and report.failure.entry == 5


# --- circuit ids bound to their key ----------------------------------------------------------
def _second_key(vk_json: dict) -> dict:
    """Another valid, non-forgeable key with the same shape (δ scaled)."""
    be = get_backend()
    vk = vk_from_json(vk_json)
    vk.delta2 = be.g2_mul(vk.delta2, 3)
    return vk_to_json(vk)


def test_a_circuit_id_is_bound_to_its_first_key(location, snarkjs_multiplier):
    m = snarkjs_multiplier
    other = _second_key(m["verification_key"])
    signer = NoteSigner.generate(ORIGIN)
    ok = admit_proof(m["verification_key"], m["proof"], m["public"], "multiplier", "clerk")
    with Ledger.create(location("l.sqlite"), signer) as log:
        log.append_batch([ok])
        impostor = _smuggled(other, m["proof"], m["public"], "multiplier")
        with pytest.raises(CircuitKeyConflictError, match="bound to verification key"):
            log.append_batch([impostor])
        with pytest.raises(CircuitKeyConflictError):  # also inside one batch
            log.append_batch([_smuggled(other, m["proof"], m["public"], "new-id"),
                              _smuggled(m["verification_key"], m["proof"], m["public"],
                                        "new-id")])
        assert log.size == 1
        results = log.append_each([impostor, ok])  # a service refuses them one by one
        assert isinstance(results[0], CircuitKeyConflictError)
        assert results[1].index == 1
        assert log.audit(verifier=signer.verifier()).ok


def test_a_circuit_binding_removed_from_the_file_is_caught(location, snarkjs_multiplier):
    m = snarkjs_multiplier
    other = _second_key(m["verification_key"])
    signer = NoteSigner.generate(ORIGIN)
    path = location("l.sqlite")
    with Ledger.create(path, signer) as log:
        log.append_batch([admit_proof(m["verification_key"], m["proof"], m["public"],
                                      "multiplier", "clerk")])
    _sql(path, ("DELETE FROM circuit_keys", ()))
    with Ledger.open(path, signer) as log:
        report = log.audit(verifier=signer.verifier())
        assert not report.ok and report.failure.subject.startswith("circuit index")
        # the edited index lets an append through, and the audit names the entry
        log.append_batch([_smuggled(other, m["proof"], m["public"], "multiplier")])
        report = log.audit(verifier=signer.verifier(), verify_proofs=False)
    assert not report.ok
    assert report.failure.entry == 1
    assert "first recorded" in report.failure.message


def test_an_older_file_gets_its_circuit_index_from_its_entries(location, snarkjs_multiplier):
    m = snarkjs_multiplier
    signer = NoteSigner.generate(ORIGIN)
    path = location("l.sqlite")
    with Ledger.create(path, signer) as log:
        log.append_batch([admit_proof(m["verification_key"], m["proof"], m["public"],
                                      "multiplier", "clerk")])
    _sql(path, ("DROP TABLE circuit_keys", ()))
    with Ledger.open(path, signer) as log:
        assert log.audit(verifier=signer.verifier()).ok
        impostor = _smuggled(_second_key(m["verification_key"]), m["proof"], m["public"],
                             "multiplier")
        with pytest.raises(CircuitKeyConflictError):
            log.append_batch([impostor])
        assert log.append_commitment("1").index == 1
        assert log.audit(verifier=signer.verifier()).ok


def test_deep_copy_of_fixture_is_untouched(snarkjs_multiplier):
    """The forgeries above work on copies (the session fixture is shared)."""
    before = copy.deepcopy(snarkjs_multiplier)
    _forgery(snarkjs_multiplier["verification_key"], "gamma=delta")
    assert snarkjs_multiplier == before


# --- through the command line -----------------------------------------------------------------
def test_cli_refuses_to_sign_a_fork_and_audit_fails(tmp_path, monkeypatch, capsys):
    """(The command line works on files; the engines are tested above.)"""
    from zkgov.main import main

    monkeypatch.chdir(tmp_path)
    assert main(["ledger", "init", "--origin", ORIGIN]) == 0
    for value in ("1", "2", "3"):
        assert main(["ledger", "append", "--commitment", value]) == 0
    capsys.readouterr()
    path = tmp_path / "zkgov-ledger.sqlite"
    assert state_path(tmp_path / "zkgov-ledger.key").is_file()
    _delete_tail(path, 1)
    assert main(["ledger", "append", "--commitment", "4"]) == 2
    err = capsys.readouterr().err
    assert "would fork" in err and len(err.strip().splitlines()) == 1
    assert _count(path, "entries") == 1
    _insert_entry(path, 1, _commitment_payload("5"))
    assert main(["ledger", "audit"]) == 1
    assert "without the signing key" in capsys.readouterr().out


def test_a_torn_state_write_falls_back_to_the_previous_slot(keyed):
    """A crash in the middle of writing the state leaves a slot whose hash fails: the reader
    takes the other slot, the state before that write."""
    from ledger.signer_state import SLOT_BYTES

    path, key, signer = keyed
    state = SignerState(signer.verifier(), state_path(key))
    before = state.read()
    with Ledger.open(path, read_signer_key(key)) as log:
        log.append_commitment("77")
    after = state.read()
    assert after != before and after.pending is None
    raw = bytearray(state_path(key).read_bytes())
    newest = state._seq % 2
    raw[newest * SLOT_BYTES + 100] ^= 0xFF  # the confirmation, torn
    state_path(key).write_bytes(bytes(raw))
    torn = SignerState(signer.verifier(), state_path(key)).read()
    assert torn.pending is not None  # the pending note of that append, written before commit
    with Ledger.open(path, read_signer_key(key)) as log:  # found in the database: kept
        assert log.append_commitment("78").index == 6
    raw = bytearray(state_path(key).read_bytes())
    raw[100] ^= 0xFF
    raw[SLOT_BYTES + 100] ^= 0xFF
    state_path(key).write_bytes(bytes(raw))
    with Ledger.open(path, read_signer_key(key)) as log, pytest.raises(SigningKeyError,
                                                                       match="damaged"):
        log.append_commitment("79")
