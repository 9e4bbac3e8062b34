"""The snarkjs-style commands: same positional arguments, exit 0 / 1 / 2, no partial output."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from zk.formats.r1cs import read_r1cs
from zk.formats.snarkjs_json import proof_from_json, public_from_json
from zk.formats.solidity import calldata
from zk.formats.wtns import read_wtns
from zkgov.main import main

from .conftest import load_json

CUBE = '''
from circuits import Circuit, output, private, public


class CubePlusX(Circuit):
    out = output()
    x = public()
    y = private()

    def define(self, c):
        self.out = self.y * self.y * self.y + self.x
'''


def run(*argv) -> int:
    return main([str(a) for a in argv])


def _error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("zkgov: error: "), err
    return err[0]


def test_groth16_setup_writes_snarkjs_identical_key(circom_dir, tmp_path, capsys):
    d = circom_dir / "multiplier"
    out = tmp_path / "circuit.zkey"
    assert run("groth16", "setup", d / "circuit.r1cs", circom_dir / "pot8.ptau", out,
               "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["domain_size"] == 4 and len(report["circuit_hash"]) == 128
    assert out.read_bytes() == (d / "circuit_0000.zkey").read_bytes()


def test_groth16_setup_with_unprepared_ptau_writes_nothing(circom_dir, tmp_path, capsys):
    from zk.formats.binfile import read_binfile, write_binfile

    raw = (circom_dir / "pot8.ptau").read_bytes()
    kept = [(k, v) for k, v in read_binfile(raw, "ptau", 1).sections.items() if k < 12]
    (tmp_path / "raw.ptau").write_bytes(write_binfile("ptau", 1, kept))
    code = run("groth16", "setup", circom_dir / "multiplier" / "circuit.r1cs",
               tmp_path / "raw.ptau", tmp_path / "out.zkey")
    assert code == 2
    assert "prepare phase2" in _error_line(capsys)
    assert not (tmp_path / "out.zkey").exists()


def test_groth16_prove_then_verify(circom_dir, tmp_path, capsys):
    d = circom_dir / "multiplier"
    proof, public = tmp_path / "proof.json", tmp_path / "public.json"
    assert run("groth16", "prove", d / "circuit.zkey", d / "witness.wtns", proof, public) == 0
    assert load_json(public) == load_json(d / "public.json")
    assert set(load_json(proof)) == {"pi_a", "pi_b", "pi_c", "protocol", "curve"}
    capsys.readouterr()
    assert run("groth16", "verify", d / "verification_key.json", public, proof, "--json") == 0
    assert json.loads(capsys.readouterr().out)["valid"] is True


def test_the_console_script_ends_at_once_with_every_exit_code_and_line(circom_dir, tmp_path):
    """The snarkjs-style commands end the process right after their work (no interpreter
    teardown): the exit code, everything printed (through a pipe) and the files written
    must all still be there."""
    d = circom_dir / "multiplier"
    vk = d / "verification_key.json"

    def zkgov(*argv) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "zkgov.main", *map(str, argv)],
                              capture_output=True, text=True, cwd=tmp_path)

    proof, public = tmp_path / "proof.json", tmp_path / "public.json"
    made = zkgov("groth16", "prove", d / "circuit.zkey", d / "witness.wtns", proof, public)
    assert made.returncode == 0, made.stderr
    assert load_json(public) == load_json(d / "public.json")
    good = zkgov("groth16", "verify", vk, public, proof, "--json")
    assert good.returncode == 0 and json.loads(good.stdout)["valid"] is True
    (tmp_path / "changed.json").write_text('["33", "4"]')
    bad = zkgov("groth16", "verify", vk, tmp_path / "changed.json", proof)
    assert bad.returncode == 1 and "Invalid proof" in bad.stdout
    broken = zkgov("groth16", "verify", vk, tmp_path / "missing.json", proof)
    assert broken.returncode == 2 and broken.stdout == ""
    assert len(broken.stderr.strip().splitlines()) == 1
    assert broken.stderr.startswith("zkgov: error: ")


def test_groth16_prove_refuses_a_witness_of_another_circuit(circom_dir, tmp_path, capsys):
    proof = tmp_path / "proof.json"
    code = run("groth16", "prove", circom_dir / "multiplier" / "circuit.zkey",
               circom_dir / "poseidon_pair" / "witness.wtns", proof, tmp_path / "public.json")
    assert code == 2
    assert "different circuits" in _error_line(capsys)
    assert not proof.exists() and not (tmp_path / "public.json").exists()


def test_groth16_prove_refuses_a_damaged_key(circom_dir, tmp_path, capsys):
    raw = bytearray((circom_dir / "multiplier" / "circuit.zkey").read_bytes())
    (tmp_path / "bad.zkey").write_bytes(bytes(raw[:-100]))
    code = run("groth16", "prove", tmp_path / "bad.zkey", circom_dir / "multiplier" /
               "witness.wtns", tmp_path / "p.json", tmp_path / "q.json")
    assert code == 2
    assert ".zkey" in _error_line(capsys)
    assert not (tmp_path / "p.json").exists()


def test_groth16_verify_exit_codes(circom_dir, tmp_path, capsys):
    d = circom_dir / "multiplier"
    vk, proof = d / "verification_key.json", d / "proof.json"
    assert run("groth16", "verify", vk, d / "public.json", proof) == 0
    assert "OK" in capsys.readouterr().out

    (tmp_path / "changed.json").write_text('["33", "4"]')
    assert run("groth16", "verify", vk, tmp_path / "changed.json", proof) == 1
    assert "Invalid proof" in capsys.readouterr().out  # snarkjs's verdict

    (tmp_path / "big.json").write_text(json.dumps(["33", str(2**254)]))
    assert run("groth16", "verify", vk, tmp_path / "big.json", proof) == 2
    assert "public input #1" in _error_line(capsys)

    (tmp_path / "short.json").write_text('["33"]')
    assert run("groth16", "verify", vk, tmp_path / "short.json", proof) == 2
    assert "expects 2" in _error_line(capsys)

    (tmp_path / "broken.json").write_text('{"pi_a": [')
    assert run("groth16", "verify", vk, d / "public.json", tmp_path / "broken.json") == 2
    assert "not valid JSON" in _error_line(capsys)

    off_curve = load_json(proof)
    off_curve["pi_a"] = ["1", "3", "1"]
    (tmp_path / "off.json").write_text(json.dumps(off_curve))
    assert run("groth16", "verify", vk, d / "public.json", tmp_path / "off.json") == 2
    assert "pi_a" in _error_line(capsys)


def test_console_script_exit_code(circom_dir, tmp_path):
    exe = shutil.which("zkgov", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("the zkgov console script is not installed in this environment")
    d = circom_dir / "multiplier"
    (tmp_path / "changed.json").write_text('["33", "4"]')
    proc = subprocess.run([exe, "groth16", "verify", str(d / "verification_key.json"),
                           str(tmp_path / "changed.json"), str(d / "proof.json")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1


def test_zkey_export_verificationkey_matches_snarkjs(circom_dir, tmp_path):
    d = circom_dir / "poseidon_pair"
    out = tmp_path / "vk.json"
    assert run("zkey", "export", "verificationkey", d / "circuit.zkey", out, "-q") == 0
    assert out.read_text().rstrip("\n") == (d / "verification_key.json").read_text()


def test_witness_for_a_python_circuit(tmp_path, capsys):
    (tmp_path / "cube.py").write_text(CUBE)
    (tmp_path / "inputs.json").write_text('{"x": "5", "y": 3}')
    out = tmp_path / "witness.wtns"
    assert run("witness", tmp_path / "cube.py", tmp_path / "inputs.json", out, "--json") == 0
    assert json.loads(capsys.readouterr().out)["values"] == len(read_wtns(out.read_bytes()))
    values = read_wtns(out.read_bytes())
    assert values[:4] == [1, 32, 5, 3]  # one, out, x, y


def test_witness_with_bad_inputs_writes_nothing(tmp_path, capsys):
    (tmp_path / "cube.py").write_text(CUBE)
    (tmp_path / "inputs.json").write_text('{"x": 5}')
    out = tmp_path / "witness.wtns"
    assert run("witness", tmp_path / "cube.py", tmp_path / "inputs.json", out) == 2
    assert "y" in _error_line(capsys)
    assert not out.exists()
    (tmp_path / "list.json").write_text("[5, 3]")
    assert run("witness", tmp_path / "cube.py", tmp_path / "list.json", out) == 2
    assert "JSON object" in _error_line(capsys)


def test_wtns_check(circom_dir, tmp_path, capsys):
    d = circom_dir / "poseidon_pair"
    assert run("wtns", "check", d / "circuit.r1cs", d / "witness.wtns") == 0
    assert "WITNESS IS CORRECT" in capsys.readouterr().out  # snarkjs's verdict

    from zk.formats.wtns import write_wtns

    values = read_wtns((d / "witness.wtns").read_bytes())
    values[5] = (values[5] + 1) % 97
    (tmp_path / "bad.wtns").write_bytes(write_wtns(values))
    assert run("wtns", "check", d / "circuit.r1cs", tmp_path / "bad.wtns", "--json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False and isinstance(report["constraint"], int)

    other = circom_dir / "multiplier" / "witness.wtns"
    assert run("wtns", "check", d / "circuit.r1cs", other) == 2
    assert "4 values but the circuit has 243 wires" in _error_line(capsys)


def test_r1cs_info(circom_dir, capsys):
    path = circom_dir / "merkle_membership" / "circuit_O1.r1cs"
    assert run("r1cs", "info", path, "--json") == 0
    info = json.loads(capsys.readouterr().out)
    r1cs = read_r1cs(path.read_bytes())
    assert info["constraints"] == r1cs.n_constraints == 3532
    assert info["linear_constraints"] > 1000
    assert (info["outputs"], info["public_inputs"], info["private_inputs"]) == (1, 1, 11)
    assert run("r1cs", "info", path) == 0
    assert "# of Constraints: 3532" in capsys.readouterr().out


def test_r1cs_info_on_a_non_r1cs_file(circom_dir, capsys):
    assert run("r1cs", "info", circom_dir / "pot8.ptau") == 2
    assert "this is a .ptau file, expected a .r1cs file" in _error_line(capsys)


def test_export_solidity_to_stdout_and_to_a_file(circom_dir, tmp_path, capsys):
    vk = circom_dir / "multiplier" / "verification_key.json"
    assert run("export", "solidity", vk) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("// SPDX-License-Identifier")
    assert "contract Groth16Verifier {" in printed
    out = tmp_path / "Verifier.sol"
    assert run("export", "solidity", vk, "-o", out, "--contract-name", "Multiplier", "-q") == 0
    assert "contract Multiplier {" in out.read_text()
    # the same from the .zkey
    assert run("export", "solidity", circom_dir / "multiplier" / "circuit.zkey") == 0
    assert capsys.readouterr().out.split("\n", 3)[3] == printed.split("\n", 3)[3]


def test_export_solidity_with_a_bad_name_writes_nothing(circom_dir, tmp_path, capsys):
    out = tmp_path / "V.sol"
    code = run("export", "solidity", circom_dir / "multiplier" / "verification_key.json",
               "-o", out, "--contract-name", "1bad")
    assert code == 2 and "Solidity identifier" in _error_line(capsys)
    assert not out.exists()


def test_export_calldata(circom_dir, capsys):
    d = circom_dir / "multiplier"
    assert run("export", "calldata", d / "public.json", d / "proof.json") == 0
    expected = calldata(proof_from_json(load_json(d / "proof.json")),
                        public_from_json(load_json(d / "public.json")))
    assert capsys.readouterr().out.strip() == expected
    assert run("export", "calldata", d / "public.json", d / "proof.json", "--json") == 0
    words = json.loads(capsys.readouterr().out)
    assert words["input"] == ["0x" + "0" * 62 + "21", "0x" + "0" * 63 + "3"]
    assert len(words["b"]) == 2 and all(len(row) == 2 for row in words["b"])


def test_keys_without_a_phase2_contribution_are_flagged(tmp_path, capsys):
    fixtures = Path(__file__).resolve().parents[2] / "fixtures" / "ceremony"
    out = tmp_path / "chain.zkey"
    assert run("groth16", "setup", fixtures / "chain.r1cs",
               fixtures / "pot5_0002_prepared_by_snarkjs.ptau", out, "-q") == 0
    assert "anyone can forge" in capsys.readouterr().err
    assert run("zkey", "export", "verificationkey", out, tmp_path / "vk.json", "-q") == 0
    assert "anyone can forge" in capsys.readouterr().err


def test_setup_with_ptau_adds_a_contribution(tmp_path, capsys):
    from zk.formats.snarkjs_json import vk_from_json

    fixtures = Path(__file__).resolve().parents[2] / "fixtures" / "ceremony"
    zkey, vk = tmp_path / "chain.zkey", tmp_path / "vk.json"
    ptau = fixtures / "pot5_0002_prepared_by_snarkjs.ptau"
    assert run("setup", fixtures / "chain.r1cs", "--ptau", ptau, "--zkey", zkey,
               "--vk", vk, "--json") == 0
    result = json.loads(capsys.readouterr().out)
    assert result["phase2_contributions"] == 1
    assert not vk_from_json(load_json(vk)).forgeable
    assert run("ceremony", "verify", fixtures / "chain.r1cs", ptau, zkey, "-q") == 0


def test_info_names_the_contributors_and_flags_a_forgeable_key(capsys):
    fixtures = Path(__file__).resolve().parents[2] / "fixtures" / "ceremony"
    assert run("info", fixtures / "chain_0000_by_snarkjs.zkey", "--json") == 0
    fresh = json.loads(capsys.readouterr().out)
    assert fresh["phase2_contributions"] == [] and fresh["forgeable"] is True
    assert run("info", fixtures / "chain_0002_beacon_by_snarkjs.zkey", "--json") == 0
    final = json.loads(capsys.readouterr().out)
    assert final["forgeable"] is False
    assert final["phase2_contributions"][-1] == "Final Beacon"
    assert len(final["phase2_contributions"]) == 2
