"""Entry point of the ``zkgov`` command.

Exit codes: 0 success, 1 a verification said no, 2 bad input (one line on stderr, no
traceback, no partial output file).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from zk import __version__
from zkgov.commands import analysis, ceremony, interop, ledger, mpc, proving, snarkjs
from zkgov.common import EXIT_BAD_INPUT, run_handler

#: The modules that contribute sub-commands, each with ``register(subparsers)``, in the order
#: ``zkgov --help`` lists them.
COMMAND_MODULES = (proving, analysis, interop, snarkjs, ceremony, ledger, mpc)


def build_parser() -> argparse.ArgumentParser:
    """The ``zkgov`` parser, with the sub-commands of every module in :data:`COMMAND_MODULES`."""
    parser = argparse.ArgumentParser(
        prog="zkgov",
        description="Zero-knowledge proofs, secret-shared statistics and audit logs "
        "for government data.",
    )
    parser.add_argument("--version", action="version", version=f"zkgov {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``zkgov`` on ``argv`` (default: ``sys.argv[1:]``) and return the exit code.

    That is the handler's code; 2 for a :class:`ZkError` (reported as one line on stderr) or
    when no command is given, 130 on Ctrl-C, 0 when the reader closed the pipe.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    return run_handler(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
