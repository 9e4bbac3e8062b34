"""``python -m zkgov …`` is the ``zkgov`` command."""

import sys

from zkgov.main import main

sys.exit(main())
