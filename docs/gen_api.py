"""The API reference pages, one per package, listing every public module of the source tree.

An MkDocs hook (``hooks:`` in ``mkdocs.yml``): :func:`on_files` adds ``api/<package>.md`` for
``zk``, ``circuits``, ``mpc`` and ``ledger``; each page holds one mkdocstrings block per
module, found by walking the package folders, so a new module appears without editing
anything. ``python docs/gen_api.py`` prints the module list; ``--undocumented`` lists the
public functions, classes and methods that have no docstring yet.
"""

from __future__ import annotations

import ast
import json
import logging
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {
    "zk": "Fields, R1CS, QAP, Groth16, the file formats, ceremonies, curve backends and the CLI.",
    "circuits": "The circuit DSL, gadgets, out-of-circuit twins and ready circuits.",
    "mpc": "Shamir secret sharing, the protocols on shares, transports and the party runtime.",
    "ledger": "The transparency log: Merkle tree, storage, checkpoints, receipts and audit.",
}

_MODULE_OPTIONS = """\
    options:
      show_root_heading: true
      show_root_full_path: true
      heading_level: 2
      show_submodules: false
      members_order: source
      members: {members}
"""


def public_modules(package: str, root: Path = ROOT) -> list[str]:
    """Dotted names of the package and its modules, skipping private ones (``_name``)."""
    base = root / package
    if not (base / "__init__.py").is_file():
        return []
    names = []
    for path in sorted(base.rglob("*.py")):
        rel = path.relative_to(root).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        elif parts[-1] == "__main__":
            continue
        if any(p.startswith("_") for p in parts):
            continue
        if not _is_package_chain(root, parts[:-1] if path.name != "__init__.py" else parts):
            continue
        names.append(".".join(parts))
    return sorted(names, key=lambda n: (n.count(".") > 0, n))


def _is_package_chain(root: Path, parts: list[str]) -> bool:
    """True when every folder on the way has an ``__init__.py`` (importable as a module)."""
    return all(
        (root.joinpath(*parts[:i]) / "__init__.py").is_file() for i in range(1, len(parts) + 1)
    )


def render(package: str, root: Path = ROOT) -> str:
    """The Markdown of ``api/<package>.md``: one block per module, with only the names the
    module defines itself; names a package re-exports link to where they are defined."""
    lines = [f"# `{package}` API", "", PACKAGES[package], ""]
    modules = public_modules(package, root)
    if not modules:
        lines.append(f"The `{package}` package is not part of this checkout yet.")
        return "\n".join(lines) + "\n"
    lines += ["Modules on this page:", ""]
    lines += [f"- [`{m}`](#{m})" for m in modules]
    lines.append("")
    rendered = set(modules)
    for module in modules:
        tree = _parse(module, root)
        defined = _defined_public_names(tree)
        lines += [f"::: {module}", _MODULE_OPTIONS.format(members=json.dumps(defined))]
        links = []
        for name, source in _reexports(tree):
            target = _canonical(source, name, root)
            if target and target.rpartition(".")[0] in rendered:
                links.append(f"[`{name}`][{target}]")
            else:
                links.append(f"`{name}`")
        if links:
            lines += [f"Importable from `{module}`: " + ", ".join(links) + ".", ""]
    return "\n".join(lines)


def _module_path(module: str, root: Path) -> Path | None:
    base = root.joinpath(*module.split("."))
    for path in (base / "__init__.py", base.with_suffix(".py")):
        if path.is_file():
            return path
    return None


def _parse(module: str, root: Path) -> ast.Module:
    path = _module_path(module, root)
    return ast.parse(path.read_text(encoding="utf-8")) if path else ast.Module([], [])


def _defined_names(tree: ast.Module) -> list[str]:
    """Top-level functions, classes and assigned names, in source order."""
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names += [t.id for t in targets if isinstance(t, ast.Name)]
    return list(dict.fromkeys(names))


def _defined_public_names(tree: ast.Module) -> list[str]:
    exported = _public_all(tree)
    return [
        n for n in _defined_names(tree)
        if not n.startswith("_") and (exported is None or n in exported)
    ]


def _reexports(tree: ast.Module) -> list[tuple[str, str]]:
    """(name, source module) for each name in ``__all__`` that the module imports."""
    exported = _public_all(tree) or set()
    found = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                name = alias.asname or alias.name
                if name in exported and alias.name == name:
                    found.append((name, node.module))
    return found


def _canonical(module: str, name: str, root: Path, depth: int = 0) -> str | None:
    """Where ``name`` imported from ``module`` is really defined (following re-exports)."""
    if depth > 8 or _module_path(module, root) is None:
        return None
    tree = _parse(module, root)
    if name in _defined_names(tree):
        return f"{module}.{name}"
    for node in tree.body:
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.level == 0
            and any((a.asname or a.name) == name and a.name == name for a in node.names)
        ):
            return _canonical(node.module, name, root, depth + 1)
    return None


def _public_all(tree: ast.Module) -> set[str] | None:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            try:
                return set(ast.literal_eval(node.value))
            except ValueError:
                return None
    return None


def public_definitions(module: str, root: Path = ROOT) -> Iterator[tuple[str, bool]]:
    """(dotted name, has docstring) for each public function, class and method a module defines.

    Public means what mkdocstrings shows: no leading underscore, and listed in ``__all__``
    when the module has one.
    """
    tree = _parse(module, root)
    exported = _public_all(tree)
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    for node in tree.body:
        if not isinstance(node, kinds) or node.name.startswith("_"):
            continue
        if exported is not None and node.name not in exported:
            continue
        yield f"{module}.{node.name}", ast.get_docstring(node) is not None
        if isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, kinds) and not member.name.startswith("_"):
                    yield f"{module}.{node.name}.{member.name}", (
                        ast.get_docstring(member) is not None
                    )


def undocumented(root: Path = ROOT) -> list[str]:
    """Public names without a docstring, over all packages."""
    missing = []
    for package in PACKAGES:
        for module in public_modules(package, root):
            missing += [name for name, documented in public_definitions(module, root)
                        if not documented]
    return missing


class _IndexingIsNotALink(logging.Filter):
    """Docstrings write matrix entries as ``M[i][j]``, which Markdown reads as a reference
    link to ``j``; such a one-letter "target" in source code is indexing, never a link, so it is
    logged as information instead of failing the strict build. Real unresolved references
    (names longer than one character, or from the pages) still fail it."""

    _PATTERN = re.compile(r"from \S+\.py:\d+: .*Could not find cross-reference target '[a-z]'$")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and self._PATTERN.search(record.getMessage()):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


def on_config(config):  # MkDocs hook: runs once per build, before any page is rendered.
    autorefs = logging.getLogger("mkdocs.plugins.mkdocs_autorefs._internal.plugin")
    if not any(isinstance(f, _IndexingIsNotALink) for f in autorefs.filters):
        autorefs.addFilter(_IndexingIsNotALink())
    return config


def on_files(files, config):  # MkDocs hook: add the generated pages to the build.
    from mkdocs.structure.files import File

    for package in PACKAGES:
        files.append(File.generated(config, f"api/{package}.md", content=render(package)))
    return files


if __name__ == "__main__":
    if "--undocumented" in sys.argv:
        for name in undocumented():
            print(name)
    else:
        for pkg in PACKAGES:
            print("\n".join(public_modules(pkg)))
