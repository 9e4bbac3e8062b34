"""Moving bounded shared integers from one field to another.

Dealers share the same random integer R (below (t+1)·2^(m+1+κ)) in both fields. The parties
open c = a + 2^m + R in the source field; since nothing wraps there, c − 2^m − R = a holds over
the integers, so the target-field shares are c − 2^m − [R]. One dealing round (both fields
in one message) and one opening.
"""

from __future__ import annotations

from mpc.errors import MpcOverflowError
from mpc.field import Elements, PrimeField
from mpc.protocols.arithmetic import open_values
from mpc.protocols.comparison import magnitude_bits
from mpc.protocols.randomness import dealers
from mpc.runtime import Runtime
from mpc.transport.frames import Purpose


def convert(rt: Runtime, source: PrimeField, target: PrimeField, a: Elements,
            bound: int) -> Elements:
    """Shares in ``target`` of the integers (|a_i| ≤ bound) shared in ``source``."""
    size = a.shape[0]
    if size == 0:
        return target.zeros(0)
    m = magnitude_bits(bound)
    mask_bits = m + 1 + rt.sec_param
    if (1 << (m + 1)) + (rt.t + 1) * (1 << mask_bits) >= source.p or not target.holds(bound):
        raise MpcOverflowError(f"values up to 2^{m} cannot be moved from the {source.name} field "
                               f"to the {target.name} field with {rt.sec_param}-bit masks")
    outgoing: dict[int, list[Elements]] = {}
    if rt.party_id in dealers(rt):
        mask = source.random_below(size, mask_bits)
        rows_src = rt.scheme(source).share(mask)
        rows_dst = rt.scheme(target).share(target.lift(mask, source))
        outgoing = {j: [rows_src[j - 1], rows_dst[j - 1]] for j in rt.parties}
    got = rt.exchange_parts(Purpose.DEAL, outgoing, dealers(rt), (source, target), (size, size))
    mask_src, mask_dst = got[1]
    for d in dealers(rt)[1:]:
        mask_src = source.add(mask_src, got[d][0])
        mask_dst = target.add(mask_dst, got[d][1])
    c = open_values(rt, source, source.add(source.add_const(a, 1 << m), mask_src),
                    what="field conversion")
    assert c is not None
    c_target = target.lift(c, source)
    return target.sub(target.add_const(c_target, -(1 << m)), mask_dst)
