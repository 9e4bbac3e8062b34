"""The application layer: the ``zkgov`` command tree.

Each module of :mod:`zkgov.commands` is a thin adapter: it parses arguments, calls one library
function of ``zk``, ``circuits``, ``mpc`` or ``ledger``, and prints the result. Nothing below
this package imports it (``lint-imports`` checks the layers in ``make test``).
"""
