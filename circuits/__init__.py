"""Write a statement once as ordinary Python; compile it to an R1CS and compute its witness.

```python
from circuits import Circuit, public, private

class IncomeBelow(Circuit):
    threshold = public()
    income = private()

    def define(self, c):
        c.assert_less_than(self.income, self.threshold, bits=64)

compiled = IncomeBelow.compile()
witness = compiled.witness({"threshold": 30000, "income": 21500})
```
"""

from circuits.builder import Builder
from circuits.circuit import (
    Circuit,
    CompiledCircuit,
    InputSpec,
    compile_circuit,
    output,
    private,
    public,
    solve_circuit,
)
from circuits.loader import load_circuit, make_circuit
from circuits.signal import Signal

__all__ = [
    "Builder",
    "Circuit",
    "CompiledCircuit",
    "InputSpec",
    "Signal",
    "compile_circuit",
    "load_circuit",
    "make_circuit",
    "output",
    "private",
    "public",
    "solve_circuit",
]
