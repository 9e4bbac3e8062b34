"""Under-constrained circuits: are the outputs uniquely determined by the inputs?

```python
from circuits.analysis import analyze_circom, analyze_circuit

report = analyze_circom("c.r1cs", "c.sym")      # or analyze_circuit(MyCircuit)
for line in report.lines():
    print(line)
exit(report.exit_code(strict=False))
```

The verdict is about outputs (as Picus judges): it fails only when some output can take two
values for the same inputs, shown by two witnesses that satisfy the R1CS. A free internal
helper that no output depends on is a note; an output the analysis cannot decide is
"unknown" (a failure only with ``strict``). See ``docs/sound-circuits.md``.
"""

from circuits.analysis.analyze import analyze_r1cs
from circuits.analysis.circom import CircomCircuit, analyze_circom, load_circom, read_sym
from circuits.analysis.circuit import analyze_circuit
from circuits.analysis.report import Finding, Report
from circuits.analysis.search import SearchResult, find_assignment
from circuits.analysis.structure import structural_findings
from circuits.errors import AnalysisError

__all__ = [
    "AnalysisError",
    "CircomCircuit",
    "Finding",
    "Report",
    "SearchResult",
    "analyze_circom",
    "analyze_circuit",
    "analyze_r1cs",
    "find_assignment",
    "load_circom",
    "read_sym",
    "structural_findings",
]
