"""Certificates for a test deployment: one CA and one certificate per party (``zkgov mpc certs``).

Keys are ECDSA P-256. Party i's certificate names ``party-i`` (DNS) and its host, and may act
as TLS server and client. The CA's private key is not kept: to add a party, make a new set.
For production, have each party create its key and a CSR and sign them with your own CA;
any certificate with the ``party-i`` DNS name from the configured CA works.
"""

from __future__ import annotations

import datetime
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from mpc.errors import MpcConfigError
from mpc.transport.tls import party_name
from zk.files import write_atomic


@dataclass(frozen=True)
class IssuedSet:
    """PEM bytes of a CA certificate and each party's certificate and private key."""

    ca_cert: bytes
    parties: dict[int, tuple[bytes, bytes]]


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "zkgov MPC"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _host_name(host: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        return x509.DNSName(host)


def issue(hosts: dict[int, str], days: int = 365) -> IssuedSet:
    """A CA and one certificate per party id (``hosts`` maps id → host)."""
    if days < 1:
        raise MpcConfigError("certificates must be valid for at least one day")
    now = datetime.datetime.now(datetime.timezone.utc)
    start, end = now - datetime.timedelta(minutes=5), now + datetime.timedelta(days=days)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("zkgov MPC test CA")
    ca_cert = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
               .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(start).not_valid_after(end)
               .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True,
                                            crl_sign=True, content_commitment=False,
                                            key_encipherment=False, data_encipherment=False,
                                            key_agreement=False, encipher_only=False,
                                            decipher_only=False), critical=True)
               .sign(ca_key, hashes.SHA256()))
    parties = {}
    for pid, host in sorted(hosts.items()):
        key = ec.generate_private_key(ec.SECP256R1())
        names = [x509.DNSName(party_name(pid)), _host_name(host)]
        cert = (x509.CertificateBuilder().subject_name(_name(party_name(pid)))
                .issuer_name(ca_name).public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(start).not_valid_after(end)
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.SubjectAlternativeName(names), critical=False)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH,
                                                      ExtendedKeyUsageOID.CLIENT_AUTH]),
                               critical=False)
                .sign(ca_key, hashes.SHA256()))
        key_pem = key.private_bytes(serialization.Encoding.PEM,
                                    serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
        parties[pid] = (cert.public_bytes(serialization.Encoding.PEM), key_pem)
    return IssuedSet(ca_cert.public_bytes(serialization.Encoding.PEM), parties)


def write_set(issued: IssuedSet, ca_path: Path, paths: dict[int, tuple[Path, Path]],
              overwrite: bool = False) -> list[Path]:
    """Write the CA certificate and each party's files; keys are readable by the owner only."""
    targets = [ca_path] + [p for pair in paths.values() for p in pair]
    if not overwrite:
        existing = [p for p in targets if p.exists()]
        if existing:
            raise MpcConfigError(f"{existing[0]} already exists (pass --force to replace the set)")
    write_atomic(ca_path, issued.ca_cert)
    for pid, (cert_path, key_path) in paths.items():
        cert_pem, key_pem = issued.parties[pid]
        write_atomic(key_path, key_pem, secret=True)
        write_atomic(cert_path, cert_pem)
    return targets
