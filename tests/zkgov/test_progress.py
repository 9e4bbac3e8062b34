"""Progress as a user sees it: a rich bar with stage, %, rate and ETA on a terminal, one plain
line per stage (with its time) otherwise, nothing with --quiet/--json, nothing for quick work
or a failure (so errors stay one line)."""

from __future__ import annotations

import argparse
import io

import pytest

from zkgov import common


def _args(**kw: bool) -> argparse.Namespace:
    return argparse.Namespace(quiet=kw.get("quiet", False), json=kw.get("json", False))


def _clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    monkeypatch.setenv("ZKGOV_PROGRESS", "auto")
    now = [1000.0]
    monkeypatch.setattr(common.time, "monotonic", lambda: now[0])
    return now


def test_plain_lines_per_stage_with_time_and_share(monkeypatch, capsys):
    now = _clock(monkeypatch)
    with common.progress(_args(), "prepare") as report:
        report("Lagrange basis of τ·G1", 0, 100)
        now[0] += 3.0
        report("Lagrange basis of τ·G2", 40, 100)
        now[0] += 1.5
        report.update(100)
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "prepare: Lagrange basis of τ·G1 … 3.0 s (40% of 100)",
        "prepare: Lagrange basis of τ·G2 … 1.5 s (100% of 100)",
        "prepare: done in 4.5 s",
    ]


def test_quick_work_and_failures_print_nothing(monkeypatch, capsys):
    now = _clock(monkeypatch)
    with common.progress(_args(), "proving") as report:
        report("computing H (QAP)")
        now[0] += 0.5
    assert capsys.readouterr().err == ""
    with pytest.raises(ValueError), common.progress(_args(), "proving") as report:
        report("computing H (QAP)")
        now[0] += 5.0
        raise ValueError("bad input")
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("flags", [{"quiet": True}, {"json": True}])
def test_silenced(flags, monkeypatch, capsys):
    now = _clock(monkeypatch)
    with common.progress(_args(**flags), "setup") as report:
        report("evaluating the QAP at τ")
        now[0] += 10
        report.advance(3)
    assert capsys.readouterr().err == ""


def test_terminal_bar_shows_stage_percentage_and_eta():
    from rich.console import Console

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=160)
    reporter = common._RichReporter("auditing", console=console)
    reporter("entries", 250, 1000)
    reporter._bar.refresh()
    reporter.finish()
    text = screen.getvalue()
    assert "auditing: entries" in text and "25%" in text and "250/1000" in text
    assert "ETA" in text
