"""Failures in terms of the statement: which line of ``define`` does not hold, for which inputs.

In a witness run the builder keeps a :class:`Trace`: for each constraint, the first frame
outside the circuits library that made it (a line of the user's ``define`` or of a helper it
calls), and for each computed wire, the wires its value came from. When the witness breaks a
constraint, :func:`explain` walks back from that constraint to the inputs it depends on and
writes them with their declared types, so −5 reads −5 and not r − 5.
"""

from __future__ import annotations

import linecache
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from zk.errors import ConstraintError, ZkError
from zk.field import R

if TYPE_CHECKING:
    from circuits.builder import Builder
    from circuits.signal import Signal
    from circuits.types import InputType

_LIBRARY_DIR = Path(__file__).resolve().parent
_LIBRARY = {
    str(_LIBRARY_DIR / name)
    for name in ("builder.py", "comparisons.py", "signal.py", "circuit.py", "diagnostics.py")
}
_LIBRARY_PREFIXES = (str(_LIBRARY_DIR / "gadgets"), str(_LIBRARY_DIR / "crypto"))
#: At most this many inputs are listed in a message.
_MAX_INPUTS = 8


class StatementError(ConstraintError):
    """A witness breaks a constraint; the message names the line that wrote it and the inputs
    it involves (``ConstraintError``'s fields stay available)."""

    def __init__(self, base: ConstraintError, message: str) -> None:
        ZkError.__init__(self, message)
        self.index, self.label = base.index, base.label
        self.a, self.b, self.c = base.a, base.b, base.c


class Trace:
    """What a witness run remembers for its error messages."""

    def __init__(self) -> None:
        self.sites: list[tuple[str, int] | None] = []
        self.deps: dict[int, tuple[int, ...]] = {}
        #: input wire → (name as declared, kind, type)
        self.inputs: dict[int, tuple[str, str, InputType]] = {}
        self._is_library: dict[str, bool] = {}

    def record_constraint(self) -> None:
        """Remember where the constraint just added was written."""
        self.sites.append(self._call_site())

    def record_wire(self, wire: int, sources: Sequence[Signal]) -> None:
        """Remember which wires ``wire``'s value was computed from."""
        self.deps[wire] = tuple(w for s in sources for w in s.lc.terms if w)

    def _call_site(self) -> tuple[str, int] | None:
        frame = sys._getframe(2)
        while frame is not None:
            filename = frame.f_code.co_filename
            library = self._is_library.get(filename)
            if library is None:
                library = filename in _LIBRARY or filename.startswith(_LIBRARY_PREFIXES)
                self._is_library[filename] = library
            if not library:
                return filename, frame.f_lineno
            frame = frame.f_back
        return None

    def inputs_behind(self, wires: Sequence[int]) -> list[int]:
        """The input wires that ``wires`` depend on, in wire order."""
        seen: set[int] = set()
        stack = list(wires)
        while stack:
            w = stack.pop()
            if w in seen:
                continue
            seen.add(w)
            stack.extend(self.deps.get(w, ()))
        return sorted(w for w in seen if w in self.inputs)

    def describe_inputs(self, wires: Sequence[int], values: Sequence[int | None]) -> str:
        """``income = −5, threshold = 30000`` for the inputs behind ``wires``."""
        found = self.inputs_behind(wires)
        parts = []
        for w in found[:_MAX_INPUTS]:
            name, _, itype = self.inputs[w]
            value = values[w]
            parts.append(f"{name} = {'?' if value is None else show_value(value, itype)}")
        if len(found) > _MAX_INPUTS:
            parts.append(f"… ({len(found) - _MAX_INPUTS} more)")
        return ", ".join(parts)

    def site_text(self, index: int) -> str:
        """``file.py:12: c.assert_less_than(…)`` for constraint ``index``."""
        site = self.sites[index] if index < len(self.sites) else None
        return _format_site(site)

    def explain_hint(self, builder: Builder, args: Sequence[Signal]) -> str:
        """The prefix of a message about a hint that cannot be computed."""
        site = _format_site(self._call_site())
        wires = [w for s in args for w in s.lc.terms if w]
        involved = self.describe_inputs(wires, builder.values)
        return f"{site}: " + (f"for {involved}: " if involved else "")


def _format_site(site: tuple[str, int] | None) -> str:
    if site is None:
        return "(unknown line)"
    filename, line = site
    source = linecache.getline(filename, line).strip()
    where = f"{_short_path(filename)}:{line}"
    return f"{where}: {source}" if source else where


def _short_path(filename: str) -> str:
    try:
        return str(Path(filename).resolve().relative_to(Path.cwd()))
    except ValueError:
        return filename


def show_value(element: int, itype: InputType | None = None) -> str:
    """A field element as the number a person meant: the type's integer, or for raw field
    elements a small negative number when it is one."""
    if itype is not None and not itype.raw:
        return str(itype.decode(element))
    if element > R - (1 << 128):
        return str(element - R)
    return str(element)


def explain(builder: Builder, error: ConstraintError) -> StatementError:
    """Restate a broken constraint of a witness run in terms of the statement."""
    assert builder.trace is not None
    con = builder.constraints[error.index]
    wires = [w for lc in (con.a, con.b, con.c) for w in lc.terms if w]
    involved = builder.trace.describe_inputs(wires, builder.values)
    site = builder.trace.site_text(error.index)
    label = f" '{con.label}'" if con.label else ""
    message = f"{site}: does not hold" + (f" for {involved}" if involved else "")
    message += f" (constraint #{error.index}{label})"
    return StatementError(error, message)
