"""Ceremonies that mix zkgov and snarkjs 0.7 contributors, checked by both tools.

Skipped with the reason when node or the npm snarkjs is not installed.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from tests.zk.ceremony.conftest import BEACON_EXP, BEACON_HEX, FIXTURES, Snarkjs
from zk import groth16
from zk.ceremony import phase1, phase2
from zk.curve import get_backend
from zk.curve.base import G2_GENERATOR
from zk.formats.snarkjs_json import (
    proof_from_json,
    proof_to_json,
    public_from_json,
    public_to_json,
    vk_from_json,
)
from zk.formats.wtns import read_wtns
from zk.formats.zkey import (
    Contributions,
    pack_contributions,
    parse_contributions,
    read_zkey,
    write_zkey,
)

pytestmark = pytest.mark.usefixtures("fast_backend")

ZKEY_OK = "ZKey Ok!"
PTAU_OK = "Powers of Tau Ok!"


def _zkgov_contribute(src: Path, dst: Path, name: str) -> bytes:
    result = phase2.contribute(src.read_bytes(), name=name, entropy=f"{name} entropy")
    dst.write_bytes(result.data)
    return result.contribution_hash


def test_phase2_alternating_zkgov_and_snarkjs(snarkjs: Snarkjs, tmp_path: Path) -> None:
    d = tmp_path
    for name in ("chain.r1cs", "chain.wtns", "pot5_0002_prepared_by_snarkjs.ptau"):
        shutil.copy(FIXTURES / name, d / name)
    r1cs, ptau = d / "chain.r1cs", d / "pot5_0002_prepared_by_snarkjs.ptau"
    (d / "c0.zkey").write_bytes(phase2.new(r1cs.read_bytes(), ptau.read_bytes()))

    _zkgov_contribute(d / "c0.zkey", d / "c1.zkey", "Tax office (zkgov)")
    snarkjs.check("zkey", "contribute", "c1.zkey", "c2.zkey", "--name=Health (snarkjs)",
                  "-e=snarkjs entropy")
    _zkgov_contribute(d / "c2.zkey", d / "c3.zkey", "Statistics (zkgov)")
    snarkjs.check("zkey", "beacon", "c3.zkey", "final.zkey", BEACON_HEX, str(BEACON_EXP),
                  "-n=Final Beacon")

    args = ("zkey", "verify", "chain.r1cs", ptau.name)
    assert snarkjs.verifies(ZKEY_OK, *args, "final.zkey")
    report = phase2.verify(r1cs.read_bytes(), ptau.read_bytes(), (d / "final.zkey").read_bytes())
    assert report.ok, report.failures
    assert [c.name for c in report.contributions] == [
        "Tax office (zkgov)", "Health (snarkjs)", "Statistics (zkgov)", "Final Beacon"]

    # The verification key both tools export is the same.
    snarkjs.check("zkey", "export", "verificationkey", "final.zkey", "vk_snarkjs.json")
    ours = phase2.export_verification_key((d / "final.zkey").read_bytes())
    assert json.loads((d / "vk_snarkjs.json").read_text()) == ours
    (d / "vk.json").write_text(json.dumps(ours, indent=1))

    # A snarkjs proof with the final key verifies in both tools ...
    snarkjs.check("groth16", "prove", "final.zkey", "chain.wtns", "proof_s.json", "public.json")
    assert snarkjs.verifies("OK", "groth16", "verify", "vk.json", "public.json", "proof_s.json")
    vk = vk_from_json(ours)
    public = public_from_json(json.loads((d / "public.json").read_text()))
    assert groth16.verify(vk, public, proof_from_json(json.loads(
        (d / "proof_s.json").read_text())))
    # ... and so does a zkgov one.
    pk = read_zkey((d / "final.zkey").read_bytes())
    proof, ours_public = groth16.prove(pk, read_wtns((d / "chain.wtns").read_bytes()))
    assert ours_public == public
    (d / "proof_z.json").write_text(json.dumps(proof_to_json(proof)))
    (d / "public_z.json").write_text(json.dumps(public_to_json(ours_public)))
    assert snarkjs.verifies("OK", "groth16", "verify", "vk.json", "public_z.json", "proof_z.json")


def test_a_forged_contribution_fails_in_both_tools(snarkjs: Snarkjs, tmp_path: Path) -> None:
    d = tmp_path
    for name in ("chain.r1cs", "pot5_0002_prepared_by_snarkjs.ptau"):
        shutil.copy(FIXTURES / name, d / name)
    data = phase2.contribute((FIXTURES / "chain_0001_snarkjs.zkey").read_bytes(),
                             name="zkgov").data
    pk = read_zkey(data)
    history = parse_contributions(pk.contributions)
    forged = dataclasses.replace(history.entries[1],
                                 g2_spx=get_backend().g2_mul(G2_GENERATOR, 424242))
    pk.contributions = pack_contributions(Contributions(history.cs_hash,
                                                        (history.entries[0], forged)))
    (d / "forged.zkey").write_bytes(write_zkey(pk))
    assert not snarkjs.verifies(ZKEY_OK, "zkey", "verify", "chain.r1cs",
                                "pot5_0002_prepared_by_snarkjs.ptau", "forged.zkey")
    report = phase2.verify((d / "chain.r1cs").read_bytes(),
                           (d / "pot5_0002_prepared_by_snarkjs.ptau").read_bytes(),
                           (d / "forged.zkey").read_bytes())
    assert report.failed_contributions == {2}


def test_phase1_mixing_both_tools_and_prepare(snarkjs: Snarkjs, tmp_path: Path) -> None:
    d = tmp_path
    snarkjs.check("powersoftau", "new", "bn128", "4", "p0_snarkjs.ptau")
    (d / "p0.ptau").write_bytes(phase1.new(4))
    assert (d / "p0.ptau").read_bytes() == (d / "p0_snarkjs.ptau").read_bytes()

    result = phase1.contribute((d / "p0.ptau").read_bytes(), name="Tax office (zkgov)")
    (d / "p1.ptau").write_bytes(result.data)
    snarkjs.check("powersoftau", "contribute", "p1.ptau", "p2.ptau", "--name=Health (snarkjs)",
                  "-e=snarkjs entropy")
    assert snarkjs.verifies(PTAU_OK, "powersoftau", "verify", "p2.ptau")
    report = phase1.verify((d / "p2.ptau").read_bytes())
    assert report.ok, report.failures
    assert report.contributions[0].hash == result.response_hash

    snarkjs.check("powersoftau", "prepare", "phase2", "p2.ptau", "final_snarkjs.ptau")
    (d / "final.ptau").write_bytes(phase1.prepare((d / "p2.ptau").read_bytes()))
    assert (d / "final.ptau").read_bytes() == (d / "final_snarkjs.ptau").read_bytes()
    assert snarkjs.verifies(PTAU_OK, "powersoftau", "verify", "final.ptau")
