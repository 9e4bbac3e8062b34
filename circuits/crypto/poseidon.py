"""Poseidon over BN254's Fr, bit for bit as circomlib's ``Poseidon(n)`` and circomlibjs's
``poseidon``: state ``[init, in_1 … in_n]``, R_F/2 full rounds, R_P partial rounds, R_F/2 full
rounds (add round constants, S-box x^5, multiply by the MDS matrix), output ``state[0]``.

The native C core (:mod:`zk.native`) computes permutations and whole batches of hashes when it
is built; the pure-Python code below is the fallback and the readable reference, and the tests
check that both agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from circuits.crypto.poseidon_params import PoseidonParams, params_for_inputs, params_for_width
from circuits.errors import InputError
from zk.curve import get_backend
from zk.errors import BackendError
from zk.field import FIELD_BYTES, R

__all__ = [
    "native_available",
    "pack_elements",
    "poseidon",
    "poseidon_batch",
    "poseidon_batch_packed",
    "poseidon_permute",
    "unpack_elements",
]


def _native_module():
    """The native backend when it is built and offers Poseidon, else ``None``."""
    try:
        native = get_backend("native")
    except BackendError:
        return None
    if hasattr(native, "poseidon_permute") and hasattr(native, "poseidon_hash_batch"):
        return native
    return None


def native_available() -> bool:
    """True when the native backend offers Poseidon (``poseidon_hash_batch`` in C)."""
    return _native_module() is not None


def pack_elements(values: Sequence[int]) -> bytes:
    """Field elements as consecutive 32-byte little-endian words (the native buffer layout)."""
    return b"".join((v % R).to_bytes(FIELD_BYTES, "little") for v in values)


def unpack_elements(buf: bytes | bytearray | memoryview) -> list[int]:
    """The inverse of :func:`pack_elements`."""
    mv = memoryview(buf)
    if len(mv) % FIELD_BYTES:
        raise InputError(f"packed field elements must be a multiple of {FIELD_BYTES} bytes")
    return [
        int.from_bytes(mv[i : i + FIELD_BYTES], "little") for i in range(0, len(mv), FIELD_BYTES)
    ]


@cache
def _packed_params(t: int) -> tuple[bytes, bytes]:
    p = params_for_width(t)
    return pack_elements(p.round_constants), pack_elements([x for row in p.mds for x in row])


def _to_element(value: object, index: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"Poseidon input {index} must be an integer, got {type(value).__name__}")
    return value % R


def _permute_python(state: list[int], p: PoseidonParams) -> list[int]:
    t = p.t
    rc = p.round_constants
    mds = p.mds
    for r in range(p.rounds):
        base = r * t
        state = [(state[i] + rc[base + i]) % R for i in range(t)]
        if p.is_full_round(r):
            state = [pow(x, 5, R) for x in state]
        else:
            state[0] = pow(state[0], 5, R)
        state = [sum(m * x for m, x in zip(row, state)) % R for row in mds]
    return state


def poseidon_permute(state: Sequence[int], *, use_native: bool | None = None) -> list[int]:
    """The Poseidon permutation of a full state of width t = len(state) (2 … 17)."""
    values = [_to_element(v, i) for i, v in enumerate(state)]
    p = params_for_width(len(values))
    native = _native_module() if use_native in (None, True) else None
    if use_native and native is None:
        raise InputError("the native Poseidon is not built (zk.native.poseidon_permute)")
    if native is not None:
        rc, mds = _packed_params(p.t)
        out = native.poseidon_permute(
            pack_elements(values), rc, mds, p.full_rounds, p.partial_rounds
        )
        return unpack_elements(out)
    return _permute_python(values, p)


def poseidon(
    inputs: Sequence[int], init_state: int = 0, n_out: int = 1, *, use_native: bool | None = None
) -> int | list[int]:
    """Hash 1 … 16 field elements, as circomlibjs ``poseidon(inputs, initState, nOut)``.

    Returns ``state[0]`` (an int) when ``n_out`` is 1, else the first ``n_out`` state elements.
    Inputs are integers reduced modulo r, as circomlibjs reduces them.
    """
    p = params_for_inputs(len(inputs))
    if not 1 <= n_out <= p.t:
        raise InputError(f"n_out must be between 1 and {p.t}, got {n_out}")
    state = poseidon_permute([init_state, *inputs], use_native=use_native)
    return state[0] if n_out == 1 else state[:n_out]


def poseidon_batch_packed(
    packed_inputs: bytes | bytearray | memoryview, k: int, *, use_native: bool | None = None
) -> bytes:
    """Hash many rows of ``k`` inputs given as one packed buffer (32-byte LE words, row after
    row); returns the packed outputs. This is the fast path of a Merkle level: a level's nodes
    are already its parents' inputs in order."""
    p = params_for_inputs(k)
    mv = memoryview(packed_inputs)
    if len(mv) % (k * FIELD_BYTES):
        raise InputError(f"packed input length {len(mv)} is not a whole number of {k}-input rows")
    native = _native_module() if use_native in (None, True) else None
    if use_native and native is None:
        raise InputError("the native Poseidon is not built (zk.native.poseidon_hash_batch)")
    if native is not None:
        rc, mds = _packed_params(p.t)
        return bytes(
            native.poseidon_hash_batch(mv, k, rc, mds, p.full_rounds, p.partial_rounds)
        )
    values = unpack_elements(mv)
    out = [
        _permute_python([0, *(v % R for v in values[i : i + k])], p)[0]
        for i in range(0, len(values), k)
    ]
    return pack_elements(out)


def poseidon_batch(rows: Sequence[Sequence[int]], *, use_native: bool | None = None) -> list[int]:
    """Poseidon of every row (all rows of the same length 1 … 16)."""
    if not rows:
        return []
    k = len(rows[0])
    flat: list[int] = []
    for i, row in enumerate(rows):
        if len(row) != k:
            raise InputError(f"row {i} has {len(row)} inputs; every row must have {k}")
        flat.extend(_to_element(v, j) for j, v in enumerate(row))
    return unpack_elements(poseidon_batch_packed(pack_elements(flat), k, use_native=use_native))

