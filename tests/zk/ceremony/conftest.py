"""Shared fixtures for the ceremony tests: the files under tests/fixtures/ceremony.

They were written by ``tests/fixtures/ceremony/make_fixtures.sh`` with snarkjs 0.7.6 (and
zkgov for ``pot5_0002_zkgov.ptau``); the *_by_snarkjs files are byte references.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import node_tool
from zk.curve import get_backend

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ceremony"
#: The beacon the reference beacon files were made with (2^10 iterations).
BEACON_HEX = "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
BEACON_EXP = 10


@pytest.fixture(scope="module")
def fast_backend() -> None:
    """Whole ceremonies need the native backend: on py_ecc one verification takes ~15 s."""
    if get_backend().name == "reference":
        pytest.skip("ceremony runs need the native curve backend (ZKGOV_BACKEND=reference "
                    "makes each verification take tens of seconds)")


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture(scope="session")
def ceremony_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def r1cs_bytes() -> bytes:
    """The 20-step chain circuit (circom --O2)."""
    return fixture_bytes("chain.r1cs")


@pytest.fixture(scope="session")
def ptau_prepared() -> bytes:
    """Power 5, snarkjs + zkgov contributions, prepared by snarkjs."""
    return fixture_bytes("pot5_0002_prepared_by_snarkjs.ptau")


@pytest.fixture(scope="session")
def zkey_initial() -> bytes:
    """``snarkjs groth16 setup`` of the chain circuit (no contributions)."""
    return fixture_bytes("chain_0000_by_snarkjs.zkey")


class Snarkjs:
    """Runs the snarkjs CLI in a folder."""

    def __init__(self, cli: Path, cwd: Path) -> None:
        self.cli = cli
        self.cwd = cwd

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["node", str(self.cli), *args], cwd=self.cwd,
                              capture_output=True, text=True, timeout=300)

    def check(self, *args: str) -> str:
        done = self.run(*args)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr

    def verifies(self, ok_text: str, *args: str) -> bool:
        """True when a snarkjs verify command exits 0 and prints ``ok_text``."""
        done = self.run(*args)
        return done.returncode == 0 and ok_text in done.stdout + done.stderr


@pytest.fixture
def snarkjs(tmp_path: Path) -> Snarkjs:
    """snarkjs 0.7.6 from .cache/npm, run in the test's tmp folder (skips without node)."""
    return Snarkjs(node_tool("snarkjs") / "build" / "cli.cjs", tmp_path)
