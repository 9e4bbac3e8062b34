"""The fast structural checks (what ``zkgov compile`` runs): a circuit with no constraint,
inputs that no constraint uses, outputs in no constraint, inputs declared without a type."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from circuits.analysis.report import ERROR, NOTE, WARNING, Finding
from zk.r1cs import R1CS

if TYPE_CHECKING:
    from circuits.circuit import CompiledCircuit


def wire_namer(r1cs: R1CS, names: Sequence[str | None] | None = None):
    """A function wire → readable name (from ``names``, then the R1CS's own, then a role)."""
    own = names or r1cs.wire_names or []
    n_out, n_pub = r1cs.n_public_outputs, r1cs.n_public_inputs

    def name(w: int) -> str:
        if w < len(own) and own[w]:
            return str(own[w])
        if w == 0:
            return "one"
        if w <= n_out:
            return f"output #{w - 1} (wire {w})"
        if w <= n_out + n_pub:
            return f"public input #{w - 1 - n_out} (wire {w})"
        if w <= n_out + n_pub + r1cs.n_private_inputs:
            return f"private input #{w - 1 - n_out - n_pub} (wire {w})"
        return f"wire {w}"

    return name


def used_wires(r1cs: R1CS) -> set[int]:
    """Wires that appear (with a non-zero coefficient) in some constraint."""
    used: set[int] = set()
    for con in r1cs.constraints:
        used.update(con.a.terms)
        used.update(con.b.terms)
        used.update(con.c.terms)
    return used


def structural_findings(
    r1cs: R1CS, names: Sequence[str | None] | None = None, inputs: Sequence[int] | None = None
) -> list[Finding]:
    """No constraint, unused inputs, outputs in no constraint (``inputs``: the input wires,
    by default those the header counts)."""
    name = wire_namer(r1cs, names)
    found: list[Finding] = []
    if r1cs.n_constraints == 0:
        found.append(
            Finding(WARNING, "no-constraints", "circuit", "has no constraint: it proves nothing")
        )
    used = used_wires(r1cs)
    n_out = r1cs.n_public_outputs
    for w in range(1, 1 + n_out):
        if w not in used:
            found.append(
                Finding(
                    ERROR,
                    "unconstrained-output",
                    name(w),
                    "output in no constraint: any value is accepted",
                )
            )
    first = 1 + n_out
    ins = inputs if inputs is not None else range(
        first, first + r1cs.n_public_inputs + r1cs.n_private_inputs
    )
    for w in ins:
        if w not in used:
            found.append(
                Finding(WARNING, "unused-input", name(w), "input that no constraint uses")
            )
    return found


def compile_findings(compiled: CompiledCircuit) -> list[Finding]:
    """:func:`structural_findings` of a compiled Python circuit, plus a note per input
    declared without a type."""
    found = structural_findings(compiled.r1cs)
    for spec in compiled.specs:
        if spec.kind != "output" and spec.type is None:
            found.append(
                Finding(
                    NOTE,
                    "untyped-input",
                    spec.name,
                    "declared without a type: a raw field element (any value below r); "
                    "declare a type such as u64, or field to say so",
                )
            )
    return found
