"""The Grain LFSR that the Poseidon reference uses to derive round constants and MDS matrices.

This is the self-shrinking 80-bit LFSR of the Poseidon paper (eprint 2019/458, appendix F) as
the reference script ``generate_parameters_grain`` runs it: the state is seeded with the
instance description (field type, S-box, field size, width, round numbers), clocked 160 times
to discard, and then the raw bits are read in pairs: when the first bit of a pair is 1 the
second is output, otherwise the pair is dropped.

The LFSR is clocked 18 bits at a time (the nearest tap is 18 positions from the new bit, so 18
new bits depend only on the current window) and pairs are decoded a byte at a time; a
bit-at-a-time loop made parameter generation take seconds.
"""

from __future__ import annotations

#: Tap offsets of the feedback s[i+80] = s[i+62] ⊕ s[i+51] ⊕ s[i+38] ⊕ s[i+23] ⊕ s[i+13] ⊕ s[i].
_TAPS = (62, 51, 38, 23, 13, 0)
_STATE_BITS = 80
_WARM_UP_CLOCKS = 160
#: New bits computable from one 80-bit window: 80 − 62.
_STEP = _STATE_BITS - _TAPS[0]
#: Raw bits produced per refill: a multiple of both the step and of 8 (whole bytes of pairs).
_REFILL_BITS = _STEP * 8

#: Field-type code of the seed: 1 = prime field GF(p) (0 would be GF(2^n)).
FIELD_PRIME = 1
#: S-box code of the seed: 0 = x^alpha (1 would be x^-1).
SBOX_POWER = 0


def _seed_bits(value: int, width: int) -> list[int]:
    """``value`` as ``width`` bits, most significant first (the seed's field order)."""
    return [(value >> (width - 1 - i)) & 1 for i in range(width)]


def _pair_table() -> list[tuple[int, int]]:
    """For each byte of raw bits (earliest bit = bit 0): the output bits (earliest first, as the
    high bits of the value) and their count."""
    table = []
    for byte in range(256):
        value = count = 0
        for pair in range(4):
            if (byte >> (2 * pair)) & 1:
                value = (value << 1) | ((byte >> (2 * pair + 1)) & 1)
                count += 1
        table.append((value, count))
    return table


_PAIRS = _pair_table()


class GrainLFSR:
    """A Grain LFSR seeded for one Poseidon instance; yields pseudo-random bits and integers."""

    def __init__(
        self, field_bits: int, width: int, full_rounds: int, partial_rounds: int,
        field_type: int = FIELD_PRIME, sbox: int = SBOX_POWER,
    ) -> None:
        seed = (
            _seed_bits(field_type, 2) + _seed_bits(sbox, 4) + _seed_bits(field_bits, 12)
            + _seed_bits(width, 12) + _seed_bits(full_rounds, 10)
            + _seed_bits(partial_rounds, 10) + [1] * 30
        )
        assert len(seed) == _STATE_BITS
        # bit i of the integer is s[i]; bit 0 is the oldest bit of the window
        self._state = sum(bit << i for i, bit in enumerate(seed))
        self._clock_raw(_WARM_UP_CLOCKS)
        self._out = 0  # pending output bits, the earliest as the most significant
        self._out_len = 0

    def _clock_raw(self, n_bits: int) -> int:
        """Clock ``n_bits`` times; the new bits, the earliest as bit 0."""
        st = self._state
        raw = 0
        for k in range(0, n_bits, _STEP):
            step = min(_STEP, n_bits - k)
            new = ((st >> 62) ^ (st >> 51) ^ (st >> 38) ^ (st >> 23) ^ (st >> 13) ^ st)
            new &= (1 << step) - 1
            st = (st >> step) | (new << (_STATE_BITS - step))
            raw |= new << k
        self._state = st
        return raw

    def _refill(self) -> None:
        raw = self._clock_raw(_REFILL_BITS)
        out, out_len = self._out, self._out_len
        for byte in raw.to_bytes(_REFILL_BITS // 8, "little"):
            value, count = _PAIRS[byte]
            out = (out << count) | value
            out_len += count
        self._out, self._out_len = out, out_len

    def next_int(self, n_bits: int) -> int:
        """The next ``n_bits`` output bits read as an integer, the first bit most significant."""
        while self._out_len < n_bits:
            self._refill()
        rest = self._out_len - n_bits
        value = self._out >> rest
        self._out &= (1 << rest) - 1
        self._out_len = rest
        return value

    def next_bit(self) -> int:
        """The next output bit of the self-shrinking generator."""
        return self.next_int(1)

    def next_field_element(self, n_bits: int, modulus: int) -> int:
        """A uniform element below ``modulus`` by rejection sampling of ``n_bits`` integers."""
        while True:
            value = self.next_int(n_bits)
            if value < modulus:
                return value
