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


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
