"""Bytecode for zkgov's packages before start-up is timed.

``pip install .`` compiles every module; an editable install does not, and with
``PYTHONDONTWRITEBYTECODE`` set nothing is ever cached, so each process would compile the
modules it imports (tens of milliseconds in a 0.1–0.3 s proof). Benchmarks that time whole
processes call :func:`compile_packages` first, so they measure what an installed user runs.
"""

from __future__ import annotations

import compileall
import importlib.util

PACKAGES = ("zk", "zkgov", "circuits", "mpc", "ledger")


def compile_packages() -> None:
    """Write the ``__pycache__`` files of zkgov's packages (a no-op where they are current)."""
    for name in PACKAGES:
        spec = importlib.util.find_spec(name)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            compileall.compile_dir(folder, quiet=1)
