"""The analyzer on circom circuits: circomlib's sound templates raise no alarm, circuits with
the published kinds of under-constraint bugs are caught (with a witness pair checked against
the R1CS). Fixtures: tests/fixtures/analysis (make_fixtures.sh)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from circuits.analysis import analyze_circom, load_circom
from tests.conftest import NODE_MODULES, node_tool

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "analysis"
SOUND = sorted((FIXTURES / "sound").glob("*.r1cs"))
BUGGY = sorted((FIXTURES / "buggy").glob("*.r1cs"))

#: Sound templates whose every output the analysis proves unique (no "unknown").
PROVEN = {
    "aliascheck", "binsum", "bits2num", "compconstant", "force_equal", "gates", "greater_eq",
    "is_equal", "is_zero", "less_than", "mimc7", "multimux3", "mux1", "mux2", "num2bits",
    "poseidon2", "sign", "switcher", "babycheck",
}  # fmt: skip

#: buggy fixture → an output the analysis must show ambiguous
EXPECTED = {
    "assigned_not_constrained": "main.out",
    "decoder_success_free": "main.success",
    "division_unchecked": "main.q",
    "divmod_no_range_check": "main.q",
    "is_zero_missing_constraint": "main.out",
    "less_than_output_hint": "main.out",
    "mux_selector_not_boolean": "main.out",
    "num2bits_254_aliasing": "main.out[",
    "num2bits_no_bit_constraint": "main.out[",
    "sum_of_squares_sign": "main.y",
}


def _analyze(path: Path, **options):
    return analyze_circom(path, path.with_suffix(".sym"), **options)


def test_every_fixture_is_listed():
    assert {p.stem for p in BUGGY} == set(EXPECTED)
    assert {p.stem for p in SOUND} >= PROVEN


@pytest.mark.parametrize("path", SOUND, ids=lambda p: p.stem)
def test_sound_circomlib_templates_raise_no_alarm(path: Path):
    report = _analyze(path, budget_s=4, timeout_ms=2000)
    assert report.errors == [], report.lines()
    assert report.exit_code() == 0
    if path.stem in PROVEN:
        assert report.unknowns == [], report.lines()


@pytest.mark.parametrize("path", BUGGY, ids=lambda p: p.stem)
def test_under_constrained_circuits_are_caught(path: Path):
    report = _analyze(path, budget_s=20)
    assert report.exit_code() == 1, report.lines()
    assert any(f.signal.startswith(EXPECTED[path.stem]) for f in report.errors), report.lines()
    c = load_circom(path, path.with_suffix(".sym"))
    for finding in report.errors:
        assert finding.signal.startswith("main."), "findings name the signal from the .sym"
        if finding.evidence:  # the pair differs where it says, for inputs it names
            a, b = finding.evidence["values"]
            assert a != b
            assert len(finding.evidence["inputs"]) == len(c.inputs)


def test_a_free_internal_helper_is_a_note_not_a_finding():
    report = _analyze(FIXTURES / "sound" / "is_zero.r1cs")
    assert report.exit_code() == 0
    assert [(f.severity, f.signal) for f in report.findings] == [("note", "main.inv")]


def test_strict_fails_on_unknown_outputs():
    report = _analyze(FIXTURES / "sound" / "num2bits_strict.r1cs", budget_s=1, timeout_ms=500)
    assert report.errors == [] and report.unknowns
    assert report.exit_code() == 0 and report.exit_code(strict=True) == 1


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.parametrize(
    "name",
    sorted(p.stem for p in (FIXTURES / "sound_large").glob("*.circom")),
)
def test_large_circomlib_templates_raise_no_alarm(name: str, tmp_path: Path):
    """EdDSA verifiers, SMT, BabyPbk, Poseidon(5), MiMCSponge: compiled here (megabytes)."""
    circom = node_tool("circom2")
    shutil.copytree(NODE_MODULES / "circomlib" / "circuits", tmp_path / "circomlib")
    shutil.copy(FIXTURES / "sound_large" / f"{name}.circom", tmp_path)
    subprocess.run(
        ["node", str(circom / "cli.js"), f"{name}.circom", "--r1cs", "--sym", "-o", "."],
        cwd=tmp_path, check=True, capture_output=True,
    )  # fmt: skip
    report = _analyze(tmp_path / f"{name}.r1cs", budget_s=5, timeout_ms=2000)
    assert report.errors == [], report.lines()
