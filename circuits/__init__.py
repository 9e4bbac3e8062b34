"""Write a statement once as ordinary Python; compile it to an R1CS and compute its witness.

```python
from circuits import Circuit, public, private, u64

class IncomeBelow(Circuit):
    threshold = public(u64)
    income = private(u64)

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
from circuits.types import (
    InputType,
    boolean,
    field,
    i8,
    i16,
    i32,
    i64,
    i128,
    sint,
    u8,
    u16,
    u32,
    u64,
    u128,
    uint,
)

__all__ = [
    "Builder",
    "Circuit",
    "CompiledCircuit",
    "InputSpec",
    "InputType",
    "Signal",
    "boolean",
    "compile_circuit",
    "field",
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "load_circuit",
    "make_circuit",
    "output",
    "private",
    "public",
    "sint",
    "solve_circuit",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "uint",
]
