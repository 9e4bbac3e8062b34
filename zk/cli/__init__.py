"""The ``zkgov`` command line (see :mod:`zk.cli.main`)."""
