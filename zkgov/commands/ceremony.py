"""``zkgov ptau …`` and ``zkgov ceremony …``: trusted-setup ceremonies, one file in, one out.

```
zkgov ptau new 12 pot_0000.ptau
zkgov ptau contribute pot_0000.ptau pot_0001.ptau --name "Ministry of Health" [-e TEXT]
zkgov ptau beacon pot_0002.ptau pot_beacon.ptau <hex> 10 --name "Final beacon"
zkgov ptau verify pot_beacon.ptau
zkgov ptau prepare pot_beacon.ptau pot_final.ptau

zkgov ceremony new circuit.r1cs pot_final.ptau c_0000.zkey
zkgov ceremony contribute c_0000.zkey c_0001.zkey --name "Tax office" [-e TEXT]
zkgov ceremony beacon c_0002.zkey c_final.zkey <hex> 10 --name "Final beacon"
zkgov ceremony verify circuit.r1cs pot_final.ptau c_final.zkey
zkgov ceremony export verificationkey c_final.zkey verification_key.json
```

``verify`` exits 0 when everything checks, 1 when a contribution (named in the message) or
the key fails, 2 on unreadable or mismatched files. Files are snarkjs's, so any step may be
done with ``snarkjs powersoftau …`` / ``snarkjs zkey …`` instead.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from zk.files import read_bytes, write_atomic
from zkgov.common import (
    EXIT_INVALID,
    EXIT_OK,
    CliError,
    add_output_options,
    emit,
    progress,
)

if TYPE_CHECKING:
    import argparse

    from zk.ceremony.report import VerificationReport


def _contributor(p: argparse.ArgumentParser, entropy: bool) -> None:
    p.add_argument("--name", "-n", help="who contributes (recorded in the file, ≤ 64 chars)")
    if entropy:
        p.add_argument(
            "--entropy", "-e",
            help="extra random text mixed into the system randomness (optional; never stored)",
        )


def _beacon_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("beacon", help="the beacon value in hex (e.g. a future block hash)")
    p.add_argument("iterations", help="exponent e: the beacon is hashed 2^e times (10 … 63)")


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``zkgov ptau`` (new, contribute, beacon, verify, prepare) and ``zkgov ceremony``
    (new, contribute, beacon, verify, export verificationkey) to the ``zkgov`` parser."""
    ptau = sub.add_parser("ptau", help="phase 1: powers of tau (.ptau), as snarkjs powersoftau")
    psub = ptau.add_subparsers(dest="ptau_command", metavar="STEP")
    ptau.set_defaults(handler=lambda _args: _usage(ptau))

    p = psub.add_parser("new", help="start a powers-of-tau file (every point a generator)")
    p.add_argument("power", type=int, help="log2 of the largest circuit domain (1 … 28)")
    p.add_argument("output", help="the new .ptau")
    add_output_options(p)
    p.set_defaults(handler=cmd_ptau_new)

    p = psub.add_parser("contribute", help="add your randomness to a .ptau")
    p.add_argument("input")
    p.add_argument("output")
    _contributor(p, entropy=True)
    add_output_options(p)
    p.set_defaults(handler=cmd_ptau_contribute)

    p = psub.add_parser("beacon", help="close phase 1 with public beacon randomness")
    p.add_argument("input")
    p.add_argument("output")
    _beacon_args(p)
    _contributor(p, entropy=False)
    add_output_options(p)
    p.set_defaults(handler=cmd_ptau_beacon)

    p = psub.add_parser("verify", help="check every contribution of a .ptau")
    p.add_argument("input")
    add_output_options(p)
    p.set_defaults(handler=cmd_ptau_verify)

    p = psub.add_parser("prepare", help="add the Lagrange sections phase 2 needs")
    p.add_argument("input")
    p.add_argument("output")
    add_output_options(p)
    p.set_defaults(handler=cmd_ptau_prepare)

    cer = sub.add_parser("ceremony", help="phase 2: the circuit's key (.zkey), as snarkjs zkey")
    csub = cer.add_subparsers(dest="ceremony_command", metavar="STEP")
    cer.set_defaults(handler=lambda _args: _usage(cer))

    p = csub.add_parser("new", help="the initial key from a circuit and a prepared .ptau")
    p.add_argument("r1cs")
    p.add_argument("ptau")
    p.add_argument("output", help="the initial .zkey (e.g. c_0000.zkey)")
    add_output_options(p)
    p.set_defaults(handler=cmd_ceremony_new)

    p = csub.add_parser("contribute", help="add your randomness to a .zkey")
    p.add_argument("input")
    p.add_argument("output")
    _contributor(p, entropy=True)
    add_output_options(p)
    p.set_defaults(handler=cmd_ceremony_contribute)

    p = csub.add_parser("beacon", help="close phase 2 with public beacon randomness")
    p.add_argument("input")
    p.add_argument("output")
    _beacon_args(p)
    _contributor(p, entropy=False)
    add_output_options(p)
    p.set_defaults(handler=cmd_ceremony_beacon)

    p = csub.add_parser("verify", help="check a .zkey against its circuit and .ptau")
    p.add_argument("r1cs")
    p.add_argument("ptau")
    p.add_argument("zkey")
    add_output_options(p)
    p.set_defaults(handler=cmd_ceremony_verify)

    p = csub.add_parser("export", help="export from a .zkey")
    esub = p.add_subparsers(dest="export_command", metavar="WHAT")
    p.set_defaults(handler=lambda _args, p=p: _usage(p))
    e = esub.add_parser("verificationkey", help="write verification_key.json (snarkjs format)")
    e.add_argument("zkey")
    e.add_argument("output", nargs="?", default="verification_key.json")
    add_output_options(e)
    e.set_defaults(handler=cmd_ceremony_export_vk)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _run(args: Any, what: str, fn: Callable[[Callable[[str], None]], Any]) -> Any:
    with progress(args, what) as report:
        return fn(report)


def _check_distinct(args: Any) -> None:
    if args.input == args.output:
        raise CliError("the output must be a new file, not the input (each step keeps its input)")


def _contribution_out(args: Any, kind: str, digest: bytes, extra: dict[str, Any]) -> None:
    from zk.ceremony.transcript import format_hash

    human = (f"wrote {args.output}\n{kind} hash (publish it so others can check the transcript):"
             f"\n{format_hash(digest)}")
    emit(args, human, {"output": args.output, "name": args.name, "hash": digest.hex(), **extra})


def _report_out(args: Any, report: VerificationReport, ok_text: str) -> int:
    from zk.ceremony.transcript import format_hash

    lines = []
    for c in report.contributions:
        beacon = (f" (beacon {c.beacon.value.hex()}, 2^{c.beacon.iterations_exp} iterations)"
                  if c.beacon else "")
        lines.append(f"contribution {c.label}{beacon}:\n{format_hash(c.hash)}")
    if report.ok:
        lines.append(ok_text)
    else:
        lines.extend(f"INVALID: {message}" for message in report.failures)
    emit(args, "\n".join(lines), report.to_json())
    return EXIT_OK if report.ok else EXIT_INVALID


# ----- phase 1 ---------------------------------------------------------------------------------

def cmd_ptau_new(args: Any) -> int:
    """``zkgov ptau new POWER OUTPUT``: write a fresh 2^POWER ``.ptau`` whose points are all
    generators (no contributions yet)."""
    from zk.ceremony import phase1

    write_atomic(args.output, phase1.new(args.power))
    emit(args, f"wrote {args.output} (power {args.power}, no contributions yet)",
         {"output": args.output, "power": args.power})
    return EXIT_OK


def cmd_ptau_contribute(args: Any) -> int:
    """``zkgov ptau contribute INPUT OUTPUT``: add fresh randomness (mixed with
    ``--entropy``) to a ``.ptau`` and print the response hash to publish."""
    from zk.ceremony import phase1

    _check_distinct(args)
    data = read_bytes(args.input, ".ptau")
    result = _run(args, "contributing", lambda step: phase1.contribute(
        data, name=args.name, entropy=args.entropy, progress=step))
    write_atomic(args.output, result.data)
    _contribution_out(args, "response", result.response_hash,
                      {"next_challenge": result.next_challenge.hex()})
    return EXIT_OK


def cmd_ptau_beacon(args: Any) -> int:
    """``zkgov ptau beacon INPUT OUTPUT BEACON E``: a last contribution derived from a
    public beacon value hashed 2^E times; prints the response hash."""
    from zk.ceremony import phase1
    from zk.ceremony.beacon import Beacon

    _check_distinct(args)
    beacon = Beacon.parse(args.beacon, args.iterations)
    data = read_bytes(args.input, ".ptau")
    result = _run(args, "applying the beacon", lambda step: phase1.apply_beacon(
        data, beacon, name=args.name, progress=step))
    write_atomic(args.output, result.data)
    _contribution_out(args, "response", result.response_hash,
                      {"next_challenge": result.next_challenge.hex()})
    return EXIT_OK


def cmd_ptau_verify(args: Any) -> int:
    """``zkgov ptau verify INPUT``: check every contribution of a ``.ptau`` and list their
    hashes; exit 0 when all hold, 1 when one fails (named in the message)."""
    from zk.ceremony import phase1

    data = read_bytes(args.input, ".ptau")
    report = _run(args, "verifying", lambda step: phase1.verify(data, progress=step))
    return _report_out(args, report, getattr(args, "ok_text", "Powers of tau OK"))


def cmd_ptau_prepare(args: Any) -> int:
    """``zkgov ptau prepare INPUT OUTPUT``: add the Lagrange-basis sections (12 … 15)
    that phase 2 needs, as ``snarkjs powersoftau prepare phase2`` does."""
    from zk.ceremony import phase1

    _check_distinct(args)
    data = read_bytes(args.input, ".ptau")
    out = _run(args, "computing the Lagrange bases", lambda step: phase1.prepare(
        data, progress=step))
    write_atomic(args.output, out)
    emit(args, f"wrote {args.output} (prepared for phase 2)", {"output": args.output})
    return EXIT_OK


# ----- phase 2 ---------------------------------------------------------------------------------

def cmd_ceremony_new(args: Any) -> int:
    """``zkgov ceremony new R1CS PTAU OUTPUT``: the initial ``.zkey`` of a circuit from a
    prepared ``.ptau``; its γ equals δ, so it is forgeable until someone contributes."""
    from zk.ceremony import phase2

    r1cs = read_bytes(args.r1cs, ".r1cs")
    ptau = read_bytes(args.ptau, ".ptau")
    out = _run(args, "building the initial key", lambda step: phase2.new(
        r1cs, ptau, progress=step))
    write_atomic(args.output, out)
    emit(args, f"wrote {args.output} (no contributions yet: not safe to use until there are)",
         {"output": args.output})
    return EXIT_OK


def cmd_ceremony_contribute(args: Any) -> int:
    """``zkgov ceremony contribute INPUT OUTPUT``: add fresh randomness to a
    ``.zkey`` (δ changes) and print the contribution hash to publish."""
    from zk.ceremony import phase2

    _check_distinct(args)
    data = read_bytes(args.input, ".zkey")
    result = _run(args, "contributing", lambda step: phase2.contribute(
        data, name=args.name, entropy=args.entropy, progress=step))
    write_atomic(args.output, result.data)
    _contribution_out(args, "contribution", result.contribution_hash, {})
    return EXIT_OK


def cmd_ceremony_beacon(args: Any) -> int:
    """``zkgov ceremony beacon INPUT OUTPUT BEACON E``: a last phase-2 contribution
    derived from a public beacon value hashed 2^E times; prints the contribution hash."""
    from zk.ceremony import phase2
    from zk.ceremony.beacon import Beacon

    _check_distinct(args)
    beacon = Beacon.parse(args.beacon, args.iterations)
    data = read_bytes(args.input, ".zkey")
    result = _run(args, "applying the beacon", lambda step: phase2.apply_beacon(
        data, beacon, name=args.name, progress=step))
    write_atomic(args.output, result.data)
    _contribution_out(args, "contribution", result.contribution_hash, {})
    return EXIT_OK


def cmd_ceremony_verify(args: Any) -> int:
    """``zkgov ceremony verify R1CS PTAU ZKEY``: check that the ``.zkey`` belongs to the
    circuit and the ``.ptau`` and that every contribution holds; exit 0 valid, 1 invalid."""
    from zk.ceremony import phase2

    r1cs = read_bytes(args.r1cs, ".r1cs")
    ptau = read_bytes(args.ptau, ".ptau")
    zkey = read_bytes(args.zkey, ".zkey")
    report = _run(args, "verifying", lambda step: phase2.verify(r1cs, ptau, zkey,
                                                                 progress=step))
    return _report_out(args, report, getattr(args, "ok_text", "ZKey OK"))


def cmd_ceremony_export_vk(args: Any) -> int:
    """``zkgov ceremony export verificationkey ZKEY [OUTPUT]``: write snarkjs's
    ``verification_key.json``; warns when γ₂ = δ₂ (anyone could forge proofs for that key)."""
    from zkgov.commands.interop import export_vk_file

    export_vk_file(args.zkey, args.output)
    emit(args, f"wrote {args.output}", {"output": args.output})
    return EXIT_OK
