"""circom's files as the analyzer reads them: the ``.r1cs`` and its ``.sym``.

The ``.sym`` has one line ``label,wire,component,name`` per signal (wire −1 where the
optimiser removed it). Labels 1 … n_out + n_in are the main component's outputs and inputs
in wire order, so with the header's counts it says which wires really are inputs — circom
--O2 may drop an input wire and shift the others while the header still counts it.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from circuits.errors import AnalysisError
from zk.formats.binfile import read_binfile
from zk.formats.r1cs import read_r1cs
from zk.r1cs import R1CS

_COUNTS = struct.Struct("<IIIIQI")  # nWires, nPubOut, nPubIn, nPrvIn, nLabels, nConstraints


@dataclass
class CircomCircuit:
    """An R1CS with its wire names and input wires."""

    r1cs: R1CS
    names: list[str | None]
    inputs: list[int]


@dataclass(frozen=True)
class Symbol:
    """One line of a ``.sym`` file."""

    label: int
    wire: int
    component: int
    name: str


def read_symbols(path: str | Path) -> list[Symbol]:
    """Every line of a ``.sym`` file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AnalysisError(f"cannot read symbol file {path}: {exc}") from exc
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split(",", 3)
        try:
            out.append(Symbol(int(parts[0]), int(parts[1]), int(parts[2]), parts[3].strip()))
        except (IndexError, ValueError) as exc:
            raise AnalysisError(f"{path}:{number}: not a .sym line: {line[:60]!r}") from exc
    return out


def read_sym(path: str | Path, n_wires: int | None = None) -> list[str | None]:
    """Wire index → the first name circom gives it (``None`` where it gives none)."""
    return _names(read_symbols(path), n_wires, path)


def _names(symbols: list[Symbol], n_wires: int | None, path: str | Path) -> list[str | None]:
    names: dict[int, str] = {}
    for s in symbols:
        if s.wire >= 0 and s.wire not in names:
            names[s.wire] = s.name
    size = max(names, default=0) + 1 if n_wires is None else n_wires
    if names and max(names) >= size:
        raise AnalysisError(
            f"{path} names wire {max(names)} but the circuit has {size} wires: "
            "is it the .sym of another circuit?"
        )
    out: list[str | None] = [None] * size
    for w, name in names.items():
        out[w] = name
    if size:
        out[0] = "one"
    return out


def _header_counts(data: bytes) -> tuple[int, int, int, int]:
    container = read_binfile(data, "r1cs", 1)
    body = bytes(container.section(1, "header"))
    n_wires, n_out, n_pub, n_prv, _, _ = _COUNTS.unpack_from(body, 4 + 32)
    return n_wires, n_out, n_pub, n_prv


def load_circom(r1cs_path: str | Path, sym_path: str | Path | None = None) -> CircomCircuit:
    """Read a ``.r1cs`` (and its ``.sym`` when given) for analysis."""
    try:
        data = Path(r1cs_path).read_bytes()
    except OSError as exc:
        raise AnalysisError(f"cannot read {r1cs_path}: {exc}") from exc
    r1cs = read_r1cs(data, clamp_counts=True)
    first = 1 + r1cs.n_public_outputs
    inputs = list(range(first, first + r1cs.n_public_inputs + r1cs.n_private_inputs))
    if sym_path is None:
        return CircomCircuit(r1cs, [None] * r1cs.n_wires, inputs)
    symbols = read_symbols(sym_path)
    _, n_out, n_pub, n_prv = _header_counts(data)
    by_label = {s.label: s.wire for s in symbols}
    declared = range(n_out + 1, n_out + n_pub + n_prv + 1)
    inputs = sorted(by_label[lab] for lab in declared if by_label.get(lab, -1) >= 0)
    return CircomCircuit(r1cs, _names(symbols, r1cs.n_wires, sym_path), inputs)


def analyze_circom(r1cs_path: str | Path, sym_path: str | Path | None = None, **options):
    """Analyze a circom ``.r1cs`` (names and input wires from the ``.sym`` when given);
    ``options`` go to :func:`~circuits.analysis.analyze_r1cs`."""
    from circuits.analysis.analyze import analyze_r1cs

    c = load_circom(r1cs_path, sym_path)
    return analyze_r1cs(c.r1cs, c.names, inputs=c.inputs, **options)
