"""Entry point of the ``zkgov`` command.

Exit codes: 0 success, 1 a verification said no, 2 bad input (one line on stderr, no
traceback, no partial output file).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from zk import __version__
from zkgov.common import EXIT_BAD_INPUT, run_handler

if TYPE_CHECKING:  # imported by build_parser: the direct commands never build a parser
    import argparse

#: First words handed straight to the snarkjs-compatible table (:mod:`zkgov.commands.snarkjs`)
#: without building the whole parser (a hundred sub-parsers): ``zkgov groth16 prove`` and
#: ``verify`` then start in the time of their own work. Each is one of the table's words, where
#: the full parser would hand the same words to the same function.
SNARKJS_DIRECT = frozenset({"groth16", "g16p", "g16v", "g16f", "g16s", "zkey", "wtns", "r1cs",
                            "powersoftau"})

#: The modules that contribute sub-commands, each with ``register(subparsers)``, in the order
#: ``zkgov --help`` lists them (imported when the parser is built).
COMMAND_MODULES = tuple(f"zkgov.commands.{name}" for name in (
    "proving", "analysis", "interop", "snarkjs", "ceremony", "ledger", "mpc"))


def build_parser() -> argparse.ArgumentParser:
    """The ``zkgov`` parser, with the sub-commands of every module in :data:`COMMAND_MODULES`."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="zkgov",
        description="Zero-knowledge proofs, secret-shared statistics and audit logs "
        "for government data.",
    )
    parser.add_argument("--version", action="version", version=f"zkgov {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``zkgov`` on ``argv`` (default: ``sys.argv[1:]``) and return the exit code.

    That is the handler's code; 2 for a :class:`ZkError` (reported as one line on stderr) or
    when no command is given, 130 on Ctrl-C, 0 when the reader closed the pipe.
    """
    words = list(sys.argv[1:] if argv is None else argv)
    if _goes_direct(words):
        from zkgov.commands import snarkjs

        return snarkjs.run(words)
    parser = build_parser()
    args = parser.parse_args(words)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    return run_handler(args)


def _goes_direct(words: Sequence[str]) -> bool:
    return bool(words) and words[0] in SNARKJS_DIRECT and "--" not in words


def cli() -> NoReturn:
    """The ``zkgov`` console script: :func:`main` on the command line, then exit with its code.

    A snarkjs-compatible command (:data:`SNARKJS_DIRECT`: a proof, a verification, a key or
    witness file) is a computation on local files that has written, closed and renamed its
    outputs when :func:`main` returns; the process then ends at once (standard streams
    flushed) instead of tearing the interpreter down object by object, which took 8–9 ms, as
    long as a 2^12 proof's QAP. Every other command can leave work for the interpreter's
    shutdown (Ray's, thread pools', temporary directories'), so it exits the ordinary way.
    """
    words = sys.argv[1:]
    code = main(words)
    if _goes_direct(words):
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a reader gone, a closed stream
                stream.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    cli()
