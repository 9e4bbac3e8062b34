"""The native batch decoder of snarkjs's transcript point encodings (``g1_decode_be``,
``g2_decode_be``) against the single-point Python decoders of :mod:`zk.snarkjs.point_codec`:
the same points for every valid encoding, and the same error (index and message) for every
invalid one — coordinates ≥ q, flag bits, x with no curve point, points off the curve."""

from __future__ import annotations

import secrets

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zk.ceremony.encoding import (
    g1_batch_compressed,
    g1_batch_uncompressed,
    g2_batch_compressed,
    g2_batch_uncompressed,
)
from zk.curve import available_backends, get_backend
from zk.curve.base import G1_GENERATOR, G2_GENERATOR
from zk.curve.encoding import pack_g1, pack_g2, unpack_g1, unpack_g2
from zk.curve.reference import ReferenceBackend
from zk.errors import PointError
from zk.field import Q, R
from zk.snarkjs.point_codec import (
    G1_COMPRESSED,
    G1_UNCOMPRESSED,
    G2_COMPRESSED,
    G2_UNCOMPRESSED,
    decode_points,
    g1_from_compressed,
    g1_from_uncompressed,
    g2_from_compressed,
    g2_from_uncompressed,
    read_points,
)

pytestmark = pytest.mark.skipif("native" not in available_backends(),
                                reason="compares the native decoder with the Python one")

WHAT = "response section 2 point"


def _size(is_g2: bool, compressed: bool) -> int:
    if is_g2:
        return G2_COMPRESSED if compressed else G2_UNCOMPRESSED
    return G1_COMPRESSED if compressed else G1_UNCOMPRESSED


def _python(raw: bytes, is_g2: bool, compressed: bool) -> tuple[str, object]:
    """What the single-point decoders give: ("ok", packed points) or ("error", message)."""
    size = _size(is_g2, compressed)
    if is_g2:
        decode = g2_from_compressed if compressed else g2_from_uncompressed
    else:
        decode = g1_from_compressed if compressed else g1_from_uncompressed
    try:
        points = read_points(raw, len(raw) // size, size, decode, WHAT)
    except PointError as exc:
        return "error", str(exc)
    return "ok", pack_g2(points) if is_g2 else pack_g1(points)


def _native(raw: bytes, is_g2: bool, compressed: bool) -> tuple[str, object]:
    count = len(raw) // _size(is_g2, compressed)
    try:
        return "ok", decode_points(raw, count, is_g2, compressed, WHAT, get_backend("native"))
    except PointError as exc:
        return "error", str(exc)


def _agree(raw: bytes, is_g2: bool, compressed: bool) -> tuple[str, object]:
    expected = _python(raw, is_g2, compressed)
    assert _native(raw, is_g2, compressed) == expected
    return expected


def _random_points(count: int) -> tuple[bytes, bytes]:
    be = get_backend("native")
    scalars = b"".join(secrets.randbelow(R).to_bytes(32, "little") for _ in range(count))
    return (be.g1_mul_batch(G1_GENERATOR, scalars), be.g2_mul_batch(G2_GENERATOR, scalars))


@pytest.fixture(scope="module")
def points() -> tuple[bytes, bytes]:
    """40 random G1 and G2 points with the identity among them."""
    g1, g2 = _random_points(40)
    return g1 + bytes(64), g2[:128 * 7] + bytes(128) + g2[128 * 7:]


@pytest.mark.parametrize("compressed", [True, False])
@pytest.mark.parametrize("is_g2", [False, True])
def test_valid_points_decode_to_the_same_packed_points(points, is_g2, compressed) -> None:
    packed = points[1] if is_g2 else points[0]
    if is_g2:
        encode = g2_batch_compressed if compressed else g2_batch_uncompressed
    else:
        encode = g1_batch_compressed if compressed else g1_batch_uncompressed
    outcome = _agree(encode(packed), is_g2, compressed)
    assert outcome == ("ok", packed)


def test_both_roots_of_y_come_back_with_their_flag(points) -> None:
    be = get_backend("native")
    g1 = unpack_g1(points[0][: 8 * 64])
    g2 = unpack_g2(points[1][: 8 * 128])
    for packed in (pack_g1(g1), pack_g1([be.g1_neg(p) for p in g1])):
        assert _agree(g1_batch_compressed(packed), False, True) == ("ok", packed)
    for packed in (pack_g2(g2), pack_g2([be.g2_neg(p) for p in g2])):
        assert _agree(g2_batch_compressed(packed), True, True) == ("ok", packed)


def _be(value: int) -> bytes:
    return value.to_bytes(32, "big")


def _no_point_x(is_g2: bool) -> bytes:
    """An x (compressed encoding) for which x³ + b has no square root."""
    for x in range(1, 1000):
        raw = _be(x) if not is_g2 else _be(x) + _be(x + 1)
        if _python(raw, is_g2, True)[0] == "error":
            return raw
    raise AssertionError("no such x below 1000")


@pytest.mark.parametrize("is_g2", [False, True])
def test_invalid_compressed_encodings_fail_alike(points, is_g2) -> None:
    size = _size(is_g2, True)
    valid = (g2_batch_compressed(points[1]) if is_g2 else g1_batch_compressed(points[0]))[
        : 5 * size]
    q_raw = _be(Q) if not is_g2 else _be(Q) + _be(1)
    low_q = _be(1) + _be(Q) if is_g2 else None
    masked_q = bytes([0x3F]) + b"\xff" * (size - 1)  # the flags masked off, still ≥ q
    bad = [q_raw, masked_q, _no_point_x(is_g2), bytes([0x80]) + _no_point_x(is_g2)[1:]]
    if low_q is not None:
        bad.append(low_q)
    for encoding in bad:
        for position in (0, 3, 5):
            raw = valid[: position * size] + encoding + valid[position * size:]
            kind, message = _agree(raw, is_g2, True)
            assert kind == "error" and f"#{position}" in str(message)


@pytest.mark.parametrize("is_g2", [False, True])
def test_the_identity_flag_wins_over_the_rest(is_g2) -> None:
    size = _size(is_g2, True)
    for first in (0x40, 0xC0, 0x7F, 0xFF):
        raw = bytes([first]) + secrets.token_bytes(size - 1)
        assert _agree(raw, is_g2, True) == ("ok", bytes(2 * size))


@pytest.mark.parametrize("is_g2", [False, True])
def test_invalid_uncompressed_encodings_fail_alike(points, is_g2) -> None:
    size = _size(is_g2, False)
    encode = g2_batch_uncompressed if is_g2 else g1_batch_uncompressed
    valid = encode((points[1] if is_g2 else points[0])[: 4 * size])
    off_curve = bytearray(valid[:size])
    off_curve[-1] ^= 1
    too_big = bytearray(valid[:size])
    too_big[size // 2 : size // 2 + 32] = _be(Q + 5)  # a coordinate ≥ q
    for encoding in (bytes(off_curve), bytes(too_big), b"\xff" * size, bytes(size - 1) + b"\1"):
        for position in (0, 2, 4):
            raw = valid[: position * size] + encoding + valid[position * size:]
            kind, message = _agree(raw, is_g2, False)
            assert kind == "error" and f"#{position}" in str(message)


@settings(max_examples=150, deadline=None)
@given(raw=st.binary(min_size=32, max_size=32), flags=st.sampled_from([0, 0x80, 0x40, 0xC0]))
def test_random_g1_compressed_bytes(raw: bytes, flags: int) -> None:
    _agree(bytes([(raw[0] & 0x3F) | flags]) + raw[1:], False, True)


@settings(max_examples=60, deadline=None)
@given(raw=st.binary(min_size=64, max_size=64), flags=st.sampled_from([0, 0x80, 0x40]))
def test_random_g2_compressed_bytes(raw: bytes, flags: int) -> None:
    _agree(bytes([(raw[0] & 0x3F) | flags]) + raw[1:], True, True)


@settings(max_examples=60, deadline=None)
@given(x=st.integers(0, Q - 1), flag=st.booleans())
def test_g1_x_below_q_decodes_or_fails_alike(x: int, flag: bool) -> None:
    raw = bytearray(_be(x))
    raw[0] |= 0x80 if flag else 0
    _agree(bytes(raw), False, True)


@settings(max_examples=40, deadline=None)
@given(x0=st.integers(0, Q - 1), x1=st.integers(0, Q - 1), flag=st.booleans())
def test_g2_x_below_q_decodes_or_fails_alike(x0: int, x1: int, flag: bool) -> None:
    raw = bytearray(_be(x1) + _be(x0))
    raw[0] |= 0x80 if flag else 0
    _agree(bytes(raw), True, True)


@pytest.mark.parametrize("is_g2", [False, True])
def test_g2_roots_with_a_zero_component(is_g2) -> None:
    """x = 0 in G2 and points whose y has c1 = 0 take the Fp branches of the Fp2 root."""
    if not is_g2:
        _agree(_be(0), False, True)
        return
    for x in (0, 1, 2, 3, 4):
        _agree(bytes(32) + _be(x), True, True)
        _agree(_be(x) + bytes(32), True, True)


def test_the_reference_backend_takes_the_python_path(points) -> None:
    raw = g1_batch_compressed(points[0][: 3 * 64])
    assert decode_points(raw, 3, False, True, WHAT, ReferenceBackend()) == points[0][: 3 * 64]


def test_a_short_buffer_is_a_point_error() -> None:
    with pytest.raises(PointError, match="cannot hold 2 points"):
        decode_points(bytes(63), 2, False, True, WHAT)


def test_an_empty_buffer_decodes_to_nothing() -> None:
    assert get_backend("native").g1_decode_be(b"", True) == (b"", -1, 0)
