"""Who brings which input: each party's own inputs file, the joint layout, the sharing round.

Each party names the circuit inputs it holds. Public inputs travel in the clear (they end up
in ``public.json`` anyway) and may be given by several parties, who must then agree; a
private input has exactly one owner, who alone knows it and deals Shamir shares of it. One
round exchanges the manifests (names, lengths, public values), one more the shares.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from circuits.circuit import CompiledCircuit, InputSpec
from mpc.errors import MpcInputError, MpcProtocolError
from mpc.field import PrimeField
from mpc.runtime import Runtime
from mpc.transport.frames import Purpose

PUBLIC = "public"
PRIVATE = "private"


@dataclass(frozen=True)
class OwnInputs:
    """This party's inputs, parsed: public values (shown to all) and private ones (shared)."""

    public: dict[str, list[int]]
    private: dict[str, list[int]]

    def manifest(self) -> dict[str, Any]:
        """What the other parties learn in the manifest round: the names and lengths of the
        private inputs, and the public values."""
        return {"public": {k: [str(v) for v in vs] for k, vs in self.public.items()},
                "private": {k: len(vs) for k, vs in self.private.items()}}


def _field_value(raw: Any, name: str, p: int) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise MpcInputError(f"input {name!r} must be an integer or a decimal string")
    try:
        value = raw if isinstance(raw, int) else int(raw.strip(), 0 if raw.strip().lower()
                                                     .lstrip("-").startswith("0x") else 10)
    except ValueError as exc:
        raise MpcInputError(f"input {name!r} is not an integer") from exc
    if value >= p:
        raise MpcInputError(f"input {name!r} is not below the field modulus r")
    return value % p  # negative numbers wrap around, as in circom


def parse_own_inputs(compiled: CompiledCircuit, inputs: Mapping[str, Any],
                     field: PrimeField) -> OwnInputs:
    """Check this party's inputs against the circuit's declarations (names, lengths,
    values below r); the messages never quote a private value. An empty mapping is fine:
    a party may only help compute."""
    if not isinstance(inputs, Mapping):
        raise MpcInputError("the inputs file must be a JSON object mapping input names to "
                            "values")
    specs = {s.name: s for s in compiled.specs if s.kind in (PUBLIC, PRIVATE)}
    unknown = sorted(set(inputs) - set(specs))
    if unknown:
        raise MpcInputError(f"{compiled.name} has no input {unknown[0]!r}; its inputs are "
                            f"{', '.join(specs)}")
    public: dict[str, list[int]] = {}
    private: dict[str, list[int]] = {}
    for name, raw in inputs.items():
        spec = specs[name]
        values = _values(spec, raw, field.p)
        (public if spec.kind == PUBLIC else private)[name] = values
    return OwnInputs(public, private)


def _values(spec: InputSpec, raw: Any, p: int) -> list[int]:
    if spec.length is None:
        return [_field_value(raw, spec.name, p)]
    if not isinstance(raw, list) or len(raw) != spec.length:
        raise MpcInputError(f"input {spec.name!r} must be a list of {spec.length} values")
    return [_field_value(v, f"{spec.name}[{i}]", p) for i, v in enumerate(raw)]


def exchange_manifests(rt: Runtime, own: OwnInputs) -> dict[int, dict[str, Any]]:
    """Every party's manifest, by party id (one round)."""
    mine = json.dumps(own.manifest(), sort_keys=True).encode()
    got = rt.exchange_bytes({j: mine for j in rt.parties if j != rt.party_id}, rt.parties,
                            Purpose.INPUT)
    manifests = {rt.party_id: own.manifest()}
    for party, data in got.items():
        try:
            manifest = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise MpcProtocolError(f"party {party} sent a malformed input manifest",
                                   party) from exc
        if not (isinstance(manifest, dict) and isinstance(manifest.get(PUBLIC), dict)
                and isinstance(manifest.get(PRIVATE), dict)):
            raise MpcProtocolError(f"party {party} sent a malformed input manifest", party)
        manifests[party] = manifest
    return manifests


@dataclass(frozen=True)
class Layout:
    """Where each input comes from: public values, and each private input's owner."""

    public: dict[str, list[int]]
    owners: dict[str, int]


def agree_layout(compiled: CompiledCircuit, manifests: Mapping[int, Mapping[str, Any]]
                 ) -> Layout:
    """Check the manifests cover every input exactly as the circuit declares it; every party
    runs the same check on the same manifests, so all stop with the same message."""
    public: dict[str, list[int]] = {}
    owners: dict[str, int] = {}
    for spec in compiled.specs:
        if spec.kind == PUBLIC:
            givers = {p: m[PUBLIC][spec.name] for p, m in sorted(manifests.items())
                      if spec.name in m[PUBLIC]}
            if not givers:
                raise MpcInputError(f"no party gives the public input {spec.name!r}")
            first_party, first = next(iter(givers.items()))
            for party, values in givers.items():
                if values != first:
                    raise MpcInputError(f"parties {first_party} and {party} give different "
                                        f"values for the public input {spec.name!r}")
            public[spec.name] = _checked_public(spec, first, first_party)
        elif spec.kind == PRIVATE:
            holders = [p for p, m in sorted(manifests.items()) if spec.name in m[PRIVATE]]
            if not holders:
                raise MpcInputError(f"no party holds the private input {spec.name!r}")
            if len(holders) > 1:
                raise MpcInputError(f"parties {holders[0]} and {holders[1]} both hold the "
                                    f"private input {spec.name!r}; it must have one owner")
            if manifests[holders[0]][PRIVATE][spec.name] != spec.size:
                raise MpcInputError(f"party {holders[0]} holds {spec.name!r} with the wrong "
                                    "length")
            owners[spec.name] = holders[0]
    return Layout(public, owners)


def _checked_public(spec: InputSpec, values: Any, party: int) -> list[int]:
    if not isinstance(values, list) or len(values) != spec.size or not all(
            isinstance(v, str) and v.isdigit() for v in values):
        raise MpcProtocolError(f"party {party} sent a malformed public input {spec.name!r}",
                               party)
    return [int(v) for v in values]


def share_inputs(rt: Runtime, field: PrimeField, compiled: CompiledCircuit, own: OwnInputs,
                 layout: Layout) -> list[int]:
    """This party's shares of the public and private inputs, in wire order (one round).

    A public value is its own share (a degree-0 sharing); each owner deals shares of its
    private values, in the circuit's declaration order.
    """
    private_specs = [s for s in compiled.specs if s.kind == PRIVATE]
    mine = [v for s in private_specs if layout.owners[s.name] == rt.party_id
            for v in own.private[s.name]]
    outgoing = {}
    if mine:
        rows = rt.scheme(field).share(np.array(mine, dtype=object))
        outgoing = {j: rows[j - 1] for j in rt.parties}
    senders = sorted({layout.owners[s.name] for s in private_specs})
    got = rt.exchange(Purpose.INPUT, outgoing, senders, field)
    cursor = dict.fromkeys(senders, 0)
    out: list[int] = []
    for spec in compiled.specs:
        if spec.kind == PUBLIC:
            out += layout.public[spec.name]
        elif spec.kind == PRIVATE:
            owner = layout.owners[spec.name]
            start = cursor[owner]
            part = got[owner][start:start + spec.size]
            if len(part) != spec.size:
                raise MpcProtocolError(f"party {owner} sent too few input shares", owner)
            out += [int(v) for v in part]
            cursor[owner] = start + spec.size
    for owner, used in cursor.items():
        if used != len(got[owner]):
            raise MpcProtocolError(f"party {owner} sent too many input shares", owner)
    return out
