"""`make demo` tells its story end to end; a chapter that breaks fails the suite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(600)
def test_the_demo_runs_every_chapter(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "demo.py")],
        capture_output=True, text=True, cwd=tmp_path,
        env={**os.environ, "ZKGOV_DEMO_DIR": str(tmp_path / "work"),
             "COLUMNS": "200"},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout
    for chapter in ("1. Keys from a ceremony", "2. Applicants prove", "3. From a signed tax",
                    "4. The audit log", "5. Three departments"):
        assert chapter in out
    assert "every statement proven, recorded, audited and computed" in out
    work = tmp_path / "work"
    assert (work / "housing_final.zkey").is_file() and (work / "bundle.tar.gz").is_file()
    assert not (work / "david-proof.json").exists()  # the false claim left no proof behind
    assert (work / "h4021-proof.json").is_file() and not (work / "h5150-proof.json").exists()
