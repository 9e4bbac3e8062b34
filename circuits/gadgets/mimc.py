"""MiMC in a circuit, the same functions as circomlib's ``mimc.circom`` and ``mimcsponge.circom``
(their out-of-circuit twins and the round constants are in :mod:`circuits.crypto.mimc`).

* :func:`mimc7` / :func:`multi_mimc7` — ``MiMC7(n)`` / ``MultiMiMC7``: x^7 costs four products
  per round (t², t⁴, t⁶, t⁷), 364 for 91 rounds, as circomlib.
* :func:`mimc_feistel` / :func:`mimc_sponge` — ``MiMCFeistel(n)`` / ``MiMCSponge``: x^5 costs
  three products per round, 660 per permutation. The sponge squeezes only the left half of its
  last permutation, so that permutation's last round (which only feeds the right half) is left
  out: MiMCSponge(2 inputs, 220 rounds, 1 output) costs 1317 against circomlib's 1320.

Every round's state is a wire of its own (the product's output plus a constant), so the linear
combinations stay short. A round whose input is a constant is computed outside the circuit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from circuits.builder import Builder
from circuits.crypto.mimc import (
    MIMC7_ROUNDS,
    MIMC_SPONGE_ROUNDS,
    mimc7_constants,
    mimc_sponge_constants,
)
from circuits.errors import CircuitError
from circuits.signal import Operand, Signal
from zk.field import R

__all__ = ["mimc7", "mimc_feistel", "mimc_sponge", "multi_mimc7"]


def _signal(c: Builder, x: Operand) -> Signal:
    return x if isinstance(x, Signal) else c.constant(x)


def _seventh_power(c: Builder, t: Signal) -> Signal:
    """t^7 from t², t⁴, t⁶, t⁷: four products, the fewest (a third product could only make
    t⁷ as t⁴·t³, and two products give t² and one of t³, t⁴, not both); free when t is a
    constant."""
    if t.is_constant():
        return c.constant(pow(t.lc.constant_value(), 7, R))
    t2 = c.mul(t, t, "t^2")
    t4 = c.mul(t2, t2, "t^4")
    t6 = c.mul(t4, t2, "t^6")
    return c.mul(t6, t, "t^7")


def _add_fifth_power(c: Builder, addend: Signal, t: Signal, label: str) -> Signal:
    """addend + t^5 as one wire: the last product's constraint t⁴·t = w − addend defines it, so
    a Feistel half does not grow into a linear combination of every earlier round."""
    if t.is_constant():
        return addend + pow(t.lc.constant_value(), 5, R)
    t2 = c.mul(t, t, "t^2")
    t4 = c.mul(t2, t2, "t^4")
    w = c.hint(lambda a, b, s: s + a * b, t4, t, addend, label=label)
    c.assert_product(t4, t, w - addend, label)
    return w


def mimc7(c: Builder, x: Operand, k: Operand, n_rounds: int = MIMC7_ROUNDS) -> Signal:
    """The MiMC7 cipher E_k(x), as circomlib ``MiMC7(n_rounds)`` and circomlibjs ``mimc7.hash``
    (4 constraints per round; circomlib's table holds 91 rounds)."""
    constants = mimc7_constants(n_rounds)
    sk = _signal(c, k)
    state = _signal(c, x)
    with c.label(f"mimc7({n_rounds})"):
        for ci in constants:
            state = _seventh_power(c, state + sk + ci)
    return state + sk


def multi_mimc7(
    c: Builder, inputs: Sequence[Operand], key: Operand = 0, n_rounds: int = MIMC7_ROUNDS
) -> Signal:
    """circomlib ``MultiMiMC7(len(inputs), n_rounds)`` / circomlibjs ``mimc7.multiHash``:
    ``r ← r + x_i + E_r(x_i)`` starting from ``r = key``."""
    r = _signal(c, key)
    with c.label("multi_mimc7"):
        for x in inputs:
            sx = _signal(c, x)
            r = r + sx + mimc7(c, sx, r, n_rounds)
    return r


def _feistel(
    c: Builder, xl: Signal, xr: Signal, k: Signal, n_rounds: int, right_output: bool
) -> tuple[Signal, Signal | None]:
    constants = mimc_sponge_constants(n_rounds)
    with c.label(f"mimc_feistel({n_rounds})"):
        for i, ci in enumerate(constants[:-1]):
            xl, xr = _add_fifth_power(c, xr, xl + k + ci, f"round {i}"), xl
        if not right_output:
            return xl, None
        return xl, _add_fifth_power(c, xr, xl + k + constants[-1], f"round {n_rounds - 1}")


def mimc_feistel(
    c: Builder, xl: Operand, xr: Operand, k: Operand, n_rounds: int = MIMC_SPONGE_ROUNDS
) -> tuple[Signal, Signal]:
    """circomlib ``MiMCFeistel(n_rounds)`` / circomlibjs ``mimcsponge.hash(xL, xR, k)``:
    returns ``(xL_out, xR_out)`` (3 constraints per round)."""
    left, right = _feistel(c, _signal(c, xl), _signal(c, xr), _signal(c, k), n_rounds, True)
    return left, cast(Signal, right)


def mimc_sponge(
    c: Builder,
    inputs: Sequence[Operand],
    key: Operand = 0,
    n_outputs: int = 1,
    n_rounds: int = MIMC_SPONGE_ROUNDS,
) -> list[Signal]:
    """circomlib ``MiMCSponge(len(inputs), n_rounds, n_outputs)`` / circomlibjs
    ``mimcsponge.multiHash(inputs, key, n_outputs)``: the ``n_outputs`` squeezed elements."""
    if isinstance(n_outputs, bool) or not isinstance(n_outputs, int) or n_outputs < 1:
        raise CircuitError(f"MiMCSponge needs at least one output, got {n_outputs!r}")
    sk = _signal(c, key)
    rate, capacity = c.constant(0), c.constant(0)
    # one permutation per input, then one more per extra output; the very last one only
    # needs its left half
    absorbs = [_signal(c, x) for x in inputs]
    permutations = len(absorbs) + n_outputs - 1
    outputs: list[Signal] = []
    with c.label("mimc_sponge"):
        for j in range(permutations):
            if j < len(absorbs):
                rate = rate + absorbs[j]
            last = j == permutations - 1
            rate, right = _feistel(c, rate, capacity, sk, n_rounds, right_output=not last)
            if right is not None:
                capacity = right
            if j >= len(absorbs) - 1:
                outputs.append(rate)
    if not absorbs:
        outputs.insert(0, c.constant(0))
    return outputs
