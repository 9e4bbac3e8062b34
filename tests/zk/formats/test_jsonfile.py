"""JSON and text reading under hostile input: every failure is one FormatError line."""

from __future__ import annotations

import pytest

from zk.errors import FormatError
from zk.files import FileAccessError
from zk.formats.filekind import identify_binary
from zk.formats.jsonfile import JsonLimits, load_json, nesting_depth
from zk.formats.textfile import decode_text, detect_encoding

DOC = {"protocol": "groth16", "IC": [["1", "2", "1"]], "n": 3}
TEXT = '{"protocol": "groth16", "IC": [["1", "2", "1"]], "n": 3}'


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
                                   "utf-32-le", "utf-32-be"])
def test_unicode_encodings_are_decoded(codec: str) -> None:
    assert load_json(TEXT.encode(codec), name="doc") == DOC


def test_a_file_is_read_by_path(tmp_path) -> None:
    path = tmp_path / "vk.json"
    path.write_bytes(TEXT.encode("utf-16"))
    assert load_json(path) == DOC
    assert load_json(str(path)) == DOC


def _error(data: bytes, **kw) -> str:
    with pytest.raises(FormatError) as info:
        load_json(data, "verification_key.json", name="vk.json", **kw)
    message = str(info.value)
    assert "\n" not in message and message.startswith("vk.json")
    return message


def test_deep_nesting_is_refused_without_recursion() -> None:
    assert "100000 levels deep" in _error(b"[" * 100_000 + b"]" * 100_000)
    assert "levels deep" in _error(b'{"a":' * 65 + b"1" + b"}" * 65)
    assert load_json(b'{"a":' * 64 + b"1" + b"}" * 64, name="ok") is not None


def test_brackets_inside_strings_do_not_count() -> None:
    assert nesting_depth('["[[[[", "\\"{{{{"]') == 1
    assert load_json(b'["' + b"[" * 1000 + b'"]', name="ok") == ["[" * 1000]


@pytest.mark.parametrize("literal", [b"9" * 5000, b"-" + b"1" * 101, b"1." + b"0" * 200])
def test_long_numbers_are_refused(literal: bytes) -> None:
    assert "characters is longer than" in _error(b'{"a": ' + literal + b"}")


@pytest.mark.parametrize("literal", [b"NaN", b"Infinity", b"-Infinity", b"1e999"])
def test_non_finite_numbers_are_refused(literal: bytes) -> None:
    _error(b"[" + literal + b"]")


def test_long_strings_and_documents_are_refused() -> None:
    assert "string of 11 characters" in _error(b'["' + b"x" * 11 + b'"]',
                                               limits=JsonLimits(max_string_chars=10))
    with pytest.raises(FileAccessError, match="the limit is 50"):
        load_json(b"[" + b" " * 100 + b"]", limits=JsonLimits(max_bytes=50))


@pytest.mark.parametrize("magic,kind", [(b"zkey", ".zkey"), (b"r1cs", ".r1cs"),
                                        (b"wtns", ".wtns"), (b"ptau", ".ptau")])
def test_iden3_files_are_named(magic: bytes, kind: str) -> None:
    data = magic + (1).to_bytes(4, "little") + (3).to_bytes(4, "little") + bytes(64)
    assert f"this is a {kind} file (binary), expected verification_key.json" in _error(data)


@pytest.mark.parametrize("data,kind", [(b"SQLite format 3\x00" + bytes(90), "SQLite"),
                                       (b"\x1f\x8b\x08\x00" + bytes(20), "gzip"),
                                       (b"PK\x03\x04" + bytes(20), "zip"),
                                       (b"\x7fELF\x02\x01" + bytes(20), "ELF")])
def test_other_binaries_are_named(data: bytes, kind: str) -> None:
    assert kind in identify_binary(data)
    assert kind in _error(data)


def test_garbage_empty_truncated_and_latin1() -> None:
    assert "binary data" in _error(bytes(range(256)) * 4)
    assert "binary data" in _error(b"{\x01\x02}")
    assert "is empty" in _error(b"")
    assert "is empty" in _error(b"  \n")
    assert "not valid JSON" in _error(b'{"a": [1, 2')
    assert "not UTF-8 text (byte 0xe9" in _error('{"a": "é"}'.encode("latin-1"))


def test_missing_file_and_directory(tmp_path) -> None:
    with pytest.raises(FileAccessError, match="not found"):
        load_json(tmp_path / "nope.json", "proof")
    with pytest.raises(FileAccessError, match="is a directory"):
        load_json(tmp_path, "proof")


def test_detect_encoding_without_bom() -> None:
    assert detect_encoding("{}".encode("utf-16-le")) == ("utf-16-le", 0)
    assert detect_encoding("{}".encode("utf-32-be")) == ("utf-32-be", 0)
    assert detect_encoding(b"{}") == ("utf-8", 0)
    assert decode_text("a = 1".encode("utf-16"), "TOML", "x.toml") == "a = 1"
