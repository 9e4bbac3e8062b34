"""Certificates for a test deployment."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from mpc.certs import issue, write_set
from mpc.errors import MpcConfigError


def test_each_party_certificate_is_signed_by_the_ca_and_names_the_party(tmp_path: Path) -> None:
    issued = issue({1: "127.0.0.1", 2: "dept.example.gov"}, days=2)
    ca = x509.load_pem_x509_certificate(issued.ca_cert)
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    for pid, (cert_pem, _key) in issued.parties.items():
        cert = x509.load_pem_x509_certificate(cert_pem)
        cert.verify_directly_issued_by(ca)
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        assert f"party-{pid}" in san.get_values_for_type(x509.DNSName)
        assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey)
    second = x509.load_pem_x509_certificate(issued.parties[2][0])
    assert "dept.example.gov" in second.extensions.get_extension_for_class(
        x509.SubjectAlternativeName).value.get_values_for_type(x509.DNSName)


def test_keys_are_private_and_nothing_is_overwritten(tmp_path: Path) -> None:
    issued = issue({1: "127.0.0.1"}, days=1)
    paths = {1: (tmp_path / "p1.pem", tmp_path / "sub" / "p1.key")}
    write_set(issued, tmp_path / "ca.pem", paths)
    assert stat.S_IMODE((tmp_path / "sub" / "p1.key").stat().st_mode) == 0o600
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE((tmp_path / "p1.pem").stat().st_mode) == 0o666 & ~umask
    with pytest.raises(MpcConfigError, match="already exists"):
        write_set(issued, tmp_path / "ca.pem", paths)
    write_set(issue({1: "127.0.0.1"}, days=1), tmp_path / "ca.pem", paths, overwrite=True)
    with pytest.raises(MpcConfigError, match="at least one day"):
        issue({1: "h"}, days=0)
