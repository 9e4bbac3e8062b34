"""Circuits as Python classes: inputs declared in one visible place, one ``define`` method.

```python
class IncomeBelow(Circuit):
    threshold = public(u64)
    income = private(u64)

    def define(self, c):
        c.assert_less_than(self.income, self.threshold, bits=64)
```

``IncomeBelow.compile()`` runs ``define`` without values and returns the R1CS;
``compiled.witness(inputs)`` runs the same ``define`` with values and returns the witness.
Each typed input is range-checked once, by constraints the compiler adds before ``define``
runs, and its values are checked against the type before any proof work
(see :mod:`circuits.types`).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from circuits.builder import Builder
from circuits.diagnostics import explain
from circuits.errors import CircuitError, InputError
from circuits.program import Step
from circuits.signal import Signal
from circuits.types import InputType
from circuits.types import field as raw_field
from circuits.user_code import circuit_files, user_code
from zk.errors import ConstraintError
from zk.r1cs import R1CS

_order = itertools.count()

PUBLIC = "public"
PRIVATE = "private"
OUTPUT = "output"


class Declaration:
    """A declared input or output: its kind, type, optional array length, and declaration
    order.

    ``count`` is an int, or the name of a constructor parameter holding the length (so that
    e.g. a Merkle path's length follows a ``depth`` parameter). ``type`` is ``None`` for an
    input declared without one (a raw field element, noted by the compiler).
    """

    def __init__(
        self,
        kind: str,
        count: int | str | None = None,
        doc: str = "",
        type: InputType | None = None,
    ) -> None:
        if type is not None and not isinstance(type, InputType):
            raise CircuitError(f"an input type must be one of circuits.types, got {type!r}")
        self.kind = kind
        self.count = count
        self.doc = doc
        self.type = type
        self.order = next(_order)
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def length(self, circuit: Circuit) -> int | None:
        """Array length for this instance (``None`` for a single value)."""
        if self.count is None:
            return None
        n = getattr(circuit, self.count) if isinstance(self.count, str) else self.count
        if not isinstance(n, int) or n < 0:
            raise CircuitError(f"{self.name}: array length must be a non-negative int, got {n!r}")
        return n

    def __repr__(self) -> str:
        return f"{self.kind}({self.name})"


def _type_and_count(
    type_or_count: InputType | int | str | None, count: int | str | None
) -> tuple[InputType | None, int | str | None]:
    # public(u64), public(u64, count=3), and the older public(count=3) / public(3).
    if isinstance(type_or_count, InputType) or type_or_count is None:
        return type_or_count, count
    if count is not None:
        raise CircuitError(f"the first argument must be an input type, got {type_or_count!r}")
    return None, type_or_count


def public(
    type: InputType | int | str | None = None, count: int | str | None = None, doc: str = ""
) -> Any:
    """Declare a public input (seen by the verifier) of a type from :mod:`circuits.types`
    (``public(u64)``); ``count`` makes it an array. Without a type it is a raw field element."""
    itype, n = _type_and_count(type, count)
    return Declaration(PUBLIC, n, doc, itype)


def private(
    type: InputType | int | str | None = None, count: int | str | None = None, doc: str = ""
) -> Any:
    """Declare a private input (known only to the prover) of a type from
    :mod:`circuits.types` (``private(u64)``); ``count`` makes it an array. Without a type it is
    a raw field element."""
    itype, n = _type_and_count(type, count)
    return Declaration(PRIVATE, n, doc, itype)


def output(count: int | str | None = None, doc: str = "") -> Any:
    """Declare a public output; ``define`` assigns it (``self.out = …``)."""
    return Declaration(OUTPUT, count, doc)


class Circuit:
    """Base class of circuits. Subclasses declare inputs and implement :meth:`define`.

    Constructor keyword arguments become attributes (circuit parameters such as a tree depth).
    """

    declarations: ClassVar[list[Declaration]] = []

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        found: dict[str, Declaration] = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if isinstance(value, Declaration):
                    found[name] = value
        cls.declarations = sorted(found.values(), key=lambda d: d.order)

    def __init__(self, **params: Any) -> None:
        for key, value in params.items():
            if isinstance(getattr(type(self), key, None), Declaration):
                raise CircuitError(f"{key!r} is an input of the circuit, not a parameter")
            object.__setattr__(self, key, value)
        object.__setattr__(self, "_builder", None)
        object.__setattr__(self, "_assigned", set())

    def define(self, c: Builder) -> None:
        """Build the circuit: constrain the inputs and assign the outputs."""
        raise CircuitError(f"{type(self).__name__} does not define any constraints")

    def params(self) -> dict[str, Any]:
        """The constructor parameters of this instance."""
        return {
            k: v
            for k, v in vars(self).items()
            if not k.startswith("_") and not isinstance(getattr(type(self), k, None), Declaration)
        }

    # Outputs are assigned like attributes; the assignment becomes a constraint.
    def __setattr__(self, name: str, value: Any) -> None:
        decl = getattr(type(self), name, None)
        builder: Builder | None = self.__dict__.get("_builder")
        if isinstance(decl, Declaration) and builder is not None:
            if decl.kind != OUTPUT:
                raise CircuitError(f"{name!r} is an input; only outputs can be assigned")
            if name in self._assigned:
                raise CircuitError(f"output {name!r} is assigned twice")
            wires = self.__dict__[name]
            _assign_output(builder, name, wires, value)
            self._assigned.add(name)
            return
        object.__setattr__(self, name, value)

    @classmethod
    def compile(cls, **params: Any) -> CompiledCircuit:
        """Compile this circuit (with constructor ``params``) to an R1CS."""
        with user_code(circuit_files(cls)):
            circuit = cls(**params)
        return compile_circuit(circuit)

    @property
    def circuit_name(self) -> str:
        """The circuit's name in file names and reports: its class name (``AgeAtLeast``)."""
        return type(self).__name__


def _assign_output(builder: Builder, name: str, wires: Any, value: Any) -> None:
    if isinstance(wires, list):
        if not isinstance(value, Sequence) or len(value) != len(wires):
            raise CircuitError(f"output {name!r} needs a sequence of {len(wires)} values")
        for i, (w, v) in enumerate(zip(wires, value, strict=True)):
            _assign_output(builder, f"{name}[{i}]", w, v)
        return
    sv = builder._signal(value)
    if builder.computing and sv.value is None:
        raise CircuitError(f"output {name!r} has no value")
    builder.assign(wires, sv)
    builder.assert_eq(wires, sv, f"output {name}")


@dataclass
class InputSpec:
    """One declared input or output as it appears in ``inputs.json`` and reports.

    ``type`` is the declared type; ``None`` for outputs and for inputs declared without one
    (those are raw field elements: :attr:`input_type` says so).
    """

    name: str
    kind: str
    length: int | None
    doc: str = ""
    type: InputType | None = None

    @property
    def input_type(self) -> InputType:
        """The type values are checked against (raw field when none was declared)."""
        return self.type or raw_field

    @property
    def type_name(self) -> str:
        """The type as reports show it; raw field elements are marked."""
        if self.kind == OUTPUT:
            return "field"
        if self.type is None:
            return "field (raw, untyped)"
        return "field (raw)" if self.type.raw else self.type.name

    @property
    def size(self) -> int:
        """Field elements the input takes: 1 for a scalar, :attr:`length` for an array."""
        return 1 if self.length is None else self.length


@dataclass
class CompiledCircuit:
    """A circuit's R1CS together with what is needed to compute witnesses for it."""

    circuit: Circuit
    r1cs: R1CS
    specs: list[InputSpec] = field(default_factory=list)
    #: How each computed wire gets its value (see :mod:`circuits.program`).
    program: list[Step] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The circuit's name (its class name, as :attr:`Circuit.circuit_name`)."""
        return self.circuit.circuit_name

    @property
    def output_names(self) -> list[str]:
        """Names of the outputs in declaration order (an array once, by its base name)."""
        return [s.name for s in self.specs if s.kind == OUTPUT]

    @property
    def public_input_names(self) -> list[str]:
        """Names of the public inputs in declaration order (an array once, by its base
        name)."""
        return [s.name for s in self.specs if s.kind == PUBLIC]

    @property
    def private_input_names(self) -> list[str]:
        """Names of the private (secret) inputs in declaration order (an array once, by
        its base name)."""
        return [s.name for s in self.specs if s.kind == PRIVATE]

    @property
    def input_names(self) -> list[str]:
        """The keys an ``inputs.json`` must hold: the public inputs, then the private ones."""
        return self.public_input_names + self.private_input_names

    @property
    def wire_names(self) -> list[str]:
        """The R1CS's name of each wire (wire 0 is ``one``), or ``[]`` when it has none."""
        return self.r1cs.wire_names or []

    def public_names(self) -> list[str]:
        """Names of the public values in ``public.json`` order (outputs, then public inputs)."""
        out: list[str] = []
        for s in self.specs:  # specs are ordered outputs, public, private
            if s.kind in (OUTPUT, PUBLIC):
                out += [s.name] if s.length is None else [f"{s.name}[{i}]" for i in range(s.size)]
        return out

    def witness(self, inputs: Mapping[str, Any]) -> list[int]:
        """Compute the full witness from ``inputs`` (public and private inputs by name).

        Raises :class:`InputError` for missing, extra or malformed inputs and
        :class:`zk.errors.ConstraintError` naming the first constraint the inputs break.
        """
        values = _flatten_inputs(self.specs, inputs)
        builder = Builder(computing=True)
        _run(self.circuit, builder, self.specs, values)
        if len(builder.constraints) != self.r1cs.n_constraints or len(builder.values) != (
            self.r1cs.n_wires
        ):
            raise CircuitError(
                f"{self.name}.define built a different circuit with values than without "
                "(it must not branch on input values)"
            )
        witness = [0 if v is None else v for v in builder.values]
        _check_statement(builder, self.r1cs, witness)
        return witness

    def findings(self) -> list[Any]:
        """The fast structural checks of :mod:`circuits.analysis` (no constraint, inputs no
        constraint uses, outputs in no constraint) plus a note per untyped input."""
        from circuits.analysis.structure import compile_findings

        return compile_findings(self)


def compile_circuit(circuit: Circuit) -> CompiledCircuit:
    """Run ``define`` symbolically and return the R1CS with the input layout."""
    compiled, _ = _build(circuit, None)
    return compiled


def solve_circuit(circuit: Circuit, inputs: Mapping[str, Any]) -> tuple[CompiledCircuit, list[int]]:
    """Compile and compute the witness in one run of ``define`` (what ``zkgov prove`` does).

    Raises like :meth:`CompiledCircuit.witness`.
    """
    compiled, witness = _build(circuit, inputs)
    assert witness is not None
    return compiled, witness


def _build(
    circuit: Circuit, inputs: Mapping[str, Any] | None
) -> tuple[CompiledCircuit, list[int] | None]:
    specs = [
        InputSpec(d.name, d.kind, d.length(circuit), d.doc, d.type)
        for d in sorted(type(circuit).declarations, key=lambda d: _KIND_ORDER[d.kind])
    ]
    values = None if inputs is None else _flatten_inputs(specs, inputs)
    builder = Builder(computing=values is not None)
    _run(circuit, builder, specs, values)
    n_out = sum(s.size for s in specs if s.kind == OUTPUT)
    n_pub = sum(s.size for s in specs if s.kind == PUBLIC)
    n_prv = sum(s.size for s in specs if s.kind == PRIVATE)
    r1cs = R1CS(
        n_wires=len(builder.values),
        n_public_outputs=n_out,
        n_public_inputs=n_pub,
        n_private_inputs=n_prv,
        constraints=builder.constraints,
        wire_names=builder.names,
    )
    witness = None if values is None else [0 if v is None else v for v in builder.values]
    if witness is not None:
        _check_statement(builder, r1cs, witness)
    return CompiledCircuit(circuit, r1cs, specs, builder.program), witness


def _check_statement(builder: Builder, r1cs: R1CS, witness: list[int]) -> None:
    try:
        r1cs.check(witness)
    except ConstraintError as exc:
        raise explain(builder, exc) from None


_KIND_ORDER = {OUTPUT: 0, PUBLIC: 1, PRIVATE: 2}


def _run(
    circuit: Circuit, builder: Builder, specs: list[InputSpec], values: list[int] | None
) -> None:
    # Allocate wires in circom order (outputs, public, private), then run define.
    feed = iter(values) if values is not None else None
    files = circuit_files(type(circuit))
    with user_code(files):
        fresh = type(circuit)(**circuit.params())
    object.__setattr__(fresh, "_builder", None)
    for spec in sorted(specs, key=lambda s: _KIND_ORDER[s.kind]):

        def wire(label: str, kind: str = spec.kind, spec: InputSpec = spec) -> Signal:
            value = None if feed is None or kind == OUTPUT else next(feed)
            signal = builder.new_wire(f"main.{label}", value)
            if builder.trace is not None and kind != OUTPUT:
                (w,) = signal.lc.terms
                builder.trace.inputs[w] = (label, kind, spec.input_type)
            return signal

        if spec.length is None:
            signal: Any = wire(spec.name)
        else:
            signal = [wire(f"{spec.name}[{i}]") for i in range(spec.length)]
        object.__setattr__(fresh, spec.name, signal)
    # Range checks of typed inputs, once, in declaration order, before define runs.
    for spec in specs:
        if spec.kind != OUTPUT and spec.type is not None and not spec.type.raw:
            signals = getattr(fresh, spec.name)
            for i, s in enumerate(signals if isinstance(signals, list) else [signals]):
                label = spec.name if spec.length is None else f"{spec.name}[{i}]"
                _range_check(builder, s, spec.type, label)
    object.__setattr__(fresh, "_builder", builder)
    with user_code(files):
        fresh.define(builder)
    missing = [s.name for s in specs if s.kind == OUTPUT and s.name not in fresh._assigned]
    if missing:
        raise CircuitError(f"{type(circuit).__name__}.define never assigns output(s) {missing}")


def _range_check(builder: Builder, signal: Signal, itype: InputType, name: str) -> None:
    label = f"input {name} is {itype.name}"
    if itype.name == "bool":
        builder.assert_bool(signal, label)
    elif itype.signed:
        builder.to_bits(signal - itype.lo, itype.bits or 1, label)
        signal.bound = (itype.lo, itype.hi)
    else:
        builder.to_bits(signal, itype.bits or 1, label)
        signal.bound = (itype.lo, itype.hi)


def _flatten_inputs(specs: list[InputSpec], inputs: Mapping[str, Any]) -> list[int]:
    if not isinstance(inputs, Mapping):
        raise InputError("inputs must be a JSON object mapping input names to values")
    expected = [s for s in specs if s.kind != OUTPUT]
    names = {s.name for s in expected}
    extra = sorted(set(inputs) - names)
    if extra:
        raise InputError(f"unknown input(s) {', '.join(extra)}; expected {sorted(names)}")
    missing = [s.name for s in expected if s.name not in inputs]
    if missing:
        raise InputError(f"missing input(s): {', '.join(missing)}")
    flat: list[int] = []
    for s in sorted(expected, key=lambda s: _KIND_ORDER[s.kind]):
        raw = inputs[s.name]
        if s.length is None:
            flat.append(_to_field(raw, s.name, s))
        else:
            if not isinstance(raw, list) or len(raw) != s.length:
                raise InputError(f"input {s.name!r} must be a list of {s.length} values")
            flat.extend(_to_field(v, f"{s.name}[{i}]", s) for i, v in enumerate(raw))
    return flat


def _to_field(raw: Any, name: str, spec: InputSpec) -> int:
    """The field element for one input value, refused when outside the input's type (a
    negative number is never silently reduced mod r)."""
    itype = spec.input_type
    if isinstance(raw, bool):
        if itype.name == "bool":
            return int(raw)
        raise InputError(f"input {name!r} must be a number, got {raw!r}")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip()
        try:
            value = int(text, 16) if text.lower().startswith(("0x", "-0x")) else int(text, 10)
        except ValueError as exc:
            raise InputError(f"input {name!r} is not an integer: {raw!r}") from exc
    else:
        raise InputError(f"input {name!r} must be an integer or a decimal string, got {raw!r}")
    return itype.encode(value, name, spec.kind)
