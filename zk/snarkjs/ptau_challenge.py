"""Air-gapped phase-1 contributions: snarkjs's challenge and response files.

Large public ceremonies hand each contributor a *challenge* and take back a *response*, so the
contributor's machine never needs the ``.ptau`` (nor the network):

* ``powersoftau export challenge`` — challenge = the last response hash (64 bytes) ‖ the
  points of τ·G1 (2n − 1), τ·G2 (n), α·τ·G1 (n), β·τ·G1 (n), β·G2 (1), uncompressed. Its
  blake2b is the current challenge hash recorded in the ``.ptau``.
* ``powersoftau challenge contribute`` — response = blake2b(challenge) ‖ the same points
  multiplied by the contributor's powers of τ (times α or β), *compressed* ‖ the three public
  keys uncompressed (six G1 points, then three G2). The response hash is blake2b(response).
* ``powersoftau import response`` — checks that the response answers the file's current
  challenge, decompresses the points into a new ``.ptau`` and records the contribution (the
  blake2b midstate of the response before the keys, and the next challenge hash).

Byte for byte what snarkjs writes, so either side may be snarkjs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from zk.ceremony.blake2b_state import Blake2b
from zk.ceremony.encoding import (
    g1_batch_compressed,
    g1_batch_uncompressed,
    g2_batch_compressed,
    g2_batch_uncompressed,
)
from zk.ceremony.packed_points import scale_by_powers_g1, scale_by_powers_g2
from zk.ceremony.phase1 import Phase1Error, load
from zk.ceremony.phase1.contribution import draw_keys
from zk.ceremony.pok import PublicKey
from zk.ceremony.records import (
    KIND_CONTRIBUTION,
    ContributionParams,
    PtauContribution,
    pack_ptau_contributions,
    public_keys_uncompressed,
)
from zk.ceremony.rng import entropy_rng
from zk.ceremony.transcript import next_challenge_hash
from zk.curve import Backend, get_backend
from zk.curve.encoding import G1_BYTES, G2_BYTES, unpack_g1, unpack_g2
from zk.formats.ptau import (
    MAX_POWER,
    SECTION_ALPHA_TAU_G1,
    SECTION_BETA_G2,
    SECTION_BETA_TAU_G1,
    SECTION_CONTRIBUTIONS,
    SECTION_TAU_G1,
    SECTION_TAU_G2,
    write_ptau,
)
from zk.snarkjs.point_codec import (
    G1_COMPRESSED,
    G1_UNCOMPRESSED,
    G2_COMPRESSED,
    G2_UNCOMPRESSED,
    decode_points,
    g1_from_uncompressed,
    g2_from_uncompressed,
    read_points,
)

HASH_BYTES = 64
#: The public keys at the end of a response: six G1 and three G2 points, uncompressed.
KEYS_BYTES = 6 * G1_UNCOMPRESSED + 3 * G2_UNCOMPRESSED
#: 0xFF × 64: snarkjs's "next challenge unknown" (after importing a response without points).
NO_HASH = b"\xff" * HASH_BYTES


def _blake2b(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=HASH_BYTES).digest()


def _section_counts(power: int) -> list[tuple[int, int, bool]]:
    """(ptau section, point count, is G2) in challenge/response order."""
    n = 1 << power
    return [(SECTION_TAU_G1, 2 * n - 1, False), (SECTION_TAU_G2, n, True),
            (SECTION_ALPHA_TAU_G1, n, False), (SECTION_BETA_TAU_G1, n, False),
            (SECTION_BETA_G2, 1, True)]


def _power_from_size(size: int, per_g1: int, per_g2: int, extra: int, what: str) -> int:
    """The power p whose file of (2·2^p − 1 + 2·2^p) G1 and (2^p + 1) G2 points plus
    ``extra`` bytes is ``size`` bytes long."""
    # size = extra + (4n − 1)·g1 + (n + 1)·g2  ⇒  n = (size − extra + g1 − g2) / (4·g1 + g2)
    num = size - extra + per_g1 - per_g2
    n, rem = divmod(num, 4 * per_g1 + per_g2)
    if rem or n < 2 or n & (n - 1) or n.bit_length() - 1 > MAX_POWER:
        raise Phase1Error(f"{what} has {size} bytes: not the size of a challenge or response of "
                          "any power of tau")
    return n.bit_length() - 1


# ----- export challenge ------------------------------------------------------------------------

def export_challenge(ptau: bytes, backend: Backend | None = None) -> tuple[bytes, bytes]:
    """(challenge file, its hash) for the next contribution to ``ptau``, as ``snarkjs
    powersoftau export challenge`` writes it."""
    current = load(ptau, backend)
    last_response = (current.contributions[-1].response_hash() if current.contributions
                     else _blake2b(b""))
    parts = [last_response]
    for section, _count, is_g2 in _section_counts(current.power):
        body = current.section(section)
        parts.append(g2_batch_uncompressed(body) if is_g2 else g1_batch_uncompressed(body))
    challenge = b"".join(parts)
    digest = _blake2b(challenge)
    if digest != current.last_challenge() and current.last_challenge() != NO_HASH:
        raise Phase1Error("the .ptau is corrupted: its points do not hash to the challenge "
                          "its last contribution recorded")
    return challenge, digest


# ----- challenge contribute --------------------------------------------------------------------

@dataclass(frozen=True)
class ChallengeResponse:
    """A response file and the hashes a contributor publishes."""

    response: bytes
    challenge_hash: bytes
    response_hash: bytes


def _packed_from_uncompressed(data: bytes, power: int, backend: Backend) -> dict[int, bytes]:
    out: dict[int, bytes] = {}
    pos = HASH_BYTES
    for section, count, is_g2 in _section_counts(power):
        size = G2_UNCOMPRESSED if is_g2 else G1_UNCOMPRESSED
        out[section] = decode_points(memoryview(data)[pos : pos + count * size], count, is_g2,
                                     False, f"challenge section {section} point", backend)
        pos += count * size
    return out


def challenge_contribute(challenge: bytes, entropy: str | bytes | None = None,
                         backend: Backend | None = None) -> ChallengeResponse:
    """Answer a challenge with fresh randomness (from :mod:`secrets`, mixed with
    ``entropy``): ``snarkjs powersoftau challenge contribute bn128 challenge response``.
    The secrets are dropped as soon as the points are computed."""
    be = backend or get_backend()
    power = _power_from_size(len(challenge), G1_UNCOMPRESSED, G2_UNCOMPRESSED, HASH_BYTES,
                             "the challenge")
    challenge_hash = _blake2b(challenge)
    sections = _packed_from_uncompressed(challenge, power, be)
    secrets_, keys = draw_keys(be, entropy_rng(entropy), challenge_hash)
    tau, alpha, beta = secrets_.values
    scaled = {
        SECTION_TAU_G1: scale_by_powers_g1(be, sections[SECTION_TAU_G1], 1, tau),
        SECTION_TAU_G2: scale_by_powers_g2(be, sections[SECTION_TAU_G2], 1, tau),
        SECTION_ALPHA_TAU_G1: scale_by_powers_g1(be, sections[SECTION_ALPHA_TAU_G1], alpha, tau),
        SECTION_BETA_TAU_G1: scale_by_powers_g1(be, sections[SECTION_BETA_TAU_G1], beta, tau),
        SECTION_BETA_G2: scale_by_powers_g2(be, sections[SECTION_BETA_G2], beta, tau),
    }
    secrets_.wipe()
    del tau, alpha, beta
    parts = [challenge_hash]
    for section, _count, is_g2 in _section_counts(power):
        compress = g2_batch_compressed if is_g2 else g1_batch_compressed
        parts.append(compress(scaled[section]))
    parts.append(public_keys_uncompressed(keys))
    response = b"".join(parts)
    return ChallengeResponse(response, challenge_hash, _blake2b(response))


# ----- import response -------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportedResponse:
    """The new ``.ptau``, the response hash and the next challenge hash."""

    data: bytes
    response_hash: bytes
    next_challenge: bytes


def _chunked_update(hasher: Blake2b, data: bytes, count: int, compressed: int,
                    uncompressed: int) -> None:
    # snarkjs hashes a section in pieces of 2^24 bytes of *uncompressed* points' worth; the
    # midstate it records depends on the pieces, so they are reproduced.
    per_chunk = (1 << 24) // uncompressed
    for start in range(0, count, per_chunk):
        n = min(count - start, per_chunk)
        hasher.update(data[start * compressed : (start + n) * compressed])


def _parse_keys(raw: bytes) -> tuple[PublicKey, PublicKey, PublicKey]:
    g1 = read_points(raw, 6, G1_UNCOMPRESSED, g1_from_uncompressed, "response public key G1")
    g2 = read_points(raw[6 * G1_UNCOMPRESSED :], 3, G2_UNCOMPRESSED, g2_from_uncompressed,
                     "response public key G2")
    keys = [PublicKey(g1[2 * k], g1[2 * k + 1], g2[k]) for k in range(3)]
    return keys[0], keys[1], keys[2]


def import_response(ptau: bytes, response: bytes, name: str | None = None,
                    backend: Backend | None = None) -> ImportedResponse:
    """Add a response to ``ptau`` as a new contribution: ``snarkjs powersoftau import
    response``. Raises :class:`Phase1Error` when the response does not answer the file's
    current challenge or has the wrong size; the contribution's proofs are checked later by
    ``powersoftau verify``, as snarkjs leaves them."""
    current = load(ptau, backend)
    if current.ptau.power != current.ptau.ceremony_power:
        raise Phase1Error("this .ptau was reduced from a larger ceremony; import into the "
                          "original file")
    power = current.power
    expected = HASH_BYTES + sum(count * (G2_COMPRESSED if g2 else G1_COMPRESSED)
                                for _s, count, g2 in _section_counts(power)) + KEYS_BYTES
    if len(response) != expected:
        raise Phase1Error(f"the response has {len(response)} bytes; a response for this "
                          f"power-{power} .ptau has {expected}")
    previous = response[:HASH_BYTES]
    challenge = current.last_challenge()
    if challenge != NO_HASH and previous != challenge:
        raise Phase1Error("wrong contribution: the response does not answer this .ptau's "
                          "current challenge")
    be = backend or get_backend()
    hasher = Blake2b(previous)
    pos = HASH_BYTES
    sections: dict[int, bytes] = {}
    for section, count, is_g2 in _section_counts(power):
        size = G2_COMPRESSED if is_g2 else G1_COMPRESSED
        raw = memoryview(response)[pos : pos + count * size]
        _chunked_update(hasher, raw, count, size, G2_UNCOMPRESSED if is_g2 else G1_UNCOMPRESSED)
        sections[section] = decode_points(raw, count, is_g2, True,
                                          f"response section {section} point", be)
        pos += count * size
    partial = hasher.partial_state()
    key_bytes = response[pos:]
    keys = _parse_keys(key_bytes)
    hasher.update(key_bytes)
    response_hash = hasher.digest()
    next_challenge = next_challenge_hash(
        response_hash,
        (sections[SECTION_TAU_G1], sections[SECTION_ALPHA_TAU_G1], sections[SECTION_BETA_TAU_G1]),
        sections[SECTION_TAU_G2], sections[SECTION_BETA_G2])
    record = PtauContribution(
        tau_g1=unpack_g1(sections[SECTION_TAU_G1][G1_BYTES : 2 * G1_BYTES])[0],
        tau_g2=unpack_g2(sections[SECTION_TAU_G2][G2_BYTES : 2 * G2_BYTES])[0],
        alpha_g1=unpack_g1(sections[SECTION_ALPHA_TAU_G1][:G1_BYTES])[0],
        beta_g1=unpack_g1(sections[SECTION_BETA_TAU_G1][:G1_BYTES])[0],
        beta_g2=unpack_g2(sections[SECTION_BETA_G2])[0], tau_key=keys[0], alpha_key=keys[1],
        beta_key=keys[2], partial_hash=partial, next_challenge=next_challenge,
        kind=KIND_CONTRIBUTION, params=ContributionParams(name))
    data = write_ptau(power, {**sections, SECTION_CONTRIBUTIONS:
                              pack_ptau_contributions([*current.contributions, record])})
    return ImportedResponse(data, response_hash, next_challenge)


__all__ = [
    "ChallengeResponse",
    "ImportedResponse",
    "challenge_contribute",
    "export_challenge",
    "import_response",
]
