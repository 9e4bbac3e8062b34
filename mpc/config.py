"""``parties.toml``: who the parties are, where they listen, and the session's parameters.

Example (paths are relative to the file)::

    [mpc]
    threshold = 1            # t: at most t parties collude (default ⌊(n−1)/2⌋)
    field = "goldilocks"     # or "p64", "bn254", or a prime in decimal
    timeout = 30             # seconds any receive may wait before naming the silent party
    connect_timeout = 60     # seconds to wait for every party to come up
    max_message_mb = 64      # frame limit: a larger round goes in chunks of this size
    max_buffer_mb = 512      # bytes a peer may have waiting here; more is refused
    sec_param = 30           # statistical security of the masks, in bits
    ca = "certs/ca.pem"      # the CA that signed every party's certificate

    [[party]]
    id = 1
    host = "127.0.0.1"
    port = 7001
    cert = "certs/party-1.pem"
    key = "certs/party-1.key"  # read only by party 1
    name = "Tax office"        # optional label
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from mpc.errors import MpcConfigError
from mpc.field import PrimeField, field_by_name
from mpc.shamir import DEFAULT_SEC_PARAM, check_parties
from mpc.transport.base import DEFAULT_MAX_BUFFERED
from mpc.transport.frames import DEFAULT_MAX_MESSAGE
from zk.errors import ZkError
from zk.formats.textfile import read_text

#: A parties.toml describes a handful of parties; a larger file is not one.
MAX_CONFIG_BYTES = 1 << 20

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


@dataclass(frozen=True)
class PartyEntry:
    """One party of the deployment."""

    id: int
    host: str
    port: int
    cert: Path | None
    key: Path | None
    name: str


@dataclass(frozen=True)
class PartiesConfig:
    """The parsed ``parties.toml``."""

    parties: dict[int, PartyEntry]
    threshold: int
    field: PrimeField
    timeout: float
    connect_timeout: float
    max_message: int
    sec_param: int
    ca: Path | None
    source: Path | None = None
    #: Bytes one peer may have waiting in this party's inbox (``max_buffer_mb``).
    max_buffered: int = DEFAULT_MAX_BUFFERED

    @property
    def n(self) -> int:
        """Number of parties n: one per ``[[party]]`` table of ``parties.toml``."""
        return len(self.parties)

    def with_own_files(self, party_id: int, cert: Path | None = None,
                       key: Path | None = None) -> PartiesConfig:
        """This configuration with party ``party_id``'s certificate and key paths replaced (a
        department keeps its key where it likes; ``parties.toml`` itself holds only public
        material)."""
        if party_id not in self.parties:
            raise MpcConfigError(f"party {party_id} is not in {self.source or 'parties.toml'}")
        me = self.parties[party_id]
        entry = replace(me, cert=cert or me.cert, key=key or me.key)
        return replace(self, parties={**self.parties, party_id: entry})

    def public_digest(self) -> dict[str, Any]:
        """What every party must agree on (no file paths: those are each party's own)."""
        return {
            "parties": [[p.id, p.host, p.port] for p in sorted(self.parties.values(),
                                                             key=lambda e: e.id)],
            "threshold": self.threshold, "field": str(self.field.p),
            "sec_param": self.sec_param,
        }


def _get(table: dict[str, Any], key: str, kind: type | tuple[type, ...], default: Any,
         where: str) -> Any:
    value = table.get(key, default)
    if value is default:
        return value
    if not isinstance(value, kind) or isinstance(value, bool):
        raise MpcConfigError(f"{where}: '{key}' has the wrong type ({type(value).__name__})")
    return value


def parse_config(text: str, base: Path | None = None, source: Path | None = None
                 ) -> PartiesConfig:
    """Parse and check ``parties.toml`` text; relative paths are taken from ``base``."""
    where = str(source or "parties.toml")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MpcConfigError(f"{where}: not valid TOML ({_one_line(exc)})") from exc
    except RecursionError as exc:
        raise MpcConfigError(f"{where}: TOML nested too deeply") from exc
    root = base or Path(".")

    def path(value: Any, what: str) -> Path | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            raise MpcConfigError(f"{where}: {what} must be a file path")
        p = Path(value)
        return p if p.is_absolute() else root / p

    mpc = doc.get("mpc", {})
    if not isinstance(mpc, dict):
        raise MpcConfigError(f"{where}: [mpc] must be a table")
    unknown = set(mpc) - {"threshold", "field", "timeout", "connect_timeout", "max_message_mb",
                          "max_buffer_mb", "sec_param", "ca"}
    if unknown:
        raise MpcConfigError(f"{where}: unknown key(s) in [mpc]: {', '.join(sorted(unknown))}")
    entries = doc.get("party")
    if not isinstance(entries, list) or not entries:
        raise MpcConfigError(f"{where}: no [[party]] entries")
    parties: dict[int, PartyEntry] = {}
    endpoints: set[tuple[str, int]] = set()
    for i, e in enumerate(entries, start=1):
        w = f"{where}: [[party]] #{i}"
        if not isinstance(e, dict):
            raise MpcConfigError(f"{w} must be a table")
        pid = _get(e, "id", int, None, w)
        host = _get(e, "host", str, None, w)
        port = _get(e, "port", int, None, w)
        if pid is None or host is None or port is None:
            raise MpcConfigError(f"{w} needs id, host and port")
        if pid in parties:
            raise MpcConfigError(f"{w}: party id {pid} appears twice")
        if not 0 < port < 65536:
            raise MpcConfigError(f"{w}: port {port} is out of range")
        if (host, port) in endpoints:
            raise MpcConfigError(f"{w}: {host}:{port} is used by two parties")
        endpoints.add((host, port))
        parties[pid] = PartyEntry(pid, host, port, path(e.get("cert"), f"party {pid} cert"),
                                  path(e.get("key"), f"party {pid} key"),
                                  str(e.get("name", f"party {pid}")))
    ids = sorted(parties)
    if ids != list(range(1, len(ids) + 1)):
        raise MpcConfigError(f"{where}: party ids must be 1..{len(ids)}, got {ids}")
    n = len(ids)
    threshold = _get(mpc, "threshold", int, (n - 1) // 2, where)
    check_parties(n, threshold)
    field = field_by_name(_get(mpc, "field", (str, int), "goldilocks", where))
    timeout = float(_get(mpc, "timeout", (int, float), 30.0, where))
    connect_timeout = float(_get(mpc, "connect_timeout", (int, float), 60.0, where))
    max_mb = _get(mpc, "max_message_mb", (int, float), DEFAULT_MAX_MESSAGE / 2**20, where)
    buffer_mb = _get(mpc, "max_buffer_mb", (int, float), DEFAULT_MAX_BUFFERED / 2**20, where)
    sec = _get(mpc, "sec_param", int, DEFAULT_SEC_PARAM, where)
    if timeout <= 0 or connect_timeout <= 0 or max_mb <= 0 or buffer_mb <= 0:
        raise MpcConfigError(f"{where}: timeouts, max_message_mb and max_buffer_mb must be "
                             "positive")
    if buffer_mb < max_mb:
        raise MpcConfigError(f"{where}: max_buffer_mb ({buffer_mb:g}) must be at least "
                             f"max_message_mb ({max_mb:g})")
    if not 20 <= sec <= 128:
        raise MpcConfigError(f"{where}: sec_param must be between 20 and 128 bits")
    return PartiesConfig(parties, threshold, field, timeout, connect_timeout,
                         int(max_mb * 2**20), sec, path(mpc.get("ca"), "[mpc] ca"), source,
                         int(buffer_mb * 2**20))


def load_config(path: str | Path) -> PartiesConfig:
    """Read ``parties.toml`` from a file."""
    p = Path(path)
    try:
        text = read_text(p, "parties file (parties.toml)", max_bytes=MAX_CONFIG_BYTES)
    except ZkError as exc:  # missing, unreadable, binary, not UTF-8/16/32
        raise MpcConfigError(str(exc)) from exc
    return parse_config(text, p.parent, p)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def session_digest(config: PartiesConfig, job: dict[str, Any]) -> str:
    """SHA-256 of the deployment and the computation, exchanged in every hello."""
    blob = json.dumps({"config": config.public_digest(), "job": job}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()
