"""Every page's code runs as written: Python blocks, files with a title, ``$ zkgov …`` lines.

One test per page that has something to run (see ``docs_blocks`` for the rules), each in its
own scratch folder, so a tutorial that breaks fails the suite. A page that needs the npm peers
says so with ``<!-- docs-test: needs node -->``: it runs with their commands (``snarkjs``,
``circom2``, ``solcjs``) on the PATH, and is skipped, with the reason, without them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docs_blocks import iter_blocks, run_page

from tests.conftest import NODE_MODULES, node_tool

DOCS = Path(__file__).resolve().parent.parent.parent / "docs"
NEEDS_NODE = "<!-- docs-test: needs node -->"


def runnable_pages() -> list[Path]:
    pages = []
    for path in sorted(DOCS.rglob("*.md")):
        if any(b.action != "show" for b in iter_blocks(path.read_text(encoding="utf-8"))):
            pages.append(path)
    return pages


def test_the_tutorials_and_get_started_have_code_to_run():
    names = {p.relative_to(DOCS).as_posix() for p in runnable_pages()}
    expected = {"get-started.md"} | {
        p.relative_to(DOCS).as_posix()
        for p in (DOCS / "tutorials").glob("*.md")
        if p.name != "index.md"
    }
    assert expected <= names, f"pages without runnable code: {sorted(expected - names)}"


@pytest.mark.timeout(600)
@pytest.mark.parametrize(
    "page", runnable_pages(), ids=lambda p: p.relative_to(DOCS).as_posix()
)
def test_page_runs_as_written(page: Path, tmp_path: Path, bin_dir: Path):
    text = page.read_text(encoding="utf-8")
    extra_path = []
    if NEEDS_NODE in text:
        for package in ("snarkjs", "circom2", "solc"):
            node_tool(package)
        extra_path.append(NODE_MODULES / ".bin")
    log = run_page(page, tmp_path, bin_dir, extra_path)
    assert log, f"{page.name}: nothing ran"
