"""What every chapter of the demo shares: the console, running ``zkgov``, failing loudly."""

from __future__ import annotations

import json
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[2]
ZKGOV = [sys.executable, "-m", "zkgov.main"]
console = Console(highlight=False)


class DemoFailure(RuntimeError):
    """A step of the demo did not do what it should."""


def zkgov(step: str, *args: str, cwd: Path, expect: int = 0) -> tuple[float, str]:
    """Run one ``zkgov`` command as a user would; return (seconds, stdout + stderr)."""
    started = time.perf_counter()
    result = subprocess.run([*ZKGOV, *args], cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != expect:
        raise DemoFailure(
            f"{step}: `zkgov {' '.join(args)}` exited {result.returncode} "
            f"(expected {expect}): {result.stderr.strip() or result.stdout.strip()}"
        )
    console.print(f"  [dim]$ zkgov {' '.join(args)}[/dim]   [green]{seconds:6.2f} s[/green]")
    return seconds, result.stdout + result.stderr


def zkgov_json(step: str, *args: str, cwd: Path) -> tuple[float, Any]:
    """Run a ``zkgov`` command with ``--json`` and parse what it printed."""
    seconds, out = zkgov(step, *args, "--json", cwd=cwd)
    start = out.find("{")
    if start < 0:
        raise DemoFailure(f"{step}: no JSON in the output: {out.strip()[:200]}")
    return seconds, json.JSONDecoder().raw_decode(out[start:])[0]


def check(condition: bool, what: str) -> None:
    """Stop the demo when something it shows turns out to be false."""
    if not condition:
        raise DemoFailure(what)


def say(text: str) -> None:
    console.print(f"  {text}")


def facts(title: str, rows: list[tuple[str, object]]) -> None:
    """A two-column table of what a chapter established."""
    table = Table(title=title, show_header=False, title_justify="left")
    for key, value in rows:
        table.add_row(key, str(value))
    console.print(table)


def free_port_block(count: int) -> int:
    """A base port with ``count`` consecutive free ports on loopback."""
    for _ in range(50):
        base = 20_000 + secrets.randbelow(30_000)
        sockets = []
        try:
            for port in range(base, base + count):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise DemoFailure("no free block of loopback ports for the MPC parties")
