"""A test harness for people who write circuits (as gnark's ``test.CheckCircuit``).

```python
from circuits.testing import check_circuit

check_circuit(
    IncomeBelow,
    good=[{"threshold": 30000, "income": 21500}],
    bad=[{"threshold": 30000, "income": 30000}, {"threshold": 30000, "income": -5}],
)
```

For every *good* assignment it computes the witness, checks it against the R1CS, and proves
and verifies it with a development key. For every *bad* one it checks that the witness
generator refuses it **and** searches the R1CS itself for a satisfying assignment with those
inputs (what a cheating prover would do: propagation, then an SMT solver, see
:mod:`circuits.analysis.search`); an assignment found is a soundness bug, reported with it.
A bad value outside its input's type is still searched for, as the field element a cheater
would put there (−5 as r − 5). Last, the analyzer checks that every output is uniquely
determined by the inputs. Any failure raises :class:`CircuitCheckError`.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from circuits.analysis import Report, analyze_circuit, find_assignment
from circuits.circuit import OUTPUT, Circuit, CompiledCircuit, compile_circuit
from circuits.errors import InputError
from zk.errors import ConstraintError
from zk.field import R

__all__ = ["CheckReport", "CircuitCheckError", "check_circuit"]


class CircuitCheckError(AssertionError):
    """A circuit does not behave as its good and bad assignments say."""


@dataclass
class CheckReport:
    """What :func:`check_circuit` did."""

    compiled: CompiledCircuit
    proved: int = 0
    refused: int = 0
    analysis: Report | None = None
    notes: list[str] = field(default_factory=list)


def check_circuit(
    circuit: type[Circuit] | Circuit | CompiledCircuit,
    good: Sequence[Mapping[str, Any]] = (),
    bad: Sequence[Mapping[str, Any]] = (),
    *,
    prove: bool = True,
    analyze: bool = True,
    timeout_ms: int = 5000,
    budget_s: float = 30.0,
) -> CheckReport:
    """Check ``circuit`` on good and bad assignments (see the module docstring).

    An assignment maps input names to values; a bad one may also claim output values (its
    outputs are then fixed in the search too). ``prove=False`` skips the Groth16 round trip,
    ``analyze=False`` the analyzer; ``timeout_ms`` and ``budget_s`` bound the solver.
    A search that cannot decide within its budget fails the check as well.
    """
    compiled = _compiled(circuit)
    report = CheckReport(compiled)
    key = None
    for assignment in good:
        witness = _good_witness(compiled, assignment)
        if prove:
            key = key or _development_key(compiled)
            _prove_and_verify(key, witness, assignment)
            report.proved += 1
    for assignment in bad:
        _refused_by_generator(compiled, assignment)
        result = find_assignment(
            compiled.r1cs,
            _fixed_wires(compiled, assignment),
            timeout_ms=timeout_ms,
            budget_s=budget_s,
        )
        if result.status == "found":
            raise CircuitCheckError(
                f"bad assignment {dict(assignment)} satisfies the R1CS: a cheating prover "
                f"can prove it (e.g. with wire values {_sample(compiled, result.witness)})"
            )
        if result.status == "unknown":
            raise CircuitCheckError(
                f"could not decide in time whether bad assignment {dict(assignment)} "
                "satisfies the R1CS (raise budget_s / timeout_ms)"
            )
        report.refused += 1
    if analyze:
        report.analysis = analyze_circuit(compiled, timeout_ms=timeout_ms, budget_s=budget_s)
        if report.analysis.errors:
            raise CircuitCheckError(
                "outputs not uniquely determined by the inputs:\n"
                + "\n".join(f.line() for f in report.analysis.errors)
            )
        report.notes = [f.line() for f in report.analysis.findings if f.severity != "error"]
    return report


def _compiled(circuit: type[Circuit] | Circuit | CompiledCircuit) -> CompiledCircuit:
    if isinstance(circuit, CompiledCircuit):
        return circuit
    return compile_circuit(circuit() if isinstance(circuit, type) else circuit)


def _good_witness(compiled: CompiledCircuit, assignment: Mapping[str, Any]) -> list[int]:
    inputs = {k: v for k, v in assignment.items() if k not in compiled.output_names}
    try:
        witness = compiled.witness(inputs)
    except (InputError, ConstraintError) as exc:
        raise CircuitCheckError(f"good assignment {dict(assignment)} is refused: {exc}") from exc
    public = dict(zip(compiled.public_names(), compiled.r1cs.public_wires(), strict=True))
    for name in compiled.output_names:
        if name in assignment:
            got = _public_values(compiled, witness, public, name)
            claimed = assignment[name]
            claimed = claimed if isinstance(claimed, list) else [claimed]
            if [int(x) % R for x in claimed] != got:
                raise CircuitCheckError(f"output {name} is {got}, the assignment says {claimed}")
    return witness


def _public_values(compiled, witness, public, name) -> list[int]:
    return [witness[w] for n, w in public.items() if n == name or n.startswith(f"{name}[")]


def _development_key(compiled: CompiledCircuit):
    from zk import groth16

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", groth16.DevelopmentSetupWarning)
        return groth16.setup(compiled.r1cs)


def _prove_and_verify(key, witness: list[int], assignment: Mapping[str, Any]) -> None:
    from zk import groth16

    proof, public = groth16.prove(key, witness)
    vk = key.verifying_key()
    if not groth16.verify(vk, public, proof):
        raise CircuitCheckError(f"the proof of good assignment {dict(assignment)} does not verify")
    if public and groth16.verify(vk, [(public[0] + 1) % R, *public[1:]], proof):
        raise CircuitCheckError("a proof verifies with a changed public value")


def _refused_by_generator(compiled: CompiledCircuit, assignment: Mapping[str, Any]) -> None:
    inputs = {k: v for k, v in assignment.items() if k not in compiled.output_names}
    try:
        witness = compiled.witness(inputs)
    except (InputError, ConstraintError):
        return
    public = dict(zip(compiled.public_names(), compiled.r1cs.public_wires(), strict=True))
    for name in compiled.output_names:
        if name in assignment:
            claimed = assignment[name] if isinstance(assignment[name], list) else [assignment[name]]
            if [int(x) % R for x in claimed] != _public_values(compiled, witness, public, name):
                return  # the claimed output is not the one computed: refused
    raise CircuitCheckError(
        f"bad assignment {dict(assignment)} is accepted by the witness generator"
    )


def _fixed_wires(compiled: CompiledCircuit, assignment: Mapping[str, Any]) -> dict[int, int]:
    """Wire → field element for every input (and claimed output) of the assignment, values
    taken as a cheating prover would write them (negative numbers mod r)."""
    fixed: dict[int, int] = {}
    wire = 1
    for spec in compiled.specs:  # outputs, public inputs, private inputs: circom's order
        raw = assignment.get(spec.name)
        values = raw if isinstance(raw, list) else [raw] * spec.size
        if raw is None and spec.kind != OUTPUT:
            raise CircuitCheckError(f"assignment {dict(assignment)} lacks input {spec.name!r}")
        for i in range(spec.size):
            if raw is not None:
                fixed[wire] = _as_int(values[i], spec.name) % R
            wire += 1
    return fixed


def _as_int(value: Any, name: str) -> int:
    try:
        return int(value, 0) if isinstance(value, str) else int(value)
    except (TypeError, ValueError) as exc:
        raise CircuitCheckError(f"{name}: {value!r} is not an integer") from exc


def _sample(compiled: CompiledCircuit, witness: list[int] | None) -> str:
    if witness is None:
        return "?"
    names = compiled.wire_names
    shown = [
        f"{names[w]}={witness[w]}"
        for w in range(1, min(len(witness), len(names)))
        if not names[w].startswith("input ")  # the range checks' bits
    ]
    return ", ".join(shown[:8]) + (", …" if len(shown) > 8 else "")
