"""The CLI reference page, generated from the ``zkgov`` argparse parser so that it cannot drift.

Used two ways:

* as an MkDocs hook (``hooks:`` in ``mkdocs.yml``): :func:`on_files` adds ``cli.md`` to the
  site at build time, rendered from :func:`zkgov.main.build_parser`;
* as a script: ``python docs/gen_cli.py`` prints the same Markdown.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PAGE = "cli.md"
_USAGE_WIDTH = 78  # what fits a code block of the site without scrolling

_INTRO = """\
# CLI reference

This page is generated from the `zkgov` command's own argument parser each time the site is
built, so it always matches the installed command. `zkgov COMMAND --help` prints the same.

**Exit codes**, the same for every command:

| code | meaning |
|---:|---|
| 0 | success (a verification said *valid*) |
| 1 | a verification said *no* (invalid proof, failed audit, witness that breaks a constraint) |
| 2 | bad input: one line on standard error that says what to fix; no output file is written |

**Common options**: `--json` prints one JSON object for machines instead of the human text;
`--quiet` (`-q`) silences progress bars and chatter. Progress bars appear only on a terminal.

**Environment**: `ZKGOV_BACKEND=native|reference` picks the curve arithmetic (default: the
native C core when it is built); `ZKGOV_THREADS` sets how many cores the native core uses.
"""


@dataclass
class Command:
    """One parser in the tree: its full name (``zkgov ledger append``), help and parser."""

    path: tuple[str, ...]
    help: str
    parser: argparse.ArgumentParser

    @property
    def name(self) -> str:
        return " ".join(self.path)

    @property
    def depth(self) -> int:
        return len(self.path) - 1


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def walk(parser: argparse.ArgumentParser, path: tuple[str, ...] = ("zkgov",)) -> Iterator[Command]:
    """Every sub-command below ``parser``, depth first, in registration order."""
    sub = _subparsers(parser)
    if sub is None:
        return
    helps = {choice.dest: choice.help or "" for choice in sub._choices_actions}
    for name, child in sub.choices.items():
        command = Command((*path, name), helps.get(name, ""), child)
        yield command
        yield from walk(child, command.path)


def _usage(parser: argparse.ArgumentParser) -> str:
    formatter = argparse.HelpFormatter(parser.prog, width=_USAGE_WIDTH)
    formatter.add_usage(parser.usage, parser._actions, parser._mutually_exclusive_groups)
    return formatter.format_help().strip()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def _argument_name(action: argparse.Action) -> str:
    if action.option_strings:
        names = ", ".join(f"`{s}`" for s in action.option_strings)
        if action.nargs != 0:
            metavar = action.metavar or action.dest.upper()
            names += f" `{metavar}`"
        return names
    return f"`{action.metavar or action.dest}`"


def _argument_notes(action: argparse.Action) -> str:
    help_text = action.help or ""
    if "%(" in help_text:
        help_text = help_text % {**vars(action), "prog": ""}
    notes = [help_text] if help_text else []
    if action.choices and not isinstance(action, argparse._SubParsersAction):
        notes.append("one of " + ", ".join(f"`{c}`" for c in action.choices))
    if isinstance(action, argparse._AppendAction) and "repeat" not in help_text:
        notes.append("repeatable")
    if action.option_strings and action.required:
        notes.append("**required**")
    if not action.option_strings and action.nargs == "?":
        notes.append(f"optional, default `{action.default}`")
    elif (
        action.option_strings
        and action.default not in (None, False, [], argparse.SUPPRESS)
        and "default" not in help_text
    ):
        notes.append(f"default `{action.default}`")
    return _cell("; ".join(notes))


def _arguments_table(parser: argparse.ArgumentParser) -> list[str]:
    rows = []
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        rows.append(f"| {_argument_name(action)} | {_argument_notes(action)} |")
    if not rows:
        return []
    return ["| argument | meaning |", "|---|---|", *rows, ""]


def _subcommand_table(commands: list[Command]) -> list[str]:
    rows = [f"| [`{c.name}`](#{anchor(c)}) | {_cell(c.help)} |" for c in commands]
    return ["| command | what it does |", "|---|---|", *rows, ""]


def anchor(command: Command) -> str:
    """The heading id of a command's section (stable, used in links from other pages)."""
    return "-".join(command.path)


def _section(command: Command, children: list[Command]) -> list[str]:
    level = "#" * min(2 + command.depth - 1, 4)
    lines = [f"{level} `{command.name}` {{#{anchor(command)}}}", ""]
    description = command.parser.description or command.help
    if description:
        lines += [description.strip(), ""]
    lines += ["```text", _usage(command.parser), "```", ""]
    lines += _arguments_table(command.parser)
    if command.parser.epilog:
        lines += ["```text", command.parser.epilog.strip("\n"), "```", ""]
    if children:
        lines += _subcommand_table(children)
    return lines


def render(parser: argparse.ArgumentParser) -> str:
    """The whole CLI reference page as Markdown."""
    commands = list(walk(parser))
    top = [c for c in commands if c.depth == 1]
    lines = [_INTRO, "## Commands", "", *_subcommand_table(top)]
    for command in commands:
        children = [c for c in commands if c.path[:-1] == command.path]
        lines += _section(command, children)
    return "\n".join(lines).rstrip() + "\n"


def build_page() -> str:
    """Render the reference for the ``zkgov`` command of this checkout."""
    root = Path(__file__).resolve().parent.parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from zkgov.main import build_parser

    return render(build_parser())


def on_files(files, config):  # MkDocs hook: add the generated page to the build.
    from mkdocs.structure.files import File

    files.append(File.generated(config, PAGE, content=build_page()))
    return files


if __name__ == "__main__":
    sys.stdout.write(build_page())
