"""``snarkjs r1cs info | print | export json``: a circom ``.r1cs`` described as snarkjs does.

:func:`r1cs_info` gives the lines ``r1cs info`` logs, :func:`r1cs_print` one line per
constraint with the signal names of a circom ``.sym`` file, :func:`r1cs_to_json` the object
``r1cs export json`` writes (coefficients as decimal strings, wire ids as keys).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zk.curve.base import BytesLike
from zk.field import R
from zk.formats.r1cs import read_r1cs, read_r1cs_header
from zk.r1cs import LinearCombination

_BLS12_381_R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001


def curve_name(prime: int) -> str:
    """The curve line ``r1cs info`` prints for a circuit over ``prime``."""
    if prime == R:
        return "Curve: bn-128"
    if prime == _BLS12_381_R:
        return "Curve: bls12-381"
    return f"Unknown Curve. Prime: {prime}"


def r1cs_info(data: BytesLike) -> list[str]:
    """The lines ``snarkjs r1cs info`` prints (curve, wires, constraints, inputs, labels,
    outputs)."""
    h = read_r1cs_header(data)
    return [
        curve_name(h.prime),
        f"# of Wires: {h.n_wires}",
        f"# of Constraints: {h.n_constraints}",
        f"# of Private Inputs: {h.n_private_inputs}",
        f"# of Public Inputs: {h.n_public_inputs}",
        f"# of Labels: {h.n_labels}",
        f"# of Outputs: {h.n_public_outputs}",
    ]


@dataclass
class Symbols:
    """A circom ``.sym`` file: ``label,wire,component,name`` per line (wire −1 when the
    optimiser removed the signal)."""

    wire_names: dict[int, str] = field(default_factory=lambda: {0: "one"})
    label_names: dict[int, str] = field(default_factory=lambda: {0: "one"})

    @classmethod
    def parse(cls, text: str) -> Symbols:
        """Read the text of a ``.sym`` file; lines that are not four fields are skipped, as
        snarkjs skips them; a wire named twice gets both names joined by ``|``."""
        sym = cls()
        for line in text.split("\n"):
            parts = line.split(",")
            if len(parts) != 4:
                continue
            label, wire, _component, name = parts
            try:
                wire_id = int(wire)
                sym.label_names[int(label)] = name
            except ValueError:
                continue
            if wire_id in sym.wire_names and wire_id != 0:
                sym.wire_names[wire_id] += "|" + name
            else:
                sym.wire_names[wire_id] = name
        return sym

    def wire(self, index: int) -> str:
        """The name of wire ``index`` (snarkjs prints ``undefined`` for an unnamed one)."""
        return self.wire_names.get(index, "undefined")


def _lc_text(lc: LinearCombination, sym: Symbols) -> str:
    text = ""
    for wire, coeff in lc:
        name = sym.wire(wire)
        if name == "one":
            name = "1"
        value = "" if coeff == 1 else str(coeff)
        if text and not value.startswith("-"):
            value = "+" + value
        if text:
            value = " " + value
        text += value + name
    return text


def r1cs_print(data: BytesLike, sym: Symbols) -> list[str]:
    """One line per constraint, ``[ A ] * [ B ] - [ C ] = 0``, as ``snarkjs r1cs print``."""
    r1cs = read_r1cs(data)
    return [f"[ {_lc_text(c.a, sym)} ] * [ {_lc_text(c.b, sym)} ] - [ {_lc_text(c.c, sym)} ] = 0"
            for c in r1cs.constraints]


def _lc_json(lc: LinearCombination) -> dict[str, str]:
    return {str(wire): str(coeff) for wire, coeff in lc}


def r1cs_to_json(data: BytesLike) -> dict[str, Any]:
    """The object ``snarkjs r1cs export json`` writes."""
    h = read_r1cs_header(data)
    r1cs = read_r1cs(data)
    labels = r1cs.wire_labels if r1cs.wire_labels is not None else list(range(h.n_wires))
    return {
        "n8": 32,
        "prime": str(h.prime),
        "nVars": h.n_wires,
        "nOutputs": h.n_public_outputs,
        "nPubInputs": h.n_public_inputs,
        "nPrvInputs": h.n_private_inputs,
        "nLabels": h.n_labels,
        "nConstraints": h.n_constraints,
        "useCustomGates": False,
        "constraints": [[_lc_json(c.a), _lc_json(c.b), _lc_json(c.c)]
                        for c in r1cs.constraints],
        "map": labels,
        "customGates": [],
        "customGatesUses": [],
    }
