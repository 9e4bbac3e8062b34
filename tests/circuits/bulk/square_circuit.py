"""A tiny circuit for the bulk tests (loaded from this file, so workers get it by value).

y = x² repeated ``rounds`` times. With ``crash_marker`` set, the first worker that computes
a witness for x = ``crash_x`` creates the marker file and dies at once (``os._exit``), as a
worker killed mid-batch would; the retry finds the marker and proves normally.
"""

import os

from circuits import Circuit, private, public


class RepeatedSquare(Circuit):
    """x squared ``rounds`` times equals the public y."""

    y = public()
    x = private()

    def __init__(self, rounds: int = 4, crash_marker: str = "", crash_x: int = -1) -> None:
        super().__init__(rounds=rounds, crash_marker=crash_marker, crash_x=crash_x)

    def define(self, c):
        if self.crash_marker and self.x.value == self.crash_x:
            try:
                fd = os.open(self.crash_marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                pass
            else:
                os.close(fd)
                os._exit(9)
        value = self.x
        for _ in range(self.rounds):
            value = c.mul(value, value)
        c.assert_eq(value, self.y)

