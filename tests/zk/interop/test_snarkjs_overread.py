"""The point snarkjs's circuit hash reads past τⁱ·G1 (a domain as large as the .ptau, 2^15
points up) is computed exactly as ffjavascript computes it, wrap-arounds included.

The differential check runs ffjavascript's own WebAssembly routines on random unreduced
bytes; the end-to-end check (a 2^16 circuit on a 2^16 .ptau, whose initial key, circuit hash
included, equals snarkjs's byte for byte) is in docs/performance.md, as its files are large.
"""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.conftest import node_tool
from zk.ceremony.snarkjs_overread import overread_difference
from zk.curve import get_backend
from zk.curve.base import G1_GENERATOR
from zk.curve.encoding import pack_g1
from zk.errors import FormatError
from zk.field import Q, R

RUNNER = Path(__file__).with_name("ffjs_sub_affine.cjs")


def _genuine_point(rng: random.Random) -> bytes:
    """k·G1 for a random k, as 64 little-endian Montgomery bytes (the .ptau form)."""
    return pack_g1([get_backend().g1_mul(G1_GENERATOR, rng.randrange(1, R))])


def _raw(point: bytes) -> tuple[int, int]:
    return int.from_bytes(point[:32], "little"), int.from_bytes(point[32:], "little")


def _unreduced(rng: random.Random) -> bytes:
    """64 bytes whose coordinates mostly exceed q, as file bytes past a section do."""
    kind = rng.randrange(4)
    if kind == 0:
        return rng.randbytes(64)
    if kind == 1:  # a section header followed by point bytes, as in a real .ptau
        return (3).to_bytes(4, "little") + (1 << 23).to_bytes(8, "little") + rng.randbytes(52)
    if kind == 2:  # both coordinates just below 2^256
        return b"".join(((1 << 256) - 1 - rng.randrange(1 << 64)).to_bytes(32, "little")
                        for _ in range(2))
    return rng.randrange(Q, 1 << 256).to_bytes(32, "little") + rng.randbytes(32)


def test_matches_ffjavascript_on_unreduced_bytes():
    modules = node_tool("ffjavascript").parent
    rng = random.Random(20261206)
    pairs = [(_unreduced(rng), _genuine_point(rng)) for _ in range(120)]
    pairs.append((bytes(64), _genuine_point(rng)))  # a zero "point" past the section
    pairs += [(_genuine_point(rng), _genuine_point(rng)) for _ in range(8)]
    # past-the-end bytes that happen to be reduced: no curve point, the chord formula anyway
    pairs += [(b"".join(rng.randrange(Q).to_bytes(32, "little") for _ in range(2)),
               _genuine_point(rng)) for _ in range(8)]
    proc = subprocess.run(
        ["node", str(RUNNER), str(modules)],
        input=json.dumps([[hi.hex(), lo.hex()] for hi, lo in pairs]),
        capture_output=True, text=True, timeout=120, check=True,
    )
    expected = json.loads(proc.stdout)
    got = [overread_difference(_raw(hi), _raw(lo)).hex() for hi, lo in pairs]
    mismatches = [i for i, (a, b) in enumerate(zip(got, expected, strict=True)) if a != b]
    assert mismatches == []


@settings(max_examples=25, deadline=None)
@given(st.integers(1, R - 1), st.integers(1, R - 1))
@example(1, R - 1)
@example(5, 5)
def test_reduced_points_give_the_ordinary_difference(a, b):
    be = get_backend()
    hi, lo = be.g1_mul(G1_GENERATOR, a), be.g1_mul(G1_GENERATOR, b)
    if (a + b) % R == 0:  # hi = −lo: snarkjs would double, which no genuine file asks for
        with pytest.raises(FormatError, match="repeat one of its points"):
            overread_difference(_raw(pack_g1([hi])), _raw(pack_g1([lo])))
        return
    expected = be.g1_add(hi, be.g1_neg(lo))
    got = overread_difference(_raw(pack_g1([hi])), _raw(pack_g1([lo])))
    if expected is None:
        assert got == bytes(64)
    else:
        assert got == expected[0].to_bytes(32, "big") + expected[1].to_bytes(32, "big")


@pytest.mark.parametrize("which", ["hi", "lo"])
def test_the_identity_on_either_side(which):
    point = pack_g1([get_backend().g1_mul(G1_GENERATOR, 7)])
    x, y = get_backend().g1_mul(G1_GENERATOR, 7)
    if which == "hi":
        got = overread_difference((0, 0), _raw(point))
        assert got == x.to_bytes(32, "big") + ((-y) % Q).to_bytes(32, "big")
    else:
        assert overread_difference(_raw(point), (0, 0)) == x.to_bytes(32, "big") + y.to_bytes(
            32, "big")
