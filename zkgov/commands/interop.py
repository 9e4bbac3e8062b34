"""Interop commands of zkgov's own, and the actions the snarkjs command table
(:mod:`zkgov.commands.snarkjs`) reuses for ``groth16 setup|prove|verify``, ``zkey export
verificationkey``, ``wtns check`` and ``r1cs info``.

```
zkgov witness circuit.py inputs.json witness.wtns                   # our Python circuits
zkgov export solidity verification_key.json > Verifier.sol
zkgov export calldata public.json proof.json
zkgov groth16 prove circuit.zkey witness.wtns proof.json public.json   # see zkgov.commands.snarkjs
```
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import TYPE_CHECKING

from zk.files import map_bytes, read_bytes, release_pages, write_atomic, write_json_atomic
from zkgov.common import (
    EXIT_INVALID,
    EXIT_OK,
    CliError,
    add_output_options,
    emit,
    parse_params,
    progress,
    warn,
    warn_if_forgeable,
)

if TYPE_CHECKING:  # argparse is imported where the parser is built (zkgov.main)
    import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``witness`` and ``export`` (snarkjs's ``groth16``, ``zkey``, ``wtns`` and ``r1cs``
    are :mod:`zkgov.commands.snarkjs`'s)."""
    p = sub.add_parser("witness", help="compute a .wtns for a Python circuit from inputs.json")
    p.add_argument("circuit", help="file.py, file.py:Class or package.module:Class")
    p.add_argument("inputs", help="inputs.json (public and private inputs)")
    p.add_argument("wtns", help="output witness (.wtns)")
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="circuit constructor parameter (repeatable), as for `zkgov compile`",
    )
    add_output_options(p)
    p.set_defaults(handler=cmd_witness)

    exp = sub.add_parser("export", help="export a Solidity verifier or its calldata")
    xsub = exp.add_subparsers(dest="export_what", metavar="WHAT", required=True)
    p = xsub.add_parser("solidity", help="Solidity verifier contract for a verification key")
    p.add_argument("vk", help="verification_key.json (or a .zkey)")
    p.add_argument("--output", "-o", help="write to this file instead of standard output")
    p.add_argument("--contract-name", default="Groth16Verifier", help="Solidity contract name")
    add_output_options(p)
    p.set_defaults(handler=cmd_export_solidity)

    p = xsub.add_parser("calldata", help="the verifyProof arguments for a proof")
    p.add_argument("public", help="public.json")
    p.add_argument("proof", help="proof.json")
    add_output_options(p)
    p.set_defaults(handler=cmd_export_calldata)


# ----- groth16 -------------------------------------------------------------------------------

def cmd_groth16_setup(args: argparse.Namespace) -> int:
    from zk.ceremony.ptau_setup import setup_from_ptau
    from zk.formats.r1cs import read_r1cs
    from zk.formats.zkey import write_zkey

    r1cs = read_r1cs(read_bytes(args.r1cs, "r1cs"))
    ptau = read_bytes(args.ptau, "powers of tau")
    started = time.perf_counter()
    with progress(args, "setup from powers of tau") as step:
        pk = setup_from_ptau(r1cs, ptau, progress=step)
    data = write_zkey(pk)
    seconds = time.perf_counter() - started
    write_atomic(args.zkey, data)
    warn(
        f"warning: {args.zkey} has no phase-2 contribution yet (as `snarkjs groth16 setup` "
        "leaves it): anyone can forge proofs for it until `zkgov ceremony contribute` adds one"
    )
    emit(
        args,
        f"wrote {args.zkey} ({r1cs.n_constraints} constraints, domain {pk.domain_size}, "
        f"{seconds:.2f} s)",
        {
            "zkey": args.zkey,
            "constraints": r1cs.n_constraints,
            "wires": r1cs.n_wires,
            "domain_size": pk.domain_size,
            "circuit_hash": pk.contributions[:64].hex(),
            "seconds": round(seconds, 3),
        },
    )
    return EXIT_OK


def cmd_groth16_prove(args: argparse.Namespace) -> int:
    from zk import groth16
    from zk.errors import KeyMismatchError
    from zk.formats.snarkjs_json import proof_to_json, public_to_json
    from zk.formats.wtns import read_wtns_packed
    from zk.formats.zkey import read_zkey

    timings: dict[str, float] = {}
    t = time.perf_counter()
    # one proof from a mapped key: each section's pages go back to the page cache once
    # checked and once used, so that at most about one section is resident at a time
    mapped_key = map_bytes(args.zkey, "proving key")

    def section_done() -> None:
        release_pages(mapped_key)

    pk = read_zkey(mapped_key, copy=False, section_done=section_done)
    warn_if_forgeable(pk)
    count, witness = read_wtns_packed(map_bytes(args.wtns, "witness"))
    if count != pk.n_vars:
        raise KeyMismatchError(
            f"{args.wtns} has {count} values but {args.zkey} expects {pk.n_vars}: "
            "the witness and the key are for different circuits"
        )
    timings["load"] = time.perf_counter() - t
    t = time.perf_counter()
    with progress(args, "proving") as step:
        proof, public = groth16.Prover(pk).prove(witness, step, section_done=section_done)
    timings["prove"] = time.perf_counter() - t
    write_json_atomic(args.proof, proof_to_json(proof))
    write_json_atomic(args.public, public_to_json(public))
    emit(
        args,
        f"wrote {args.proof} and {args.public} (prove {timings['prove']:.2f} s)",
        {
            "proof": args.proof,
            "public": args.public,
            "public_values": [str(v) for v in public],
            "seconds": {k: round(v, 3) for k, v in timings.items()},
        },
    )
    return EXIT_OK


def cmd_groth16_verify(args: argparse.Namespace) -> int:
    """``groth16 verify`` is ``zkgov verify`` under snarkjs's name."""
    from zkgov.commands.proving import verify_one

    return verify_one(args, args.vk, args.public, args.proof)


# ----- zkey / witness / wtns / r1cs ----------------------------------------------------------

def export_vk_file(zkey: str, out: str, snarkjs_text: bool = False) -> int:
    """Write the verification key of the ``.zkey`` at ``zkey`` to ``out`` (warning when the
    key is forgeable) and return its number of public values. Only the key's header and IC
    are read, from a memory map: a large key's point sections are never touched.
    ``snarkjs_text``: snarkjs's exact text (no final newline) instead of zkgov's JSON."""
    from zk.formats.snarkjs_json import export_verification_key
    from zk.formats.zkey import read_verifying_key

    vk = read_verifying_key(map_bytes(zkey, "proving key"))
    warn_if_forgeable(vk)
    vk_json = export_verification_key(vk)
    if snarkjs_text:
        from zk.snarkjs.json_text import snarkjs_json

        write_atomic(out, snarkjs_json(vk_json))
    else:
        write_json_atomic(out, vk_json)
    return len(vk.ic) - 1


def cmd_witness(args: argparse.Namespace) -> int:
    from circuits import compile_circuit, load_circuit, make_circuit
    from zk.formats.wtns import write_wtns

    cls = load_circuit(args.circuit)
    params = parse_params(args.param)
    from zk.formats.jsonfile import load_json

    inputs = load_json(args.inputs, "inputs file")
    if not isinstance(inputs, dict):
        raise CliError(f"{args.inputs} must hold a JSON object of input names to values")
    started = time.perf_counter()
    compiled = compile_circuit(make_circuit(cls, params))
    witness = compiled.witness(inputs)
    seconds = time.perf_counter() - started
    write_atomic(args.wtns, write_wtns(witness))
    emit(
        args,
        f"wrote {args.wtns} ({len(witness)} values, {seconds:.2f} s)",
        {"wtns": args.wtns, "values": len(witness), "seconds": round(seconds, 3)},
    )
    return EXIT_OK


def cmd_wtns_check(args: argparse.Namespace) -> int:
    from zk.errors import ConstraintError
    from zk.formats.r1cs import read_r1cs
    from zk.formats.wtns import read_wtns

    r1cs = read_r1cs(read_bytes(args.r1cs, "r1cs"))
    witness = read_wtns(read_bytes(args.wtns, "witness"))
    ok_text, bad_prefix = getattr(args, "verdicts", (
        f"OK: the witness satisfies all {r1cs.n_constraints} constraints", "FAILED"))
    try:
        r1cs.check(witness)
    except ConstraintError as exc:
        emit(args, f"{bad_prefix}: {exc}", {"valid": False, "constraint": exc.index,
                                              "message": str(exc)})
        return EXIT_INVALID
    emit(
        args,
        ok_text,
        {"valid": True, "constraints": r1cs.n_constraints},
    )
    return EXIT_OK


def cmd_r1cs_info(args: argparse.Namespace) -> int:
    from zk.formats.r1cs import read_r1cs, read_r1cs_header

    data = read_bytes(args.r1cs, "r1cs")
    header = read_r1cs_header(data)
    r1cs = read_r1cs(data)
    linear = sum(1 for c in r1cs.constraints if not c.a.terms or not c.b.terms)
    info = {
        "curve": "bn-128",
        "wires": header.n_wires,
        "constraints": header.n_constraints,
        "linear_constraints": linear,
        "private_inputs": header.n_private_inputs,
        "public_inputs": header.n_public_inputs,
        "labels": header.n_labels,
        "outputs": header.n_public_outputs,
        "nonzero_terms": r1cs.stats()["nonzero_terms"],
    }
    human = "\n".join(
        [
            "Curve: bn-128",
            f"# of Wires: {header.n_wires}",
            f"# of Constraints: {header.n_constraints} ({linear} linear)",
            f"# of Private Inputs: {header.n_private_inputs}",
            f"# of Public Inputs: {header.n_public_inputs}",
            f"# of Labels: {header.n_labels}",
            f"# of Outputs: {header.n_public_outputs}",
        ]
    )
    emit(args, human, info)
    return EXIT_OK


# ----- export --------------------------------------------------------------------------------

def _load_vk(path: str):
    from zk.formats.snarkjs_json import vk_from_json

    if os.path.splitext(path)[1] == ".zkey":
        from zk.formats.zkey import read_zkey

        return read_zkey(read_bytes(path, "proving key")).verifying_key()
    from zk.formats.jsonfile import load_json

    return vk_from_json(load_json(path, "verification key"))


def cmd_export_solidity(args: argparse.Namespace) -> int:
    from zk.formats.snarkjs_json import vk_hash
    from zk.formats.solidity import solidity_verifier

    vk = _load_vk(args.vk)
    source = solidity_verifier(vk, args.contract_name, vk_hash(vk))
    if args.output:
        write_atomic(args.output, source)
        emit(args, f"wrote {args.output}", {"solidity": args.output, "n_public": vk.n_public,
                                            "contract": args.contract_name})
    else:
        sys.stdout.write(source)
    return EXIT_OK


def cmd_export_calldata(args: argparse.Namespace) -> int:
    from zk.formats.jsonfile import load_json
    from zk.formats.snarkjs_json import proof_from_json, public_from_json
    from zk.formats.solidity import calldata, calldata_values

    public = public_from_json(load_json(args.public, "public inputs"))
    proof = proof_from_json(load_json(args.proof, "proof"))
    if args.json:
        a, b, c, inputs = calldata_values(proof, public)

        def hexes(values):
            return [f"0x{v:064x}" for v in values]

        print(json.dumps({"a": hexes(a), "b": [hexes(row) for row in b], "c": hexes(c),
                          "input": hexes(inputs)}))
    else:
        print(calldata(proof, public))
    return EXIT_OK


__all__ = ["register"]
