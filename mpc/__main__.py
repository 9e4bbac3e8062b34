"""``python -m mpc party|certs|init|psi …`` — the same as ``zkgov mpc …``."""

import sys

from mpc.cli import main

sys.exit(main())
