"""``zkgov ledger init | append | get | prove | checkpoint | audit | export | verify-receipt |
serve``.

```
zkgov ledger init --origin registry.example.gov/ledger     # ledger file, .key (0600), .pub
zkgov ledger append --commitment 123 --scheme poseidon --context "cohort 2024"
zkgov ledger append --proof proof.json --public public.json --vk verification_key.json \\
    --circuit-id age_over_18 --submitter clerk-7 --receipt receipt.json
zkgov ledger verify-receipt receipt.json --vkey zkgov-ledger.pub
zkgov ledger export bundle.tar.gz && zkgov ledger audit --bundle bundle.tar.gz --vkey KEY
zkgov ledger audit --vkey KEY --checkpoint kept-2024-06-01.txt   # the log still extends it
zkgov ledger audit --ledger https://log.example.gov --vkey KEY    # a served log, by URL
zkgov ledger serve --db postgresql://ledger@db/ledger --key ledger.key --port 8080
```

Exit codes: 0 success, 1 an audit or a verification said no, 2 bad input.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
from pathlib import Path
from typing import Any

from ledger.errors import InvalidProofError, SignatureError, WrongLogError
from zk.errors import ZkError
from zk.files import write_atomic
from zk.formats.jsonfile import JsonLimits, load_json, parse_json_text
from zk.formats.textfile import read_text
from zkgov.common import (
    EXIT_INVALID,
    EXIT_OK,
    CliError,
    add_output_options,
    emit,
    progress,
)

DEFAULT_LEDGER = "zkgov-ledger.sqlite"
#: Largest input file read (proof, key, receipt, context): far above any real one.
MAX_INPUT_FILE_BYTES = 4 * 1024 * 1024


def _read_json(path: str, what: str) -> Any:
    """Load a JSON input file, refusing oversized ones before reading them."""
    return load_json(path, what, limits=JsonLimits(max_bytes=MAX_INPUT_FILE_BYTES))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``zkgov ledger`` and its sub-commands to the ``zkgov`` parser."""
    top = sub.add_parser("ledger", help="append-only audit log of proofs and commitments")
    commands = top.add_subparsers(dest="ledger_command", metavar="COMMAND")

    def common(p: argparse.ArgumentParser, ledger: bool = True) -> None:
        if ledger:
            p.add_argument("--ledger", "--db", dest="ledger", default=DEFAULT_LEDGER,
                           help="the ledger: a file, sqlite:///path or postgresql://… "
                                f"(default: {DEFAULT_LEDGER})")
        add_output_options(p)

    p = commands.add_parser("init", help="create a ledger file and its Ed25519 signing key")
    p.add_argument("--origin", required=True,
                   help="the log's name, e.g. registry.example.gov/ledger (no spaces or '+')")
    p.add_argument("--key", help="where to write the private key (default: <ledger>.key, 0600)")
    p.add_argument("--vkey-out", help="where to write the public key (default: <ledger>.pub)")
    common(p)
    p.set_defaults(handler=cmd_init)

    p = commands.add_parser("append", help="verify a proof, or take a commitment, and append it")
    p.add_argument("--key", help="the ledger's signing key (default: <ledger>.key)")
    g = p.add_argument_group("a proof record (verified before it is appended)")
    g.add_argument("--proof", help="proof.json")
    g.add_argument("--public", help="public.json")
    g.add_argument("--vk", help="verification_key.json")
    g.add_argument("--circuit-id", help="name of the circuit the proof is for")
    g.add_argument("--submitter", help="who submitted the proof")
    g = p.add_argument_group("a commitment record")
    g.add_argument("--commitment", help="Poseidon: a field element; Pedersen: x,y")
    g.add_argument("--scheme", choices=("poseidon", "pedersen"), default="poseidon",
                   help="commitment scheme (default: poseidon)")
    g.add_argument("--context", help="what the commitment is about (free text)")
    g.add_argument("--context-file", help="what the commitment is about (a JSON object file)")
    p.add_argument("--receipt", help="write the receipt (JSON) to this file")
    common(p)
    p.set_defaults(handler=cmd_append)

    p = commands.add_parser("get", help="show one entry")
    p.add_argument("index", type=int)
    common(p)
    p.set_defaults(handler=cmd_get)

    p = commands.add_parser("prove", help="an inclusion proof (receipt) or a consistency proof")
    p.add_argument("--index", type=int, help="entry to prove (a receipt against the latest "
                                             "checkpoint, or a plain proof with --size)")
    p.add_argument("--size", type=int, help="tree size for a plain inclusion proof")
    p.add_argument("--from", dest="size1", type=int, help="older tree size (consistency)")
    p.add_argument("--to", dest="size2", type=int, help="newer tree size (default: current)")
    p.add_argument("--out", help="write the proof (JSON) to this file")
    common(p)
    p.set_defaults(handler=cmd_prove)

    p = commands.add_parser("checkpoint", help="print the latest signed checkpoint")
    p.add_argument("--size", type=int, help="the checkpoint signed at this size instead")
    common(p)
    p.set_defaults(handler=cmd_checkpoint)

    p = commands.add_parser("audit", help="recompute and check everything: exit 0 sound, 1 not")
    p.add_argument("--bundle", help="audit an exported bundle instead of the ledger file")
    p.add_argument("--vkey", help="the log's published public key (text or file) to trust")
    p.add_argument("--skip-proofs", action="store_true",
                   help="do not re-verify Groth16 proofs (faster; everything else is checked)")
    p.add_argument("--checkpoint", action="append", default=[], metavar="FILE",
                   help="a signed checkpoint you kept earlier: the log must still extend it "
                        "(repeatable)")
    common(p)
    p.set_defaults(handler=cmd_audit)

    p = commands.add_parser("serve", help="serve the log over HTTP (appends, tlog-tiles, "
                                          "receipt page)")
    p.add_argument("--key", help="the ledger's signing key (default: <ledger>.key; required "
                                 "for a database URL)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: "
                                                       "127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="port (default: 8080)")
    p.add_argument("--max-batch", type=int, default=4096,
                   help="most records appended in one transaction (default: 4096)")
    common(p)
    p.set_defaults(handler=cmd_serve)

    p = commands.add_parser("export", help="write a bundle an inspector can audit offline")
    p.add_argument("out", help="bundle directory, or an archive ending in .tar or .tar.gz")
    common(p)
    p.set_defaults(handler=cmd_export)

    p = commands.add_parser("verify-receipt", help="check a receipt offline: exit 0 valid, 1 not")
    p.add_argument("receipt", help="receipt.json from `append --receipt` or `prove --index`")
    p.add_argument("--vkey", required=True, help="the log's public key (text or .pub file)")
    p.add_argument("--origin", help="the log the receipt must be for (default: the key's name)")
    p.add_argument("--checkpoint", help="a signed checkpoint file to check against instead")
    common(p, ledger=False)
    p.set_defaults(handler=cmd_verify_receipt)

    top.set_defaults(handler=lambda _args: _usage(top))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _open(args: argparse.Namespace, signing: bool = False) -> Any:
    from ledger.keys import default_key_path, read_signer_key
    from ledger.log import Ledger

    signer = None
    if signing:
        signer = read_signer_key(args.key or default_key_path(args.ledger))
    return Ledger.open(args.ledger, signer)


def _write_or_print(args: argparse.Namespace, out: str | None, obj: dict[str, Any],
                    human: str) -> None:
    text = json.dumps(obj, indent=1, ensure_ascii=False) + "\n"
    if out:
        write_atomic(out, text)
        emit(args, f"{human}; written to {out}", obj)
    else:  # the proof itself is the output, in both human and --json modes
        print(text, end="")


# --- commands ------------------------------------------------------------------------------
def cmd_init(args: argparse.Namespace) -> int:
    from ledger.keys import (
        default_key_path,
        default_vkey_path,
        write_signer_key,
        write_verifier_key,
    )
    from ledger.log import Ledger
    from ledger.note import NoteSigner
    from ledger.storage import describe_location, engine_of
    from ledger.storage.url import sqlite_path

    ledger_path = describe_location(args.ledger)
    key_path = Path(args.key) if args.key else default_key_path(args.ledger)
    vkey_path = Path(args.vkey_out) if args.vkey_out else default_vkey_path(args.ledger)
    if engine_of(args.ledger) == "sqlite" and sqlite_path(args.ledger).exists():
        raise CliError(f"{ledger_path} already exists: choose another --ledger path")
    if key_path.exists():
        raise CliError(f"key file {key_path} already exists: refusing to overwrite a key")
    signer = NoteSigner.generate(args.origin)
    write_signer_key(key_path, signer)
    try:
        Ledger.create(args.ledger, signer).close()
    except BaseException:
        key_path.unlink(missing_ok=True)
        raise
    vkey = signer.verifier().vkey()
    write_verifier_key(vkey_path, signer.verifier())
    emit(
        args,
        f"created ledger {ledger_path} for {args.origin}\n"
        f"signing key: {key_path} (private, mode 0600: keep it safe)\n"
        f"public key:  {vkey_path}\n  {vkey}",
        {"ledger": str(ledger_path), "origin": args.origin, "key_file": str(key_path),
         "vkey_file": str(vkey_path), "verifier_key": vkey},
    )
    return EXIT_OK


def _admitted_from_args(args: argparse.Namespace) -> Any:
    from ledger.admission import admit_commitment, admit_proof

    proof_opts = {"--proof": args.proof, "--public": args.public, "--vk": args.vk,
                  "--circuit-id": args.circuit_id, "--submitter": args.submitter}
    given = [name for name, value in proof_opts.items() if value is not None]
    if args.commitment is not None:
        if given:
            raise CliError(f"give either a commitment or a proof, not both ({given[0]})")
        if args.context is not None and args.context_file is not None:
            raise CliError("give --context or --context-file, not both")
        context: Any = args.context or ""
        if args.context_file is not None:
            context = _read_json(args.context_file, "context file")
            if not isinstance(context, dict):
                raise CliError(f"{args.context_file}: the context must be a JSON object")
        return admit_commitment(args.commitment, args.scheme, context)
    missing = [name for name, value in proof_opts.items() if value is None]
    if len(missing) == len(proof_opts):
        raise CliError("nothing to append: give --commitment, or --proof/--public/--vk "
                       "with --circuit-id and --submitter")
    if missing:
        raise CliError(f"a proof record also needs {', '.join(missing)}")
    return admit_proof(
        _read_json(args.vk, "verification key"),
        _read_json(args.proof, "proof"),
        _read_json(args.public, "public inputs"),
        args.circuit_id,
        args.submitter,
    )


def cmd_append(args: argparse.Namespace) -> int:
    admitted = _admitted_from_args(args)  # checks (and verifies) before the ledger is opened
    with _open(args, signing=True) as log:
        receipt = log.append_batch([admitted])[0]
    body = receipt.to_json()
    human = (f"entry {receipt.index} appended to {receipt.origin} (tree size "
             f"{receipt.tree_size}), leaf hash {receipt.leaf_hash.hex()}")
    if args.receipt:
        write_atomic(args.receipt, json.dumps(body, indent=1, ensure_ascii=False) + "\n")
        human += f"; receipt written to {args.receipt}"
    emit(args, human, body)
    return EXIT_OK


def cmd_get(args: argparse.Namespace) -> int:
    with _open(args) as log:
        entry = log.entry(args.index)
    body = entry.to_json()
    if args.json:
        print(json.dumps(body, indent=2, ensure_ascii=False))
    else:
        print(f"entry {entry.index} ({entry.kind}), leaf hash {entry.leaf_hash.hex()}")
        print(json.dumps(body["record"], indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_prove(args: argparse.Namespace) -> int:
    inclusion = args.index is not None
    consistency = args.size1 is not None
    if inclusion == consistency:
        raise CliError("give --index (inclusion) or --from (consistency), exactly one")
    if inclusion and args.size2 is not None:
        raise CliError("--to belongs to a consistency proof (--from)")
    if consistency and args.size is not None:
        raise CliError("--size belongs to an inclusion proof (--index); use --to")
    with _open(args) as log:
        if inclusion and args.size is None:
            body = log.receipt(args.index).to_json()
            human = f"receipt for entry {args.index} against size {body['tree_size']}"
        elif inclusion:
            proof = log.inclusion_proof(args.index, args.size)
            body = {"index": args.index, "tree_size": args.size,
                    "leaf_hash": _b64(log.entry(args.index).leaf_hash),
                    "root": _b64(log.root(args.size)),
                    "inclusion_proof": [_b64(h) for h in proof]}
            human = f"inclusion proof of entry {args.index} in size {args.size}"
        else:
            size2 = log.size if args.size2 is None else args.size2
            proof = log.consistency_proof(args.size1, size2)
            body = {"size1": args.size1, "size2": size2, "root1": _b64(log.root(args.size1)),
                    "root2": _b64(log.root(size2)),
                    "consistency_proof": [_b64(h) for h in proof]}
            human = f"consistency proof from size {args.size1} to {size2}"
    _write_or_print(args, args.out, body, human)
    return EXIT_OK


def cmd_checkpoint(args: argparse.Namespace) -> int:
    from ledger.checkpoint import open_checkpoint

    with _open(args) as log:
        note = log.checkpoint(args.size)
        cp = open_checkpoint(note, log.verifier, log.origin)
    if args.json:
        print(json.dumps({"origin": cp.origin, "size": cp.size, "root": _b64(cp.root_hash),
                          "note": note}, indent=2))
    else:
        print(note, end="")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from ledger.audit import audit_bundle, audit_served, audit_storage
    from ledger.keys import read_verifier_key
    from ledger.remote import is_served
    from ledger.storage import Storage

    verifier = read_verifier_key(args.vkey) if args.vkey else None
    with progress(args, "auditing") as step:
        def on_progress(done: int, total: int) -> None:
            step.update(done, total)

        kept = [_read_text(path, "checkpoint") for path in args.checkpoint]
        if is_served(args.ledger):
            if verifier is None:
                raise CliError("auditing a served log needs its published key: --vkey")
            report = audit_served(args.ledger, verifier, not args.skip_proofs, on_progress,
                                  kept=kept)
        elif args.bundle:
            report = audit_bundle(args.bundle, verifier, not args.skip_proofs, on_progress,
                                  kept=kept)
        else:
            storage = Storage.open(args.ledger)
            try:
                report = audit_storage(storage, verifier, not args.skip_proofs, on_progress,
                                       kept=kept)
            finally:
                storage.close()
    source = args.bundle or args.ledger
    if report.ok:
        proofs = "proofs not re-verified" if report.proofs_skipped else (
            f"{report.proofs_verified} proofs re-verified")
        human = (f"OK: {source} ({report.origin}) — {report.entries_checked} entries, "
                 f"{proofs}, {report.checkpoints_checked} checkpoints, "
                 f"{report.nodes_checked} nodes; root {report.root.hex() if report.root else ''}"
                 f"; signing key: {report.key_source}")
    else:
        human = f"FAILED: {source} ({report.origin}) — {report.failure}"
    for note in report.notes:
        human += f"\nnote: {note}"
    emit(args, human, report.to_json())
    return EXIT_OK if report.ok else EXIT_INVALID


def _read_text(path: str, what: str) -> str:
    try:
        size = Path(path).stat().st_size
        if size > MAX_INPUT_FILE_BYTES:
            raise CliError(f"{what} {path} is {size} bytes; the limit is {MAX_INPUT_FILE_BYTES}")
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read {what} {path}: {exc}") from exc


def cmd_serve(args: argparse.Namespace) -> int:
    import sys

    from ledger.keys import default_key_path, read_signer_key
    from ledger.service.app import serve
    from ledger.storage import describe_location

    if not 0 < args.port < 65536:
        raise CliError(f"--port {args.port} is not a TCP port")
    if args.max_batch < 1:
        raise CliError("--max-batch must be at least 1")
    signer = read_signer_key(args.key or default_key_path(args.ledger))
    print(f"serving {describe_location(args.ledger)} ({signer.name}) at "
          f"http://{args.host}:{args.port}/ — Ctrl-C stops", file=sys.stderr, flush=True)
    serve(args.ledger, signer, host=args.host, port=args.port, max_batch=args.max_batch)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from ledger.remote import is_served

    if is_served(args.ledger):
        from ledger.bundle import export_bundle
        from ledger.remote import ServedSnapshot

        served = ServedSnapshot(args.ledger)
        size, path = served.size(), export_bundle(served, args.out)  # type: ignore[arg-type]
    else:
        with _open(args) as log:
            size = log.size
            path = log.export(args.out)
    emit(args, f"exported {size} entries of {args.ledger} to {path}",
         {"bundle": str(path), "size": size})
    return EXIT_OK


def cmd_verify_receipt(args: argparse.Namespace) -> int:
    from ledger.keys import read_verifier_key
    from ledger.receipt import Receipt

    verifier = read_verifier_key(args.vkey)
    receipt = Receipt.from_json(_read_json(args.receipt, "receipt"))
    checkpoint = None
    if args.checkpoint:
        checkpoint = read_text(args.checkpoint, "checkpoint", max_bytes=MAX_INPUT_FILE_BYTES)
    try:
        cp = receipt.verify(verifier, args.origin, checkpoint)
    except (InvalidProofError, SignatureError, WrongLogError) as exc:
        emit(args, f"INVALID: {exc}", {"valid": False, "reason": str(exc)})
        return EXIT_INVALID
    body = {"valid": True, "origin": cp.origin, "index": receipt.index, "tree_size": cp.size,
            "root": _b64(cp.root_hash), "leaf_hash": receipt.leaf_hash.hex()}
    with contextlib.suppress(ZkError, UnicodeDecodeError):
        if receipt.entry is not None:
            entry = receipt.entry
            text = entry.decode("utf-8") if isinstance(entry, bytes) else entry
            body["entry"] = parse_json_text(text, "receipt entry")
    emit(args, f"OK: entry {receipt.index} is in {cp.origin} at tree size {cp.size}", body)
    return EXIT_OK


__all__ = ["register"]
