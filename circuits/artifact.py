"""The circuit artifact (``<name>.circuit.json``): what ``prove`` needs to rebuild a witness.

``compile`` writes it beside ``<name>.r1cs``. It records where the circuit's Python source is,
its class and constructor parameters, the SHA-256 of the ``.r1cs`` (so a circuit edited since
is caught), the public values' names and the inputs' declarations. File references are
stored relative to the artifact's own folder, so a project folder can be copied or moved and
every command keeps working; a module reference (``circuits.gov.credential:AgeAtLeast``) is
stored as it is.

```python
from circuits.artifact import find_artifact
art = find_artifact("income_below")             # income_below.circuit.json
compiled, witness = art.solve({"threshold": 30000, "income": 21500})
```
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from circuits.circuit import Circuit, CompiledCircuit, compile_circuit, solve_circuit
from circuits.errors import CircuitError
from circuits.loader import load_circuit, make_circuit
from zk.errors import FormatError
from zk.files import write_atomic, write_json_atomic
from zk.formats.jsonfile import load_json
from zk.formats.r1cs import write_r1cs

FORMAT = "zkgov-circuit/1"
SUFFIX = ".circuit.json"


@dataclass(frozen=True)
class CircuitArtifact:
    """A ``.circuit.json`` as read from ``path``; paths in it are relative to its folder."""

    path: Path
    circuit: str
    class_name: str
    params: dict[str, Any] = field(default_factory=dict)
    r1cs: str = ""
    r1cs_sha256: str = ""
    public: list[str] = field(default_factory=list)
    inputs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The base name shared by ``<name>.r1cs``, ``<name>.zkey`` and this file."""
        return self.path.name[: -len(SUFFIX)]

    @property
    def folder(self) -> Path:
        """The folder this artifact and its neighbours live in."""
        return self.path.parent

    @property
    def r1cs_path(self) -> Path:
        """The compiled constraint system beside this artifact."""
        return self.folder / (self.r1cs or f"{self.name}.r1cs")

    @property
    def zkey_path(self) -> Path:
        """Where ``setup`` puts the proving key by default: ``<name>.zkey`` beside this file."""
        return self.folder / f"{self.name}.zkey"

    def circuit_reference(self) -> str:
        """The circuit reference resolved against this artifact's folder (for loading)."""
        target, sep, cls = self.circuit.partition(":")
        if not target.endswith(".py"):
            return self.circuit
        resolved = target if os.path.isabs(target) else str(self.folder / target)
        return resolved + (sep + cls if sep else "")

    def load_class(self) -> type[Circuit]:
        """The circuit class this artifact was compiled from."""
        return load_circuit(self.circuit_reference())

    def instantiate(self) -> Circuit:
        """The circuit with the recorded constructor parameters."""
        return make_circuit(self.load_class(), self.params)

    def compile(self) -> CompiledCircuit:
        """Compile the circuit again and check it is the one recorded (for bulk proving,
        which computes each witness from the compiled circuit)."""
        compiled = compile_circuit(self.instantiate())
        self._check_digest(compiled)
        return compiled

    def _check_digest(self, compiled: CompiledCircuit) -> None:
        if self.r1cs_sha256 and r1cs_digest(compiled) != self.r1cs_sha256:
            raise CircuitError(
                f"the circuit changed since {self.path} was written: compile it again"
            )

    def solve(self, inputs: Mapping[str, Any]) -> tuple[CompiledCircuit, list[int]]:
        """Compile the circuit again, check it is the one recorded, and compute the witness."""
        compiled, witness = solve_circuit(self.instantiate(), inputs)
        self._check_digest(compiled)
        return compiled, witness


def inputs_template(inputs: list[dict[str, Any]]) -> dict[str, Any]:
    """An ``inputs.json`` skeleton for the declared ``inputs`` (as stored in an artifact):
    every public and private input by name, 0 for a value and a list of zeros for an array,
    in declaration order (public first). Outputs are computed, so they are left out."""
    template: dict[str, Any] = {}
    for kind in ("public", "private"):
        for spec in inputs:
            if spec.get("kind") != kind:
                continue
            length = spec.get("length")
            template[str(spec["name"])] = 0 if length is None else [0] * int(length)
    return template


def declared_inputs(compiled: CompiledCircuit) -> list[dict[str, Any]]:
    """The inputs' declarations of a compiled circuit, as an artifact stores them."""
    return [{"name": s.name, "kind": s.kind, "length": s.length, "doc": s.doc,
             "type": s.type_name} for s in compiled.specs]


def r1cs_digest(compiled: CompiledCircuit) -> str:
    """SHA-256 (hex) of the circuit's ``.r1cs`` bytes."""
    return hashlib.sha256(write_r1cs(compiled.r1cs)).hexdigest()


def _stored_reference(ref: str, folder: Path) -> str:
    """A file reference made relative to ``folder`` (module references are kept as they are)."""
    target, sep, cls = ref.partition(":")
    if not (target.endswith(".py") or Path(target).is_file()):
        return ref
    absolute = Path(target).resolve()
    try:
        stored = os.path.relpath(absolute, folder.resolve())
    except ValueError:  # another drive on Windows: no relative path exists
        stored = str(absolute)
    return Path(stored).as_posix() + (sep + cls if sep else "")


def write_artifact(compiled: CompiledCircuit, circuit_ref: str, params: Mapping[str, Any],
                   out_dir: str | os.PathLike[str], name: str) -> CircuitArtifact:
    """Write ``<name>.r1cs`` and ``<name>.circuit.json`` into ``out_dir`` (each atomically)."""
    folder = Path(out_dir)
    r1cs_bytes = write_r1cs(compiled.r1cs)
    artifact = CircuitArtifact(
        path=folder / f"{name}{SUFFIX}",
        circuit=_stored_reference(circuit_ref, folder),
        class_name=type(compiled.circuit).__name__,
        params=dict(params),
        r1cs=f"{name}.r1cs",
        r1cs_sha256=hashlib.sha256(r1cs_bytes).hexdigest(),
        public=compiled.public_names(),
        inputs=declared_inputs(compiled),
    )
    write_atomic(artifact.r1cs_path, r1cs_bytes)
    write_json_atomic(artifact.path, _to_json(artifact))
    return artifact


def _to_json(artifact: CircuitArtifact) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "circuit": artifact.circuit,
        "class": artifact.class_name,
        "params": artifact.params,
        "r1cs": artifact.r1cs,
        "r1cs_sha256": artifact.r1cs_sha256,
        "public": artifact.public,
        "inputs": artifact.inputs,
    }


def read_artifact(path: str | os.PathLike[str]) -> CircuitArtifact:
    """Read a ``.circuit.json``; anything else is a one-line :class:`CircuitError`."""
    p = Path(path)
    try:
        meta = load_json(p, "zkgov circuit artifact (.circuit.json)")
    except FormatError as exc:
        raise CircuitError(str(exc)) from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise CircuitError(f"{p} is not a zkgov circuit artifact")
    circuit = meta.get("circuit")
    if not isinstance(circuit, str) or not circuit:
        raise CircuitError(f"{p} names no circuit")
    params = meta.get("params", {})
    if not isinstance(params, dict):
        raise CircuitError(f"{p}: 'params' must be an object")
    return CircuitArtifact(
        path=p,
        circuit=circuit,
        class_name=str(meta.get("class", "")),
        params=params,
        r1cs=str(meta.get("r1cs", "")),
        r1cs_sha256=str(meta.get("r1cs_sha256", "")),
        public=[str(x) for x in meta.get("public", []) if isinstance(x, str)],
        inputs=[x for x in meta.get("inputs", []) if isinstance(x, dict)],
    )


def find_artifact(name: str | os.PathLike[str]) -> CircuitArtifact:
    """The artifact for ``name``: ``<name>.circuit.json``, the artifact's own path, or the
    circuit's ``.py`` file (its artifact is then ``<stem>.circuit.json`` in the current
    folder or beside the file)."""
    text = str(name)
    candidates = [Path(text)] if text.endswith(SUFFIX) else [Path(f"{text}{SUFFIX}")]
    if text.endswith(".py"):
        stem = Path(text).stem
        candidates = [Path(f"{stem}{SUFFIX}"), Path(text).with_name(f"{stem}{SUFFIX}")]
    for candidate in candidates:
        if candidate.is_file():
            return read_artifact(candidate)
    raise CircuitError(f"no {candidates[0]}: run `zkgov compile` first")


__all__ = [
    "FORMAT",
    "SUFFIX",
    "CircuitArtifact",
    "declared_inputs",
    "find_artifact",
    "inputs_template",
    "r1cs_digest",
    "read_artifact",
    "write_artifact",
]
