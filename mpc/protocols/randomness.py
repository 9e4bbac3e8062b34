"""Shared randomness: uniform elements, bounded integers and bits.

Parties 1..t+1 each deal a contribution (one round, all kinds in one message); at least one of
any t+1 parties is honest, so:

* a uniform element is the sum of the contributions;
* a random integer below (t+1)·2^k is the sum of contributions below 2^k (a mask: it hides a
  value of fewer bits up to a statistical distance of about 2^-(k − value bits));
* a uniform bit is the XOR of the contributed bits, b ⊕ c = b + c − 2bc: t more rounds of
  multiplication, each one vector product for all bits at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mpc.field import Elements, PrimeField
from mpc.protocols.arithmetic import multiply
from mpc.runtime import Runtime
from mpc.transport.frames import Purpose


@dataclass(frozen=True)
class Draw:
    """One kind of randomness to deal: ``count`` values of ``kind`` (element, int, bit)."""

    kind: str
    count: int
    bits: int = 0


def dealers(rt: Runtime) -> tuple[int, ...]:
    """The parties that deal contributions, 1 … t+1: at least one of any t+1 is honest."""
    return tuple(range(1, rt.t + 2))


def deal(rt: Runtime, field: PrimeField, draws: Sequence[Draw]) -> list[Elements]:
    """Shares of fresh random values for each draw, in order (1 + t rounds if bits are drawn)."""
    sizes = [d.count for d in draws]
    total = sum(sizes)
    outgoing: dict[int, Elements] = {}
    if rt.party_id in dealers(rt):
        parts = []
        for d in draws:
            if d.kind == "element":
                parts.append(field.random(d.count))
            elif d.kind == "int":
                parts.append(field.random_below(d.count, d.bits))
            elif d.kind == "bit":
                parts.append(field.random_bits(d.count))
            else:
                raise ValueError(f"unknown kind of randomness {d.kind!r}")
        mine = np.concatenate(parts) if parts else field.zeros(0)
        rows = rt.scheme(field).share(mine.astype(field.dtype))
        outgoing = {j: rows[j - 1] for j in rt.parties}
    got = rt.exchange(Purpose.DEAL, outgoing, dealers(rt), field, counts=total)
    contributions = [np.split(got[d], np.cumsum(sizes)[:-1]) for d in dealers(rt)]
    bit_slots = [i for i, d in enumerate(draws) if d.kind == "bit"]
    out: list[Elements] = []
    for i in range(len(draws)):
        acc = contributions[0][i]
        if draws[i].kind != "bit":
            for c in contributions[1:]:
                acc = field.add(acc, c[i])
        out.append(acc)
    if bit_slots:
        xs = np.concatenate([out[i] for i in bit_slots])
        for c in contributions[1:]:
            ys = np.concatenate([c[i] for i in bit_slots])
            both = multiply(rt, field, xs, ys)
            xs = field.sub(field.add(xs, ys), field.add(both, both))
        pieces = np.split(xs, np.cumsum([sizes[i] for i in bit_slots])[:-1])
        for slot, piece in zip(bit_slots, pieces):
            out[slot] = piece
    return out


def random_bits(rt: Runtime, field: PrimeField, count: int) -> Elements:
    """Shares of ``count`` uniform bits."""
    return deal(rt, field, [Draw("bit", count)])[0]


def random_elements(rt: Runtime, field: PrimeField, count: int) -> Elements:
    """Shares of ``count`` uniform field elements."""
    return deal(rt, field, [Draw("element", count)])[0]
