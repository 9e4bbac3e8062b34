"""Fixtures for the documentation tests: where the pages are and where ``zkgov`` lives."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

DOCS_TESTS = Path(__file__).resolve().parent
ROOT = DOCS_TESTS.parent.parent
DOCS = ROOT / "docs"

# The block runner is a helper module beside these tests (tests/ is not a package).
if str(DOCS_TESTS) not in sys.path:
    sys.path.insert(0, str(DOCS_TESTS))


@pytest.fixture
def docs_dir() -> Path:
    return DOCS


@pytest.fixture
def bin_dir() -> Path:
    """The folder of the running interpreter, where ``pip install`` put ``zkgov``."""
    folder = Path(sys.executable).parent
    if not (folder / "zkgov").exists():
        pytest.skip(f"the zkgov command is not installed beside {sys.executable}")
    return folder
