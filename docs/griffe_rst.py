"""A Griffe extension that lets the API pages render docstrings written with Sphinx habits.

zkgov's docstrings use reStructuredText idioms — roles such as ``:func:`~zk.groth16.prove```
and ``::`` before a literal block — while the site renders docstrings as Markdown. Without this
extension a reader sees ``:func:`` and ``::`` as literal text. It rewrites, in every docstring:

* a role ``:kind:`target``` (or ``:kind:`~target``` or ``:kind:`text <target>```) into inline
  code showing the target (its last part with ``~``, the text when one is given);
* a line ending in ``::`` that introduces an indented block into one ending in ``:``
  (a line that is only ``::`` disappears), so the block renders as code.

Loaded by mkdocstrings (``extensions:`` in ``mkdocs.yml``); the source files are not changed.
"""

from __future__ import annotations

import re
from typing import Any

from griffe import Extension, Object

_ROLE = re.compile(r":(?:py:)?[a-z]+:`(?P<tilde>~?)(?P<body>[^`]+)`")
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^>]+)>$")


def _role_to_code(match: re.Match[str]) -> str:
    body = match["body"].strip()
    explicit = _EXPLICIT.match(body)
    if explicit:
        return f"`{explicit['text']}`"
    if match["tilde"]:
        body = body.split(".")[-1]
    return f"`{body}`"


def _literal_block_markers(text: str) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not line.rstrip().endswith("::"):
            continue
        following = next((nxt for nxt in lines[i + 1:] if nxt.strip()), "")
        indent = len(line) - len(line.lstrip())
        if len(following) - len(following.lstrip()) <= indent:
            continue
        stripped = line.rstrip()
        if stripped.strip() == "::":
            lines[i] = ""
        else:
            lines[i] = stripped[:-2].rstrip() + ":"
    return "\n".join(lines)


def convert(text: str) -> str:
    """The Markdown rendering of a docstring written with reStructuredText roles."""
    return _literal_block_markers(_ROLE.sub(_role_to_code, text))


class RstToMarkdown(Extension):
    """Rewrites each docstring after Griffe has loaded the object (packages, whose loading
    ends with their own event, included); :func:`convert` is idempotent."""

    @staticmethod
    def _rewrite(obj: Object) -> None:
        if obj.docstring is not None:
            obj.docstring.value = convert(obj.docstring.value)

    def on_object(self, *, obj: Object, **kwargs: Any) -> None:
        self._rewrite(obj)

    def on_package(self, *, pkg: Object, **kwargs: Any) -> None:
        self._rewrite(pkg)
