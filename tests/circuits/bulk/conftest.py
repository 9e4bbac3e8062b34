"""A compiled test circuit, its development key, and helpers to write and check batches."""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

from circuits import load_circuit
from zk import groth16
from zk.field import R
from zk.formats.snarkjs_json import proof_from_json, public_from_json
from zk.formats.zkey import write_zkey

CIRCUIT_FILE = Path(__file__).with_name("square_circuit.py")


@dataclass
class Setup:
    circuit_class: type
    zkey: Path
    vk: groth16.VerifyingKey


@pytest.fixture(scope="session")
def square(tmp_path_factory) -> Setup:
    cls = load_circuit(str(CIRCUIT_FILE))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", groth16.DevelopmentSetupWarning)
        pk = groth16.setup(cls.compile().r1cs)
    zkey = tmp_path_factory.mktemp("square") / "square.zkey"
    zkey.write_bytes(write_zkey(pk))
    return Setup(cls, zkey, pk.verifying_key())


def statement(x: int, rounds: int = 4) -> dict:
    """A true inputs object of the test circuit for ``x``."""
    return {"x": x, "y": pow(x, 2**rounds, R)}


def write_inputs(path: Path, xs: list[int], rounds: int = 4) -> Path:
    """One true statement per x."""
    path.write_text("".join(json.dumps(statement(x, rounds)) + "\n" for x in xs))
    return path


def assert_all_verify(output: Path, vk, expected_lines: list[int]) -> None:
    """Every output line is a valid proof, for exactly ``expected_lines``, in order."""
    records = [json.loads(t) for t in output.read_text().splitlines()]
    assert [r["line"] for r in records] == expected_lines
    for r in records:
        assert "error" not in r, r
        assert groth16.verify(vk, public_from_json(r["public"]), proof_from_json(r["proof"]))
