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
