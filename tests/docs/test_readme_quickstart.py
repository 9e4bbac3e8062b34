"""The README's quick start, run exactly as written: a fresh folder, `zkgov` on the PATH from
the venv, a proof of the user's own circuit verified, a ledger receipt checked, and a joint
statistic computed by three parties, each in its own "terminal" (process)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MARKER = re.compile(r"<!-- quickstart(?:: terminal (\d+))? -->\s*```bash\n(.*?)```", re.S)


def quickstart_blocks() -> tuple[list[str], dict[int, str]]:
    """The sequential blocks and the per-terminal blocks of README.md, in order."""
    sequential, terminals = [], {}
    for terminal, body in MARKER.findall((ROOT / "README.md").read_text("utf-8")):
        if terminal:
            terminals[int(terminal)] = body
        else:
            sequential.append(body)
    return sequential, terminals


def _bash(script: str, home: Path, **kw) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(HOME=str(home), PYTHONUNBUFFERED="1")
    return subprocess.Popen(["bash", "-c", "set -euo pipefail\n" + script], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def test_the_quick_start_blocks_are_found():
    sequential, terminals = quickstart_blocks()
    assert len(sequential) >= 4 and sorted(terminals) == [1, 2, 3]
    assert ". .venv/bin/activate" in sequential[0]


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_the_readme_quick_start_runs_as_written(tmp_path: Path):
    if not (ROOT / ".venv" / "bin" / "activate").is_file():
        pytest.skip("no .venv in the checkout: run `make install` first")
    sequential, terminals = quickstart_blocks()
    setup = _bash("\n".join(sequential), tmp_path)
    out, _ = setup.communicate(timeout=400)
    assert setup.returncode == 0, out
    assert "OK: the proof is valid" in out
    assert '"threshold": 0' in out and '"income": 0' in out
    assert "OK: entry 0 is in housing.example.gov/ledger" in out
    # "each with `. .venv/bin/activate` from the checkout and `cd ~/zkgov-first`"
    parties = [_bash(f". .venv/bin/activate\ncd ~/zkgov-first\n{terminals[i]}", tmp_path)
               for i in sorted(terminals)]
    for party in parties:
        out, _ = party.communicate(timeout=120)
        assert party.returncode == 0, out
        assert "count: 7" in out and "mean: 30571.4" in out, out
