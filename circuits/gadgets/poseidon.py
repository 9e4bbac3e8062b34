"""Poseidon in a circuit, the same function as circomlib's ``Poseidon(n)`` (1 … 16 inputs).

Each S-box x^5 costs three products (x², x⁴, x⁵); round constants and the MDS mix are linear
and free. A state element that is still a constant (the zero capacity element in the first
round) is raised outside the circuit. Constraints for n inputs (t = n + 1):
3·(R_F·t + R_P) − 3, i.e. 213 / 240 / 261 / 321 / 609 for n = 1 / 2 / 3 / 5 / 16 — circomlib's
``--O2`` figures.
"""

from __future__ import annotations

from collections.abc import Sequence

from circuits.builder import Builder
from circuits.crypto.poseidon_params import params_for_inputs, params_for_width
from circuits.signal import Operand, Signal
from zk.field import R

__all__ = ["poseidon", "poseidon_permute"]


def _sbox(c: Builder, x: Signal) -> Signal:
    if x.is_constant():
        return c.constant(pow(x.lc.constant_value(), 5, R))
    x2 = c.mul(x, x, "x^2")
    x4 = c.mul(x2, x2, "x^4")
    return c.mul(x4, x, "x^5")


def poseidon_permute(
    c: Builder, state: Sequence[Operand], n_out: int | None = None
) -> list[Signal]:
    """The Poseidon permutation of a full state (width 2 … 17); returns the first ``n_out``
    elements of the result (all by default; fewer skips the unused rows of the last mix)."""
    p = params_for_width(len(state))
    t = p.t
    rows = t if n_out is None else n_out
    s = [x if isinstance(x, Signal) else c.constant(x) for x in state]
    with c.label(f"poseidon(t={t})"):
        for r in range(p.rounds):
            rc = p.round_constants_of(r)
            s = [x + k for x, k in zip(s, rc)]
            if p.is_full_round(r):
                s = [_sbox(c, x) for x in s]
            else:
                s[0] = _sbox(c, s[0])
            last = r == p.rounds - 1
            s = [
                _mix_row(c, row, s) for row in (p.mds[:rows] if last else p.mds)
            ]
    return s


def _mix_row(c: Builder, row: Sequence[int], state: Sequence[Signal]) -> Signal:
    acc = state[0].scale(row[0])
    for m, x in zip(row[1:], state[1:]):
        acc = acc + x.scale(m)
    return acc


def poseidon(c: Builder, inputs: Sequence[Operand], init_state: Operand = 0) -> Signal:
    """Poseidon(inputs) for 1 … 16 inputs, as circomlib ``Poseidon(n)`` / circomlibjs."""
    params_for_inputs(len(inputs))  # validates the count with a clear message
    return poseidon_permute(c, [init_state, *inputs], n_out=1)[0]
