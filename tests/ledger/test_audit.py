"""The audit recomputes everything and names the first thing that was tampered with."""

from __future__ import annotations

import base64
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import Ledger, NoteSigner, admit_proof
from ledger.audit import audit_storage
from ledger.errors import LedgerError
from ledger.storage import Storage

ENTRIES = 12  # commitments 0..11, then one proof record: entry 12


def _accept(*_args) -> bool:
    return True


@pytest.fixture(scope="module")
def template(tmp_path_factory, snarkjs_multiplier) -> tuple[Path, NoteSigner]:
    """A small, sound ledger (one checkpoint per append), compacted so each value has one copy."""
    folder = tmp_path_factory.mktemp("audit")
    signer = NoteSigner.generate("registry.example.gov/ledger")
    path = folder / "template.sqlite"
    m = snarkjs_multiplier
    with Ledger.create(path, signer) as log:
        for i in range(ENTRIES):
            log.append_commitment(str(7000 + i), "poseidon", f"ctx-{i:04d}")
        # the proof is valid; skip re-verifying it here to keep the suite fast
        log.append_batch([admit_proof(m["verification_key"], m["proof"], m["public"],
                                      "multiplier", "clerk", verify=_accept)])
    db = sqlite3.connect(path)
    db.execute("VACUUM")
    db.close()
    return path, signer


@pytest.fixture
def ledger_copy(template, tmp_path) -> Path:
    path = tmp_path / "copy.sqlite"
    shutil.copy(template[0], path)
    return path


def _audit(path: Path, signer: NoteSigner | None = None, proofs: bool = False):
    storage = Storage.open(path)
    try:
        return audit_storage(storage, signer.verifier() if signer else None,
                             verify_proofs=proofs, groth16_verify=_accept)
    finally:
        storage.close()


def _sql(path: Path, statement: str, params: tuple = ()) -> None:
    db = sqlite3.connect(path)
    db.execute(statement, params)
    db.commit()
    db.close()


def _flip_file_bytes(path: Path, needle: bytes, offset: int = 0, bit: int = 2) -> None:
    """Flip one bit of every copy of ``needle`` in the raw file, as a disk fault would."""
    data = bytearray(path.read_bytes())
    start, hits = 0, 0
    while (at := data.find(needle, start)) >= 0:
        data[at + offset] ^= 1 << bit
        start, hits = at + len(needle), hits + 1
    assert hits, "value not found in the file"
    path.write_bytes(bytes(data))


def _value(path: Path, query: str, params: tuple = ()) -> bytes:
    db = sqlite3.connect(path)
    (value,) = db.execute(query, params).fetchone()
    db.close()
    return value


def test_sound_ledger_passes(template):
    report = _audit(template[0], template[1])
    assert report.ok, report.failure
    assert (report.size, report.entries_checked, report.checkpoints_checked) == (13, 13, 14)
    assert report.key_source == "pinned"
    assert report.nodes_checked == 10


def test_stored_proofs_are_reverified(tmp_path, signer, snarkjs_multiplier):
    m = snarkjs_multiplier
    path = tmp_path / "l.sqlite"
    with Ledger.create(path, signer) as log:
        log.append_commitment("1")
        # slip an invalid proof past admission, as a buggy or malicious writer could
        log.append_batch([admit_proof(m["verification_key"], m["proof"], ["34", "3"],
                                      "multiplier", "clerk", verify=_accept)])
        report = log.audit()
    assert not report.ok
    assert report.failure.entry == 1
    assert "does not verify" in str(report.failure)


# --- tampering through SQL: each stored value ----------------------------------------------------
@pytest.mark.parametrize(
    ("statement", "params", "subject", "entry"),
    [
        ("UPDATE entries SET payload = replace(payload, '7005', '7006') WHERE idx = 5", (),
         "entry 5", 5),
        ("UPDATE entries SET leaf_hash = zeroblob(32) WHERE idx = 8", (), "entry 8", 8),
        ("UPDATE entries SET kind = 'proof' WHERE idx = 2", (), "entry 2", 2),
        ("UPDATE entries SET time = '2000-01-01T00:00:00.000000Z' WHERE idx = 3", (),
         "entry 3", 3),
        ("UPDATE nodes SET hash = zeroblob(32) WHERE level = 2 AND idx = 1", (),
         "node (level 2, index 1) over entries 4..7", 4),
        ("UPDATE checkpoints SET note = replace(note, 'ledger', 'ledgex') WHERE size = 9", (),
         "checkpoint at size 9", 8),
        ("UPDATE verification_keys SET vk_json = replace(vk_json, 'groth16', 'Groth16')", (),
         "verification key", 12),
        ("DELETE FROM entries WHERE idx = 6", (), "entry 6", 6),
        ("DELETE FROM checkpoints WHERE size = 9", (), None, None),
        ("DELETE FROM checkpoints WHERE size = 13", (), "entries 12..12", 12),
    ],
)
def test_sql_tampering_is_named(ledger_copy, template, statement, params, subject, entry):
    _sql(ledger_copy, statement, params)
    report = _audit(ledger_copy, template[1])
    if subject is None:  # a checkpoint inside the log, missing: later ones still sign it all
        assert report.ok, report.failure
        return
    assert not report.ok
    assert report.failure.subject.startswith(subject), report.failure
    assert report.failure.entry == entry


def test_rewritten_entry_is_caught_by_signed_checkpoints(ledger_copy, template):
    """Change entry 4 and every hash that depends on it: only the signatures can tell."""
    from ledger.compact import CompactRange
    from ledger.records import CommitmentRecord, decode_record, encode_record
    from ledger.rfc9162 import hash_leaf

    db = sqlite3.connect(ledger_copy)
    rows = db.execute("SELECT idx, payload FROM entries ORDER BY idx").fetchall()
    forged = decode_record(rows[4][1])
    assert isinstance(forged, CommitmentRecord)
    payload = encode_record(CommitmentRecord("poseidon", "666", forged.context, forged.time))
    db.execute("UPDATE entries SET payload = ?, leaf_hash = ? WHERE idx = 4",
               (payload, hash_leaf(payload)))
    cr = CompactRange()
    for idx, old in rows:
        leaf = hash_leaf(payload if idx == 4 else old)
        for (level, i), h in cr.append(leaf):
            db.execute("UPDATE nodes SET hash = ? WHERE level = ? AND idx = ?", (h, level, i))
    db.commit()
    db.close()
    report = _audit(ledger_copy, template[1])
    assert report.failure.subject == "checkpoint at size 5"
    assert report.failure.entry == 4
    assert "entry 4 changed after signing" in report.failure.message


def test_truncated_log_is_caught(ledger_copy, template):
    _sql(ledger_copy, "DELETE FROM entries WHERE idx >= 10")
    report = _audit(ledger_copy, template[1])
    assert report.failure.subject == "checkpoint at size 11"
    assert "removed" in report.failure.message
    assert report.failure.entry == 10


def test_unpinned_audit_uses_file_key_and_says_so(ledger_copy, template):
    report = _audit(ledger_copy)
    assert report.ok and report.key_source == "ledger file"
    stranger = NoteSigner.generate(template[1].name)
    report = _audit(ledger_copy, stranger)
    assert report.failure.subject == "checkpoint at size 0"
    assert any("names another key" in n for n in report.notes)


# --- tampering with raw bytes in the file --------------------------------------------------------
def test_flipped_payload_byte(ledger_copy, template):
    _flip_file_bytes(ledger_copy, b"ctx-0007", offset=5)
    report = _audit(ledger_copy, template[1])
    assert report.failure.subject == "entry 7"


def test_flipped_leaf_hash_byte(ledger_copy, template):
    leaf = _value(ledger_copy, "SELECT leaf_hash FROM entries WHERE idx = 10")
    _flip_file_bytes(ledger_copy, leaf, offset=17)
    report = _audit(ledger_copy, template[1])
    assert report.failure.subject == "entry 10"
    assert "leaf hash" in report.failure.message


def test_flipped_node_byte(ledger_copy, template):
    node = _value(ledger_copy, "SELECT hash FROM nodes WHERE level = 3 AND idx = 0")
    _flip_file_bytes(ledger_copy, node, offset=31, bit=7)
    report = _audit(ledger_copy, template[1])
    assert report.failure.subject == "node (level 3, index 0) over entries 0..7"


def test_flipped_checkpoint_byte(ledger_copy, template):
    note = _value(ledger_copy, "SELECT note FROM checkpoints WHERE size = 6")
    signature = note.rsplit(" ", 1)[1].strip().encode()
    _flip_file_bytes(ledger_copy, signature, offset=20, bit=0)
    report = _audit(ledger_copy, template[1])
    assert report.failure.subject == "checkpoint at size 6"
    assert report.failure.entry == 5


# --- any stored byte ---------------------------------------------------------------------------
_TARGETS = {
    "payload": ("SELECT idx, payload FROM entries", "UPDATE entries SET payload = ? WHERE idx = ?"),
    "leaf hash": ("SELECT idx, leaf_hash FROM entries",
                  "UPDATE entries SET leaf_hash = ? WHERE idx = ?"),
    "node": ("SELECT level * 1000000 + idx, hash FROM nodes",
             "UPDATE nodes SET hash = ? WHERE level * 1000000 + idx = ?"),
    "checkpoint": ("SELECT size, note FROM checkpoints",
                   "UPDATE checkpoints SET note = ? WHERE size = ?"),
}


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(sorted(_TARGETS)), data=st.data())
def test_any_flipped_bit_is_detected(template, tmp_path, target, data):
    path = tmp_path / f"flip-{data.draw(st.integers(0, 10**9))}.sqlite"
    shutil.copy(template[0], path)
    select, update = _TARGETS[target]
    db = sqlite3.connect(path)
    rows = db.execute(select).fetchall()
    key, value = data.draw(st.sampled_from(rows))
    raw = bytearray(value.encode("utf-8") if isinstance(value, str) else value)
    position = data.draw(st.integers(0, len(raw) - 1))
    raw[position] ^= 1 << data.draw(st.integers(0, 7))
    stored = bytes(raw)
    if isinstance(value, str):
        try:
            stored = stored.decode("utf-8")
        except UnicodeDecodeError:
            stored = stored.decode("utf-8", "surrogateescape").encode("utf-8", "surrogateescape")
    db.execute(update, (stored, key))
    db.commit()
    db.close()
    report = _audit(path, template[1])
    assert not report.ok, f"{target} {key}: flip at byte {position} went unnoticed"
    if target in ("payload", "leaf hash"):
        assert report.failure.subject == f"entry {key}"
    elif target == "node":
        level, index = divmod(key, 1000000)
        assert report.failure.subject.startswith(f"node (level {level}, index {index})")
    else:
        assert report.failure.subject == f"checkpoint at size {key}"


def test_damaged_sqlite_pages_are_reported_not_raised(ledger_copy, template):
    data = bytearray(ledger_copy.read_bytes())
    for page_start in range(4096, len(data), 4096):  # scribble over every b-tree page header
        data[page_start:page_start + 8] = b"\xff" * 8
    ledger_copy.write_bytes(bytes(data))
    try:
        report = _audit(ledger_copy, template[1])
    except LedgerError as exc:  # opening may already fail, with a clear error
        assert "ledger" in str(exc)
        print("open failed:", exc)
    else:
        assert not report.ok
        print("audit:", report.failure)


def test_flipped_signature_in_base64_padding_bits(template):
    """A flip that changes no decoded byte is still a change to the stored bytes."""
    note = _value(template[0], "SELECT note FROM checkpoints WHERE size = 2")
    sig = note.rsplit(" ", 1)[1].strip()
    assert sig.endswith("=")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    last = sig[-2]
    twin = alphabet[alphabet.index(last) ^ 1]  # differs only in a padding bit
    assert base64.b64decode(sig[:-2] + twin + "=") == base64.b64decode(sig)
    forged = note.replace(sig, sig[:-2] + twin + "=")
    from ledger.checkpoint import open_checkpoint
    from ledger.errors import CheckpointError

    with pytest.raises(CheckpointError, match="canonical"):
        open_checkpoint(forged, template[1].verifier())
