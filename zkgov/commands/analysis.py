"""``zkgov analyze``: are a circuit's outputs uniquely determined by its inputs?

```
zkgov analyze examples/income_below.py            # a Python circuit (file[:Class] or module:Class)
zkgov analyze circuit.r1cs --sym circuit.sym      # any circom circuit
```

Exit 0: no finding; 1: some output can take two values for the same inputs (or, with
``--strict``, could not be shown unique); 2: bad input. One line per finding, naming the
signal. The work is :mod:`circuits.analysis`'s; this module only parses and prints.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from zkgov.common import CliError, add_output_options, parse_params


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``analyze`` to the ``zkgov`` parser."""
    p = sub.add_parser(
        "analyze",
        help="find signals the inputs do not determine (exit 1 when an output is ambiguous)",
    )
    p.add_argument("target", help="a Python circuit (file.py[:Class]) or a circom .r1cs")
    p.add_argument("--sym", help="circom .sym with the signal names (default: beside the .r1cs)")
    p.add_argument(
        "--param", action="append", default=[], metavar="NAME=VALUE",
        help="circuit parameter of a Python circuit (repeatable)",
    )  # fmt: skip
    p.add_argument("--strict", action="store_true", help="also fail on undecided outputs")
    p.add_argument(
        "--timeout-ms", type=int, default=5000, help="time budget of one solver query"
    )
    p.add_argument(
        "--budget", type=float, default=60.0, help="seconds for the whole solver stage"
    )
    add_output_options(p)
    p.set_defaults(handler=cmd_analyze)


def cmd_analyze(args: argparse.Namespace) -> int:
    from circuits.analysis import analyze_circom, analyze_circuit

    options = {"timeout_ms": max(1, args.timeout_ms), "budget_s": max(0.0, args.budget)}
    if args.target.endswith(".r1cs"):
        if args.param:
            raise CliError("--param applies to Python circuits, not to a .r1cs")
        sym = args.sym or _beside(Path(args.target))
        report = analyze_circom(args.target, sym, **options)
    else:
        if args.sym:
            raise CliError("--sym applies to a circom .r1cs, not to a Python circuit")
        from circuits import load_circuit

        cls = load_circuit(args.target)
        try:
            instance = cls(**parse_params(args.param))
        except TypeError as exc:
            raise CliError(f"bad circuit parameters: {exc}") from exc
        report = analyze_circuit(instance, **options)
    code = report.exit_code(args.strict)
    if args.json:
        print(json.dumps({**report.to_json(), "exit": code}, indent=2))
    else:
        for line in report.lines():
            if not args.quiet or not line.startswith("note:"):
                print(line)
        if not args.quiet:
            stats = report.stats
            print(
                f"{'FAIL' if code else 'ok'}: {stats['constraints']} constraints, "
                f"{len(report.errors)} ambiguous output(s), {len(report.unknowns)} undecided, "
                f"{stats['total_s']} s"
            )
    return code


def _beside(r1cs: Path) -> str | None:
    sym = r1cs.with_suffix(".sym")
    return str(sym) if sym.is_file() else None
