"""The range checks every binary reader runs, native against the reference backend: the first
packed value not below a modulus, and the first problem of a ``.zkey`` coefficient section."""

from __future__ import annotations

import random
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zk.curve import available_backends, get_backend
from zk.field import Q, R

pytestmark = pytest.mark.skipif("native" not in available_backends(),
                                reason="the native backend is not built")

NATIVE = get_backend("native") if "native" in available_backends() else None
REFERENCE = get_backend("reference")

_ENTRY = struct.Struct("<III32s")


def _value(draw_int: int, modulus: int, bad: bool) -> int:
    """A value below ``modulus``, or at/above it (up to 2^256 − 1) when ``bad``."""
    return modulus + draw_int % (2**256 - modulus) if bad else draw_int % modulus


@settings(max_examples=80, deadline=None)
@given(modulus=st.sampled_from([Q, R, 2**255, 1, 2**256 - 1]),
       flags=st.lists(st.booleans(), max_size=24),
       raw=st.lists(st.integers(0, 2**256 - 1), min_size=24, max_size=24))
def test_first_not_below_matches_reference(modulus, flags, raw):
    values = [_value(x, modulus, bad) for x, bad in zip(raw, flags, strict=False)]
    buf = b"".join(v.to_bytes(32, "little") for v in values)
    expected = next((i for i, v in enumerate(values) if v >= modulus), -1)
    assert REFERENCE.first_not_below(buf, modulus) == expected
    assert NATIVE.first_not_below(buf, modulus) == expected
    assert NATIVE.first_not_below(memoryview(buf)[0:0], modulus) == -1


def test_first_not_below_edges():
    for modulus in (Q, R):
        for v, bad in ((modulus - 1, False), (modulus, True), (modulus + 1, True),
                       (2**256 - 1, True), (0, False)):
            buf = bytes(64) + v.to_bytes(32, "little")
            assert NATIVE.first_not_below(buf, modulus) == (2 if bad else -1)
    with pytest.raises(ValueError):
        NATIVE.first_not_below(bytes(33), R)


def _section(entries):
    return struct.pack("<I", len(entries)) + b"".join(
        _ENTRY.pack(m, row, sig, c.to_bytes(32, "little")) for m, row, sig, c in entries)


@settings(max_examples=120, deadline=None)
@given(data=st.data(), count=st.integers(0, 30), n=st.sampled_from([4, 8, 16, None]),
       n_signals=st.sampled_from([3, 10, None]))
def test_coefficient_problem_matches_reference(data, count, n, n_signals):
    rng = random.Random(data.draw(st.integers(0, 2**32)))
    entries = []
    for _ in range(count):
        m = rng.choice([0, 1, 0, 1, 0, 1, 2, 7])
        row = rng.randrange(24)
        sig = rng.randrange(14)
        c = rng.choice([rng.randrange(R), R, R + 5, 2**256 - 1]) if rng.random() < 0.1 \
            else rng.randrange(R)
        entries.append((m, row, sig, c))
    body = _section(entries)
    expected = REFERENCE.coefficient_problem(body, n, n_signals)
    assert NATIVE.coefficient_problem(body, n, n_signals) == expected
    # the order of kinds: matrix, row, signal, coefficient; the first entry of that kind
    limits = {"matrix": 2, "row": n, "signal": n_signals}
    for kind, pos in (("matrix", 0), ("row", 1), ("signal", 2)):
        limit = limits[kind]
        bad = [i for i, e in enumerate(entries) if limit is not None and e[pos] >= limit]
        if bad:
            assert expected == (kind, bad[0], entries[bad[0]][pos])
            break
    else:
        bad = [i for i, e in enumerate(entries) if e[3] >= R]
        assert expected == (("coeff", bad[0], 0) if bad else None)


@pytest.mark.parametrize("body", [b"", b"\x01\x00", struct.pack("<I", 1),
                                  struct.pack("<I", 0) + b"x", _section([(0, 0, 0, 1)]) + b"y"])
def test_coefficient_problem_lengths(body):
    expected = REFERENCE.coefficient_problem(body, 4, 4)
    assert expected is not None and expected[0] in ("short", "length")
    assert NATIVE.coefficient_problem(body, 4, 4) == expected
