"""circom's ``.wasm`` witness generator run in process: byte for byte node's output, the
witness satisfies the circuit's R1CS, and circom's own errors become one-line errors."""

from __future__ import annotations

import json

import pytest

from zk.field import R
from zk.formats.r1cs import read_r1cs
from zk.formats.wtns import read_wtns
from zk.snarkjs.circom_inputs import fnv1a_64, qualify, to_bigint
from zk.snarkjs.errors import WitnessError
from zk.snarkjs.wasm_witness import WitnessCalculator, calculate_witness

from .conftest import CIRCOM


def _load(wasm_dir, name):
    wasm = (wasm_dir / f"{name}.wasm").read_bytes()
    inputs = json.loads((wasm_dir / f"{name}_input.json").read_text())
    return wasm, inputs


@pytest.mark.parametrize("name", ["multiplier", "guarded"])
def test_committed_wasm_matches_node_witness(wasm_dir, name):
    wasm, inputs = _load(wasm_dir, name)
    witness = calculate_witness(wasm, inputs)
    assert witness.to_wtns() == (wasm_dir / f"{name}.wtns").read_bytes()
    read_r1cs((wasm_dir / f"{name}.r1cs").read_bytes()).check(witness.to_ints())


def test_guarded_values_and_log(wasm_dir):
    wasm, _ = _load(wasm_dir, "guarded")
    lines: list[str] = []
    witness = calculate_witness(wasm, {"a": 7, "b": [3, "-1"]}, on_log=lines.append)
    r = witness.prime
    assert witness.to_ints() == [1, (7 * 3 - 1) % r, 7, 3, r - 1]
    assert lines == ["a is 7"]


@pytest.mark.node
@pytest.mark.parametrize("name", ["poseidon_pair", "merkle_membership"])
def test_circomlib_circuits_match_snarkjs_fixtures(compiled_fixtures, name):
    """The fixture witnesses were written by snarkjs from the same circuits and inputs."""
    folder = compiled_fixtures[name]
    wasm = (folder / f"{name}_js" / f"{name}.wasm").read_bytes()
    inputs = json.loads((CIRCOM / name / "input.json").read_text())
    witness = calculate_witness(wasm, inputs)
    assert witness.to_wtns() == (CIRCOM / name / "witness.wtns").read_bytes()
    read_r1cs((folder / f"{name}.r1cs").read_bytes()).check(witness.to_ints())


@pytest.mark.node
@pytest.mark.parametrize("inputs", [
    {"a": "0x1f", "b": [-5, str(R + 1)]},
    {"a": True, "b": [" 12 ", ""]},
    {"a": 99, "b": ["0b101", "0o17"]},
])
def test_input_spellings_match_snarkjs(wasm_dir, tmp_path, snarkjs, inputs):
    (tmp_path / "in.json").write_text(json.dumps(inputs))
    snarkjs("wtns", "calculate", wasm_dir / "guarded.wasm", tmp_path / "in.json",
            tmp_path / "snarkjs.wtns")
    ours = calculate_witness((wasm_dir / "guarded.wasm").read_bytes(), inputs)
    assert ours.to_wtns() == (tmp_path / "snarkjs.wtns").read_bytes()


def test_failed_assert_names_template_and_line(wasm_dir):
    wasm, _ = _load(wasm_dir, "guarded")
    with pytest.raises(WitnessError, match=r"Assert Failed\. Error in template Guarded_0 line: 8"):
        calculate_witness(wasm, {"a": 100, "b": [1, 2]})


@pytest.mark.parametrize("inputs, message", [
    ({"a": 1}, "Not all inputs have been set. Only 1 out of 3"),
    ({"a": 1, "b": [1]}, "Not enough values for input signal b"),
    ({"a": 1, "b": [1, 2, 3]}, "Too many values for input signal b"),
    ({"a": "ten", "b": [1, 2]}, "input a: cannot read 'ten'"),
    ({"a": None, "b": [1, 2]}, "input a: null is not a number"),
    ({"a": 1.5, "b": [1, 2]}, "input a: 1.5 is not an integer"),
    ([1, 2], "must hold a JSON object"),
])
def test_bad_inputs_are_one_line_errors(wasm_dir, inputs, message):
    wasm, _ = _load(wasm_dir, "guarded")
    with pytest.raises(WitnessError, match=message.replace(".", r"\.").replace("[", r"\[")):
        calculate_witness(wasm, inputs)


def test_calculator_is_reusable_and_resets(wasm_dir):
    wasm, inputs = _load(wasm_dir, "multiplier")
    calc = WitnessCalculator(wasm)
    first = calc.calculate(inputs)
    with pytest.raises(WitnessError):
        calc.calculate({"a": 1})
    assert calc.calculate(inputs).values == first.values
    assert read_wtns(first.to_wtns())[1] == 33  # c = a·b = 3·11


def test_not_a_circom_wasm():
    with pytest.raises(WitnessError, match="not a WebAssembly module"):
        calculate_witness(b"\0asm garbage", {})


def test_fnv_and_input_helpers():
    assert fnv1a_64("") == 0xCBF29CE484222325
    assert fnv1a_64("a") == 0xAF63DC4C8601EC8C  # the FNV-1a 64 reference value
    assert qualify({"p": {"x": 1, "y": [2, [3]]}, "q": [{"k": 4}, {"k": 5}]}) == {
        "p.x": [1], "p.y": [2, 3], "q[0].k": [4], "q[1].k": [5]}
    assert to_bigint("-0012", "x") == -12 and to_bigint("0XfF", "x") == 255
