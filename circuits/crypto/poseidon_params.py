"""Poseidon parameters of circomlib/circomlibjs for 1 to 16 inputs (widths t = 2 … 17).

Nothing here is pasted: the round constants and the Cauchy MDS matrix of each width are drawn
from the Grain LFSR exactly as the Poseidon reference script ``generate_parameters_grain`` does
for a prime field of 254 bits with the x^5 S-box (the script's arguments ``1 0 254 t 8 R_P r``),
the first time a width is asked for, and cached.

* round constants: (R_F + R_P)·t integers of 254 bits, each redrawn until it is below r;
* MDS: 2t integers of 254 bits reduced mod r, x = first t and y = last t (redrawn if two are
  equal or some x_i + y_j = 0), ``M[i][j] = 1/(x_i + y_j)``.

The partial-round counts are circomlib's: the security margins of the Poseidon paper rounded
up (the reference ``calc_round_numbers`` script), listed per width.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from circuits.crypto.grain import GrainLFSR
from circuits.errors import InputError
from zk.field import R

#: Full rounds (half before, half after the partial rounds), the same for every width.
FULL_ROUNDS = 8
#: Partial rounds for t = 2 … 17 (1 … 16 inputs), as circomlib uses them.
PARTIAL_ROUNDS = (56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68)
#: The S-box exponent (gcd(5, r − 1) = 1, so x ↦ x^5 is a permutation of Fr).
SBOX_EXPONENT = 5
#: Bits of the field that seed the LFSR and size every sampled integer.
FIELD_BITS = 254

MIN_INPUTS = 1
MAX_INPUTS = len(PARTIAL_ROUNDS)


@dataclass(frozen=True)
class PoseidonParams:
    """The constants of one Poseidon width ``t`` (= inputs + 1)."""

    t: int
    full_rounds: int
    partial_rounds: int
    #: Round constants, ``t`` per round, round after round.
    round_constants: tuple[int, ...]
    #: The t×t MDS matrix, row-major: ``new_state[i] = Σ_j mds[i][j]·state[j]``.
    mds: tuple[tuple[int, ...], ...]

    @property
    def n_inputs(self) -> int:
        """Field elements one hash takes: t − 1 (the first state element is the capacity)."""
        return self.t - 1

    @property
    def rounds(self) -> int:
        """All rounds, full and partial (R_F + R_P); each adds t round constants."""
        return self.full_rounds + self.partial_rounds

    def is_full_round(self, r: int) -> bool:
        """Round ``r`` applies the S-box to every element (else only to element 0)."""
        half = self.full_rounds // 2
        return r < half or r >= half + self.partial_rounds

    def round_constants_of(self, r: int) -> tuple[int, ...]:
        """The t constants added to the state in round ``r`` (0-based)."""
        return self.round_constants[r * self.t : (r + 1) * self.t]


def _cauchy_mds(lfsr: GrainLFSR, t: int) -> tuple[tuple[int, ...], ...]:
    while True:
        draws = [lfsr.next_int(FIELD_BITS) % R for _ in range(2 * t)]
        while len(set(draws)) != 2 * t:
            draws = [lfsr.next_int(FIELD_BITS) % R for _ in range(2 * t)]
        xs, ys = draws[:t], draws[t:]
        if any((x + y) % R == 0 for x in xs for y in ys):
            continue
        return tuple(tuple(pow(x + y, -1, R) for y in ys) for x in xs)


@cache
def params_for_width(t: int) -> PoseidonParams:
    """The parameters of width ``t`` (2 ≤ t ≤ 17), generated once and cached."""
    if not 2 <= t <= MAX_INPUTS + 1:
        raise InputError(
            f"Poseidon width t = {t} is not supported: circomlib defines t = 2 … {MAX_INPUTS + 1}"
        )
    partial = PARTIAL_ROUNDS[t - 2]
    lfsr = GrainLFSR(FIELD_BITS, t, FULL_ROUNDS, partial)
    constants = tuple(
        lfsr.next_field_element(FIELD_BITS, R) for _ in range((FULL_ROUNDS + partial) * t)
    )
    return PoseidonParams(t, FULL_ROUNDS, partial, constants, _cauchy_mds(lfsr, t))


def params_for_inputs(n_inputs: int) -> PoseidonParams:
    """The parameters that hash ``n_inputs`` field elements (1 … 16), as circomlib's Poseidon(n)."""
    if not MIN_INPUTS <= n_inputs <= MAX_INPUTS:
        raise InputError(
            f"Poseidon takes {MIN_INPUTS} to {MAX_INPUTS} inputs, got {n_inputs}; "
            "hash longer inputs in chunks (see circuits.crypto.poseidon.poseidon_sponge)"
        )
    return params_for_width(n_inputs + 1)
