"""The site builds with ``mkdocs build --strict`` and its generated references are complete:
the CLI page names every ``zkgov`` command and the API pages hold every public function,
class and method of ``zk``, ``circuits``, ``mpc`` and ``ledger``."""

from __future__ import annotations

import html
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
DOCS = ROOT / "docs"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"zkgov_docs_{name}", DOCS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


gen_api = _load("gen_api")
gen_cli = _load("gen_cli")
griffe_rst = _load("griffe_rst")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    if importlib.util.find_spec("mkdocs") is None:
        pytest.skip("mkdocs is not installed (pip install -e '.[dev]')")
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr[-6000:]}"
    return out


def _ids(page: Path) -> set[str]:
    return {html.unescape(m) for m in re.findall(r'id="([^"]+)"', page.read_text("utf-8"))}


@pytest.mark.timeout(600)
def test_every_page_of_the_nav_is_built(site: Path):
    for page in ["index", "get-started", "concepts/index", "tutorials/index", "cli",
                 "security", "performance", "interoperability", "architecture"]:
        assert (site / f"{page}.html").is_file(), page
    assert (site / "search" / "search_index.json").is_file()


@pytest.mark.timeout(600)
def test_the_cli_reference_has_a_section_per_command(site: Path):
    from zkgov.main import build_parser

    ids = _ids(site / "cli.html")
    commands = list(gen_cli.walk(build_parser()))
    assert len(commands) > 10
    missing = [c.name for c in commands if gen_cli.anchor(c) not in ids]
    assert not missing, f"commands without a section: {missing}"


@pytest.mark.timeout(600)
@pytest.mark.parametrize("package", list(gen_api.PACKAGES))
def test_the_api_reference_shows_every_public_definition(site: Path, package: str):
    modules = gen_api.public_modules(package)
    if not modules:
        pytest.skip(f"no {package} package in this checkout")
    ids = _ids(site / "api" / f"{package}.html")
    expected = [name for m in modules for name, _ in gen_api.public_definitions(m)]
    missing = [m for m in modules if m not in ids]
    missing += [name for name in expected if name not in ids]
    assert not missing, f"not on the {package} API page: {missing}"


def test_the_cli_reference_renders_options_defaults_and_nesting():
    import argparse

    parser = argparse.ArgumentParser(prog="zkgov")
    sub = parser.add_subparsers(dest="command")
    top = sub.add_parser("ledger", help="the log")
    inner = top.add_subparsers(dest="step").add_parser("append", help="add | an entry")
    inner.add_argument("file", help="proof.json")
    inner.add_argument("--scheme", choices=("poseidon", "pedersen"), default="poseidon")
    inner.add_argument("--key", required=True, help="signing key")
    page = gen_cli.render(parser)
    assert "### `zkgov ledger append` {#zkgov-ledger-append}" in page
    assert "| [`zkgov ledger append`](#zkgov-ledger-append) | add \\| an entry |" in page
    assert "| `--scheme` `SCHEME` | one of `poseidon`, `pedersen`; default `poseidon` |" in page
    assert "| `--key` `KEY` | signing key; **required** |" in page
    assert "usage: zkgov ledger append [-h] [--scheme {poseidon,pedersen}] --key KEY file" in page


def test_api_pages_list_modules_and_link_reexports(tmp_path: Path):
    pkg = tmp_path / "demo"
    (pkg / "inner").mkdir(parents=True)
    (pkg / "__init__.py").write_text(
        '"""Demo."""\nfrom demo.core import run\n__all__ = ["run"]\n'
    )
    (pkg / "core.py").write_text(
        'def run():\n    """Run."""\n\ndef _hidden():\n    pass\n\n'
        'class Box:\n    def open(self):\n        pass\n'
    )
    (pkg / "_private.py").write_text("def secret():\n    pass\n")
    (pkg / "inner" / "mod.py").write_text("X = 1\n")  # no __init__.py: not importable
    gen_api.PACKAGES.setdefault("demo", "A demo package.")
    try:
        assert gen_api.public_modules("demo", tmp_path) == ["demo", "demo.core"]
        page = gen_api.render("demo", tmp_path)
    finally:
        del gen_api.PACKAGES["demo"]
    assert "::: demo.core" in page and "::: demo._private" not in page
    assert "Importable from `demo`: [`run`][demo.core.run]." in page
    assert list(gen_api.public_definitions("demo.core", tmp_path)) == [
        ("demo.core.run", True), ("demo.core.Box", False), ("demo.core.Box.open", False),
    ]


def test_sphinx_roles_and_literal_markers_become_markdown():
    text = (
        "Uses :func:`~zk.groth16.prove` and :class:`zk.r1cs.R1CS`, see\n"
        ":mod:`the ledger <ledger.log>`. Example::\n\n    log.audit()\n\nDone.\n"
    )
    converted = griffe_rst.convert(text)
    assert converted == (
        "Uses `prove` and `zk.r1cs.R1CS`, see\n"
        "`the ledger`. Example:\n\n    log.audit()\n\nDone.\n"
    )
    assert griffe_rst.convert(converted) == converted
    assert griffe_rst.convert("a :: b\nc::\nd\n") == "a :: b\nc::\nd\n"  # no block follows


def _browser():
    """A headless Chromium driven by Playwright (the Debian ``chromium`` package, no download),
    or a skip that says what is missing."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no chromium on this machine (make test installs Debian's `chromium`)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    return sync_api, chromium


#: Pages with Mermaid diagrams, and how many each has.
DIAGRAM_PAGES = {"index.html": 1, "architecture.html": 1, "deploying.html": 1}


@pytest.mark.timeout(600)
def test_the_site_works_offline_from_disk(site: Path):
    """Opened from file:// with every network request refused, diagrams render (as SVG, in
    Material's shadow DOM) and navigation links point at pages, not directory listings."""
    sync_api, chromium = _browser()
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            blocked: list[str] = []
            page.route("http*://**", lambda route: (blocked.append(route.request.url),
                                                    route.abort()))
            for name, count in DIAGRAM_PAGES.items():
                page.goto((site / name).as_uri())
                # Material first takes the class off the source block, then puts the drawing
                # in its place: wait for the drawings, not for the sources to go.
                page.wait_for_function(
                    f"() => document.querySelectorAll('div.mermaid').length >= {count}",
                    timeout=60000)
                heights = page.evaluate(
                    "() => Array.from(document.querySelectorAll('div.mermaid'))"
                    ".map(e => e.getBoundingClientRect().height)")
                assert len(heights) == count and all(h > 50 for h in heights), (name, heights)
                assert "flowchart" not in page.inner_text("article"), name
                hrefs = page.evaluate(
                    "() => Array.from(document.querySelectorAll('nav a[href]'))"
                    ".map(a => a.getAttribute('href'))")
                pages = [h.split("#")[0] for h in hrefs if h.split("#")[0]]
                assert pages and all(h.endswith(".html") for h in pages), hrefs
            assert blocked == []
        finally:
            browser.close()
