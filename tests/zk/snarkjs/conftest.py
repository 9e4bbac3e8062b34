"""Fixtures for the snarkjs-compatibility tests: the committed circom ``.wasm`` fixtures, the
real snarkjs and circom2 from .cache/npm (tests skip with the reason when node is absent),
and circom fixtures compiled to ``.wasm`` once per session."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, NODE_MODULES, node_tool

WASM = FIXTURES / "circom" / "wasm"
CIRCOM = FIXTURES / "circom"


@pytest.fixture(scope="session")
def wasm_dir() -> Path:
    """tests/fixtures/circom/wasm: multiplier and guarded, compiled by make_wasm.sh."""
    return WASM


def run_node(*args: object, cwd: Path | None = None, check: bool = True,
             stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run node with ``args``; an assertion error with the output when it fails."""
    proc = subprocess.run(["node", *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=300, input=stdin)
    if check and proc.returncode != 0:
        raise AssertionError(f"node {' '.join(map(str, args))} failed ({proc.returncode}):\n"
                             f"{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="session")
def snarkjs() -> Callable[..., subprocess.CompletedProcess]:
    """Run the snarkjs 0.7.6 CLI (skips when node or snarkjs is missing)."""
    cli = node_tool("snarkjs") / "build" / "cli.cjs"

    def run(*args: object, cwd: Path | None = None, check: bool = True):
        return run_node(cli, *args, cwd=cwd, check=check)

    return run


def compile_circom(name: str, source_dir: Path, out: Path) -> Path:
    """Compile ``source_dir/name.circom`` (circomlib included) with circom2 into ``out``;
    returns the folder holding ``name.r1cs``, ``name.sym`` and ``name_js/name.wasm``."""
    circom = node_tool("circom2") / "cli.js"
    out.mkdir(parents=True, exist_ok=True)
    if not (out / "circomlib").exists():
        # circom2 opens files below its working folder only, and follows no symlinks.
        shutil.copytree(NODE_MODULES / "circomlib" / "circuits", out / "circomlib")
    shutil.copy(source_dir / f"{name}.circom", out)
    run_node(circom, f"{name}.circom", "--r1cs", "--wasm", "--sym", "--O2", "-l", "circomlib",
             "-o", ".", cwd=out)
    return out


@pytest.fixture(scope="session")
def compiled_fixtures(tmp_path_factory) -> dict[str, Path]:
    """poseidon_pair and merkle_membership (the circom fixtures with circomlib includes)
    compiled to ``.wasm`` once per session: {name: folder}."""
    out = tmp_path_factory.mktemp("circom")
    return {name: compile_circom(name, CIRCOM, out) for name in
            ("poseidon_pair", "merkle_membership")}
