"""The analyzer on a Python circuit: compile it, analyze its R1CS with its wire names, sample
input values within each input's declared type, and add the compiler's own notes."""

from __future__ import annotations

from typing import Any

from circuits.analysis.analyze import analyze_r1cs
from circuits.analysis.report import Report
from circuits.circuit import OUTPUT, Circuit, CompiledCircuit, compile_circuit


def analyze_circuit(
    circuit: type[Circuit] | Circuit | CompiledCircuit, **options: Any
) -> Report:
    """Analyze a circuit class (compiled with its default parameters), instance or compiled
    circuit; ``options`` go to :func:`analyze_r1cs`."""
    if isinstance(circuit, type):
        circuit = circuit()
    compiled = circuit if isinstance(circuit, CompiledCircuit) else compile_circuit(circuit)
    ranges: dict[int, tuple[int, int]] = {}
    wire = 1 + sum(s.size for s in compiled.specs if s.kind == OUTPUT)
    for spec in compiled.specs:
        if spec.kind == OUTPUT:
            continue
        t = spec.input_type
        for _ in range(spec.size):
            ranges[wire] = (0, 1) if t.name == "bool" else (max(t.lo, 0), t.hi)
            wire += 1
    report = analyze_r1cs(compiled.r1cs, compiled.wire_names, input_ranges=ranges, **options)
    known = {(f.kind, f.signal) for f in report.findings}
    for finding in compiled.findings():
        if (finding.kind, finding.signal) not in known:
            report.findings.append(finding)
    return report
