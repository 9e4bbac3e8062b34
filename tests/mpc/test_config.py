"""parties.toml: a complete valid file, and each invalid one rejected with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from mpc.config import load_config, session_digest
from mpc.errors import MpcConfigError
from mpc.field import P64_MAX

CONFIGS = Path(__file__).parents[1] / "fixtures" / "mpc" / "config"

INVALID = {
    "duplicate-id": "appears twice",
    "ids-not-contiguous": "must be 1..3",
    "threshold-without-honest-majority": "need 1 ≤ t ≤ 1",
    "two-parties-only": "at least 3 parties",
    "unknown-key": "unknown key",
    "missing-port": "needs id, host and port",
    "port-out-of-range": "out of range",
    "same-endpoint-twice": "used by two parties",
    "unknown-field": "unknown field",
    "not-toml": "not valid TOML",
    "no-parties": "no \\[\\[party\\]\\]",
    "port-is-a-string": "wrong type",
    "sec-param-too-small": "sec_param",
}


def test_complete_file() -> None:
    config = load_config(CONFIGS / "valid-three-parties.toml")
    assert config.n == 3 and config.threshold == 1
    assert config.field.p == P64_MAX
    assert (config.timeout, config.connect_timeout, config.sec_param) == (12.5, 40.0, 40)
    assert config.max_message == 8 * 2**20
    assert config.ca == CONFIGS / "certs" / "ca.pem"
    assert config.parties[1].cert == CONFIGS / "certs" / "party-1.pem"
    assert config.parties[2].key == Path("/etc/zkgov/party-2.key")
    assert config.parties[3].cert is None and config.parties[3].host == "social.example.gov"
    assert config.parties[1].name == "Tax office"


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_files(name: str) -> None:
    with pytest.raises(MpcConfigError, match=INVALID[name]) as info:
        load_config(CONFIGS / f"{name}.toml")
    assert "\n" not in str(info.value)


def test_missing_file() -> None:
    with pytest.raises(MpcConfigError, match="not found"):
        load_config(CONFIGS / "nowhere.toml")


def test_session_digest_depends_on_the_computation_not_on_paths() -> None:
    config = load_config(CONFIGS / "valid-three-parties.toml")
    a = session_digest(config, {"statistics": ["mean"]})
    assert a == session_digest(config, {"statistics": ["mean"]})
    assert a != session_digest(config, {"statistics": ["max"]})


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-le", "utf-32"])
def test_config_saved_in_another_unicode_encoding(tmp_path: Path, codec: str) -> None:
    text = (CONFIGS / "valid-three-parties.toml").read_text(encoding="utf-8")
    path = tmp_path / "parties.toml"
    path.write_bytes(text.encode(codec))
    config = load_config(path)
    assert config.n == 3 and config.sec_param == 40


@pytest.mark.parametrize("data,message", [
    ("name = 'é'".encode("latin-1"), "not UTF-8 text"),
    (b"zkey\x01\x00\x00\x00\x0a\x00\x00\x00" + bytes(64), "this is a .zkey file"),
    (b"SQLite format 3\x00" + bytes(100), "SQLite database"),
    (bytes(range(256)), "binary data"),
    (b"", "is empty"),
    (b"a = " + b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
])
def test_config_that_is_not_toml_text(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "parties.toml"
    path.write_bytes(data)
    with pytest.raises(MpcConfigError, match=message) as info:
        load_config(path)
    assert "\n" not in str(info.value)


def test_buffer_budget_is_configurable_and_at_least_one_frame() -> None:
    from mpc.config import parse_config
    from mpc.transport.base import DEFAULT_MAX_BUFFERED

    parties = "".join(f"[[party]]\nid = {i}\nhost = \"127.0.0.1\"\nport = {7000 + i}\n"
                      for i in (1, 2, 3))
    assert parse_config(parties).max_buffered == DEFAULT_MAX_BUFFERED
    config = parse_config("[mpc]\nmax_buffer_mb = 100\n" + parties)
    assert config.max_buffered == 100 * 2**20
    with pytest.raises(MpcConfigError, match="at least max_message_mb"):
        parse_config("[mpc]\nmax_message_mb = 64\nmax_buffer_mb = 10\n" + parties)
