"""The example inputs under examples/gov are current and prove their statements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from circuits import load_circuit
from circuits.gov.examples import EXAMPLES, main

EXAMPLES_DIR = Path(__file__).resolve().parents[3] / "examples" / "gov"


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_file_is_up_to_date(name: str) -> None:
    _, build = EXAMPLES[name]
    assert json.loads((EXAMPLES_DIR / f"{name}.json").read_text()) == build()


def test_generator_writes_every_file(tmp_path: Path, capsys) -> None:
    assert main([str(tmp_path)]) == 0
    assert sorted(p.stem for p in tmp_path.glob("*.json")) == sorted(EXAMPLES)
    capsys.readouterr()


@pytest.mark.parametrize(
    "name", ["committed_value_in_range", "invoice_total", "joint_income_below",
             "registry_membership"]
)
def test_example_inputs_satisfy_their_default_circuit(name: str) -> None:
    ref, _ = EXAMPLES[name]
    compiled = load_circuit(ref).compile()
    compiled.witness(json.loads((EXAMPLES_DIR / f"{name}.json").read_text()))


def test_every_ready_circuit_documents_its_statement() -> None:
    for ref, _ in EXAMPLES.values():
        doc = load_circuit(ref).__doc__ or ""
        assert "Proves:" in doc and "Public:" in doc and "Secret:" in doc, ref
