"""Batched and piece-wise paths give exactly what the whole-vector ones give.

The bounded-memory paths (comparisons in blocks, counting conditions in batches of records,
share combination and random draws in pieces, zero-copy wire buffers) must not change any
result: each is run with its batch or piece size forced small, on sizes just below, at and
above it, against the plain computation and the single-batch run.
"""

from __future__ import annotations

import numpy as np
import pytest

import mpc.field as field_module
from mpc import statistics as stats
from mpc.errors import MpcProtocolError
from mpc.field import field_by_name
from mpc.protocols import comparison
from mpc.runtime import Runtime
from mpc.secure import SecureVector
from mpc.session import run_local

CONDITIONS = [("<", 3), ("<=", 3), (">", -2), (">=", 0), ("==", 0), ("!=", 5), ("==", 5)]


def plain_count(values: list[int], op: str, c: int) -> int:
    tests = {"<": lambda v: v < c, "<=": lambda v: v <= c, ">": lambda v: v > c,
             ">=": lambda v: v >= c, "==": lambda v: v == c, "!=": lambda v: v != c}
    return sum(1 for v in values if tests[op](v))


@pytest.mark.parametrize("size", [1, 7, 8, 9, 17, 24])
def test_counting_in_batches_matches_one_batch_and_the_plain_counts(size: int) -> None:
    rng = np.random.default_rng(size)
    values = [int(v) for v in rng.integers(-6, 7, size)]

    def program(rt: Runtime) -> tuple[list, list, list]:
        col = SecureVector.concat(rt.input(values if rt.party_id == 2 else [], bits=8))
        batched = [c.reveal() for c in stats.count_matches(col, CONDITIONS, batch=8)]
        tiny = [c.reveal() for c in stats.count_matches(col, CONDITIONS, batch=1)]
        whole = [c.reveal() for c in stats.count_matches(col, CONDITIONS, batch=len(col))]
        return batched, tiny, whole

    batched, tiny, whole = run_local(program, n=3)[0]
    want = [plain_count(values, op, c) for op, c in CONDITIONS]
    assert batched == tiny == whole == want


def test_a_histogram_counted_in_batches_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    values = [int(v) for v in np.random.default_rng(3).integers(-50, 50, 41)]
    edges = [-20, 0, 1, 30]
    # with so small a block, each batch holds a few records of every edge
    monkeypatch.setattr(comparison, "BLOCK_ELEMENTS", 64)
    monkeypatch.setattr(comparison, "block_size",
                        lambda rows, elements=None: max(1, (elements or 64) // rows))

    seen: list[int] = []
    original = comparison._less_than_zero

    def counting(rt: Runtime, field: object, a: np.ndarray, bound: int) -> np.ndarray:
        seen.append(a.shape[0])
        return original(rt, field, a, bound)

    monkeypatch.setattr(comparison, "_less_than_zero", counting)

    def program(rt: Runtime) -> list:
        col = SecureVector.concat(rt.input(values if rt.party_id == 1 else [], bits=8))
        return stats.histogram(col, edges).reveal()

    counts = run_local(program, n=3)[0]
    assert max(seen) <= 8 and sum(seen) == 3 * len(edges) * len(values)
    bounds = [-(10**9), *edges, 10**9]
    assert counts == [sum(1 for v in values if bounds[i] <= v < bounds[i + 1])
                      for i in range(len(bounds) - 1)]


@pytest.mark.parametrize("block", [1, 40, 41, 10**6])
def test_comparisons_in_explicit_blocks(block: int) -> None:
    values = [int(v) for v in np.random.default_rng(block).integers(-9, 10, 23)] + [0, -1, 1]

    def program(rt: Runtime) -> tuple[list, list]:
        col = SecureVector.concat(rt.input(values if rt.party_id == 3 else [], bits=8))
        lt = comparison.less_than_zero(rt, rt.field, col.shares, col.bound, block=block)
        eq = comparison.equals_zero(rt, rt.field, col.shares, col.bound, block=block)
        return (SecureVector(rt, rt.field, lt, 1).reveal(),
                SecureVector(rt, rt.field, eq, 1).reveal())

    lt, eq = run_local(program, n=3)[0]
    assert lt == [int(v < 0) for v in values] and eq == [int(v == 0) for v in values]


def test_block_size_has_a_floor_only_by_default() -> None:
    assert comparison.block_size(34) == comparison.BLOCK_ELEMENTS // 34
    assert comparison.block_size(10**7) == 1024
    assert comparison.block_size(34, 100) == 2 and comparison.block_size(500, 100) == 1


@pytest.mark.parametrize("name", ["goldilocks", "p64", "bn254"])
@pytest.mark.parametrize("length", [5, 8, 9, 31])
def test_combining_rows_in_pieces(name: str, length: int,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(field_module, "_COMBINE_PIECE", 8)
    f = field_by_name(name)
    rows = [f.random(length) for _ in range(3)]
    coeffs = [3, f.p - 1, 12345678901234567]
    assert list(f.lincomb_rows(rows, coeffs)) == list(f.lincomb(np.stack(rows), coeffs))
    assert f.lincomb_rows([], []).shape == (0,)


@pytest.mark.parametrize("length", [0, 1, 15, 16, 17, 100])
def test_random_draws_in_pieces(length: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(field_module, "_RANDOM_PIECE", 16)
    f = field_by_name("goldilocks")
    a, b = f.random(length), f.random_below(length, 12)
    assert a.shape == b.shape == (length,) and a.dtype == b.dtype == np.uint64
    assert all(int(v) < f.p for v in a) and all(int(v) < 1 << 12 for v in b)
    if length >= 15:  # the pieces are fresh draws, not one piece repeated
        assert len(set(a.tolist())) == length and len(set(b[:16].tolist())) > 8
    assert not f.random_below(length, 0).any()


def test_wire_bytes_are_the_encoding_and_decode_in_place() -> None:
    f = field_by_name("goldilocks")
    a = f.random(10)
    assert bytes(f.wire(a)) == f.encode(a)
    received = bytearray(f.encode(a))
    in_place = f.decode(received)
    assert list(in_place) == list(a)
    received[0:8] = (5).to_bytes(8, "little")  # the array is the received buffer itself
    assert int(in_place[0]) == 5
    copied = f.decode(f.encode(a))  # read-only bytes: a copy that can be written
    copied[0] = 1
    with pytest.raises(MpcProtocolError):
        f.decode(bytearray((f.p).to_bytes(8, "little")))
    big = field_by_name("bn254")
    b = big.random(4)
    assert bytes(big.wire(b)) == big.encode(b) and list(big.decode(big.wire(b))) == list(b)


@pytest.mark.parametrize("total", [0, 5, 1 << 16, (1 << 16) + 3, 300_001])
def test_random_bytes_in_pieces(total: int) -> None:
    from mpc.entropy import random_bytes, random_pieces

    pieces = list(random_pieces(total, 4096))
    assert [len(p) for p in pieces] == [min(4096, total - s) for s in range(0, total, 4096)]
    joined = b"".join(pieces)
    if total >= 1 << 16:  # the keystream path: fresh key per draw, bytes look uniform
        assert joined != b"".join(random_pieces(total, 4096))
        counts = np.bincount(np.frombuffer(joined, dtype=np.uint8), minlength=256)
        assert counts.min() > 0.7 * total / 256 and counts.max() < 1.3 * total / 256
    assert len(random_bytes(total)) == total


def test_random_bits_are_single_bits_of_both_values() -> None:
    f = field_by_name("goldilocks")
    for m in (0, 1, 7, 8, 9, 1000):
        bits = f.random_bits(m)
        assert bits.shape == (m,) and bits.dtype == np.uint64 and set(bits.tolist()) <= {0, 1}
    many = f.random_bits(10_000)
    assert 4500 < int(many.sum()) < 5500


@pytest.mark.parametrize("name", ["goldilocks", "bn254"])
def test_flip_where_is_xor_with_public_bits(name: str) -> None:
    f = field_by_name(name)
    a = f.from_ints(np.array([0, 1, 0, 1, 5], dtype=object))
    where = np.array([0, 0, 1, 1, 1], dtype=np.uint8)
    assert f.to_signed(f.flip_where(a, where)) == [0, 1, 1, 0, -4]
    with pytest.raises(ValueError):
        f.flip_where(a, where[:3])
