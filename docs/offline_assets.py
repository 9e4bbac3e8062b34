"""An MkDocs hook: the site works offline and from ``file://``.

Material for MkDocs draws Mermaid diagrams with ``mermaid.min.js``, which it fetches from a
CDN unless the page has already loaded Mermaid. This hook ships the copy that ``make``
installs from npm (``.cache/npm/node_modules/mermaid``) with the site and loads it on every
page, so diagrams render without internet. Where node/npm are absent the build still
succeeds and the diagrams fall back to the CDN (said once in the build log).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

MERMAID = Path(".cache/npm/node_modules/mermaid/dist/mermaid.min.js")
SITE_PATH = "assets/javascripts/mermaid.min.js"
log = logging.getLogger("mkdocs.hooks.offline_assets")


def _mermaid(config: Any) -> Path:
    return Path(config["config_file_path"]).parent / MERMAID


def on_config(config: Any) -> Any:
    """Load the bundled Mermaid before Material's own script looks for it."""
    if _mermaid(config).is_file() and SITE_PATH not in config["extra_javascript"]:
        config["extra_javascript"].append(SITE_PATH)
    elif not _mermaid(config).is_file():
        log.info("Mermaid is not installed under .cache/npm: diagrams will load it from a CDN")
    return config


def on_files(files: Files, config: Any) -> Files:
    """Add the Mermaid script to the site's files."""
    source = _mermaid(config)
    if source.is_file():
        files.append(File.generated(config, SITE_PATH, abs_src_path=str(source)))
    return files
