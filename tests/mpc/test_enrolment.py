"""Enrolment as departments do it: each makes its own key and request on its own machine, a
coordinator certifies it, and parties.toml holds only public material."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509

from mpc.certs import fingerprint, make_ca, make_party_key, sign_request
from mpc.errors import MpcConfigError
from zkgov.main import main


def test_the_certificate_carries_the_departments_own_key() -> None:
    ca_cert, ca_key = make_ca(days=1)
    key_pem, csr_pem = make_party_key(2, "tax.example.gov")
    cert_pem = sign_request(ca_cert, ca_key, csr_pem, 2, days=1)
    assert fingerprint(cert_pem) == fingerprint(csr_pem)
    cert = x509.load_pem_x509_certificate(cert_pem)
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["party-2", "tax.example.gov"]
    assert cert.issuer == x509.load_pem_x509_certificate(ca_cert).subject
    assert b"PRIVATE KEY" not in csr_pem and b"PRIVATE KEY" in key_pem


def test_a_request_for_another_party_or_tampered_is_refused() -> None:
    ca_cert, ca_key = make_ca(days=1)
    _, csr_pem = make_party_key(3, "127.0.0.1")
    with pytest.raises(MpcConfigError, match="not party-1"):
        sign_request(ca_cert, ca_key, csr_pem, 1)
    with pytest.raises(MpcConfigError):
        sign_request(ca_cert, ca_key, csr_pem.replace(b"M", b"N", 1), 3)
    with pytest.raises(MpcConfigError, match="at least one day"):
        sign_request(ca_cert, ca_key, csr_pem, 3, days=0)


def _deployment(folder: Path, ports: list[int]) -> Path:
    """Three departments enrol through the CLI, each in its own folder; parties.toml has no
    private path at all."""
    coordinator = folder / "coordinator"
    assert main(["mpc", "ca", "--out", str(coordinator), "--days", "1", "-q"]) == 0
    for i in (1, 2, 3):
        dept = folder / f"dept-{i}"
        assert main(["mpc", "keygen", "--id", str(i), "--host", "127.0.0.1",
                     "--out", str(dept), "-q"]) == 0
        assert stat.S_IMODE((dept / f"party-{i}.key").stat().st_mode) == 0o600
        assert main(["mpc", "sign", "--ca", str(coordinator), "--id", str(i),
                     "--csr", str(dept / f"party-{i}.csr"),
                     "--out", str(dept / f"party-{i}.pem"), "-q"]) == 0
    (folder / "ca.pem").write_bytes((coordinator / "ca.pem").read_bytes())
    lines = ["[mpc]", "threshold = 1", 'field = "goldilocks"', "timeout = 20", 'ca = "ca.pem"']
    for i, port in enumerate(ports, start=1):
        lines += ["", "[[party]]", f"id = {i}", 'host = "127.0.0.1"', f"port = {port}"]
    config = folder / "parties.toml"
    config.write_text("\n".join(lines) + "\n")
    return config


def test_three_departments_enrol_and_compute_over_mutual_tls(tmp_path: Path,
                                                             mpc_env: Any) -> None:
    config = _deployment(tmp_path, mpc_env.free_ports(3))
    data = {1: [10, 20, 30], 2: [40], 3: [50, 60]}
    commands = []
    for i, values in data.items():
        column = mpc_env.write_column(tmp_path / f"dept-{i}" / "data.csv", values)
        commands.append([*mpc_env.mpc, "party", "--id", str(i), "--config", str(config),
                         "--input", str(column), "--column", "amount", "--compute", "count,sum",
                         "--json",
                         "--cert", str(tmp_path / f"dept-{i}" / f"party-{i}.pem"),
                         "--key", str(tmp_path / f"dept-{i}" / f"party-{i}.key")])
    for rc, out, err in mpc_env.finish(mpc_env.start_parties(commands, tmp_path)):
        assert rc == 0, err
        assert json.loads(out)["results"] == {"count": 6, "sum": 210}


def test_a_party_without_its_key_is_told_so(tmp_path: Path, capsys) -> None:
    config = _deployment(tmp_path, [7101, 7102, 7103])
    column = tmp_path / "data.csv"
    column.write_text("amount\n1\n")
    code = main(["mpc", "party", "--id", "1", "--config", str(config), "--input", str(column)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "needs ca, cert and key" in err[0]
