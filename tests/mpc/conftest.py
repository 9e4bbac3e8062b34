"""Fixtures for the MPC tests: local deployments (ports, certificates) and party processes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from mpc.certs import issue, write_set
from mpc.field import PrimeField, field_by_name

ROOT = Path(__file__).resolve().parents[2]
ZKGOV = [sys.executable, "-m", "zkgov.main"]
#: ``python -m zkgov.commands.mpc`` is ``zkgov mpc`` alone: faster to start.
MPC = [sys.executable, "-m", "zkgov.commands.mpc"]
FAULT_PARTY = [sys.executable, str(Path(__file__).with_name("fault_party.py"))]


def free_ports(count: int) -> list[int]:
    """Ports the OS just handed out on 127.0.0.1 (bound to port 0, then released)."""
    socks, ports = [], []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


def write_deployment(folder: Path, n: int, t: int, field: str = "goldilocks",
                     timeout: float = 20.0, tls: bool = True) -> Path:
    """parties.toml (+ certificates when ``tls``) for n parties on 127.0.0.1."""
    ports = free_ports(n)
    lines = ["[mpc]", f"threshold = {t}", f'field = "{field}"', f"timeout = {timeout}",
             "connect_timeout = 60"]
    if tls:
        lines.append('ca = "ca.pem"')
    for i, port in enumerate(ports, start=1):
        lines += ["", "[[party]]", f"id = {i}", 'host = "127.0.0.1"', f"port = {port}"]
        if tls:
            lines += [f'cert = "party-{i}.pem"', f'key = "party-{i}.key"']
    path = folder / "parties.toml"
    path.write_text("\n".join(lines) + "\n")
    if tls:
        issued = issue({i: "127.0.0.1" for i in range(1, n + 1)}, days=1)
        write_set(issued, folder / "ca.pem",
                  {i: (folder / f"party-{i}.pem", folder / f"party-{i}.key")
                   for i in range(1, n + 1)})
    return path


def write_column(path: Path, values: Sequence[object], name: str = "amount") -> Path:
    path.write_text("id," + name + "\n" + "".join(f"r{i},{v}\n" for i, v in enumerate(values)))
    return path


def start_parties(commands: list[list[str]], cwd: Path) -> list[subprocess.Popen[str]]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return [subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for cmd in commands]


def finish(procs: list[subprocess.Popen[str]], timeout: float = 90) -> list[tuple[int, str, str]]:
    """(exit code, stdout, stderr) of each process; kills stragglers after ``timeout``."""
    out = []
    for p in procs:
        try:
            stdout, stderr = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            stdout, stderr = p.communicate()
            stderr += "\n[killed by the test: it hung]"
        out.append((p.returncode, stdout, stderr))
    return out


class Helpers:
    """The helpers above, handed to tests as the ``mpc_env`` fixture (conftest modules are not
    importable under pytest's importlib import mode)."""

    zkgov = ZKGOV
    mpc = MPC
    fault_party = FAULT_PARTY
    free_ports = staticmethod(free_ports)
    write_deployment = staticmethod(write_deployment)
    write_column = staticmethod(write_column)
    start_parties = staticmethod(start_parties)
    finish = staticmethod(finish)


@pytest.fixture
def mpc_env() -> type[Helpers]:
    return Helpers


@pytest.fixture(scope="session", autouse=True)
def compiled_kernels() -> None:
    """Compile (or load) every field kernel once, before party processes race to do it."""
    for f in (field_by_name("goldilocks"), PrimeField((1 << 61) - 1)):
        a = f.from_ints(np.array([1, -2, 3], dtype=np.int64))
        f.add(a, a), f.sub(a, a), f.mul(a, a), f.add_const(a, 1), f.mul_const(a, 3)
        f.sum(a), f.dot(a, a), f.lincomb(np.stack([a, a]), [1, 2])
        f.share_polynomials(a, np.stack([a]), 3)
