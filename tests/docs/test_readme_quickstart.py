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
    _the_project_moves_with_its_files(tmp_path / "zkgov-first", tmp_path)


def _the_project_moves_with_its_files(project: Path, home: Path) -> None:
    """No file zkgov wrote names the folder it was written in, and in a copy elsewhere the
    next proof, verification and log entry work with the same commands."""
    where = str(project).encode()
    naming = [p.relative_to(project) for p in project.rglob("*")
              if p.is_file() and where in p.read_bytes()]
    assert not naming, f"these files name their folder by absolute path: {naming}"
    moved = home / "elsewhere" / "zkgov-first"
    moved.parent.mkdir()
    project.rename(moved)
    again = _bash(
        ". .venv/bin/activate\ncd ~/elsewhere/zkgov-first\n"
        "echo '{\"threshold\": 3000000, \"income\": 999}' > inputs.json\n"
        "zkgov prove income_below --inputs inputs.json --proof proof2.json --public public2.json\n"
        "zkgov verify verification_key.json public2.json proof2.json\n"
        "zkgov ledger append --ledger housing.ledger --proof proof2.json --public public2.json "
        "--vk verification_key.json --circuit-id income_below --submitter 'application 2' "
        "--receipt receipt2.json\n"
        "zkgov ledger verify-receipt receipt2.json --vkey housing.pub\n", home)
    out, _ = again.communicate(timeout=300)
    assert again.returncode == 0, out
    assert "OK: entry 1 is in housing.example.gov/ledger" in out, out
