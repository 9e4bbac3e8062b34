"""Every binary parser treats its input as hostile: mutated, truncated, spliced or random
bytes give a :class:`zk.errors.ZkError` (FormatError, FieldError, PointError), never another
exception or a hang.

The default run is short; a long session: ``ZKGOV_FUZZ_EXAMPLES=20000 pytest -q
tests/zk/formats/test_fuzz_parsers.py``.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from zk.curve.encoding import G1_BYTES, G2_BYTES
from zk.errors import ZkError
from zk.formats.binfile import read_binfile, write_binfile
from zk.formats.ptau import read_ptau
from zk.formats.r1cs import read_r1cs, read_r1cs_header
from zk.formats.wtns import read_wtns, read_wtns_packed
from zk.formats.zkey import parse_contributions, read_zkey, read_zkey_header
from zk.formats.zkey_coefficients import read_coefficients

CIRCOM = Path(__file__).resolve().parents[2] / "fixtures" / "circom"
EXAMPLES = int(os.environ.get("ZKGOV_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=EXAMPLES <= 60,  # the default run is reproducible; long sessions explore
)

#: Values that break naive size arithmetic when written into a count or size field.
EXTREMES = [0, 1, 2, 3, 31, 32, 33, 255, 2**16, 2**31 - 1, 2**31, 2**32 - 1, 2**32,
            2**63, 2**64 - 1]


def _small_ptau() -> bytes:
    """A valid power-1 ``.ptau`` cut from the power-8 fixture (the Lagrange levels of a
    prepared file are concatenated from the smallest, so the first points form a file)."""
    raw = (CIRCOM / "pot8.ptau").read_bytes()
    s = {k: bytes(v) for k, v in read_binfile(raw, "ptau", 1).sections.items()}
    header = bytearray(s[1])
    struct.pack_into("<II", header, 36, 1, 1)
    sized = {2: 3 * G1_BYTES, 3: 2 * G2_BYTES, 4: 2 * G1_BYTES, 5: 2 * G1_BYTES,
             12: 7 * G1_BYTES, 13: 3 * G2_BYTES, 14: 3 * G1_BYTES, 15: 3 * G1_BYTES}
    body = {1: bytes(header), **{k: s[k][:n] for k, n in sized.items()}, 6: s[6], 7: s[7]}
    return write_binfile("ptau", 1, sorted(body.items()))


SEEDS: dict[str, bytes] = {
    "r1cs": (CIRCOM / "multiplier" / "circuit.r1cs").read_bytes(),
    "wtns": (CIRCOM / "multiplier" / "witness.wtns").read_bytes(),
    "zkey": (CIRCOM / "multiplier" / "circuit.zkey").read_bytes(),
    "ptau": _small_ptau(),
}


def _contributions_body() -> bytes:
    return bytes(read_binfile(SEEDS["zkey"], "zkey", 2).sections[10])


def _coefficients_body() -> bytes:
    return bytes(read_binfile(SEEDS["zkey"], "zkey", 2).sections[4])


PARSERS: list[tuple[str, Callable[[bytes], object], Callable[[], bytes]]] = [
    ("binfile", lambda b: read_binfile(b, "r1cs", 1), lambda: SEEDS["r1cs"]),
    ("r1cs", read_r1cs, lambda: SEEDS["r1cs"]),
    ("r1cs header", read_r1cs_header, lambda: SEEDS["r1cs"]),
    ("wtns", read_wtns, lambda: SEEDS["wtns"]),
    ("wtns packed", read_wtns_packed, lambda: SEEDS["wtns"]),
    ("zkey", read_zkey, lambda: SEEDS["zkey"]),
    ("zkey header", read_zkey_header, lambda: SEEDS["zkey"]),
    ("zkey contributions", parse_contributions, _contributions_body),
    ("zkey coefficients", read_coefficients, _coefficients_body),
    ("ptau", read_ptau, lambda: SEEDS["ptau"]),
]
IDS = [name for name, _, _ in PARSERS]


def test_seeds_are_valid():
    for _name, parse, seed in PARSERS:
        parse(seed())


def _section_heads(data: bytes) -> list[int]:
    """Offsets of the u32 type / u64 size pairs of a well-formed container."""
    if data[:4] not in (b"r1cs", b"wtns", b"zkey", b"ptau"):
        return []
    heads, pos = [], 12
    (count,) = struct.unpack_from("<I", data, 8)
    for _ in range(count):
        heads.append(pos)
        pos += 12 + struct.unpack_from("<Q", data, pos + 4)[0]
    return heads


@st.composite
def mutated(draw, seed: bytes) -> bytes:
    data = bytearray(seed)
    heads = _section_heads(seed)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "overwrite", "truncate", "insert", "delete",
                                     "size", "count", "duplicate"]))
        n = len(data)
        if n == 0:
            data += draw(st.binary(max_size=16))
            continue
        at = draw(st.integers(0, n - 1))
        if kind == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=40))
            data[at : at + len(chunk)] = chunk
        elif kind == "truncate":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=40))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "size" and heads:
            head = draw(st.sampled_from(heads))
            value = draw(st.sampled_from(EXTREMES) | st.integers(0, 2**64 - 1))
            if head + 12 <= len(data):
                struct.pack_into("<Q", data, head + 4, value)
        elif kind == "count":
            # any u32 field: counts, n8, versions, wire ids, matrix ids
            value = draw(st.sampled_from([v for v in EXTREMES if v < 2**32]))
            at4 = at - at % 4
            if at4 + 4 <= len(data):
                struct.pack_into("<I", data, at4, value)
        elif kind == "duplicate" and heads:
            head = draw(st.sampled_from(heads))
            if head + 12 <= len(data):
                size = struct.unpack_from("<Q", data, head + 4)[0]
                section = bytes(data[head : head + 12 + size])
                data += section
                count = (struct.unpack_from("<I", data, 8)[0] + 1) % 2**32
                struct.pack_into("<I", data, 8, count)
    return bytes(data)


def _expect_zk_error_only(parse: Callable[[bytes], object], data: bytes) -> None:
    try:
        parse(data)
    except ZkError as exc:
        message = str(exc)
        assert message and "\n" not in message, message
        event(f"refused: {type(exc).__name__}")
    else:
        event("accepted")
    # any other exception propagates and fails the test


@pytest.mark.timeout(1800)
@pytest.mark.parametrize(("name", "parse", "seed"), PARSERS, ids=IDS)
@FUZZ
@given(data=st.data())
def test_mutated_files_raise_only_zk_errors(name, parse, seed, data):
    _expect_zk_error_only(parse, data.draw(mutated(seed()), label="file"))


@pytest.mark.timeout(1800)
@pytest.mark.parametrize(("name", "parse", "seed"), PARSERS, ids=IDS)
@FUZZ
@given(garbage=st.binary(max_size=512), keep=st.integers(0, 64))
def test_random_bytes_behind_a_real_prefix_raise_only_zk_errors(name, parse, seed, garbage,
                                                                 keep):
    _expect_zk_error_only(parse, seed()[:keep] + garbage)


@pytest.mark.parametrize(("name", "parse", "seed"), PARSERS, ids=IDS)
def test_every_truncation_of_the_first_bytes_is_refused(name, parse, seed):
    data = seed()
    for cut in range(min(len(data), 200)):
        with pytest.raises(ZkError):
            parse(data[:cut])
