"""Constraint counts of the gadgets and ready circuits, next to circomlib's. Prints JSON.

    python benchmarks/constraints.py              # JSON
    python benchmarks/constraints.py --markdown   # the table in circuits/gadgets/README.md

Each gadget is measured alone: the constraints its call adds to a circuit whose inputs are
private wires. circomlib's figures are circom 2.2.3 with ``--O2`` (REFERENCE.md; the
CompConstant, EscalarMulAny and MiMC rows were measured the same way with circom2 0.2.23).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from circuits import Builder, Circuit, load_circuit, private
from circuits.crypto import babyjubjub as bj
from circuits.gadgets import babyjubjub as g
from circuits.gadgets.bits import divmod_, lookup, mux_index, to_bits_below
from circuits.gadgets.commitments import nullifier
from circuits.gadgets.eddsa import assert_eddsa_poseidon
from circuits.gadgets.merkle import merkle_root
from circuits.gadgets.mimc import mimc7, mimc_feistel, mimc_sponge, multi_mimc7
from circuits.gadgets.poseidon import poseidon


class _Probe(Circuit):
    xs = private(count="n")

    def define(self, c: Builder) -> None:
        self.body(c, self.xs)


def _count(body: Callable[[Builder, list], Any], n: int) -> int:
    return _Probe.compile(n=n, body=body).r1cs.n_constraints


def _bits(c: Builder, xs: list, n: int) -> list:
    # boolean wires without a decomposition, so that only the gadget is counted
    for x in xs[:n]:
        c.assert_bool(x)
    return xs[:n]


def _minus_bits(body: Callable[[Builder, list], Any], n_bits: int, n: int) -> int:
    return _count(body, n) - n_bits


_TABLE = [[i * 5 + 1, i * i * i + 7] for i in range(8)]

#: (name, our count function, circomlib template, circomlib figure or None)
GADGETS: list[tuple[str, Callable[[], int], str, int | None]] = [
    *[
        (f"Poseidon({k})", (lambda k=k: _count(lambda c, xs: poseidon(c, xs), k)),
         f"Poseidon({k})", ref)
        for k, ref in ((1, 213), (2, 240), (3, 261), (5, 321), (16, 609))
    ],
    ("MiMC7(91)", lambda: _count(lambda c, xs: mimc7(c, xs[0], xs[1]), 2), "MiMC7(91)", 364),
    ("MultiMiMC7(3 inputs, 91 rounds)",
     lambda: _count(lambda c, xs: multi_mimc7(c, xs[:3], xs[3]), 4), "MultiMiMC7(3, 91)", 1092),
    ("MiMCFeistel(220)", lambda: _count(lambda c, xs: mimc_feistel(c, xs[0], xs[1], xs[2]), 3),
     "MiMCFeistel(220)", 660),
    *[
        (f"MiMCSponge(2 inputs, 220 rounds, {m} output{'s' * (m > 1)})",
         (lambda m=m: _count(lambda c, xs: mimc_sponge(c, xs[:2], xs[2], m), 3)),
         f"MiMCSponge(2, 220, {m})", ref)
        for m, ref in ((1, 1320), (3, 2640))
    ],
    ("to_bits(n=64)", lambda: _count(lambda c, xs: c.to_bits(xs[0], 64), 1), "Num2Bits(64)", 64),
    ("to_bits_strict (254 bits, < r)", lambda: _count(lambda c, xs: c.to_bits_strict(xs[0]), 1),
     "Num2Bits_strict", 515),
    ("to_bits_below(l) (251 bits, < l)",
     lambda: _count(lambda c, xs: to_bits_below(c, xs[0], bj.SUBORDER), 1),
     "Num2Bits(253) + CompConstant(l − 1)", 514),
    ("less_than(n=64)", lambda: _count(lambda c, xs: c.less_than(xs[0], xs[1], 64), 2),
     "LessThan(64)", 65),
    ("is_zero / is_equal", lambda: _count(lambda c, xs: c.is_equal(xs[0], xs[1]), 2),
     "IsZero / IsEqual", 2),
    ("lookup(3 bits, 2 columns)",
     lambda: _minus_bits(lambda c, xs: lookup(c, _bits(c, xs, 3), _TABLE), 3, 3),
     "MultiMux3(2)", None),
    ("mux_index(8 constant options)",
     lambda: _count(lambda c, xs: mux_index(c, xs[0], list(range(8))), 1),
     "Multiplexer(1, 8)", None),
    ("divmod_(64 bits, constant divisor 10000)",
     lambda: _count(lambda c, xs: divmod_(c, xs[0], 10000, 64), 1), "—", None),
    ("divmod_(64 bits, signal divisor)",
     lambda: _count(lambda c, xs: divmod_(c, xs[0], xs[1], 64), 2), "—", None),
    ("Merkle membership, depth 20 (incl. index bits)",
     lambda: _count(lambda c, xs: merkle_root(c, xs[0], xs[1], xs[2:]), 22),
     "SMTVerifier(20) (sparse tree, also non-membership)", 6573),
    ("Merkle membership, depth 32",
     lambda: _count(lambda c, xs: merkle_root(c, xs[0], xs[1], xs[2:]), 34), "—", None),
    ("commitment / nullifier (Poseidon(2))",
     lambda: _count(lambda c, xs: nullifier(c, xs[0], xs[1]), 2), "Poseidon(2)", 240),
    ("Baby Jubjub add", lambda: _count(lambda c, xs: g.add(c, xs[:2], xs[2:]), 4), "BabyAdd", 6),
    ("Baby Jubjub double", lambda: _count(lambda c, xs: g.double(c, xs), 2), "BabyDbl", 6),
    ("Baby Jubjub on-curve check", lambda: _count(lambda c, xs: g.assert_on_curve(c, xs), 2),
     "BabyCheck", 3),
    ("public key from a 253-bit scalar (bits + S·Base8)",
     lambda: _count(lambda c, xs: g.scalar_mul_fixed(c, c.to_bits(xs[0], 253)), 1),
     "BabyPbk", 776),
    ("variable-base scalar mul, 254 bits (excl. bits)",
     lambda: _minus_bits(lambda c, xs: g.scalar_mul_any(c, _bits(c, xs, 254), xs[254:]), 254,
                         256),
     "EscalarMulAny(254) (excl. bits)", 2310),
    ("EdDSA-Poseidon verification", lambda: _count(
        lambda c, xs: assert_eddsa_poseidon(c, xs[0:2], xs[2:4], xs[4], xs[5]), 6),
     "EdDSAPoseidonVerifier", 4217),
]

#: (reference, parameters) of the ready circuits at their defaults
READY = [
    ("circuits.gov.credential:AgeAtLeast", {}),
    ("circuits.gov.credential:IncomeAtMost", {}),
    ("circuits.gov.membership:RegistryMembership", {}),
    ("circuits.gov.membership:RegistryMembership", {"depth": 32}),
    ("circuits.gov.invoice:InvoiceTotal", {}),
    ("circuits.gov.custody:ChainOfCustody", {}),
    ("circuits.gov.committed_range:CommittedValueInRange", {}),
]


def measure() -> dict[str, Any]:
    gadgets = []
    for name, fn, template, ref in GADGETS:
        gadgets.append({"gadget": name, "constraints": fn(), "circomlib": template,
                        "circomlib_constraints": ref})
    ready = []
    for ref, params in READY:
        started = time.perf_counter()
        compiled = load_circuit(ref).compile(**params)
        stats = compiled.r1cs.stats()
        ready.append({
            "circuit": ref, "params": params, "constraints": stats["constraints"],
            "wires": stats["wires"], "public": compiled.r1cs.n_public,
            "compile_seconds": round(time.perf_counter() - started, 2),
        })
    return {"gadgets": gadgets, "ready_circuits": ready}


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "| gadget | zkgov | circomlib template | circomlib (--O2) |",
        "|---|---:|---|---:|",
    ]
    for row in result["gadgets"]:
        ref = row["circomlib_constraints"]
        lines.append(f"| {row['gadget']} | {row['constraints']} | {row['circomlib']} | "
                     f"{ref if ref is not None else '—'} |")
    lines += [
        "",
        "| ready circuit | parameters | constraints | public values |",
        "|---|---|---:|---:|",
    ]
    for row in result["ready_circuits"]:
        params = ", ".join(f"{k}={v}" for k, v in row["params"].items()) or "defaults"
        lines.append(f"| `{row['circuit']}` | {params} | {row['constraints']} | {row['public']} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print the markdown table")
    args = parser.parse_args()
    result = measure()
    print(markdown(result) if args.markdown else json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
