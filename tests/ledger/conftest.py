"""Fixtures shared by the ledger tests: published vectors, keys, ledgers, a snarkjs proof."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ledger import Ledger, NoteSigner

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ledger"
ORIGIN = "registry.example.gov/ledger"


def load_fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def merkle_vectors() -> dict:
    """transparency-dev/merkle test data (leaves, roots, inclusion and consistency cases)."""
    return load_fixture("transparency-dev-merkle-vectors.json")


@pytest.fixture(scope="session")
def snarkjs_multiplier() -> dict:
    """A real snarkjs proof: verification_key.json, proof.json, public.json as loaded JSON."""
    folder = FIXTURES / "snarkjs-multiplier"
    return {
        name: json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        for name in ("verification_key", "proof", "public")
    }


@pytest.fixture(scope="session")
def signer() -> NoteSigner:
    return NoteSigner.generate(ORIGIN)


@pytest.fixture
def new_ledger(tmp_path: Path, signer: NoteSigner) -> Iterator[Callable[..., Ledger]]:
    """Factory of fresh ledgers in a temporary folder (closed after the test)."""
    opened: list[Ledger] = []

    def make(name: str = "ledger.sqlite", entries: int = 0) -> Ledger:
        log = Ledger.create(tmp_path / name, signer)
        opened.append(log)
        for i in range(entries):
            log.append_commitment(str(1000 + i), "poseidon", f"entry {i}")
        return log

    yield make
    for log in opened:
        log.close()
