"""Shared test fixtures: locating the npm peers (snarkjs, circom2, circomlibjs, solc)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
NODE_MODULES = ROOT / ".cache" / "npm" / "node_modules"


def node_tool(package: str) -> Path:
    """Path of an npm peer installed by `make test`, or skip the test with the reason."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed: interop test with the real peer skipped")
    path = NODE_MODULES / package
    if not path.exists():
        pytest.skip(f"npm package {package} not installed under .cache/npm (run `make node-deps`)")
    return path


@pytest.fixture(autouse=True)
def _no_progress_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands under test print no progress lines (tests compare their output exactly); the
    progress tests themselves choose a style."""
    monkeypatch.setenv("ZKGOV_PROGRESS", "off")


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
