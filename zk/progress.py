"""How long-running library steps report progress to whoever shows it.

A step calls ``progress(stage)`` when it starts a new stage, and may add ``done`` and
``total`` (in any unit that grows linearly with time) so that a front end can show a
percentage, a rate and an estimated time left. Library code never prints: the ``zkgov``
command renders these calls as a progress bar on a terminal or as one plain line per stage
otherwise, and Python callers may pass any function of the same shape.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """``progress(stage, done=None, total=None)``: a new stage, or how far the current one is."""

    def __call__(self, stage: str, done: int | None = None, total: int | None = None) -> None:
        """Report ``stage``; with ``done``/``total`` when the amount of work is known."""


def silent(stage: str, done: int | None = None, total: int | None = None) -> None:
    """The progress callback that shows nothing (the default of every library step)."""


__all__ = ["Progress", "silent"]
