"""The receipt-checking page, in a real headless Chromium (Debian's ``chromium``, driven by
Playwright): the browser itself verifies the signed note
(WebCrypto Ed25519), the entry's hash and its inclusion (WebCrypto SHA-256), and the log's
consistency with a checkpoint the user kept — and says INVALID when any of them is forged."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import httpx
import pytest

from ledger.service.app import create_app
from tests.ledger.service_helpers import RunningServer, make_served_ledger

ORIGIN = "page.example.gov/ledger"
SCREENSHOT = os.environ.get("ZKGOV_PAGE_SCREENSHOT")  # where to save one (for the docs)


@pytest.fixture(scope="module")
def browser():
    """A page in headless Chromium driven by Playwright (Debian's ``chromium``, no
    download), or a skip that says what is missing."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no chromium on this machine (make test installs Debian's `chromium`)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1000, "height": 1100})
        yield page
        browser.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("page")
    where = str(folder / "page.sqlite")
    signer, _key = make_served_ledger(where, folder, ORIGIN)
    with RunningServer(create_app(where, signer)) as server:
        httpx.post(server.url + "/v1/commitments",
                   json=[{"commitment": str(i)} for i in range(10)], timeout=60)
        kept = httpx.get(server.url + "/checkpoint").text
        receipt = httpx.post(server.url + "/v1/commitments",
                             json={"commitment": "4242", "context": "my benefit claim"},
                             timeout=60).json()
        httpx.post(server.url + "/v1/commitments",
                   json=[{"commitment": str(i)} for i in range(7)], timeout=60)
        yield server.url, signer.verifier().vkey(), receipt, kept, where


def _check(page, url: str, receipt: dict | str, vkey: str, kept: str = "") -> dict:
    page.goto(url + "/")
    text = receipt if isinstance(receipt, str) else json.dumps(receipt, indent=1)
    page.fill("#receipt", text)
    page.fill("#vkey", vkey)
    page.fill("#kept", kept)
    page.click("#check")
    page.wait_for_function(
        "!['', 'checking…'].includes(document.getElementById('verdict').textContent)",
        timeout=30_000)
    checks = {li.get_attribute("id"): (li.get_attribute("class"), li.inner_text())
              for li in page.query_selector_all("#checks li")}
    return {"verdict": page.inner_text("#verdict"), "checks": checks}


def test_a_genuine_receipt_is_valid_in_the_browser(browser, site):
    url, vkey, receipt, kept, _where = site
    result = _check(browser, url, receipt, vkey, kept)
    assert result["verdict"].startswith("VALID"), result
    for check in ("check-key", "check-signature", "check-leaf", "check-inclusion",
                  "check-current", "check-kept"):
        assert result["checks"][check][0] == "ok", result
    if SCREENSHOT:
        Path(SCREENSHOT).parent.mkdir(parents=True, exist_ok=True)
        browser.screenshot(path=SCREENSHOT, full_page=True)


@pytest.mark.parametrize(("change", "failed"), [
    (lambda r: r.update(entry=r["entry"].replace("4242", "4243")), "check-leaf"),
    (lambda r: r.update(index=r["index"] + 1), "check-inclusion"),
    (lambda r: r["inclusion_proof"].reverse(), "check-inclusion"),
    (lambda r: r.update(checkpoint=r["checkpoint"].replace("\n11\n", "\n12\n")),
     "check-signature"),
])
def test_a_forged_receipt_is_invalid_in_the_browser(browser, site, change, failed):
    url, vkey, receipt, _kept, _where = site
    forged = json.loads(json.dumps(receipt))
    change(forged)
    result = _check(browser, url, forged, vkey)
    assert result["verdict"].startswith("INVALID"), result
    assert result["checks"][failed][0] == "fail", result


def test_another_key_is_refused_in_the_browser(browser, site):
    from ledger import NoteSigner

    url, _vkey, receipt, _kept, _where = site
    impostor = NoteSigner.generate(ORIGIN).verifier().vkey()
    result = _check(browser, url, receipt, impostor)
    assert result["verdict"].startswith("INVALID")
    assert result["checks"]["check-signature"][0] == "fail"


def test_a_kept_checkpoint_from_a_fork_is_caught_in_the_browser(browser, site):
    """A checkpoint of another history, validly signed by the same key (a fork): the page
    finds that today's log does not extend it."""
    from ledger.checkpoint import Checkpoint, sign_checkpoint
    from ledger.keys import read_signer_key

    url, vkey, receipt, kept, where = site
    signer = read_signer_key(Path(where).parent / "service.key")
    size = int(kept.splitlines()[1])
    forked = sign_checkpoint(Checkpoint(ORIGIN, size, b"\x07" * 32), signer)
    result = _check(browser, url, receipt, vkey, forked)
    assert result["verdict"].startswith("INVALID")
    assert result["checks"]["check-kept"][0] == "fail"
    assert "not consistent" in result["checks"]["check-kept"][1]
