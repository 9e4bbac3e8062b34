"""``zkgov groth16 prove|verify`` start without the parser of every command and without the
modules only other commands need (numpy, the ledger, MPC): what a fresh process imports."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

from tests.zk.groth16.conftest import chain_witness
from zk import groth16
from zk.curve.encoding import pack_scalars
from zk.formats.snarkjs_json import export_verification_key
from zk.formats.wtns import write_wtns_packed
from zk.formats.zkey import write_zkey
from zkgov.commands import snarkjs
from zkgov.main import SNARKJS_DIRECT, main

_PROBE = """
import sys
from zkgov.main import main
code = main(sys.argv[1:])
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"numpy", "ledger", "mpc", "circuits",
                                                          "py_ecc", "rich"})
print("HEAVY=" + ",".join(heavy), file=sys.stderr)
unused = sorted(set(sys.modules) & {"argparse", "tempfile", "zk.formats.jsonfile", "zk.r1cs",
                                    "zkgov.commands.proving", "zkgov.commands.snarkjs_circuit"})
print("UNUSED=" + ",".join(unused), file=sys.stderr)
sys.exit(code)
"""


def test_direct_words_are_the_snarkjs_tables():
    assert set(SNARKJS_DIRECT) <= set(snarkjs.top_words())


def test_direct_dispatch_is_the_same_command(capsys):
    assert main(["groth16", "--help"]) == 0
    assert "groth16 prove" in capsys.readouterr().out
    assert main(["groth16", "nonsense"]) == 2
    assert "zkgov: error:" in capsys.readouterr().err


def test_prove_and_verify_import_only_what_they_need(tmp_path: Path):
    compiled, witness = chain_witness(3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pk = groth16.setup(compiled.r1cs)
    (tmp_path / "k.zkey").write_bytes(write_zkey(pk))
    (tmp_path / "w.wtns").write_bytes(write_wtns_packed(pack_scalars(witness)))
    (tmp_path / "vk.json").write_text(json.dumps(export_verification_key(pk)))
    runs = {
        "prove": ["groth16", "prove", "k.zkey", "w.wtns", "proof.json", "public.json"],
        "verify": ["groth16", "verify", "vk.json", "public.json", "proof.json"],
    }
    for name, argv in runs.items():
        done = subprocess.run([sys.executable, "-c", _PROBE, *argv], cwd=tmp_path,
                              capture_output=True, text=True, check=False)
        assert done.returncode == 0, (name, done.stderr)
        assert "HEAVY=\n" in done.stderr, (name, done.stderr)
    # a proof needs neither a parser nor a JSON reader: only the modules of its own work
    # (pathlib too, but an editable install imports it before zkgov starts)
    assert "UNUSED=\n" in done_prove(tmp_path, runs["prove"]), runs["prove"]


def done_prove(folder: Path, argv: list[str]) -> str:
    done = subprocess.run([sys.executable, "-c", _PROBE, *argv], cwd=folder,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stderr


def test_every_table_action_is_a_function():
    for command in snarkjs.TABLE:
        assert callable(command.action.resolve()), command.action
