"""snarkjs's command-line grammar, so a build script runs with ``zkgov`` in place of
``snarkjs``.

snarkjs (``src/clprocessor.js``) takes every word that starts with ``-`` as an option —
``-v``, ``--name=Alice``, ``-e="some text"``: leading dashes dropped, the value after ``=``
(no value: a flag) — wherever it stands, and every other word as part of the command or a
positional parameter. Command words match case-insensitively, by the full name
(``powersoftau new``) or a short alias (``ptn``). zkgov adds ``--json`` and ``-q``/``--quiet``.
Where snarkjs would pick a shorter alias and then reject the parameters (``zkey verify r1cs
a b c``), the longest name wins.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from zk.errors import ZkError

#: zkgov's own output switches, accepted by every snarkjs-style command.
ZKGOV_OPTIONS = {"json": "json", "quiet": "quiet", "q": "quiet"}


class UsageError(ZkError):
    """The words do not form a snarkjs command, or the wrong number of parameters."""


# The three records below are plain classes, not dataclasses: every snarkjs-style command
# builds the table at start-up, and a dataclass costs its import (inspect, ast, ...) and an
# exec per class there.
class Param:
    """A positional parameter; ``default`` None means required, a callable derives the
    default from the earlier parameters (as snarkjs's ``changeExt``)."""

    __slots__ = ("default", "name")

    def __init__(self, name: str, default: str | Callable[[list[str]], str] | None = None
                 ) -> None:
        self.name = name
        self.default = default

    def __repr__(self) -> str:
        return f"Param({self.name!r}, {self.default!r})"


class Command:
    """One row of the table: snarkjs's words, aliases, parameters, options and the action."""

    __slots__ = ("action", "aliases", "description", "options", "params", "words")

    def __init__(self, words: tuple[str, ...], params: tuple[Param, ...],
                 action: Callable[[Call], int], aliases: tuple[tuple[str, ...], ...] = (),
                 options: dict[str, str] | None = None, description: str = "") -> None:
        self.words = words
        self.params = params
        self.action = action
        self.aliases = aliases
        self.options = {} if options is None else options
        self.description = description

    def __repr__(self) -> str:
        return f"Command({' '.join(self.words)!r})"

    @property
    def usage(self) -> str:
        """``powersoftau new <curve> <power> [powersoftau_0000.ptau]``."""
        shown = [f"<{p.name}>" if p.default is None else f"[{p.name}]" for p in self.params]
        return " ".join([*self.words, *shown])


class Call:
    """A parsed invocation: the parameters (defaults filled in) and the options."""

    __slots__ = ("command", "options", "params")

    def __init__(self, command: Command, params: list[str], options: dict[str, Any]) -> None:
        self.command = command
        self.params = params
        self.options = options

    def __repr__(self) -> str:
        return f"Call({self.command!r}, {self.params!r}, {self.options!r})"

    @property
    def json(self) -> bool:
        """``--json`` given."""
        return bool(self.options.get("json"))

    @property
    def quiet(self) -> bool:
        """``-q``/``--quiet`` given."""
        return bool(self.options.get("quiet"))

    def text(self, key: str) -> str | None:
        """An option's value as text; a bare flag (``-n`` with no ``=``) counts as absent."""
        value = self.options.get(key)
        return value if isinstance(value, str) else None


def change_ext(name: str, ext: str) -> str:
    """snarkjs's ``changeExt``: the name up to its last dot, then ``ext``."""
    stem, dot, _old = name.rpartition(".")
    return f"{stem}.{ext}" if dot else f"{name}.{ext}"


def split_words(argv: Sequence[str]) -> tuple[list[str], dict[str, Any]]:
    """(words, options) as snarkjs's command-line processor splits them."""
    words: list[str] = []
    options: dict[str, Any] = {}
    for arg in argv:
        if arg.startswith("-") and arg != "-":
            key, eq, value = arg.lstrip("-").partition("=")
            options[key] = value if eq else True
        else:
            words.append(arg)
    return words, options


def _matches(names: tuple[str, ...], words: list[str]) -> bool:
    return len(words) >= len(names) and all(
        a.lower() == b.lower() for a, b in zip(names, words, strict=False))


def find_command(table: Sequence[Command], words: list[str]) -> tuple[Command, int] | None:
    """The command whose name or alias is the longest prefix of ``words``, with its length."""
    best: tuple[Command, int] | None = None
    for cmd in table:
        for names in (cmd.words, *cmd.aliases):
            if _matches(names, words) and (best is None or len(names) > best[1]):
                best = (cmd, len(names))
    return best


def parse(table: Sequence[Command], argv: Sequence[str]) -> Call:
    """The :class:`Call` for ``argv`` (raises :class:`UsageError` naming the problem)."""
    words, raw_options = split_words(argv)
    found = find_command(table, words)
    if found is None:
        raise UsageError(f"unknown command {' '.join(words[:3])!r}")
    cmd, used = found
    given = words[used:]
    if len(given) > len(cmd.params):
        hint = (" (options take their value after '=', as in snarkjs: -n=NAME -e=TEXT)"
                if any(k in raw_options for k in ("n", "e", "name", "entropy")) else "")
        raise UsageError(f"too many parameters for `{cmd.usage}`{hint}")
    params: list[str] = []
    for i, p in enumerate(cmd.params):
        if i < len(given):
            params.append(given[i])
        elif p.default is None:
            raise UsageError(f"missing <{p.name}>: usage `{cmd.usage}`")
        else:
            params.append(p.default(params) if callable(p.default) else p.default)
    options: dict[str, Any] = {}
    for key, value in raw_options.items():
        target = ZKGOV_OPTIONS.get(key) or cmd.options.get(key)
        if target is not None:
            options[target] = value
    return Call(cmd, params, options)
