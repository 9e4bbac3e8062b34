"""``zkgov mpc …``: run a department's party, make a test deployment, intersect ID lists.

* ``zkgov mpc init``  — parties.toml and certificates for a local test deployment;
* ``zkgov mpc certs`` — a CA and one certificate per party of an existing parties.toml;
* ``zkgov mpc party`` — share a CSV column and compute agreed statistics with the others;
* ``zkgov mpc psi``   — private set intersection of two parties' ID columns;
* ``zkgov mpc prove`` — one Groth16 proof made jointly from inputs no party pools.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from mpc.errors import MpcConfigError
from zk.files import read_bytes, write_atomic
from zkgov.common import (
    EXIT_OK,
    add_output_options,
    emit,
    progress,
    run_handler,
)

# The handlers import the protocol stack (numpy, numba, cryptography) when they run, so that
# `zkgov --help` and the other sub-commands do not pay for it.
STATISTICS = ("count", "sum", "total", "mean", "variance", "pvariance", "stdev", "min", "max")
FIELD_NAMES = ("goldilocks", "p64", "bn254")

PARTY_EPILOG = """\
Every department runs the same command with its own --id and --input; the options that define
the computation (--compute, --histogram, --count-if, --bits, --frac-bits, --reveal-to) must be
identical everywhere, or the parties refuse to connect. Example, 3 departments:

  zkgov mpc init --parties 3 --out deploy            # once: parties.toml + certificates
  zkgov mpc party --id 1 --config deploy/parties.toml --input tax.csv --column income \\
        --compute count,mean,stdev,min,max --histogram 0,20000,50000 --count-if '<20000'

Statistics: count, sum (of all records), total (joint total: each department shares only its
own subtotal), mean, variance (sample), pvariance (population), stdev, min, max.
Each party's file is read only by that party; nothing but the results is revealed, and only to
the parties in --reveal-to (all by default). Connections use mutual TLS; --insecure-plaintext
is accepted only when every party is on a loopback address.
"""


#: The stages `zkgov mpc prove` shows, in order (run_prove reports the end of each).
PROVE_PHASES = ("connecting", "checking the circuit and key", "sharing inputs",
                "computing the witness on shares", "checking the statement",
                "proving on shares", "opening the proof")

PROVE_EPILOG = """\
Every party runs the same command with its own --id and --inputs; the circuit, the proving
key and --reveal-to must be the same everywhere, or the parties refuse to connect. Each
inputs file names only the inputs that party holds: a private input has exactly one owner;
a public input may be given by several parties, who must agree. Example, 3 departments:

  zkgov compile circuits.gov.joint_income:JointIncomeBelow --name joint
  zkgov setup joint --ptau pot12.ptau
  zkgov mpc prove joint --id 1 --config deploy/parties.toml --inputs tax.json

Nothing is revealed but the proof and the circuit's public values, and only to the parties
in --reveal-to. Joint inputs that do not satisfy the circuit (a false statement) stop every
party with exit 2 and no proof; so does a party that stops or stalls (after --timeout).
"""


def register(subparsers: Any) -> None:
    """Add ``zkgov mpc`` with its steps ``init``, ``certs``, ``party`` and ``psi`` to the parser."""
    mpc = subparsers.add_parser("mpc", help="secret-shared computation between departments",
                                description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = mpc.add_subparsers(dest="mpc_command", metavar="MPC_COMMAND")

    init = sub.add_parser("init", help="write parties.toml and certificates for a local test "
                          "deployment")
    init.add_argument("--parties", type=int, required=True, help="number of parties (≥ 3)")
    init.add_argument("--out", required=True, help="directory to create")
    init.add_argument("--host", default="127.0.0.1", help="host of every party")
    init.add_argument("--base-port", type=int, default=7001, help="party i listens on base+i−1")
    init.add_argument("--threshold", type=int, help="t (default ⌊(n−1)/2⌋)")
    init.add_argument("--field", default="goldilocks",
                      help=f"{', '.join(FIELD_NAMES)} or a prime (default goldilocks)")
    init.add_argument("--days", type=int, default=30, help="certificate validity")
    init.add_argument("--force", action="store_true", help="replace existing files")
    init.add_argument("--quiet", "-q", action="store_true", help="no chatter")
    init.set_defaults(handler=_init)

    certs = sub.add_parser("certs", help="make a CA and one certificate per party of a "
                           "parties.toml (written where the file says)")
    certs.add_argument("--config", required=True, help="parties.toml")
    certs.add_argument("--days", type=int, default=30, help="certificate validity")
    certs.add_argument("--force", action="store_true", help="replace existing files")
    certs.add_argument("--quiet", "-q", action="store_true", help="no chatter")
    certs.set_defaults(handler=_certs)

    ca = sub.add_parser("ca", help="coordinator: make the deployment's CA (ca.pem for everyone, "
                        "ca.key kept by the coordinator)")
    ca.add_argument("--out", required=True, help="directory for ca.pem and ca.key")
    ca.add_argument("--days", type=int, default=365, help="validity (default 365)")
    ca.add_argument("--force", action="store_true", help="replace existing files")
    add_output_options(ca)
    ca.set_defaults(handler=_ca)

    keygen = sub.add_parser("keygen", help="department: make this party's key and a "
                            "certificate request, on its own machine")
    keygen.add_argument("--id", type=int, required=True, help="this party's id")
    keygen.add_argument("--host", required=True, help="the host name or address it listens on")
    keygen.add_argument("--out", required=True,
                        help="directory for party-<id>.key (never leaves it) and party-<id>.csr")
    keygen.add_argument("--force", action="store_true", help="replace existing files")
    add_output_options(keygen)
    keygen.set_defaults(handler=_keygen)

    sign = sub.add_parser("sign", help="coordinator: certify a department's request")
    sign.add_argument("--ca", required=True, help="the directory made by `zkgov mpc ca`")
    sign.add_argument("--id", type=int, required=True, help="the party id the request is for")
    sign.add_argument("--csr", required=True, help="party-<id>.csr from `zkgov mpc keygen`")
    sign.add_argument("--out", required=True, help="certificate to write (party-<id>.pem)")
    sign.add_argument("--days", type=int, default=365, help="validity (default 365)")
    add_output_options(sign)
    sign.set_defaults(handler=_sign)

    party = sub.add_parser("party", help="run one department's party",
                           epilog=PARTY_EPILOG,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    party.add_argument("--id", type=int, required=True, help="this party's id in parties.toml")
    party.add_argument("--config", required=True, help="parties.toml")
    party.add_argument("--input", required=True, help="this party's CSV file (header row)")
    party.add_argument("--column", help="column to use (needed when the file has several)")
    party.add_argument("--compute", default="count,mean",
                       help=f"comma-separated statistics: {', '.join(STATISTICS)}")
    party.add_argument("--histogram", metavar="EDGES",
                       help="public bin edges, e.g. 0,10000,20000 (adds below/above bins); write "
                       "--histogram=-10,0,10 when the first edge is negative")
    party.add_argument("--count-if", action="append", default=[], metavar="COND",
                       help="count records matching COND, e.g. '<20000', '>=18', '==0' "
                       "(repeatable)")
    party.add_argument("--bits", type=int, default=32,
                       help="values (scaled by 2^frac-bits) are BITS-bit signed integers")
    party.add_argument("--frac-bits", type=int, default=0,
                       help="fixed-point fractional bits for decimal data (default 0)")
    party.add_argument("--reveal-to", help="comma-separated party ids that learn the results "
                       "(default: all)")
    party.add_argument("--timeout", type=float,
                       help="seconds to wait for the other parties to connect and for any "
                       "message before naming the silent party (default: parties.toml's "
                       "timeout and connect_timeout)")
    party.add_argument("--cert", help="this party's certificate (default: parties.toml)")
    party.add_argument("--key", help="this party's private key (default: parties.toml)")
    party.add_argument("--insecure-plaintext", action="store_true",
                       help="no TLS (only when every party is on a loopback address)")
    party.add_argument("--output", help="also write the results as JSON to this file")
    party.add_argument("--json", action="store_true", help="print results as JSON")
    party.add_argument("--quiet", action="store_true", help="print nothing on success")
    party.set_defaults(handler=_party)

    psi = sub.add_parser("psi", help="private set intersection with one other party")
    psi.add_argument("--id", type=int, required=True, help="this party's id in parties.toml")
    psi.add_argument("--with", dest="peer", type=int, required=True, help="the other party")
    psi.add_argument("--config", required=True, help="parties.toml")
    psi.add_argument("--input", required=True, help="CSV file of identifiers (header row)")
    psi.add_argument("--column", help="column of identifiers")
    psi.add_argument("--size-only", action="store_true",
                     help="reveal only how many identifiers are shared (both must pass it)")
    psi.add_argument("--timeout", type=float, help="seconds to wait for the other party")
    psi.add_argument("--cert", help="this party's certificate (default: parties.toml)")
    psi.add_argument("--key", help="this party's private key (default: parties.toml)")
    psi.add_argument("--insecure-plaintext", action="store_true",
                     help="no TLS (only on loopback)")
    psi.add_argument("--output", help="also write the result as JSON to this file")
    psi.add_argument("--json", action="store_true")
    psi.add_argument("--quiet", action="store_true")
    psi.set_defaults(handler=_psi)

    prove = sub.add_parser("prove", help="prove a circuit jointly: each party brings its own "
                           "inputs, one ordinary Groth16 proof comes out",
                           epilog=PROVE_EPILOG,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    prove.add_argument("name", help="base name from `zkgov compile` (reads <name>.circuit.json "
                       "and <name>.zkey)")
    prove.add_argument("--id", type=int, required=True, help="this party's id in parties.toml")
    prove.add_argument("--config", required=True, help="parties.toml")
    prove.add_argument("--inputs", "-i", required=True,
                       help="JSON file of the circuit inputs this party holds")
    prove.add_argument("--zkey", help="proving key (default: <name>.zkey)")
    prove.add_argument("--proof", default="proof.json", help="output proof (default: "
                       "proof.json; written only at the parties in --reveal-to)")
    prove.add_argument("--public", default="public.json", help="output public values")
    prove.add_argument("--reveal-to", help="comma-separated party ids that receive the proof "
                       "and public values (default: all)")
    prove.add_argument("--timeout", type=float,
                       help="seconds to wait for any message before naming the silent party "
                       "(default: parties.toml, else 30)")
    prove.add_argument("--insecure-plaintext", action="store_true",
                       help="no TLS (only when every party is on a loopback address)")
    prove.add_argument("--json", action="store_true", help="print the result as JSON")
    prove.add_argument("--quiet", action="store_true", help="print nothing on success")
    prove.set_defaults(handler=_prove)
    mpc.set_defaults(handler=lambda args: (mpc.print_help(), 2)[1])


def _ids(text: str | None) -> tuple[int, ...] | None:
    if text is None:
        return None
    try:
        ids = tuple(sorted({int(v) for v in text.split(",") if v.strip()}))
    except ValueError as exc:
        raise MpcConfigError(f"--reveal-to must list party ids, got {text!r}") from exc
    if not ids:
        raise MpcConfigError("--reveal-to names no party")
    return ids


def _init(args: argparse.Namespace) -> int:
    n = args.parties
    t = (n - 1) // 2 if args.threshold is None else args.threshold
    out = Path(args.out)
    lines = ["# zkgov MPC test deployment (made by `zkgov mpc init`)", "[mpc]",
             f"threshold = {t}", f'field = "{args.field}"', "timeout = 30",
             'ca = "certs/ca.pem"', ""]
    for i in range(1, n + 1):
        lines += ["[[party]]", f"id = {i}", f'host = "{args.host}"',
                  f"port = {args.base_port + i - 1}", f'cert = "certs/party-{i}.pem"',
                  f'key = "certs/party-{i}.key"', ""]
    text = "\n".join(lines)
    from mpc.config import parse_config

    config = parse_config(text, out, out / "parties.toml")
    target = out / "parties.toml"
    if target.exists() and not args.force:
        raise MpcConfigError(f"{target} already exists (pass --force to replace it)")
    _issue(config, args.days, args.force)
    write_atomic(target, text)
    emit(args, f"wrote {target} and certificates for {n} parties under {out / 'certs'}")
    return EXIT_OK


def _issue(config: Any, days: int, force: bool) -> None:
    from mpc.certs import issue, write_set

    missing = [p.id for p in config.parties.values() if p.cert is None or p.key is None]
    if config.ca is None or missing:
        raise MpcConfigError("parties.toml must give [mpc] ca and each party's cert and key "
                             "paths for the certificates to be written")
    issued = issue({p.id: p.host for p in config.parties.values()}, days)
    write_set(issued, config.ca, {p.id: (p.cert, p.key) for p in config.parties.values()},
              overwrite=force)


def _certs(args: argparse.Namespace) -> int:
    from mpc.config import load_config

    config = load_config(args.config)
    _issue(config, args.days, args.force)
    emit(args, f"wrote a CA and {config.n} party certificates for {args.config}")
    return EXIT_OK


def _refuse_existing(paths: list[Path], force: bool) -> None:
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        raise MpcConfigError(f"{existing[0]} already exists (pass --force to replace it)")


def _ca(args: argparse.Namespace) -> int:
    from mpc.certs import fingerprint, make_ca

    out = Path(args.out)
    cert_path, key_path = out / "ca.pem", out / "ca.key"
    _refuse_existing([cert_path, key_path], args.force)
    cert_pem, key_pem = make_ca(args.days)
    write_atomic(key_path, key_pem, secret=True)
    write_atomic(cert_path, cert_pem)
    emit(args, f"wrote {cert_path} (give it to every department) and {key_path} (keep it "
         f"here)\nCA fingerprint: {fingerprint(cert_pem)}",
         {"ca": str(cert_path), "key": str(key_path), "fingerprint": fingerprint(cert_pem)})
    return EXIT_OK


def _keygen(args: argparse.Namespace) -> int:
    from mpc.certs import fingerprint, make_party_key

    out = Path(args.out)
    key_path, csr_path = out / f"party-{args.id}.key", out / f"party-{args.id}.csr"
    _refuse_existing([key_path, csr_path], args.force)
    key_pem, csr_pem = make_party_key(args.id, args.host)
    write_atomic(key_path, key_pem, secret=True)
    write_atomic(csr_path, csr_pem)
    emit(args, f"wrote {key_path} (keep it on this machine) and {csr_path} (send it to the "
         f"coordinator)\nrequest fingerprint (confirm it with the coordinator): "
         f"{fingerprint(csr_pem)}",
         {"key": str(key_path), "csr": str(csr_path), "fingerprint": fingerprint(csr_pem)})
    return EXIT_OK


def _sign(args: argparse.Namespace) -> int:
    from mpc.certs import fingerprint, sign_request

    folder = Path(args.ca)
    ca_cert = read_bytes(folder / "ca.pem", "CA certificate")
    ca_key = read_bytes(folder / "ca.key", "CA key")
    csr = read_bytes(args.csr, "certificate request")
    cert_pem = sign_request(ca_cert, ca_key, csr, args.id, args.days)
    write_atomic(args.out, cert_pem)
    emit(args, f"wrote {args.out} for party {args.id}; key fingerprint {fingerprint(cert_pem)}"
         " (it must match the one the department read out)",
         {"certificate": args.out, "party": args.id, "fingerprint": fingerprint(cert_pem)})
    return EXIT_OK


def _own_config(args: argparse.Namespace) -> Any:
    """parties.toml, with this party's --cert/--key when given."""
    from mpc.config import load_config

    config = load_config(args.config)
    if args.id not in config.parties:
        raise MpcConfigError(f"party {args.id} is not in {args.config} (ids 1..{config.n})")
    if args.cert or args.key:
        config = config.with_own_files(args.id, Path(args.cert) if args.cert else None,
                                       Path(args.key) if args.key else None)
    return config


def _jsonable(value: Any) -> Any:
    if isinstance(value, Fraction):
        return str(value)
    return value


def _party(args: argparse.Namespace) -> int:
    from mpc.inputs import read_column
    from mpc.party import (
        Job,
        parse_condition,
        parse_edges,
        parse_statistics,
        run_party,
        steps,
    )

    config = _own_config(args)
    if not 2 <= args.bits <= 62:
        raise MpcConfigError("--bits must be between 2 and 62")
    if not 0 <= args.frac_bits < args.bits:
        raise MpcConfigError("--frac-bits must be between 0 and --bits − 1")
    job = Job(statistics=parse_statistics(args.compute),
              histogram=parse_edges(args.histogram) if args.histogram else (),
              conditions=tuple(parse_condition(c) for c in args.count_if),
              bits=args.bits, frac_bits=args.frac_bits, reveal_to=_ids(args.reveal_to))
    if job.reveal_to is not None and not set(job.reveal_to) <= set(config.parties):
        raise MpcConfigError(f"--reveal-to names a party that is not in {args.config}")
    if not job.statistics and not job.histogram and not job.conditions:
        raise MpcConfigError("nothing to compute: give --compute, --histogram or --count-if")
    values = read_column(args.input, args.column, job.bits, job.frac_bits)
    with progress(args, f"party {args.id}") as step:
        step("sharing and computing", 0, 1 + steps(job))
        outcome = run_party(config, args.id, job, values, plaintext=args.insecure_plaintext,
                            timeout=args.timeout, on_step=step.advance)
    for culprit in outcome.corrected_parties:
        print(f"zkgov: warning: party {culprit} sent wrong shares; Reed–Solomon decoding "
              "identified and corrected them", file=sys.stderr)
    report: dict[str, Any] = {"party": args.id, "parties": config.n,
                              "threshold": config.threshold, "field": config.field.name,
                              "revealed_to": list(job.reveal_to or range(1, config.n + 1)),
                              "corrected_parties": list(outcome.corrected_parties)}
    if outcome.results is None:
        report["results"] = None
        human = (f"party {args.id}: done; results were revealed only to parties "
                 f"{', '.join(map(str, job.reveal_to or ()))}")
    else:
        report.update(outcome.results)
        human = "\n".join(f"{k}: {v}" for k, v in outcome.results["results"].items())
    if args.output:
        write_atomic(args.output, json.dumps(report, indent=1, default=_jsonable) + "\n")
    emit(args, human, report)
    return EXIT_OK


def _psi(args: argparse.Namespace) -> int:
    from mpc.config import session_digest
    from mpc.inputs import read_ids
    from mpc.psi import intersect
    from mpc.session import open_network

    config = _own_config(args)
    if args.peer == args.id or args.peer not in config.parties:
        raise MpcConfigError(f"--with must name another party of {args.config}")
    items = read_ids(args.input, args.column)
    job = {"psi": sorted((args.id, args.peer)), "size_only": args.size_only}
    network = open_network(config, args.id, session_digest(config, job),
                           args.insecure_plaintext, args.timeout, only=(args.id, args.peer))
    try:
        result = intersect(network, args.peer, items, args.size_only)
    except BaseException:
        network.abort(f"party {args.id} stopped during the intersection")
        raise
    network.close()
    if isinstance(result, int):
        report: dict[str, Any] = {"party": args.id, "with": args.peer, "size": result}
        human = f"{result} identifiers are in both sets"
    else:
        report = {"party": args.id, "with": args.peer, "size": len(result),
                  "intersection": result}
        human = "\n".join(result) if result else "(no identifier in common)"
    if args.output:
        write_atomic(args.output, json.dumps(report, indent=1) + "\n")
    emit(args, human, report)
    return EXIT_OK


def _prove(args: argparse.Namespace) -> int:
    from circuits.artifact import find_artifact
    from mpc.collab import run_prove
    from mpc.collab.session import file_digest
    from mpc.config import load_config
    from zk.files import read_bytes, write_json_atomic
    from zk.formats.jsonfile import load_json
    from zk.formats.snarkjs_json import proof_to_json, public_to_json
    from zk.formats.zkey import read_zkey

    config = load_config(args.config)
    if args.id not in config.parties:
        raise MpcConfigError(f"party {args.id} is not in {args.config} (ids 1..{config.n})")
    receivers = _ids(args.reveal_to)
    if receivers is not None and not set(receivers) <= set(config.parties):
        raise MpcConfigError(f"--reveal-to names a party that is not in {args.config}")
    artifact = find_artifact(args.name)
    zkey_path = Path(args.zkey) if args.zkey else artifact.zkey_path
    zkey_bytes = read_bytes(zkey_path, "proving key")
    pk = read_zkey(zkey_bytes)
    inputs = load_json(args.inputs, "inputs file")
    with progress(args, f"party {args.id}") as step:
        step(PROVE_PHASES[0], 0, len(PROVE_PHASES))
        finished = iter(range(1, len(PROVE_PHASES)))

        def next_phase(_done: str) -> None:
            k = next(finished, None)
            if k is not None:
                step(PROVE_PHASES[k], k, len(PROVE_PHASES))

        result = run_prove(config, args.id, artifact, pk, file_digest(zkey_bytes), inputs,
                           receivers, plaintext=args.insecure_plaintext,
                           timeout=args.timeout, on_step=next_phase)
    report: dict[str, Any] = {"party": args.id, "parties": config.n,
                              "revealed_to": list(receivers or range(1, config.n + 1)),
                              "seconds": result.seconds, "rounds": result.rounds,
                              "bytes_sent": result.bytes_sent}
    if result.proof is None or result.public is None:
        human = (f"party {args.id}: done; the proof went to parties "
                 f"{', '.join(map(str, report['revealed_to']))}")
    else:
        write_json_atomic(args.proof, proof_to_json(result.proof))
        write_json_atomic(args.public, public_to_json(result.public))
        report.update(proof=args.proof, public=args.public,
                      public_values=dict(zip(artifact.public, map(str, result.public),
                                             strict=False)))
        human = (f"party {args.id}: wrote {args.proof} and {args.public} "
                 f"({sum(result.seconds.values()):.2f} s, {result.rounds} rounds, "
                 f"{result.bytes_sent} bytes sent)")
    emit(args, human, report)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m zkgov.commands.mpc …``: the ``zkgov mpc`` commands without loading the
    other command modules (a party process starts faster); same options, output and exit codes."""
    parser = argparse.ArgumentParser(prog="zkgov")
    register(parser.add_subparsers(dest="command", metavar="COMMAND"))
    args = parser.parse_args(["mpc", *(sys.argv[1:] if argv is None else argv)])
    return run_handler(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
