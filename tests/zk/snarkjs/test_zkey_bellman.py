"""Phase 2 through bellman's MPCParameters: export and import byte for byte snarkjs's, and the
imported key verifies (zkgov and snarkjs) and proves."""

from __future__ import annotations

import pytest

from zk import groth16
from zk.ceremony import phase2
from zk.formats.r1cs import read_r1cs
from zk.formats.wtns import read_wtns
from zk.formats.zkey import read_zkey
from zk.snarkjs.errors import SnarkjsCompatError
from zk.snarkjs.zkey_bellman import export_bellman, import_bellman

from .conftest import CIRCOM


@pytest.fixture(scope="module")
def poseidon():
    d = CIRCOM / "poseidon_pair"
    return {"zkey": (d / "circuit.zkey").read_bytes(), "r1cs": (d / "circuit.r1cs").read_bytes(),
            "wtns": (d / "witness.wtns").read_bytes(), "ptau": (CIRCOM / "pot8.ptau").read_bytes()}


def test_unchanged_round_trip_keeps_a_valid_key(poseidon):
    key = import_bellman(poseidon["zkey"], export_bellman(poseidon["zkey"]), name="b")
    report = phase2.verify(poseidon["r1cs"], poseidon["ptau"], key)
    assert report.ok, report.failures
    pk = read_zkey(key)
    proof, public = groth16.prove(pk, read_wtns(poseidon["wtns"]))
    assert groth16.verify(pk.verifying_key(), public, proof)


def test_other_circuit_and_dropped_contributions_are_refused(poseidon):
    other = (CIRCOM / "multiplier" / "circuit.zkey").read_bytes()
    with pytest.raises(SnarkjsCompatError, match=r"invalid number of points|another circuit"):
        import_bellman(other, export_bellman(poseidon["zkey"]))
    initial = (CIRCOM / "poseidon_pair" / "circuit_0000.zkey").read_bytes()
    with pytest.raises(SnarkjsCompatError, match="do not include"):
        import_bellman(poseidon["zkey"], export_bellman(initial))
    with pytest.raises(SnarkjsCompatError, match="ends inside"):
        import_bellman(poseidon["zkey"], export_bellman(poseidon["zkey"])[:-10])


@pytest.mark.node
def test_export_and_import_match_snarkjs(poseidon, snarkjs, tmp_path):
    zkey = tmp_path / "c.zkey"
    zkey.write_bytes(poseidon["zkey"])
    snarkjs("zkey", "export", "bellman", zkey, tmp_path / "theirs.mpcparams")
    assert export_bellman(poseidon["zkey"]) == (tmp_path / "theirs.mpcparams").read_bytes()
    snarkjs("zkey", "bellman", "contribute", "bn128", tmp_path / "theirs.mpcparams",
            tmp_path / "response.mpcparams", "-e=bellman side")
    snarkjs("zkey", "import", "bellman", zkey, tmp_path / "response.mpcparams",
            tmp_path / "theirs.zkey", "-n=bellman")
    ours = import_bellman(poseidon["zkey"], (tmp_path / "response.mpcparams").read_bytes(),
                          name="bellman")
    assert ours == (tmp_path / "theirs.zkey").read_bytes()
    report = phase2.verify(poseidon["r1cs"], poseidon["ptau"], ours)
    assert report.ok and len(report.contributions) == 2


def test_soundness_of_the_circuit_itself(poseidon):
    """The witness used above satisfies the R1CS (not only the witness generator)."""
    read_r1cs(poseidon["r1cs"]).check(read_wtns(poseidon["wtns"]))
