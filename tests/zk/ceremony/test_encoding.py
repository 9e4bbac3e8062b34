"""The transcript encodings of points: uncompressed and compressed, single and batched."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from zk.ceremony.encoding import (
    g1_batch_compressed,
    g1_batch_uncompressed,
    g1_uncompressed,
    g2_batch_compressed,
    g2_batch_uncompressed,
    g2_uncompressed,
)
from zk.curve import get_backend
from zk.curve.base import G1_GENERATOR, G2_GENERATOR
from zk.curve.encoding import pack_g1, pack_g2
from zk.field import Q, R

scalars = st.integers(min_value=1, max_value=R - 1)


def _compressed_g1(p) -> bytes:
    if p is None:
        return b"\x40" + bytes(31)
    x = bytearray(p[0].to_bytes(32, "big"))
    if p[1] > (Q - 1) // 2:
        x[0] |= 0x80
    return bytes(x)


def _compressed_g2(p) -> bytes:
    if p is None:
        return b"\x40" + bytes(63)
    (x0, x1), (y0, y1) = p
    x = bytearray(x1.to_bytes(32, "big") + x0.to_bytes(32, "big"))
    if (y1 > (Q - 1) // 2) if y1 else (y0 > (Q - 1) // 2):
        x[0] |= 0x80
    return bytes(x)


@settings(max_examples=10, deadline=None)
@given(st.lists(scalars, min_size=1, max_size=6))
def test_g1_batches_agree_with_single_points(ks: list[int]) -> None:
    be = get_backend()
    points = [be.g1_mul(G1_GENERATOR, k) for k in ks] + [None]
    packed = pack_g1(points)
    assert g1_batch_uncompressed(packed) == b"".join(g1_uncompressed(p) for p in points)
    assert g1_batch_compressed(packed) == b"".join(_compressed_g1(p) for p in points)


@settings(max_examples=5, deadline=None)
@given(st.lists(scalars, min_size=1, max_size=4))
def test_g2_batches_agree_with_single_points(ks: list[int]) -> None:
    be = get_backend()
    points = [be.g2_mul(G2_GENERATOR, k) for k in ks] + [None]
    packed = pack_g2(points)
    assert g2_batch_uncompressed(packed) == b"".join(g2_uncompressed(p) for p in points)
    assert g2_batch_compressed(packed) == b"".join(_compressed_g2(p) for p in points)


def test_uncompressed_generators_are_big_endian_with_c1_first() -> None:
    assert g1_uncompressed(G1_GENERATOR) == (1).to_bytes(32, "big") + (2).to_bytes(32, "big")
    (x0, x1), _ = G2_GENERATOR
    assert g2_uncompressed(G2_GENERATOR)[:64] == x1.to_bytes(32, "big") + x0.to_bytes(32, "big")
    assert g1_uncompressed(None) == bytes(64) and g2_uncompressed(None) == bytes(128)


def test_negative_y_sets_the_top_bit() -> None:
    be = get_backend()
    neg = be.g1_neg(G1_GENERATOR)  # y = q − 2 is "negative"
    assert g1_batch_compressed(pack_g1([neg]))[0] & 0x80
    assert not g1_batch_compressed(pack_g1([G1_GENERATOR]))[0] & 0x80


def test_batch_encodings_agree_with_and_without_the_c_core(monkeypatch) -> None:
    be = get_backend()
    g1s = pack_g1([None, *(be.g1_mul(G1_GENERATOR, k) for k in (1, 2, R - 1, 12345))])
    g2s = pack_g2([be.g2_mul(G2_GENERATOR, k) for k in (1, R - 1, 777)] + [None])
    native = [f(p) for f, p in ((g1_batch_compressed, g1s), (g1_batch_uncompressed, g1s),
                                (g2_batch_compressed, g2s), (g2_batch_uncompressed, g2s))]
    monkeypatch.setenv("ZKGOV_BACKEND", "reference")  # fp_from_montgomery in Python
    python = [f(p) for f, p in ((g1_batch_compressed, g1s), (g1_batch_uncompressed, g1s),
                                (g2_batch_compressed, g2s), (g2_batch_uncompressed, g2s))]
    assert native == python
