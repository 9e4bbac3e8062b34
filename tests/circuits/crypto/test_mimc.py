"""MiMC7 and MiMCSponge outside the circuit: constants and outputs against circomlib/circomlibjs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from circuits.crypto import mimc as M
from circuits.errors import InputError
from zk.field import R

ROOT = Path(__file__).resolve().parents[3]
VECTORS = json.loads((ROOT / "tests/fixtures/circomlibjs/mimc_vectors.json").read_text())
CIRCOMLIB = ROOT / ".cache" / "npm" / "node_modules" / "circomlib" / "circuits"


def _ints(values: list[str]) -> list[int]:
    return [int(v) for v in values]


def _circom_table(name: str, declaration: str) -> list[int]:
    path = CIRCOMLIB / name
    if not path.exists():
        pytest.skip("circomlib is not installed under .cache/npm (run `make node-deps`)")
    body = path.read_text().split(declaration, 1)[1].split("]", 1)[0]
    return [int(x) for x in re.findall(r"\d+", body)]


def test_keccak256_is_ethereum_keccak_not_sha3() -> None:
    assert M.keccak256(b"").hex() == (
        "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    )


def test_mimc7_constants_equal_circomlib_table() -> None:
    assert list(M.mimc7_constants()) == _circom_table("mimc.circom", "var c[91] = [")


def test_mimc_sponge_constants_equal_circomlib_table() -> None:
    constants = M.mimc_sponge_constants()
    assert constants[0] == constants[-1] == 0
    assert list(constants[1:-1]) == _circom_table("mimcsponge.circom", "var c_partial[218] = [")


def test_fewer_rounds_use_a_prefix_of_the_chain() -> None:
    assert M.mimc7_constants(10) == M.mimc7_constants()[:10]
    assert M.mimc_sponge_constants(10)[:-1] == M.mimc_sponge_constants()[:9]
    assert M.mimc_sponge_constants(10)[-1] == 0


def test_vectors_include_edge_values() -> None:
    xs = {case["x"] for case in VECTORS["mimc7_hash"]}
    assert {"0", str(R - 1)} <= xs
    assert len(VECTORS["mimc7_hash"]) >= 30 and len(VECTORS["mimc_sponge_multi_hash"]) >= 30


@pytest.mark.parametrize("case", VECTORS["mimc7_hash"])
def test_mimc7_hash_matches_circomlibjs(case: dict) -> None:
    assert M.mimc7_hash(int(case["x"]), int(case["k"])) == int(case["output"])


@pytest.mark.parametrize("case", VECTORS["mimc7_multi_hash"])
def test_mimc7_multi_hash_matches_circomlibjs(case: dict) -> None:
    assert M.mimc7_multi_hash(_ints(case["inputs"]), int(case["key"])) == int(case["output"])


@pytest.mark.parametrize("case", VECTORS["mimc_sponge_hash"])
def test_mimc_feistel_matches_circomlibjs(case: dict) -> None:
    out = M.mimc_feistel(int(case["xL"]), int(case["xR"]), int(case["k"]))
    assert list(out) == _ints(case["output"])


@pytest.mark.parametrize("case", VECTORS["mimc_sponge_multi_hash"])
def test_mimc_sponge_multi_hash_matches_circomlibjs(case: dict) -> None:
    n = len(case["outputs"])
    out = M.mimc_sponge_multi_hash(_ints(case["inputs"]), int(case["key"]), n)
    assert (out if n > 1 else [out]) == _ints(case["outputs"])


def test_inputs_are_reduced_mod_r_as_circomlibjs_does() -> None:
    assert M.mimc7_hash(R + 3, -1) == M.mimc7_hash(3, R - 1)
    assert M.mimc_sponge_multi_hash([R + 1, 2 * R]) == M.mimc_sponge_multi_hash([1, 0])


def test_empty_inputs_hash_like_circomlibjs() -> None:
    assert M.mimc7_multi_hash([], 42) == 42
    assert M.mimc_sponge_multi_hash([], 5) == 0


def test_bad_arguments_are_clear_errors() -> None:
    with pytest.raises(InputError, match="must be an integer"):
        M.mimc7_hash("1", 0)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="input 1 must be an integer"):
        M.mimc_sponge_multi_hash([1, 2.0])  # type: ignore[list-item]
    with pytest.raises(InputError, match="at least one output"):
        M.mimc_sponge_multi_hash([1], n_outputs=0)
    with pytest.raises(InputError, match="rounds"):
        M.mimc_sponge_constants(1)
    with pytest.raises(InputError, match="rounds"):
        M.mimc7_constants(0)
