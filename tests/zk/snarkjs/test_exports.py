"""snarkjs's JSON exports and text outputs: byte for byte what snarkjs writes (r1cs, zkey,
ptau, wtns JSON; r1cs info and print lines), and the ptau truncate/convert files."""

from __future__ import annotations

import json
import re

import pytest

from zk.ceremony import phase1
from zk.ceremony.beacon import Beacon
from zk.ceremony.phase1 import Phase1Error
from zk.curve.encoding import G1_BYTES
from zk.formats.binfile import read_binfile, write_binfile
from zk.snarkjs.json_text import snarkjs_json
from zk.snarkjs.ptau_tools import convert, ptau_to_json, truncate
from zk.snarkjs.r1cs_tools import Symbols, r1cs_info, r1cs_print, r1cs_to_json
from zk.snarkjs.wtns_tools import check_witness, wtns_to_json
from zk.snarkjs.zkey_json import zkey_to_json

from .conftest import CIRCOM

_LOG_PREFIX = re.compile(r"^.*snarkJS\S*: ", re.M)
_BEACON = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"


def _snarkjs_lines(text: str) -> list[str]:
    return [line for line in _LOG_PREFIX.sub("", re.sub(r"\x1b\[[0-9;]*m", "", text))
            .splitlines() if line]


@pytest.fixture(scope="module")
def prepared_ptau() -> bytes:
    """Power 3: a contribution, a 32-byte beacon, prepared."""
    pot = phase1.contribute(phase1.new(3), name="one").data
    pot = phase1.apply_beacon(pot, Beacon.parse(_BEACON, 10), name="beacon").data
    return phase1.prepare(pot)


def test_bfj_layout():
    assert snarkjs_json({"a": [], "b": {}, "c": [1, {"k": "é"}]}) == (
        '{\n "a": [\n ],\n "b": {\n },\n "c": [\n  1,\n  {\n   "k": "é"\n  }\n ]\n}')


def test_fixture_json_files_are_in_snarkjs_layout():
    for name in ("verification_key.json", "proof.json", "public.json"):
        text = (CIRCOM / "poseidon_pair" / name).read_text()
        assert snarkjs_json(json.loads(text)) == text


def test_unprepared_ptau_has_no_json():
    with pytest.raises(Phase1Error, match="not prepared"):
        ptau_to_json(phase1.new(2))


def test_truncate_sizes(prepared_ptau):
    files = truncate(prepared_ptau)
    assert sorted(files) == [1, 2]
    small = phase1.load(files[2])
    assert (small.power, small.ptau.ceremony_power, len(small.contributions)) == (2, 3, 2)


def _old_format(prepared: bytes) -> bytes:
    sections = dict(read_binfile(prepared, "ptau", 1).sections)
    power = 3
    sections[12] = bytes(sections[12])[: ((1 << (power + 1)) - 1) * G1_BYTES]
    return write_binfile("ptau", 1, sorted(sections.items()))


def test_convert_restores_the_current_format(prepared_ptau):
    assert convert(_old_format(prepared_ptau)) == prepared_ptau
    with pytest.raises(Phase1Error, match="already in the current format"):
        convert(prepared_ptau)


def test_wtns_check_and_json():
    d = CIRCOM / "merkle_membership"
    wtns = (d / "witness.wtns").read_bytes()
    assert check_witness((d / "circuit.r1cs").read_bytes(), wtns).ok
    values = wtns_to_json(wtns)
    assert values[0] == "1"
    bad = bytearray(wtns)
    bad[-1] ^= 1
    result = check_witness((d / "circuit.r1cs").read_bytes(), bytes(bad))
    assert not result.ok and result.failed is not None


@pytest.mark.node
def test_json_exports_match_snarkjs(snarkjs, tmp_path, prepared_ptau):
    d = CIRCOM / "poseidon_pair"
    cases = [
        (("r1cs", "export", "json", d / "circuit.r1cs"), r1cs_to_json, d / "circuit.r1cs"),
        (("zkey", "export", "json", d / "circuit.zkey"), zkey_to_json, d / "circuit.zkey"),
        (("wtns", "export", "json", d / "witness.wtns"), wtns_to_json, d / "witness.wtns"),
    ]
    (tmp_path / "pot.ptau").write_bytes(prepared_ptau)
    # the beacon every snarkjs guide uses is 31 bytes long
    short = phase1.apply_beacon(phase1.new(2), Beacon.parse(_BEACON[:-2], 10)).data
    (tmp_path / "short.ptau").write_bytes(phase1.prepare(short))
    for name in ("pot.ptau", "short.ptau"):
        cases.append((("powersoftau", "export", "json", tmp_path / name), ptau_to_json,
                      tmp_path / name))
    for i, (args, export, source) in enumerate(cases):
        out = tmp_path / f"{i}.json"
        snarkjs(*args, out)
        assert snarkjs_json(export(source.read_bytes())) == out.read_text(), args


@pytest.mark.node
def test_r1cs_info_and_print_match_snarkjs(snarkjs, wasm_dir):
    r1cs = wasm_dir / "guarded.r1cs"
    info = snarkjs("r1cs", "info", r1cs).stdout
    assert r1cs_info(r1cs.read_bytes()) == _snarkjs_lines(info)[: len(r1cs_info(r1cs.read_bytes()))]
    printed = snarkjs("r1cs", "print", r1cs, wasm_dir / "guarded.sym").stdout
    sym = Symbols.parse((wasm_dir / "guarded.sym").read_text())
    assert r1cs_print(r1cs.read_bytes(), sym) == _snarkjs_lines(printed)


@pytest.mark.node
def test_truncate_and_convert_match_snarkjs(snarkjs, tmp_path, prepared_ptau):
    (tmp_path / "pot.ptau").write_bytes(prepared_ptau)
    snarkjs("powersoftau", "truncate", tmp_path / "pot.ptau")
    for power, data in truncate(prepared_ptau).items():
        assert data == (tmp_path / f"pot_{power:02d}.ptau").read_bytes()
    (tmp_path / "old.ptau").write_bytes(_old_format(prepared_ptau))
    snarkjs("powersoftau", "convert", tmp_path / "old.ptau", tmp_path / "new.ptau")
    assert convert(_old_format(prepared_ptau)) == (tmp_path / "new.ptau").read_bytes()
