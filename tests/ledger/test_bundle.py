"""Export bundles audit offline; a tampered bundle is caught and named."""

from __future__ import annotations

import json
import tarfile

import pytest

from ledger import NoteSigner, audit_bundle
from ledger.errors import BundleError


@pytest.fixture
def sound_log(new_ledger):
    return new_ledger(entries=9)


@pytest.mark.parametrize("name", ["bundle", "bundle.tar", "bundle.tar.gz"])
def test_export_and_audit(sound_log, tmp_path, name):
    path = sound_log.export(tmp_path / name)
    report = audit_bundle(path, sound_log.verifier)
    assert report.ok, report.failure
    assert (report.size, report.checkpoints_checked) == (9, 10)
    assert report.root == sound_log.root()
    if name != "bundle":
        with tarfile.open(path) as tar:
            assert sorted(tar.getnames()) == ["checkpoints.jsonl", "entries.jsonl",
                                              "manifest.json", "verification_keys.jsonl"]


def test_export_never_overwrites(sound_log, tmp_path):
    (tmp_path / "taken").mkdir()
    with pytest.raises(BundleError, match="already exists"):
        sound_log.export(tmp_path / "taken")
    assert not any(p.name.startswith(".taken") for p in tmp_path.iterdir())


def _rewrite_line(path, name, index, change):
    lines = (path / name).read_text(encoding="utf-8").splitlines()
    obj = json.loads(lines[index])
    change(obj)
    lines[index] = json.dumps(obj)
    (path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "index", "change", "subject"),
    [
        ("entries.jsonl", 4, lambda o: o.__setitem__("payload", o["payload"].replace("1004",
                                                                                      "1005")),
         "entry 4"),
        ("entries.jsonl", 2, lambda o: o.__setitem__("leaf_hash", "00" * 32), "entry 2"),
        ("checkpoints.jsonl", 3, lambda o: o.__setitem__("note", o["note"].replace("\n3\n",
                                                                                   "\n4\n")),
         "checkpoint at size 3"),
        ("entries.jsonl", 5, lambda o: o.__setitem__("index", "five"), "bundle"),
    ],
)
def test_tampered_bundle_is_named(sound_log, tmp_path, name, index, change, subject):
    path = sound_log.export(tmp_path / "b")
    _rewrite_line(path, name, index, change)
    report = audit_bundle(path, sound_log.verifier)
    assert not report.ok
    assert report.failure.subject == subject


def test_removed_entries_are_caught(sound_log, tmp_path):
    path = sound_log.export(tmp_path / "b")
    lines = (path / "entries.jsonl").read_text(encoding="utf-8").splitlines()
    (path / "entries.jsonl").write_text("\n".join(lines[:7]) + "\n", encoding="utf-8")
    report = audit_bundle(path, sound_log.verifier)
    assert report.failure.subject == "checkpoint at size 8"


def test_bundle_key_vs_pinned_key(sound_log, tmp_path):
    path = sound_log.export(tmp_path / "b")
    report = audit_bundle(path)
    assert report.ok and report.key_source == "bundle manifest"
    assert any("--vkey" in note for note in report.notes)
    stranger = NoteSigner.generate(sound_log.origin)
    assert not audit_bundle(path, stranger.verifier()).ok


def test_not_a_bundle(tmp_path):
    with pytest.raises(BundleError):
        audit_bundle(tmp_path / "nothing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(BundleError, match=r"manifest\.json"):
        audit_bundle(tmp_path / "empty")
    (tmp_path / "file.tar").write_bytes(b"not a tar")
    with pytest.raises(BundleError):
        audit_bundle(tmp_path / "file.tar")
