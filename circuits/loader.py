"""Find a circuit class from a reference given on the command line.

A reference is a Python file (``examples/income_below.py``), optionally with a class name
(``examples/gov.py:AgeAtLeast``), or a module path (``circuits.gov.credential:AgeAtLeast``).
Without a class name, the file or module must define exactly one :class:`Circuit` subclass.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from circuits.circuit import Circuit
from circuits.errors import CircuitError
from circuits.user_code import circuit_files, describe, user_code
from zk.errors import ZkError


def load_circuit(ref: str) -> type[Circuit]:
    """Return the circuit class that ``ref`` names (see the module docstring)."""
    target, _, class_name = ref.partition(":")
    if target.endswith(".py") or Path(target).is_file():
        module = _load_file(Path(target))
    else:
        module = _import_module(target, ref)
    candidates = {
        name: obj
        for name, obj in vars(module).items()
        if inspect.isclass(obj)
        and issubclass(obj, Circuit)
        and obj is not Circuit
        and obj.__module__ == module.__name__
    }
    if class_name:
        if class_name not in candidates:
            raise CircuitError(
                f"{target} defines no circuit class {class_name!r} "
                f"(found: {', '.join(sorted(candidates)) or 'none'})"
            )
        return candidates[class_name]
    if len(candidates) != 1:
        found = ", ".join(sorted(candidates)) or "none"
        raise CircuitError(
            f"{target} must define exactly one Circuit subclass (found: {found}); "
            f"name one as {target}:ClassName"
        )
    return next(iter(candidates.values()))


def _import_module(target: str, ref: str):
    try:
        spec = importlib.util.find_spec(target)
    except (ImportError, ValueError) as exc:
        raise CircuitError(f"cannot find circuit {ref!r}: {exc}") from exc
    if spec is None:
        raise CircuitError(f"cannot find circuit {ref!r}: no module named {target!r}")
    with user_code([spec.origin] if spec.origin else []):
        return importlib.import_module(target)


def _load_file(path: Path):
    if not path.is_file():
        raise CircuitError(f"circuit file not found: {path}")
    name = f"zkgov_circuit_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise CircuitError(f"cannot load circuit file {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        with user_code([str(path)]):
            spec.loader.exec_module(module)
    except ZkError:
        sys.modules.pop(name, None)
        raise
    except (Exception, SystemExit) as exc:  # not from a line of the file: it is no Python
        sys.modules.pop(name, None)
        raise CircuitError(f"{path}: cannot load as a Python circuit: {describe(exc)}") from exc
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def make_circuit(cls: type[Circuit], params: Mapping[str, Any]) -> Circuit:
    """``cls(**params)``, with a :class:`CircuitError` for parameters the class does not take
    and for any error its constructor raises (reported at the author's line)."""
    try:
        with user_code(circuit_files(cls)):
            return cls(**params)
    except TypeError as exc:
        raise CircuitError(f"bad circuit parameters for {cls.__name__}: {describe(exc)}") from exc
