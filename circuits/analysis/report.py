"""What the analyzer reports, and how a verdict follows from it.

A :class:`Finding` has a ``severity``:

- ``error`` — some output can take two values for the same inputs (a witness pair shows it),
  or an output is in no constraint at all. Only these make the verdict fail (exit 1).
- ``unknown`` — an output the analysis could not prove unique nor show ambiguous. Reported;
  fails the verdict only with ``strict``.
- ``warning`` — a circuit with no constraint, an input that no constraint uses.
- ``note`` — an internal signal the inputs do not fix but no output depends on (IsZero's
  inverse when its input is 0), or an input declared without a type.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ERROR, UNKNOWN, WARNING, NOTE = "error", "unknown", "warning", "note"


@dataclass(frozen=True)
class Finding:
    """One line of a report: ``kind`` says what, ``signal`` names where."""

    severity: str
    kind: str
    signal: str
    message: str
    #: for an ambiguous output: the input values and the two output values shown
    evidence: dict[str, Any] | None = None

    def line(self) -> str:
        """The finding as one line of text."""
        return f"{self.severity}: {self.signal}: {self.message}"


@dataclass
class Report:
    """Everything one analysis found, with the figures that say how it went."""

    findings: list[Finding] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    def of(self, severity: str) -> list[Finding]:
        """The findings of one severity."""
        return [f for f in self.findings if f.severity == severity]

    @property
    def errors(self) -> list[Finding]:
        """Outputs shown not uniquely determined (or unconstrained)."""
        return self.of(ERROR)

    @property
    def unknowns(self) -> list[Finding]:
        """Outputs the analysis could not decide."""
        return self.of(UNKNOWN)

    def failed(self, strict: bool = False) -> bool:
        """The verdict: True when an output is not uniquely determined (or, with ``strict``,
        could not be shown to be)."""
        return bool(self.errors) or (strict and bool(self.unknowns))

    def exit_code(self, strict: bool = False) -> int:
        """0 when the verdict passes, 1 when it fails."""
        return 1 if self.failed(strict) else 0

    def lines(self, max_notes: int = 20) -> list[str]:
        """One line per finding, errors first; notes beyond ``max_notes`` summarised."""
        order = {ERROR: 0, UNKNOWN: 1, WARNING: 2, NOTE: 3}
        ranked = sorted(self.findings, key=lambda f: order[f.severity])
        notes = [f for f in ranked if f.severity == NOTE]
        out = [f.line() for f in ranked if f.severity != NOTE]
        out += [f.line() for f in notes[:max_notes]]
        if len(notes) > max_notes:
            out.append(f"note: … and {len(notes) - max_notes} more internal signals")
        return out

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "verdict": "fail" if self.failed() else "pass",
            "findings": [asdict(f) for f in self.findings],
            "stats": self.stats,
        }
