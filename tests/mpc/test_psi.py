"""Private set intersection between two in-process parties."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mpc.errors import MpcProtocolError
from mpc.psi import hash_to_point, intersect
from mpc.transport.frames import Kind, Purpose
from mpc.transport.memory import MemoryHub


def run_pair(a: list[str], b: list[str], size_only: bool) -> list:
    hub = MemoryHub(2, timeout=10)
    out: list = [None, None]

    def go(i: int, items: list[str]) -> None:
        out[i - 1] = intersect(hub.network(i), 3 - i, items, size_only)

    threads = [threading.Thread(target=go, args=(1, a)), threading.Thread(target=go, args=(2, b))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return out


@settings(max_examples=8, deadline=None)
@given(st.sets(st.integers(0, 60), max_size=25), st.sets(st.integers(0, 60), max_size=25))
def test_both_parties_learn_exactly_the_intersection(a: set[int], b: set[int]) -> None:
    left, right = [f"id-{v}" for v in sorted(a)], [f"id-{v}" for v in sorted(b)]
    got_a, got_b = run_pair(left, right, size_only=False)
    want = {f"id-{v}" for v in a & b}
    assert set(got_a) == want and set(got_b) == want
    assert run_pair(left, right, size_only=True) == [len(want), len(want)]


def test_duplicates_count_once_and_hashing_is_deterministic() -> None:
    got = run_pair(["x", "x", "y"], ["y", "z"], size_only=False)
    assert got == [["y"], ["y"]]
    assert hash_to_point(b"abc").public_numbers() == hash_to_point(b"abc").public_numbers()
    assert hash_to_point(b"abc").public_numbers() != hash_to_point(b"abd").public_numbers()


def test_values_that_are_not_points_are_rejected() -> None:
    hub = MemoryHub(2, timeout=5)
    # party 2 sends 32 bytes whose x-coordinate is not on P-256, then a ragged list
    bad_x = (2).to_bytes(32, "big")  # no P-256 point has x = 2
    hub.network(2).send(1, Kind.BYTES, Purpose.PSI, 1, bad_x)
    with pytest.raises(MpcProtocolError, match="not a P-256 point"):
        intersect(hub.network(1), 2, ["a"], first_tag=1)
    hub2 = MemoryHub(2, timeout=5)
    hub2.network(2).send(1, Kind.BYTES, Purpose.PSI, 1, b"\x01" * 33)
    with pytest.raises(MpcProtocolError, match="ragged"):
        intersect(hub2.network(1), 2, ["a"], first_tag=1)
