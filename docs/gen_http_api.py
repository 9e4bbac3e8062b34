"""The HTTP API reference of ``zkgov ledger serve``, generated from its OpenAPI document.

An MkDocs hook (``hooks:`` in ``mkdocs.yml``): :func:`on_files` adds ``http-api.md``, built
from :func:`ledger.service.openapi.openapi_document` — the same document the server serves
at ``/openapi.json`` — so the page cannot drift from the service. ``python
docs/gen_http_api.py`` prints the page.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAGE = "http-api.md"


def _schema_text(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "oneOf" in schema:
        return " or ".join(_schema_text(s) for s in schema["oneOf"])
    if schema.get("type") == "array" and "items" in schema:
        return f"array of {_schema_text(schema['items'])}"
    return schema.get("type", "object")


def build_page() -> str:
    """The Markdown page."""
    sys.path.insert(0, str(ROOT))
    from ledger.service.openapi import openapi_document

    doc = openapi_document()
    lines = [
        "# HTTP API (ledger serve)",
        "",
        "<!-- generated from ledger/service/openapi.py by docs/gen_http_api.py -->",
        "",
        doc["info"]["description"],
        "",
        "The server serves this document itself at `GET /openapi.json` (OpenAPI "
        f"{doc['openapi']}). Errors are JSON objects `{{\"error\": \"…\"}}`. See the "
        "[deployment guide](ledger-service.md) for running it.",
        "",
    ]
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            lines += [f"## `{method.upper()} {path}`", "", op["summary"] + ".", ""]
            params = op.get("parameters", [])
            if params:
                lines += ["| parameter | in | required | type | |", "|---|---|---|---|---|"]
                for p in params:
                    lines.append(f"| `{p['name']}` | {p['in']} | "
                                 f"{'yes' if p.get('required') else 'no'} | "
                                 f"{_schema_text(p['schema'])} | {p.get('description', '')} |")
                lines.append("")
            body = op.get("requestBody")
            if body:
                (media, content), = body["content"].items()
                lines += [f"Request body (`{media}`): {_schema_text(content['schema'])}.", ""]
            lines += ["| status | meaning | body |", "|---|---|---|"]
            for status, resp in op["responses"].items():
                content = resp.get("content", {})
                kind = ", ".join(f"`{m}` {_schema_text(c.get('schema', {}))}"
                                 for m, c in content.items()) or "—"
                lines.append(f"| {status} | {resp['description']} | {kind} |")
            lines.append("")
    lines += ["## Schemas", ""]
    for name, schema in doc["components"]["schemas"].items():
        lines += [f"### {name}", "", "```json", json.dumps(schema, indent=2), "```", ""]
    return "\n".join(lines)


def on_files(files, config):  # MkDocs hook: add the generated page to the build.
    from mkdocs.structure.files import File

    files.append(File.generated(config, PAGE, content=build_page()))
    return files


if __name__ == "__main__":
    print(build_page())
