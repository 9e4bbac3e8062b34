"""Run the code of a documentation page in order, as a reader would, in a scratch folder.

What runs, by fence:

* ```` ```python ```` — executed; all blocks of a page share one namespace.
* any fence with ``title="path"`` (e.g. ```` ```python title="income_below.py" ````) — written
  to that file instead of executed, so a later command or import can use it.
* ```` ```console ```` — each ``$ command`` line (a final ``\\`` continues it on the next line,
  which may start with the ``> `` prompt) runs in ``bash`` with
  ``zkgov`` on the PATH and must exit 0; the lines after it, when any, are its expected
  output, compared as doctest does with ``...`` matching anything and whitespace relaxed.
  Show a failing command as ``$ cmd || echo "exit code $?"``.
* everything else (``bash``, ``text``, ``mermaid``, ``json`` without a title…) is only shown.

An HTML comment ``<!-- docs-test: skip -->`` on the line before a fence skips that block.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

SKIP_MARK = "<!-- docs-test: skip -->"
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
_TITLE = re.compile(r"""title=(?:"([^"]*)"|'([^']*)'|(\S+))""")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")  # colours some peers print even when piped
_CHECKER = doctest.OutputChecker()
_OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@dataclass
class Block:
    """One fenced code block of a page."""

    language: str
    title: str | None
    code: str
    line: int  # 1-based line of the opening fence
    skipped: bool = False

    @property
    def action(self) -> str:
        if self.skipped:
            return "show"
        if self.title:
            return "write"
        if self.language in ("python", "py"):
            return "exec"
        if self.language == "console":
            return "shell"
        return "show"


@dataclass
class Command:
    """One ``$`` command of a console block with the output the page shows for it."""

    text: str
    expected: str
    line: int


def iter_blocks(markdown: str) -> Iterator[Block]:
    """Fenced blocks in page order (fences inside tabs or admonitions may be indented)."""
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match or not match["info"].strip():
            i += 1
            continue
        indent, fence, info = match["indent"], match["fence"], match["info"].strip()
        language = info.split()[0].lstrip("{.").rstrip("}")
        title_match = _TITLE.search(info)
        title = next((g for g in title_match.groups() if g), None) if title_match else None
        skipped = i > 0 and lines[i - 1].strip() == SKIP_MARK
        body: list[str] = []
        j = i + 1
        while j < len(lines) and lines[j].strip() != fence:
            body.append(lines[j][len(indent):] if lines[j].startswith(indent) else lines[j])
            j += 1
        yield Block(language, title, "\n".join(body) + "\n", i + 1, skipped)
        i = j + 1


def parse_console(block: Block) -> list[Command]:
    """Split a console block into its commands and their expected output."""
    commands: list[Command] = []
    lines = block.code.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith("$ "):
            i += 1
            continue
        start = i
        text = line[2:]
        while text.endswith("\\") and i + 1 < len(lines):
            i += 1
            continuation = lines[i]
            text += "\n" + (continuation[2:] if continuation.startswith("> ") else continuation)
        i += 1
        output = []
        while i < len(lines) and not lines[i].startswith("$ "):
            output.append(lines[i])
            i += 1
        expected = "\n".join(output).strip("\n")
        commands.append(Command(text, expected + "\n" if expected else "", block.line + 1 + start))
    return commands


class PageFailure(AssertionError):
    """A block of a page did not run as the page says."""


def shell_environment(bin_dirs: Sequence[Path]) -> dict[str, str]:
    """The environment a console block runs in: ``zkgov`` (and any other tools the page
    uses) first on the PATH, plain output."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([*map(str, bin_dirs), env.get("PATH", "")])
    env.update({"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100"})
    env.pop("FORCE_COLOR", None)
    return env


def run_command(command: Command, cwd: Path, env: dict[str, str], page: str,
                timeout: float) -> str:
    """Run one console command; raise :class:`PageFailure` on a non-zero exit or when its
    output does not match what the page shows."""
    result = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", command.text],
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        timeout=timeout,
    )
    where = f"{page}:{command.line}: $ {command.text}"
    output = _ANSI.sub("", result.stdout)
    if result.returncode != 0:
        raise PageFailure(f"{where}\nexited {result.returncode}:\n{output}")
    if command.expected and not _CHECKER.check_output(command.expected, output, _OPTIONS):
        raise PageFailure(
            f"{where}\noutput differs from the page.\n--- page:\n{command.expected}"
            f"--- actual:\n{output}"
        )
    return output


def run_page(path: Path, workdir: Path, bin_dir: Path, extra_path: Sequence[Path] = (),
             timeout: float = 300.0) -> list[str]:
    """Run every block of the page at ``path`` in ``workdir`` with ``bin_dir`` (where ``zkgov``
    lives) and ``extra_path`` first on the PATH; return a log of what ran."""
    path, workdir = path.resolve(), workdir.resolve()
    page = path.name
    namespace: dict[str, object] = {"__name__": "__docs__"}
    env = shell_environment([bin_dir, *extra_path])
    log: list[str] = []
    old_cwd = Path.cwd()
    sys.path.insert(0, str(workdir))
    modules_before = set(sys.modules)
    try:
        os.chdir(workdir)
        for block in iter_blocks(path.read_text(encoding="utf-8")):
            action = block.action
            if action == "write":
                target = workdir / block.title
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(block.code, encoding="utf-8")
            elif action == "exec":
                code = compile(block.code, f"{page}:{block.line}", "exec")
                try:
                    exec(code, namespace)
                except Exception as exc:
                    raise PageFailure(f"{page}:{block.line}: python block raised {exc!r}") from exc
            elif action == "shell":
                for command in parse_console(block):
                    run_command(command, workdir, env, page, timeout)
                    log.append(f"{page}:{command.line}: $ {shlex.quote(command.text)}")
                continue
            else:
                continue
            log.append(f"{page}:{block.line}: {action} {block.title or block.language}")
    finally:
        os.chdir(old_cwd)
        sys.path.remove(str(workdir))
        for name in set(sys.modules) - modules_before:
            module = sys.modules.get(name)
            if module is not None and str(getattr(module, "__file__", "") or "").startswith(
                str(workdir)
            ):
                del sys.modules[name]
    return log
