"""``zkgov mpc`` sub-commands: init, certs, psi, and the party command's own checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mpc.config import load_config
from zkgov.main import main

CSV = Path(__file__).parents[1] / "fixtures" / "mpc" / "csv"


def test_init_writes_a_deployment_and_certs_can_be_remade(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "deploy"
    assert main(["mpc", "init", "--parties", "4", "--out", str(out), "--base-port", "9100"]) == 0
    config = load_config(out / "parties.toml")
    assert config.n == 4 and config.threshold == 1 and config.parties[4].port == 9103
    assert all(p.cert is not None and p.cert.exists() for p in config.parties.values())
    assert main(["mpc", "init", "--parties", "4", "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    before = (out / "certs" / "ca.pem").read_bytes()
    assert main(["mpc", "certs", "--config", str(out / "parties.toml")]) == 2
    assert main(["mpc", "certs", "--config", str(out / "parties.toml"), "--force"]) == 0
    assert (out / "certs" / "ca.pem").read_bytes() != before


def test_party_help_documents_the_command(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        main(["mpc", "party", "--help"])
    text = capsys.readouterr().out
    for word in ("--compute", "--histogram", "--count-if", "--reveal-to", "--frac-bits",
                 "--insecure-plaintext", "mutual TLS", "stdev"):
        assert word in text


@pytest.mark.parametrize(("extra", "message"), [
    (["--compute", "median"], "unknown statistic 'median'"),
    (["--count-if", "~3"], "must start with one of"),
    (["--histogram", "5,1"], "strictly increasing"),
    (["--reveal-to", "1,9"], "not in"),
    (["--bits", "80"], "--bits must be between"),
    (["--compute", ""], "nothing to compute"),
])
def test_party_options_are_checked_before_connecting(tmp_path: Path, mpc_env: Any,
                                                     capsys: pytest.CaptureFixture,
                                                     extra: list[str], message: str) -> None:
    config = mpc_env.write_deployment(tmp_path, 3, 1, tls=False)
    code = main(["mpc", "party", "--id", "1", "--config", str(config), "--input",
                 str(CSV / "single-column.csv"), *extra])
    err = capsys.readouterr().err
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_psi_between_two_processes(tmp_path: Path, mpc_env: Any) -> None:
    config = mpc_env.write_deployment(tmp_path, 3, 1)
    files = {1: CSV / "ids-programme-a.csv", 2: CSV / "ids-programme-b.csv"}
    cmd = [*mpc_env.mpc, "psi", "--config", str(config), "--json"]
    runs = mpc_env.finish(mpc_env.start_parties(
        [[*cmd, "--id", str(i), "--with", str(3 - i), "--input", str(files[i])] for i in (1, 2)],
        tmp_path))
    for rc, out, err in runs:
        assert rc == 0, err
        assert sorted(json.loads(out)["intersection"]) == ["P-001", "P-003"]
    runs = mpc_env.finish(mpc_env.start_parties(
        [[*cmd, "--id", str(i), "--with", str(3 - i), "--input", str(files[i]), "--size-only"]
         for i in (1, 2)], tmp_path))
    for rc, out, err in runs:
        assert rc == 0, err
        assert json.loads(out) == {"party": json.loads(out)["party"],
                                   "with": json.loads(out)["with"], "size": 2}


def test_cli_lists_agree_with_the_modules_it_avoids_importing() -> None:
    from mpc import field, party
    from zkgov.commands import mpc as cli

    assert cli.STATISTICS == party.STATISTICS
    assert set(cli.FIELD_NAMES) == set(field.NAMED_FIELDS)
