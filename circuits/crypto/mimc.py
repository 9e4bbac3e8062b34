"""MiMC over BN254's Fr, bit for bit as circomlib and circomlibjs.

Two members of the family, each with its own round constants:

* **MiMC7** (circomlib ``MiMC7(91)`` / ``MultiMiMC7``, circomlibjs ``mimc7``): the cipher
  ``E_k(x)`` with 91 rounds of ``t ↦ t^7`` where ``t = state + k + c_i``, output ``state + k``;
  ``multi_hash`` chains it Miyaguchi–Preneel style: ``r ← r + x_i + E_r(x_i)``.
* **MiMCSponge** (circomlib ``MiMCFeistel(220)`` / ``MiMCSponge``, circomlibjs ``mimcsponge``):
  a Feistel network of 220 rounds ``(xL, xR) ↦ (xR + (xL + k + c_i)^5, xL)`` (the last round
  does not swap), used as the permutation of a sponge of rate 1 and capacity 1.

Nothing is pasted: the constants are a keccak-256 chain seeded with the UTF-8 bytes of
``"mimc"`` (MiMC7) or ``"mimcsponge"`` (MiMCSponge) — ``h_1 = keccak(keccak(seed))``,
``h_{i+1} = keccak(h_i)`` on the 32-byte digests, ``c_i = h_i mod r`` — with ``c_0 = 0``, and for
MiMCSponge also the last constant set to 0. They are computed at first use and cached.
Keccak-256 is the original Keccak padding (Ethereum's), not SHA3-256.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from Crypto.Hash import keccak

from circuits.errors import InputError
from zk.field import R

__all__ = [
    "MIMC7_ROUNDS",
    "MIMC7_SEED",
    "MIMC_SPONGE_ROUNDS",
    "MIMC_SPONGE_SEED",
    "keccak256",
    "mimc7_constants",
    "mimc7_hash",
    "mimc7_multi_hash",
    "mimc_feistel",
    "mimc_sponge_constants",
    "mimc_sponge_multi_hash",
]

#: circomlib's and circomlibjs's round counts (circomlibjs fixes them).
MIMC7_ROUNDS = 91
MIMC_SPONGE_ROUNDS = 220
#: The seeds of the constant chains.
MIMC7_SEED = "mimc"
MIMC_SPONGE_SEED = "mimcsponge"


def keccak256(data: bytes) -> bytes:
    """Keccak-256 (Ethereum's ``keccak256``; not the padded-differently SHA3-256)."""
    return keccak.new(digest_bits=256, data=data).digest()


def _keccak_chain(seed: str, n_rounds: int) -> list[int]:
    # c_0 is a placeholder that the callers overwrite with 0, as circomlibjs does.
    digest = keccak256(seed.encode())
    constants = [0]
    for _ in range(1, n_rounds):
        digest = keccak256(digest)
        constants.append(int.from_bytes(digest, "big") % R)
    return constants


def _check_rounds(n_rounds: int, minimum: int) -> None:
    if isinstance(n_rounds, bool) or not isinstance(n_rounds, int) or n_rounds < minimum:
        raise InputError(f"MiMC needs an integer number of rounds ≥ {minimum}, got {n_rounds!r}")


@lru_cache(maxsize=8)
def mimc7_constants(n_rounds: int = MIMC7_ROUNDS) -> tuple[int, ...]:
    """The MiMC7 round constants (``c_0 = 0``; the first 91 are circomlib's ``MiMC7`` table)."""
    _check_rounds(n_rounds, 1)
    return tuple(_keccak_chain(MIMC7_SEED, n_rounds))


@lru_cache(maxsize=8)
def mimc_sponge_constants(n_rounds: int = MIMC_SPONGE_ROUNDS) -> tuple[int, ...]:
    """The MiMCSponge Feistel round constants: 0, the keccak chain, and 0 for the last round."""
    _check_rounds(n_rounds, 2)
    constants = _keccak_chain(MIMC_SPONGE_SEED, n_rounds)
    constants[-1] = 0
    return tuple(constants)


def _element(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"MiMC {what} must be an integer, got {type(value).__name__}")
    return value % R


def mimc7_hash(x: int, k: int, n_rounds: int = MIMC7_ROUNDS) -> int:
    """circomlibjs ``mimc7.hash(x, k)`` (= circomlib ``MiMC7(n_rounds)`` with ``x_in``, ``k``)."""
    x, k = _element(x, "input"), _element(k, "key")
    state = x
    for c in mimc7_constants(n_rounds):
        state = pow((state + k + c) % R, 7, R)
    return (state + k) % R


def mimc7_multi_hash(inputs: Sequence[int], key: int = 0, n_rounds: int = MIMC7_ROUNDS) -> int:
    """circomlibjs ``mimc7.multiHash(arr, key)`` (= circomlib ``MultiMiMC7``)."""
    r = _element(key, "key")
    for i, value in enumerate(inputs):
        x = _element(value, f"input {i}")
        r = (r + x + mimc7_hash(x, r, n_rounds)) % R
    return r


def mimc_feistel(
    xl: int, xr: int, k: int, n_rounds: int = MIMC_SPONGE_ROUNDS
) -> tuple[int, int]:
    """circomlibjs ``mimcsponge.hash(xL, xR, k)`` (= circomlib ``MiMCFeistel``): ``(xL, xR)``."""
    xl, xr, k = _element(xl, "left input"), _element(xr, "right input"), _element(k, "key")
    constants = mimc_sponge_constants(n_rounds)
    for c in constants[:-1]:
        xl, xr = (xr + pow((xl + k + c) % R, 5, R)) % R, xl
    return xl, (xr + pow((xl + k + constants[-1]) % R, 5, R)) % R


def mimc_sponge_multi_hash(
    inputs: Sequence[int], key: int = 0, n_outputs: int = 1, n_rounds: int = MIMC_SPONGE_ROUNDS
) -> int | list[int]:
    """circomlibjs ``mimcsponge.multiHash(arr, key, numOutputs)`` (= circomlib ``MiMCSponge``).

    Absorbs each input into the rate element, permutes, and squeezes ``n_outputs`` elements.
    Returns an int when ``n_outputs`` is 1 (as circomlibjs does), else a list.
    """
    if isinstance(n_outputs, bool) or not isinstance(n_outputs, int) or n_outputs < 1:
        raise InputError(f"MiMCSponge needs at least one output, got {n_outputs!r}")
    k = _element(key, "key")
    rate, capacity = 0, 0
    for i, value in enumerate(inputs):
        rate = (rate + _element(value, f"input {i}")) % R
        rate, capacity = mimc_feistel(rate, capacity, k, n_rounds)
    outputs = [rate]
    for _ in range(1, n_outputs):
        rate, capacity = mimc_feistel(rate, capacity, k, n_rounds)
        outputs.append(rate)
    return outputs[0] if n_outputs == 1 else outputs
