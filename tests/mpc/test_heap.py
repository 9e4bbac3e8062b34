"""The allocator tuning a party process applies (mpc.heap)."""

from __future__ import annotations

import ctypes
import platform
import subprocess
import sys

import pytest

from mpc.heap import keep_freed_memory


def _on_glibc() -> bool:
    try:
        return hasattr(ctypes.CDLL(None), "gnu_get_libc_version")
    except OSError:
        return False


@pytest.mark.skipif(not _on_glibc(), reason="glibc's mallopt is what is tuned; this C library "
                    "is another one")
def test_glibc_accepts_the_thresholds() -> None:
    assert keep_freed_memory() is True
    assert keep_freed_memory() is True  # a second party in the same process: still fine


def test_rounds_of_share_vectors_reuse_their_pages() -> None:
    """Ten rounds of sharing 10^5 values in two fields and joining the parties' vectors: with
    glibc's defaults every round faults its arrays' pages in anew (about 3,000 per round);
    once tuned, the freed pages are reused and hardly any fault remains."""
    if platform.system() != "Linux" or not _on_glibc():
        pytest.skip("page-fault counts of glibc's allocator on Linux")
    code = (
        "import resource, sys, numpy as np\n"
        "from mpc.heap import keep_freed_memory\n"
        "from mpc.field import companion_field, field_by_name\n"
        "from mpc.shamir import ShamirScheme\n"
        "if sys.argv[1] == 'tuned': keep_freed_memory()\n"
        "fields = [field_by_name('goldilocks'), companion_field(field_by_name('goldilocks'))]\n"
        "values = np.arange(-50_000, 50_000, dtype=np.int64)\n"
        "def one_round():\n"
        "    rows = [ShamirScheme(f, 3, 1).share(f.from_ints(values)) for f in fields]\n"
        "    joined = [np.concatenate(list(r)) for r in rows]\n"
        "    return sum(f.sum(j) for f, j in zip(fields, joined))\n"
        "one_round()\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt\n"
        "for _ in range(10):\n"
        "    one_round()\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)\n")
    faults = {mode: int(subprocess.run([sys.executable, "-c", code, mode], check=True,
                                       capture_output=True, text=True).stdout)
              for mode in ("tuned", "default")}
    assert faults["default"] > 10 * 1000
    assert faults["tuned"] < faults["default"] // 20
