"""Runs circomlibjs itself (when node and the npm peers are installed) on fresh random inputs
and checks every vector against the Python implementation."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from circuits.crypto import babyjubjub as bj
from circuits.crypto import eddsa
from circuits.crypto.blake512 import blake512
from circuits.crypto.poseidon import poseidon
from tests.conftest import NODE_MODULES, node_tool

SCRIPT = Path(__file__).resolve().parents[2] / "fixtures" / "circomlibjs" / "make_fixtures.js"

pytestmark = pytest.mark.node


def _pt(p: list[str]) -> bj.Point:
    return int(p[0]), int(p[1])


def test_fresh_circomlibjs_vectors_agree(tmp_path: Path) -> None:
    node_tool("circomlibjs")
    node_tool("blake-hash")
    seed = f"live run {os.getpid()}"
    subprocess.run(
        ["node", str(SCRIPT), "--out", str(tmp_path), "--seed", seed, "--count", "2"],
        check=True,
        capture_output=True,
        env={**os.environ, "ZKGOV_NODE_MODULES": str(NODE_MODULES)},
        timeout=120,
    )
    for case in json.loads((tmp_path / "poseidon_vectors.json").read_text())["cases"]:
        assert poseidon([int(x) for x in case["inputs"]]) == int(case["output"])
    for case in json.loads((tmp_path / "blake512_vectors.json").read_text())["cases"]:
        assert blake512(bytes.fromhex(case["message"])).hex() == case["digest"]
    data = json.loads((tmp_path / "babyjubjub_vectors.json").read_text())
    for case in data["mul_base8"]:
        assert bj.multiply(bj.BASE8, int(case["scalar"])) == _pt(case["point"])
    for case in data["add"]:
        assert bj.add(_pt(case["p"]), _pt(case["q"])) == _pt(case["sum"])
    for case in json.loads((tmp_path / "eddsa_poseidon_vectors.json").read_text())["cases"]:
        key = bytes.fromhex(case["private_key"])
        sig = eddsa.sign_poseidon(key, int(case["message"]))
        assert eddsa.derive_public_key(key) == _pt(case["public_key"])
        assert sig.pack().hex() == case["packed_signature"]
