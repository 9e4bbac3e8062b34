"""``zkgov compile | info | setup | prove | verify``: our own flow from a Python circuit.

```
zkgov compile examples/income_below.py        # income_below.r1cs + income_below.circuit.json
zkgov setup income_below.r1cs                 # income_below.zkey + verification_key.json
zkgov prove income_below --inputs inputs.json # proof.json + public.json
zkgov verify verification_key.json public.json proof.json
zkgov prove income_below --batch inputs.jsonl --out proofs.jsonl   # one proof per line
zkgov verify --batch proofs.jsonl verification_key.json
```
"""

from __future__ import annotations

import argparse
import json
import re
import time
import warnings
from pathlib import Path
from typing import Any

from zk.files import map_bytes, read_bytes, write_atomic, write_json_atomic
from zk.formats.jsonfile import load_json
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


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``compile``, ``info``, ``setup``, ``prove`` and ``verify`` to the ``zkgov`` parser."""
    p = sub.add_parser("compile", help="compile a Python circuit to a circom-format .r1cs")
    p.add_argument("circuit", help="file.py, file.py:Class or package.module:Class")
    p.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="circuit constructor parameter (repeatable), e.g. --param depth=20",
    )
    p.add_argument("--name", help="base name of the outputs (default: from the circuit)")
    p.add_argument("--out-dir", "-o", default=".", help="where to write (default: .)")
    add_output_options(p)
    p.set_defaults(handler=cmd_compile)

    p = sub.add_parser("inputs", help="print an inputs.json template for a circuit")
    p.add_argument("circuit", help="a compiled base name, its .circuit.json, or a circuit "
                   "(file.py[:Class], package.module:Class)")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="circuit constructor parameter, when the circuit is not compiled yet")
    add_output_options(p)
    p.set_defaults(handler=cmd_inputs)

    p = sub.add_parser("info", help="describe a .r1cs, .zkey or verification_key.json")
    p.add_argument("file")
    add_output_options(p)
    p.set_defaults(handler=cmd_info)

    p = sub.add_parser("setup", help="make a proving key (.zkey) and verification_key.json")
    p.add_argument("r1cs", help="circuit.r1cs")
    p.add_argument(
        "--ptau",
        help="phase-1 powers of tau (.ptau); without it: a one-party "
        "development setup that is NOT safe for production",
    )
    p.add_argument("--zkey", help="output proving key (default: <name>.zkey)")
    p.add_argument(
        "--vk",
        default=None,
        help="output verification key (default: verification_key.json beside the zkey)",
    )
    add_output_options(p)
    p.set_defaults(handler=cmd_setup)

    p = sub.add_parser("prove", help="compute the witness and a Groth16 proof")
    p.add_argument(
        "name", help="base name from compile (reads <name>.circuit.json and <name>.zkey)"
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--inputs", "-i", help="inputs.json (public and private inputs)")
    what.add_argument("--batch", metavar="INPUTS_JSONL",
                      help="prove every line of a JSON Lines file of inputs (needs --out)")
    p.add_argument("--zkey", help="proving key (default: <name>.zkey)")
    p.add_argument("--proof", default="proof.json", help="output proof (default: proof.json)")
    p.add_argument("--public", default="public.json", help="output public values")
    p.add_argument("--out", metavar="PROOFS_JSONL",
                   help="with --batch: one proof (or error) line per input line; an existing "
                   "file from an interrupted run is continued")
    p.add_argument("--workers", type=int, help="with --batch: local worker processes "
                   "(default: every core)")
    p.add_argument("--threads", type=int, help="with --batch: native threads per worker "
                   "(default: cores / workers locally, 1 per Ray task)")
    p.add_argument("--ray", nargs="?", const=True, default=False, metavar="ADDRESS",
                   help="with --batch: run on Ray, an embedded local cluster or the one at "
                   "ADDRESS")
    add_output_options(p)
    p.set_defaults(handler=cmd_prove)

    p = sub.add_parser("verify", help="verify a proof: exit 0 valid, 1 invalid, 2 bad input")
    p.add_argument("files", nargs="*", metavar="FILE",
                   help="verification_key.json public.json proof.json; with --batch: the "
                   "verification key(s) (default: verification_key.json)")
    p.add_argument("--batch", metavar="PROOFS_JSONL",
                   help="verify every line of a batch output (`zkgov prove --batch`), one "
                   "random linear combination per key")
    add_output_options(p)
    p.set_defaults(handler=cmd_verify)


# --- compile --------------------------------------------------------------------------------


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _label_breakdown(r1cs) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for con in r1cs.constraints:
        top = (con.label or "unlabelled").split("/")[0].split(":")[0]
        counts[top] = counts.get(top, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])


def _print_table(title: str, rows: list[tuple[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value", justify="right")
    for k, v in rows:
        if isinstance(v, list):
            v = ", ".join(map(str, v)) or "none"
        elif isinstance(v, bool):
            v = "YES: anyone can forge proofs" if v and k == "forgeable" else ("yes" if v else "no")
        table.add_row(k, str(v))
    Console().print(table)


def cmd_compile(args: argparse.Namespace) -> int:
    from circuits import load_circuit, make_circuit
    from circuits.artifact import write_artifact
    from circuits.circuit import compile_circuit

    cls = load_circuit(args.circuit)
    params = parse_params(args.param)
    instance = make_circuit(cls, params)
    started = time.perf_counter()
    compiled = compile_circuit(instance)
    seconds = time.perf_counter() - started
    findings = compiled.findings()  # the fast structural checks of `zkgov analyze`
    target = args.circuit.partition(":")[0]
    name = args.name or (Path(target).stem if target.endswith(".py") else _snake(cls.__name__))
    artifact = write_artifact(compiled, args.circuit, params, args.out_dir, name)
    stats = compiled.r1cs.stats()
    summary = {
        "name": name,
        "r1cs": str(artifact.r1cs_path),
        "metadata": str(artifact.path),
        "seconds": round(seconds, 3),
        **stats,
        "by_label": dict(_label_breakdown(compiled.r1cs)),
        "inputs": {s.name: s.type_name for s in compiled.specs if s.kind != "output"},
        "findings": [f.line() for f in findings],
    }
    for finding in findings:
        if finding.severity != "note" or not args.quiet:
            warn(f"zkgov: {finding.line()}")
    if args.json:
        emit(args, "", summary)
    elif not args.quiet:
        rows = [("circuit", cls.__name__), *stats.items(), ("compile seconds", f"{seconds:.2f}")]
        _print_table(f"{name}.r1cs", rows)
        for label, count in _label_breakdown(compiled.r1cs)[:12]:
            print(f"  {count:>8}  {label}")
        print(f"wrote {artifact.r1cs_path} and {artifact.path}")
    return EXIT_OK


# --- inputs ---------------------------------------------------------------------------------


def cmd_inputs(args: argparse.Namespace) -> int:
    from circuits import load_circuit
    from circuits.artifact import declared_inputs, find_artifact, inputs_template
    from circuits.circuit import compile_circuit
    from circuits.errors import CircuitError

    try:
        declared = find_artifact(args.circuit).inputs
    except CircuitError:
        if not (args.circuit.partition(":")[0].endswith(".py") or ":" in args.circuit):
            raise
        cls = load_circuit(args.circuit)
        try:
            instance = cls(**parse_params(args.param))
        except TypeError as exc:
            raise CliError(f"bad circuit parameters: {exc}") from exc
        declared = declared_inputs(compile_circuit(instance))
    print(json.dumps(inputs_template(declared), indent=1))
    if not args.quiet and not args.json:
        for spec in declared:
            if spec.get("kind") in ("public", "private"):
                doc = f": {spec['doc']}" if spec.get("doc") else ""
                warn(f"  {spec['name']} ({spec['kind']}){doc}")
    return EXIT_OK


# --- info -----------------------------------------------------------------------------------


def cmd_info(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if path.suffix == ".json":
        from zk.formats.snarkjs_json import vk_from_json, vk_hash

        vk = vk_from_json(load_json(path, "verification key"))
        info = {
            "kind": "verification key",
            "protocol": "groth16",
            "curve": "bn128",
            "public_values": vk.n_public,
            "sha256": vk_hash(vk),
            "forgeable": vk.forgeable,
        }
    elif path.suffix == ".zkey":
        from zk.formats.zkey import read_zkey

        pk = read_zkey(read_bytes(path, "proving key"))
        info = {
            "kind": "groth16 proving key",
            "wires": pk.n_vars,
            "public_values": pk.n_public,
            "domain_size": pk.domain_size,
            "bytes": path.stat().st_size,
            "phase2_contributions": _contributor_names(pk.contributions),
            "forgeable": pk.verifying_key().forgeable,
        }
    else:
        from zk.formats.r1cs import read_r1cs

        info = {"kind": "r1cs", **read_r1cs(read_bytes(path, "r1cs")).stats()}
    if args.json:
        emit(args, "", info)
    else:
        _print_table(str(path), list(info.items()))
    return EXIT_OK


def _contributor_names(section: bytes) -> list[str]:
    """The names recorded with each phase-2 contribution of a ``.zkey`` (section 10)."""
    if not section:
        return []
    from zk.ceremony.records import decode_params
    from zk.formats.zkey import parse_contributions

    names = []
    for i, entry in enumerate(parse_contributions(section).entries, start=1):
        params = decode_params(entry.params, entry.kind, f"contribution #{i}")
        names.append(params.name or f"#{i} (no name)")
    return names


# --- setup ----------------------------------------------------------------------------------


def cmd_setup(args: argparse.Namespace) -> int:
    from zk import groth16
    from zk.ceremony import phase2
    from zk.formats.r1cs import read_r1cs
    from zk.formats.snarkjs_json import export_verification_key
    from zk.formats.zkey import read_zkey, write_zkey

    r1cs_path = Path(args.r1cs)
    r1cs = read_r1cs(read_bytes(r1cs_path, "r1cs"))
    zkey_path = Path(args.zkey) if args.zkey else r1cs_path.with_suffix(".zkey")
    vk_path = Path(args.vk) if args.vk else zkey_path.parent / "verification_key.json"
    started = time.perf_counter()
    with progress(args, "setup") as step:
        if args.ptau:
            zkey_bytes = phase2.new_with_contribution(
                read_bytes(r1cs_path, "r1cs"), read_bytes(args.ptau, "ptau"),
                progress=step)
            pk = read_zkey(zkey_bytes)
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", groth16.DevelopmentSetupWarning)
                pk = groth16.setup(r1cs, progress=step)
            zkey_bytes = write_zkey(pk)
    seconds = time.perf_counter() - started
    vk_json = export_verification_key(pk)
    write_atomic(zkey_path, zkey_bytes)
    write_json_atomic(vk_path, vk_json)
    result = {
        "zkey": str(zkey_path),
        "verification_key": str(vk_path),
        "constraints": r1cs.n_constraints,
        "domain_size": pk.domain_size,
        "seconds": round(seconds, 3),
        "development_only": not args.ptau,
        "phase2_contributions": 1 if args.ptau else 0,
    }
    if args.ptau:
        warn(
            "note: phase 1 comes from the ceremony file; phase 2 has one contribution, made "
            "now by this machine — for production let each department add one with "
            "`zkgov ceremony contribute`"
        )
    else:
        warn(
            "warning: one-party development setup — whoever ran it can forge proofs; use "
            "--ptau with a public ceremony file, then `zkgov ceremony contribute`"
        )
    emit(args, f"wrote {zkey_path} and {vk_path} ({seconds:.2f} s)", result)
    return EXIT_OK


# --- prove ----------------------------------------------------------------------------------


def cmd_prove(args: argparse.Namespace) -> int:
    if args.batch:
        return _prove_batch(args)
    from circuits.artifact import find_artifact
    from zk import groth16
    from zk.formats.snarkjs_json import proof_to_json, public_to_json
    from zk.formats.zkey import read_zkey

    artifact = find_artifact(args.name)
    zkey_path = Path(args.zkey) if args.zkey else artifact.zkey_path
    inputs = load_json(args.inputs, "inputs file")
    timings: dict[str, float] = {}

    t = time.perf_counter()
    compiled, witness = artifact.solve(inputs)
    timings["witness"] = time.perf_counter() - t

    t = time.perf_counter()
    pk = read_zkey(map_bytes(zkey_path, "proving key"), copy=False)
    if pk.n_vars != compiled.r1cs.n_wires or pk.n_public != compiled.r1cs.n_public:
        raise CliError(f"{zkey_path} does not belong to this circuit (sizes differ)")
    warn_if_forgeable(pk)
    timings["load_key"] = time.perf_counter() - t

    t = time.perf_counter()
    with progress(args, "proving") as step:
        proof, public = groth16.prove(pk, witness, progress=step)
    timings["prove"] = time.perf_counter() - t

    proof_json = proof_to_json(proof)
    write_json_atomic(args.proof, proof_json)
    write_json_atomic(args.public, public_to_json(public))
    result = {
        "proof": args.proof,
        "public": args.public,
        "public_values": dict(zip(artifact.public, [str(v) for v in public], strict=False)),
        "seconds": {k: round(v, 3) for k, v in timings.items()},
        "proof_bytes": len(json.dumps(proof_json)),
    }
    emit(
        args,
        f"wrote {args.proof} and {args.public} "
        f"(witness {timings['witness']:.2f} s, prove {timings['prove']:.2f} s)",
        result,
    )
    return EXIT_OK


def _prove_batch(args: argparse.Namespace) -> int:
    from circuits.artifact import find_artifact
    from circuits.bulk import prove_batch

    if not args.out:
        raise CliError("--batch needs --out PROOFS_JSONL (where the proofs go)")
    artifact = find_artifact(args.name)
    with progress(args, "batch") as step:
        result = prove_batch(
            artifact.compile(), args.zkey or artifact.zkey_path, args.batch, args.out,
            workers=args.workers, ray=args.ray, threads=args.threads, progress=step,
        )
    failed = [line for line, _ in result.failures]
    emit(
        args,
        f"{result.proved} of {result.total} statements proved in {result.output} "
        f"({result.seconds:.1f} s"
        + (f"; {result.resumed} lines from an earlier run)" if result.resumed else ")"),
        {"output": str(result.output), "statements": result.total, "proved": result.proved,
         "failed_lines": failed, "resumed": result.resumed,
         "seconds": round(result.seconds, 3)},
    )
    if result.failures:
        line, reason = result.failures[0]
        more = f" (also line{'s' if len(failed) > 2 else ''} {_some(failed[1:])})" \
            if len(failed) > 1 else ""
        raise CliError(f"{len(failed)} of {result.total} statements gave no proof: line "
                       f"{line}: {reason}{more}; each reason is in {result.output}")
    return EXIT_OK


def _some(numbers: list[int], shown: int = 5) -> str:
    text = ", ".join(map(str, numbers[:shown]))
    return text + (f" and {len(numbers) - shown} more" if len(numbers) > shown else "")


# --- verify ---------------------------------------------------------------------------------


def cmd_verify(args: argparse.Namespace) -> int:
    if args.batch:
        return _verify_batch(args)
    if len(args.files) != 3:
        raise CliError("verify needs verification_key.json public.json proof.json "
                       "(or --batch PROOFS_JSONL)")
    return verify_one(args, *args.files)


def verify_one(args: argparse.Namespace, vk_path: str, public_path: str, proof_path: str) -> int:
    """Verify one proof from its three files (also ``zkgov groth16 verify``)."""
    from zk import groth16
    from zk.curve import get_backend
    from zk.formats.snarkjs_json import proof_from_json, public_from_json, vk_from_json

    vk = vk_from_json(load_json(vk_path, "verification key"))
    public = public_from_json(load_json(public_path, "public inputs"))
    proof = proof_from_json(load_json(proof_path, "proof"))
    be = get_backend()
    started = time.perf_counter()
    groth16.check_verifying_key(vk, be)
    groth16.check_public(vk, public)
    groth16.check_proof(proof, be)
    ok = groth16.verify(vk, public, proof, be)
    seconds = time.perf_counter() - started
    # snarkjs's names print snarkjs's verdicts ("OK!"), which build scripts grep for
    ok_text, bad_text = getattr(args, "verdicts", ("OK: the proof is valid",
                                                   "INVALID: the proof does not verify"))
    emit(
        args,
        ok_text if ok else bad_text,
        {"valid": ok, "seconds": round(seconds, 4), "backend": be.name},
    )
    return EXIT_OK if ok else EXIT_INVALID


def _verify_batch(args: argparse.Namespace) -> int:
    from circuits.bulk import verify_batch
    from zk.formats.snarkjs_json import load_verifying_key

    keys = [load_verifying_key(load_json(path, "verification key"))
            for path in args.files or ["verification_key.json"]]
    started = time.perf_counter()
    with progress(args, "batch") as step:
        report = verify_batch(args.batch, keys, progress=step)
    seconds = time.perf_counter() - started
    invalid = [{"line": bad.line, "input_line": bad.input_line, "reason": bad.reason}
               for bad in report.invalid]
    human = f"OK: all {report.valid} proofs are valid ({seconds:.2f} s)" if report.ok else (
        f"INVALID: {len(invalid)} of {report.total} lines do not hold a valid proof\n"
        + "\n".join(f"  line {bad['line']}{_input_line(bad['input_line'])}: {bad['reason']}"
                    for bad in invalid[:20])
        + (f"\n  … and {len(invalid) - 20} more (--json lists all)" if len(invalid) > 20 else "")
    )
    emit(args, human, {"valid": report.ok, "proofs": report.total, "valid_proofs": report.valid,
                       "invalid": invalid, "seconds": round(seconds, 4)})
    return EXIT_OK if report.ok else EXIT_INVALID


def _input_line(number: int | None) -> str:
    return "" if number is None else f" (input line {number})"


__all__ = ["register", "verify_one"]
