"""``powersoftau verify``: every contribution of a ``.ptau``, and the file's own points.

For each contribution (in order): its recorded points are group elements; a beacon's keys
are the ones its beacon gives; the three proofs of knowledge verify against G2 points derived
from the previous challenge hash; and its τ·G1, τ·G2, α·G1, β·G1, β·G2 follow the previous
ones with its keys. Then the sections: every point valid, consecutive points in the ratio τ
(random linear combinations, one pairing check per section), the first points as recorded by
the last contribution, and the whole file hashing to its recorded next challenge. A prepared
file's Lagrange sections must agree with the powers on a random combination at every size.
"""

from __future__ import annotations

from dataclasses import dataclass

from zk.ceremony.lagrange import lagrange_check_scalars
from zk.ceremony.packed_points import (
    random_check_scalars,
    shifted_combinations_g1,
    shifted_combinations_g2,
)
from zk.ceremony.phase1.contribution import draw_keys
from zk.ceremony.phase1.preparation import LAGRANGE_SECTIONS
from zk.ceremony.phase1.ptau_file import CeremonyPtau, load
from zk.ceremony.pok import (
    PERSONALIZATION_ALPHA,
    PERSONALIZATION_BETA,
    PERSONALIZATION_TAU,
    phase1_g2_sp,
    same_ratio,
)
from zk.ceremony.records import KIND_BEACON, PtauContribution
from zk.ceremony.report import ContributionSummary, VerificationReport
from zk.ceremony.transcript import first_challenge_hash, next_challenge_hash
from zk.curve import Backend, get_backend
from zk.curve.base import G1, G1_GENERATOR, G2, G2_GENERATOR
from zk.curve.encoding import G1_BYTES, G2_BYTES, unpack_g1, unpack_g2
from zk.curve.validity import first_invalid_g1, first_invalid_g2, is_valid_g1, is_valid_g2
from zk.formats.ptau import (
    SECTION_ALPHA_TAU_G1,
    SECTION_BETA_G2,
    SECTION_BETA_TAU_G1,
    SECTION_TAU_G1,
    SECTION_TAU_G2,
)
from zk.progress import Progress, silent


@dataclass(frozen=True)
class _Previous:
    """The points and challenge a contribution builds on (the start, or the record before)."""

    tau_g1: G1
    tau_g2: G2
    alpha_g1: G1
    beta_g1: G1
    beta_g2: G2
    next_challenge: bytes


def _start(ceremony_power: int) -> _Previous:
    return _Previous(G1_GENERATOR, G2_GENERATOR, G1_GENERATOR, G1_GENERATOR, G2_GENERATOR,
                     first_challenge_hash(ceremony_power))


def _as_previous(c: PtauContribution) -> _Previous:
    return _Previous(c.tau_g1, c.tau_g2, c.alpha_g1, c.beta_g1, c.beta_g2, c.next_challenge)


def _valid_g1(be: Backend, p: G1) -> bool:
    return is_valid_g1(p, be, allow_identity=False)


def _valid_g2(be: Backend, p: G2) -> bool:
    return is_valid_g2(p, be, allow_identity=False)


def _verify_record(be: Backend, cur: PtauContribution, prev: _Previous, index: int,
                   report: VerificationReport) -> None:
    """snarkjs's ``verifyContribution``: the keys' proofs of knowledge and the links to the
    previous points; a beacon's keys must be the ones its beacon gives."""
    label = f"contribution {cur.label(index)}"
    number = index + 1
    points_g1 = [cur.tau_g1, cur.alpha_g1, cur.beta_g1] + [p for k in cur.keys for p in
                                                           (k.g1_s, k.g1_sx)]
    points_g2 = [cur.tau_g2, cur.beta_g2] + [k.g2_spx for k in cur.keys]
    if not all(_valid_g1(be, p) for p in points_g1) or not all(_valid_g2(be, p) for p in
                                                                points_g2):
        report.fail(f"{label}: a recorded point is not a valid curve point", number)
        return
    if cur.kind == KIND_BEACON:
        beacon = cur.params.beacon
        assert beacon is not None  # decode_params guarantees it for beacons
        _, expected = draw_keys(be, beacon.rng(), prev.next_challenge)
        if expected != cur.keys:
            report.fail(f"{label}: the beacon's keys are not the ones its beacon value "
                        f"{beacon.value.hex()} (2^{beacon.iterations_exp} iterations) gives",
                        number)
            return
    sp = [phase1_g2_sp(p, prev.next_challenge, k.g1_s, k.g1_sx) for p, k in
          zip((PERSONALIZATION_TAU, PERSONALIZATION_ALPHA, PERSONALIZATION_BETA), cur.keys,
              strict=True)]
    for name, key, g2_sp in zip(("tau", "alpha", "beta"), cur.keys, sp, strict=True):
        if not same_ratio(be, key.g1_s, key.g1_sx, g2_sp, key.g2_spx):
            report.fail(f"{label}: the proof of knowledge of {name} does not verify (forged, "
                        "copied from another transcript, or answering another challenge)",
                        number)
            return
    tau_key, _, beta_key = cur.keys
    links = (
        ("τ·G1", same_ratio(be, prev.tau_g1, cur.tau_g1, sp[0], tau_key.g2_spx)),
        ("τ·G2", same_ratio(be, tau_key.g1_s, tau_key.g1_sx, prev.tau_g2, cur.tau_g2)),
        ("α·G1", same_ratio(be, prev.alpha_g1, cur.alpha_g1, sp[1], cur.alpha_key.g2_spx)),
        ("β·G1", same_ratio(be, prev.beta_g1, cur.beta_g1, sp[2], beta_key.g2_spx)),
        ("β·G2", same_ratio(be, beta_key.g1_s, beta_key.g1_sx, prev.beta_g2, cur.beta_g2)),
    )
    for name, ok in links:
        if not ok:
            report.fail(f"{label}: its {name} does not follow the previous contribution with "
                        "its own key", number)
            return


def _verify_sections(be: Backend, current: CeremonyPtau, last: PtauContribution, index: int,
                     report: VerificationReport, step: Progress) -> None:
    """The file's points are the last contribution's powers, and hash to its next challenge."""
    label = f"contribution {last.label(index)}"
    number = index + 1
    sec = current.section
    step("checking that every point is a group element")
    for section_type, name in ((SECTION_TAU_G1, "τ·G1"), (SECTION_ALPHA_TAU_G1, "α·τ·G1"),
                               (SECTION_BETA_TAU_G1, "β·τ·G1")):
        bad = first_invalid_g1(sec(section_type), be)
        if bad is not None:
            report.fail(f"the {name} section's point #{bad} is not on the curve")
            return
    for section_type, name in ((SECTION_TAU_G2, "τ·G2"), (SECTION_BETA_G2, "β·G2")):
        bad = first_invalid_g2(sec(section_type), be)
        if bad is not None:
            report.fail(f"the {name} section's point #{bad} is not in G2")
            return
    step("checking the powers in every section")
    tau_g1 = unpack_g1(sec(SECTION_TAU_G1)[: 2 * G1_BYTES])
    tau_g2 = unpack_g2(sec(SECTION_TAU_G2)[: 2 * G2_BYTES])
    if tau_g1[0] != G1_GENERATOR or tau_g2[0] != G2_GENERATOR:
        report.fail("the first τ·G1 / τ·G2 point is not the generator")
    if tau_g1[1] != last.tau_g1 or tau_g2[1] != last.tau_g2:
        report.fail(f"the file's τ·G1 / τ·G2 are not those recorded by the last {label}",
                    number)
    if unpack_g1(sec(SECTION_ALPHA_TAU_G1)[:G1_BYTES])[0] != last.alpha_g1:
        report.fail(f"the file's α·G1 is not the one recorded by the last {label}", number)
    if unpack_g1(sec(SECTION_BETA_TAU_G1)[:G1_BYTES])[0] != last.beta_g1:
        report.fail(f"the file's β·G1 is not the one recorded by the last {label}", number)
    if unpack_g2(sec(SECTION_BETA_G2))[0] != last.beta_g2:
        report.fail(f"the file's β·G2 is not the one recorded by the last {label}", number)
    r1, r2 = shifted_combinations_g1(be, sec(SECTION_TAU_G1))
    if not same_ratio(be, r1, r2, G2_GENERATOR, last.tau_g2):
        report.fail("the τ·G1 section is not a sequence of powers of τ")
    r1, r2 = shifted_combinations_g2(be, sec(SECTION_TAU_G2))
    if r1 is not None and not same_ratio(be, G1_GENERATOR, last.tau_g1, r1, r2):
        report.fail("the τ·G2 section is not a sequence of powers of τ")
    for section_type, name in ((SECTION_ALPHA_TAU_G1, "α·τ·G1"), (SECTION_BETA_TAU_G1,
                                                                   "β·τ·G1")):
        r1, r2 = shifted_combinations_g1(be, sec(section_type))
        if r1 is not None and not same_ratio(be, r1, r2, G2_GENERATOR, last.tau_g2):
            report.fail(f"the {name} section is not a sequence of powers of τ")
    if current.ptau.power == current.ptau.ceremony_power:
        step("hashing the file")
        expected = next_challenge_hash(
            last.response_hash(),
            (sec(SECTION_TAU_G1), sec(SECTION_ALPHA_TAU_G1), sec(SECTION_BETA_TAU_G1)),
            sec(SECTION_TAU_G2), sec(SECTION_BETA_G2))
        if expected != last.next_challenge:
            report.fail(f"the file's points do not hash to the next challenge recorded by the "
                        f"last {label}", number)


def _verify_lagrange(be: Backend, current: CeremonyPtau, report: VerificationReport,
                     step: Progress) -> None:
    """Each prepared basis agrees with the monomial points on a random combination."""
    power = current.power
    for source, target, is_g2, name in LAGRANGE_SECTIONS:
        step(f"checking the Lagrange basis of {name}")
        size = G2_BYTES if is_g2 else G1_BYTES
        msm = be.msm_g2 if is_g2 else be.msm_g1
        monomial = current.section(source)
        prepared = current.section(target)
        top = power + 1 if source == SECTION_TAU_G1 else power
        for k in range(top + 1):
            n = 1 << k
            available = min(n, len(monomial) // size)
            scalars = random_check_scalars(available) + bytes(32 * (n - available))
            lhs = msm(monomial[: available * size], scalars[: 32 * available])
            basis = prepared[(n - 1) * size : (2 * n - 1) * size]
            rhs = msm(basis, lagrange_check_scalars(be, scalars))
            if lhs != rhs:
                report.fail(f"the prepared (Lagrange) {name} section does not match the "
                            f"powers of τ for the 2^{k} domain")
                return


def verify(data: bytes | memoryview, backend: Backend | None = None,
           progress: Progress | None = None) -> VerificationReport:
    """Check a ``.ptau`` as ``snarkjs powersoftau verify`` does, naming what fails.

    Raises :class:`FormatError` for a malformed file; every cryptographic failure is reported
    in the returned :class:`~zk.ceremony.report.VerificationReport`.
    """
    be = backend or get_backend()
    step = progress or silent
    current = load(data, be)
    report = VerificationReport()
    records = current.contributions
    for i, c in enumerate(records):
        report.contributions.append(ContributionSummary(
            i + 1, c.params.name, c.response_hash(), c.params.beacon))
    if not records:
        report.fail("the file has no contributions: it must not be used in production")
        return report
    start = _start(current.ptau.ceremony_power)
    for i in range(len(records)):
        step(f"checking contribution #{i + 1}")
        prev = _as_previous(records[i - 1]) if i > 0 else start
        _verify_record(be, records[i], prev, i, report)
    _verify_sections(be, current, records[-1], len(records) - 1, report, step)
    if current.ptau.prepared:
        _verify_lagrange(be, current, report, step)
    return report
