"""Certificates for the parties' mutual TLS.

Keys are ECDSA P-256. Party i's certificate names ``party-i`` (DNS) and its host, and may act
as TLS server and client. Two ways to get them:

* a real deployment (``zkgov mpc ca``, ``zkgov mpc keygen``, ``zkgov mpc sign``): the
  coordinator makes a CA; each department makes its own key and a certificate request on its
  own machine (:func:`make_party_key`), the key never leaves it; the coordinator checks the
  request's fingerprint with the department and signs it (:func:`sign_request`);
* a test deployment on one machine (``zkgov mpc init`` / ``certs``, :func:`issue`): every key
  made in one place and the CA key dropped.
"""

from __future__ import annotations

import datetime
import hashlib
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


def _pem(obj: x509.Certificate | x509.CertificateSigningRequest) -> bytes:
    return obj.public_bytes(serialization.Encoding.PEM)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _validity(days: int) -> tuple[datetime.datetime, datetime.datetime]:
    if days < 1:
        raise MpcConfigError("certificates must be valid for at least one day")
    now = datetime.datetime.now(datetime.timezone.utc)
    return now - datetime.timedelta(minutes=5), now + datetime.timedelta(days=days)


def fingerprint(pem: bytes) -> str:
    """SHA-256 of the public key in a certificate or request (``SHA256:ab:cd:…``), for
    confirming out of band that the coordinator signs the key the department made."""
    obj: x509.Certificate | x509.CertificateSigningRequest
    try:
        obj = (x509.load_pem_x509_csr(pem) if b"CERTIFICATE REQUEST" in pem
               else x509.load_pem_x509_certificate(pem))
    except ValueError as exc:
        raise MpcConfigError("not a PEM certificate or certificate request") from exc
    spki = obj.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)
    digest = hashlib.sha256(spki).hexdigest()
    return "SHA256:" + ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def make_ca(days: int = 365, name: str = "zkgov MPC CA") -> tuple[bytes, bytes]:
    """A new CA for the deployment: (certificate PEM, private key PEM). The coordinator keeps
    the key; every party receives only the certificate."""
    start, end = _validity(days)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(name)
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
    return _pem(ca_cert), _key_pem(ca_key)


def make_party_key(party_id: int, host: str) -> tuple[bytes, bytes]:
    """Party ``party_id``'s own key and certificate request: (private key PEM, CSR PEM).

    Run on the department's own machine: the key never leaves it; the request, which holds
    only the public key and the names ``party-<id>`` and ``host``, goes to the coordinator.
    """
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.DNSName(party_name(party_id)), _host_name(host)]
    csr = (x509.CertificateSigningRequestBuilder().subject_name(_name(party_name(party_id)))
           .add_extension(x509.SubjectAlternativeName(names), critical=False)
           .sign(key, hashes.SHA256()))
    return _key_pem(key), _pem(csr)


def _request_names(csr: x509.CertificateSigningRequest) -> list[x509.GeneralName]:
    try:
        san = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound as exc:
        raise MpcConfigError("the certificate request names no party (no subjectAltName)") \
            from exc
    return list(san)


def sign_request(ca_cert_pem: bytes, ca_key_pem: bytes, csr_pem: bytes, party_id: int,
                 days: int = 365) -> bytes:
    """The coordinator's step: a certificate for party ``party_id`` from its request.

    The request must be self-signed correctly and name ``party-<id>``; the certificate carries
    the request's names and public key and may act as TLS server and client.
    """
    try:
        csr = x509.load_pem_x509_csr(csr_pem)
        ca_cert = x509.load_pem_x509_certificate(ca_cert_pem)
        ca_key = serialization.load_pem_private_key(ca_key_pem, password=None)
    except ValueError as exc:
        raise MpcConfigError(f"unreadable CA or certificate request: {exc}") from exc
    if not csr.is_signature_valid:
        raise MpcConfigError("the certificate request's signature is invalid")
    if not isinstance(ca_key, ec.EllipticCurvePrivateKey):
        raise MpcConfigError("the CA key must be an EC key")
    names = _request_names(csr)
    wanted = party_name(party_id)
    dns = [n.value for n in names if isinstance(n, x509.DNSName)]
    if wanted not in dns:
        raise MpcConfigError(f"the certificate request is for {', '.join(dns) or 'no party'}, "
                             f"not {wanted}")
    start, end = _validity(days)
    cert = (x509.CertificateBuilder().subject_name(_name(wanted))
            .issuer_name(ca_cert.subject).public_key(csr.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH,
                                                  ExtendedKeyUsageOID.CLIENT_AUTH]),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    return _pem(cert)


def issue(hosts: dict[int, str], days: int = 365) -> IssuedSet:
    """A test deployment on one machine: a CA and each party's key and certificate (``hosts``
    maps id → host). The CA key is dropped. Real deployments use :func:`make_party_key` on
    each department's machine and :func:`sign_request` at the coordinator."""
    ca_cert, ca_key = make_ca(days, "zkgov MPC test CA")
    parties = {}
    for pid, host in sorted(hosts.items()):
        key_pem, csr_pem = make_party_key(pid, host)
        parties[pid] = (sign_request(ca_cert, ca_key, csr_pem, pid, days), key_pem)
    return IssuedSet(ca_cert, parties)


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
