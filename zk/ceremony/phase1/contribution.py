"""Contributions to a ``.ptau``: random (``contribute``) or from a public beacon.

A contribution draws secrets τ, α, β, multiplies the i-th point of each section by its power
of τ (times α or β), and records a proof of knowledge of each secret whose G2 point is derived
from the previous challenge hash, the blake2b midstate of its response, and the hash of the
next challenge (see :mod:`zk.ceremony.transcript`). The secrets and every power of them are
dropped as soon as the points are computed.
"""

from __future__ import annotations

from dataclasses import dataclass

from zk.ceremony.beacon import Beacon
from zk.ceremony.blake2b_state import Blake2b
from zk.ceremony.encoding import g1_batch_compressed, g2_batch_compressed
from zk.ceremony.packed_points import scale_by_powers_g1, scale_by_powers_g2
from zk.ceremony.phase1.ptau_file import CeremonyPtau, Phase1Error, load
from zk.ceremony.pok import (
    PERSONALIZATION_ALPHA,
    PERSONALIZATION_BETA,
    PERSONALIZATION_TAU,
    PublicKey,
    phase1_g2_sp,
    random_g1_s,
)
from zk.ceremony.records import (
    KIND_BEACON,
    KIND_CONTRIBUTION,
    ContributionParams,
    PtauContribution,
    pack_ptau_contributions,
    public_keys_uncompressed,
)
from zk.ceremony.rng import ChaChaRng, entropy_rng
from zk.ceremony.transcript import next_challenge_hash
from zk.curve import Backend, get_backend
from zk.curve.encoding import G1_BYTES, G2_BYTES, unpack_g1, unpack_g2
from zk.formats.ptau import (
    SECTION_ALPHA_TAU_G1,
    SECTION_BETA_G2,
    SECTION_BETA_TAU_G1,
    SECTION_CONTRIBUTIONS,
    SECTION_TAU_G1,
    SECTION_TAU_G2,
    write_ptau,
)
from zk.progress import Progress, silent

#: snarkjs applies a key to 1 MiB of packed points at a time and hashes each piece.
_RESPONSE_CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class Phase1Result:
    """The file a contribution produced, and the hashes a contributor publishes."""

    data: bytes
    response_hash: bytes
    next_challenge: bytes
    record: PtauContribution


class Secrets:
    """τ, α, β of one contribution; :meth:`wipe` drops them (as far as Python allows)."""

    __slots__ = ("values",)

    def __init__(self, values: list[int]) -> None:
        self.values = values

    def wipe(self) -> None:
        """Overwrite and drop the values (Python may still hold copies it made itself)."""
        for i in range(len(self.values)):
            self.values[i] = 0
        self.values.clear()


def draw_keys(
    be: Backend, rng: ChaChaRng, challenge: bytes
) -> tuple[Secrets, tuple[PublicKey, PublicKey, PublicKey]]:
    """Secrets and public keys in snarkjs's draw order (so a beacon is reproducible):
    the three secrets, then for τ, α, β in turn g1_s from the stream."""
    secrets_ = Secrets([rng.next_fr() for _ in range(3)])
    if 0 in secrets_.values:
        secrets_.wipe()
        raise Phase1Error("the random stream produced a zero secret; contribute again")
    keys = []
    for personalization, x in zip((PERSONALIZATION_TAU, PERSONALIZATION_ALPHA,
                                    PERSONALIZATION_BETA), secrets_.values, strict=True):
        g1_s = random_g1_s(rng)
        g1_sx = be.g1_mul(g1_s, x)
        g2_sp = phase1_g2_sp(personalization, challenge, g1_s, g1_sx)
        keys.append(PublicKey(g1_s, g1_sx, be.g2_mul(g2_sp, x)))
    return secrets_, (keys[0], keys[1], keys[2])


def _check_contributable(current: CeremonyPtau) -> None:
    if current.ptau.power != current.ptau.ceremony_power:
        raise Phase1Error(
            "this .ptau was reduced from a larger ceremony; contribute to the original file"
        )


def _absorb_compressed(hasher: Blake2b, section: bytes, is_g2: bool) -> None:
    """Hash a section's points compressed, in the pieces snarkjs uses (1 MiB of packed points
    at a time), so that the recorded midstate comes out byte for byte the same."""
    size = G2_BYTES if is_g2 else G1_BYTES
    compress = g2_batch_compressed if is_g2 else g1_batch_compressed
    step = _RESPONSE_CHUNK_BYTES // size * size
    for start in range(0, len(section), step):
        hasher.update(compress(section[start : start + step]))


def _apply(be: Backend, current: CeremonyPtau, secrets_: Secrets,
           keys: tuple[PublicKey, PublicKey, PublicKey], kind: int, params: ContributionParams,
           step: Progress) -> Phase1Result:
    power = current.power
    tau, alpha, beta = secrets_.values
    challenge = current.last_challenge()
    step("applying τ to the τ·G1 and τ·G2 sections")
    new_tau_g1 = scale_by_powers_g1(be, current.section(SECTION_TAU_G1), 1, tau)
    new_tau_g2 = scale_by_powers_g2(be, current.section(SECTION_TAU_G2), 1, tau)
    step("applying α and β")
    new_alpha = scale_by_powers_g1(be, current.section(SECTION_ALPHA_TAU_G1), alpha, tau)
    new_beta = scale_by_powers_g1(be, current.section(SECTION_BETA_TAU_G1), beta, tau)
    new_beta_g2 = scale_by_powers_g2(be, current.section(SECTION_BETA_G2), beta, tau)
    secrets_.wipe()
    del tau, alpha, beta

    step("hashing the response")
    response = Blake2b(challenge)
    for section, is_g2 in ((new_tau_g1, False), (new_tau_g2, True), (new_alpha, False),
                           (new_beta, False), (new_beta_g2, True)):
        _absorb_compressed(response, section, is_g2)
    partial = response.partial_state()
    response.update(public_keys_uncompressed(keys))
    response_hash = response.digest()
    step("hashing the next challenge")
    next_challenge = next_challenge_hash(response_hash, (new_tau_g1, new_alpha, new_beta),
                                         new_tau_g2, new_beta_g2)
    record = PtauContribution(
        tau_g1=unpack_g1(new_tau_g1[G1_BYTES : 2 * G1_BYTES])[0],
        tau_g2=unpack_g2(new_tau_g2[G2_BYTES : 2 * G2_BYTES])[0],
        alpha_g1=unpack_g1(new_alpha[:G1_BYTES])[0],
        beta_g1=unpack_g1(new_beta[:G1_BYTES])[0],
        beta_g2=unpack_g2(new_beta_g2)[0],
        tau_key=keys[0], alpha_key=keys[1], beta_key=keys[2],
        partial_hash=partial, next_challenge=next_challenge, kind=kind, params=params,
    )
    data = write_ptau(power, {
        SECTION_TAU_G1: new_tau_g1,
        SECTION_TAU_G2: new_tau_g2,
        SECTION_ALPHA_TAU_G1: new_alpha,
        SECTION_BETA_TAU_G1: new_beta,
        SECTION_BETA_G2: new_beta_g2,
        SECTION_CONTRIBUTIONS: pack_ptau_contributions([*current.contributions, record]),
    })
    return Phase1Result(data, response_hash, next_challenge, record)


def contribute(data: bytes | memoryview, name: str | None = None,
               entropy: str | bytes | None = None, backend: Backend | None = None,
               progress: Progress | None = None) -> Phase1Result:
    """Add a random contribution (secrets from :mod:`secrets`, mixed with ``entropy``)."""
    be = backend or get_backend()
    step = progress or silent
    current = load(data, be)
    _check_contributable(current)
    rng = entropy_rng(entropy)
    secrets_, keys = draw_keys(be, rng, current.last_challenge())
    del rng
    return _apply(be, current, secrets_, keys, KIND_CONTRIBUTION, ContributionParams(name),
                  step)


def apply_beacon(data: bytes | memoryview, beacon: Beacon, name: str | None = None,
                 backend: Backend | None = None,
                 progress: Progress | None = None) -> Phase1Result:
    """Add a beacon contribution: secrets that anyone can recompute from ``beacon``."""
    be = backend or get_backend()
    step = progress or silent
    current = load(data, be)
    _check_contributable(current)
    step(f"iterating SHA-256 2^{beacon.iterations_exp} times")
    secrets_, keys = draw_keys(be, beacon.rng(), current.last_challenge())
    return _apply(be, current, secrets_, keys, KIND_BEACON, ContributionParams(name, beacon),
                  step)
