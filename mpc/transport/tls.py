"""Mutual TLS between parties: each side proves it is the party it claims to be.

Certificates come from one CA (``zkgov mpc certs``). Party i's certificate carries the DNS name
``party-i``: a dialing party checks the server's certificate against that name (whatever host
or address it dialed), and an accepting party checks the client's certificate names the party
its hello claims to be. TLS 1.3 only.
"""

from __future__ import annotations

import ipaddress
import ssl
from pathlib import Path
from typing import Any

from mpc.errors import MpcConfigError


def party_name(party_id: int) -> str:
    """The DNS name in party ``party_id``'s certificate."""
    return f"party-{party_id}"


def _load(ctx: ssl.SSLContext, ca: Path, cert: Path, key: Path) -> ssl.SSLContext:
    for what, path in (("CA certificate", ca), ("certificate", cert), ("private key", key)):
        if not Path(path).is_file():
            raise MpcConfigError(f"{what} not found: {path} (make a set with `zkgov mpc certs`)")
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    try:
        ctx.load_verify_locations(cafile=str(ca))
        ctx.load_cert_chain(certfile=str(cert), keyfile=str(key))
    except ssl.SSLError as exc:
        raise MpcConfigError(f"cannot load TLS files {cert} / {key}: {exc.reason or exc}") from exc
    ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


def server_context(ca: Path, cert: Path, key: Path) -> ssl.SSLContext:
    """Context for accepting peers: requires a client certificate signed by the CA."""
    return _load(ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER), ca, cert, key)


def client_context(ca: Path, cert: Path, key: Path) -> ssl.SSLContext:
    """Context for dialing peers: checks the server certificate and its ``party-j`` name."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = True
    return _load(ctx, ca, cert, key)


def certificate_names(peercert: dict[str, Any] | None) -> set[str]:
    """DNS names in a peer certificate as returned by ``SSLObject.getpeercert()``."""
    if not peercert:
        return set()
    return {value for kind, value in peercert.get("subjectAltName", ()) if kind == "DNS"}


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
