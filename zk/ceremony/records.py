"""Contribution records as snarkjs stores them: the ``.ptau`` section 7 entries and the
parameter list (name, beacon) that both phases share.

Parameters are a sorted list of typed entries: 1 = name (u8 length + UTF-8, at most 64
characters), 2 = beacon iteration exponent (u8), 3 = beacon value (u8 length + bytes).
A beacon contribution (type 1) always carries 2 and 3.

A phase-1 record (after the u32 count of section 7) holds the τ·G1, τ·G2, α·G1, β·G1 and
β·G2 the contribution produced, its three public keys (the six G1 points, then the three G2
points, Montgomery form), the 216-byte blake2b midstate of its response, the hash of the next
challenge, u32 type and the length-prefixed parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

from zk.ceremony.beacon import Beacon
from zk.ceremony.blake2b_state import DIGEST_BYTES, PARTIAL_STATE_BYTES, Blake2b
from zk.ceremony.encoding import g1_uncompressed, g2_uncompressed
from zk.ceremony.pok import PublicKey
from zk.curve.base import G1, G2
from zk.curve.encoding import G1_BYTES, G2_BYTES, pack_g1, pack_g2, unpack_g1, unpack_g2
from zk.errors import FormatError
from zk.formats.binfile import SectionReader, u32

KIND_CONTRIBUTION = 0
KIND_BEACON = 1

_PARAM_NAME = 1
_PARAM_ITERATIONS = 2
_PARAM_BEACON = 3
_NAME_UTF16_UNITS = 64


# ----- parameters (both phases) ----------------------------------------------------------------

@dataclass(frozen=True)
class ContributionParams:
    """The optional name of a contribution and, for a beacon, its value and iterations."""

    name: str | None = None
    beacon: Beacon | None = None


def _truncate_name(name: str) -> str:
    # snarkjs keeps the first 64 UTF-16 code units (JavaScript's substring(0, 64)).
    units = 0
    for i, ch in enumerate(name):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > _NAME_UTF16_UNITS:
            return name[:i]
    return name


def encode_params(params: ContributionParams) -> bytes:
    """The parameter bytes of a record (without the u32 length that precedes them)."""
    out = bytearray()
    if params.name:
        data = _truncate_name(params.name).encode("utf-8")
        out += bytes([_PARAM_NAME, len(data)]) + data
    if params.beacon is not None:
        out += bytes([_PARAM_ITERATIONS, params.beacon.iterations_exp])
        out += bytes([_PARAM_BEACON, len(params.beacon.value)]) + params.beacon.value
    return bytes(out)


def decode_params(raw: bytes, kind: int, what: str) -> ContributionParams:
    """Parse parameter bytes (without their length prefix) as snarkjs does."""
    cur = SectionReader(raw, f"the parameters of {what}")
    name: str | None = None
    iterations: int | None = None
    value: bytes | None = None
    last = 0
    while cur.remaining:
        kind_byte = cur.take(1, "a parameter type")[0]
        if kind_byte <= last:
            raise FormatError(f"the parameters of {what} are not sorted by type")
        last = kind_byte
        if kind_byte == _PARAM_NAME:
            data = bytes(cur.take(cur.take(1, "the name length")[0], "the name"))
            try:
                name = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise FormatError(f"the name of {what} is not valid UTF-8") from exc
        elif kind_byte == _PARAM_ITERATIONS:
            iterations = cur.take(1, "the beacon iterations")[0]
        elif kind_byte == _PARAM_BEACON:
            value = bytes(cur.take(cur.take(1, "the beacon length")[0], "the beacon value"))
        else:
            raise FormatError(f"{what} has an unknown parameter type {kind_byte}")
    beacon = None
    if kind == KIND_BEACON:
        if iterations is None or value is None:
            raise FormatError(f"{what} is a beacon but does not record the beacon value")
        beacon = Beacon(value, iterations)
    return ContributionParams(name, beacon)


# ----- phase-1 records (.ptau section 7) -------------------------------------------------------

@dataclass(frozen=True)
class PtauContribution:
    """One phase-1 contribution record."""

    tau_g1: G1
    tau_g2: G2
    alpha_g1: G1
    beta_g1: G1
    beta_g2: G2
    tau_key: PublicKey
    alpha_key: PublicKey
    beta_key: PublicKey
    partial_hash: bytes
    next_challenge: bytes
    kind: int
    params: ContributionParams

    @property
    def keys(self) -> tuple[PublicKey, PublicKey, PublicKey]:
        """The contributor's proof-of-knowledge public keys for τ, α and β, in the order
        the response hash covers them."""
        return (self.tau_key, self.alpha_key, self.beta_key)

    def label(self, index: int) -> str:
        """How a message names this contribution: ``#2 'Ministry of Health'`` (1-based)."""
        return f"#{index + 1}" + (f" {self.params.name!r}" if self.params.name else "")

    def response_hash(self) -> bytes:
        """The hash of this contribution's response: the midstate finished with the keys."""
        hasher = Blake2b.from_partial_state(self.partial_hash)
        hasher.update(public_keys_uncompressed(self.keys))
        return hasher.digest()


def public_keys_uncompressed(keys: tuple[PublicKey, PublicKey, PublicKey]) -> bytes:
    """The three keys as the response hash absorbs them (snarkjs's uncompressed order)."""
    g1 = b"".join(g1_uncompressed(p) for k in keys for p in (k.g1_s, k.g1_sx))
    return g1 + b"".join(g2_uncompressed(k.g2_spx) for k in keys)


def parse_ptau_contributions(body: memoryview | bytes) -> list[PtauContribution]:
    """Decode ``.ptau`` section 7 (points decoded, not yet checked on the curve)."""
    cur = SectionReader(body, ".ptau contributions (section 7)")
    count = cur.u32("the contribution count")
    out: list[PtauContribution] = []
    for i in range(count):
        what = f"phase-1 contribution #{i + 1}"
        tau_g1, = unpack_g1(cur.take(G1_BYTES, what))
        tau_g2, = unpack_g2(cur.take(G2_BYTES, what))
        alpha_g1, beta_g1 = unpack_g1(cur.take(2 * G1_BYTES, what))
        beta_g2, = unpack_g2(cur.take(G2_BYTES, what))
        g1s = unpack_g1(cur.take(6 * G1_BYTES, what))
        g2s = unpack_g2(cur.take(3 * G2_BYTES, what))
        keys = [PublicKey(g1s[2 * k], g1s[2 * k + 1], g2s[k]) for k in range(3)]
        partial = bytes(cur.take(PARTIAL_STATE_BYTES, what))
        next_challenge = bytes(cur.take(DIGEST_BYTES, what))
        kind = cur.u32(what)
        raw_params = bytes(cur.take(cur.u32(what), f"the parameters of {what}"))
        params = decode_params(raw_params, kind, what)
        out.append(PtauContribution(tau_g1, tau_g2, alpha_g1, beta_g1, beta_g2, *keys,
                                    partial, next_challenge, kind, params))
    cur.expect_end()
    return out


def pack_ptau_contributions(entries: list[PtauContribution]) -> bytes:
    """Encode ``.ptau`` section 7."""
    out = bytearray(u32(len(entries)))
    for c in entries:
        out += pack_g1([c.tau_g1]) + pack_g2([c.tau_g2]) + pack_g1([c.alpha_g1, c.beta_g1])
        out += pack_g2([c.beta_g2])
        out += pack_g1([p for k in c.keys for p in (k.g1_s, k.g1_sx)])
        out += pack_g2([k.g2_spx for k in c.keys])
        params = encode_params(c.params)
        out += c.partial_hash + c.next_challenge + u32(c.kind) + u32(len(params)) + params
    return bytes(out)
