"""Phase 2 of a Groth16 ceremony: the circuit-specific δ, in snarkjs's ``.zkey`` format.

``new`` builds the key from the circuit and a prepared ``.ptau`` (δ = 1, exactly as
``snarkjs groth16 setup``); each ``contribute`` multiplies δ by a fresh secret d and divides
the L (section 8) and H (section 9) points by it, recording δ after the step, a proof of
knowledge of d (g1_s, g1_sx, g2_spx) and the transcript hash that chains it to the circuit
and every earlier contribution; ``beacon`` does the same with d derived from public
randomness; ``verify`` recomputes the initial key from the circuit and the ``.ptau`` and
checks every contribution and the final key; ``export_verification_key`` writes the
``verification_key.json`` verifiers use. The key is sound if any one contributor destroyed d.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from zk.ceremony.beacon import Beacon
from zk.ceremony.h_basis import h_power_basis_combination
from zk.ceremony.packed_points import (
    paired_combinations_g1,
    random_check_scalars,
    scale_by_constant_g1,
)
from zk.ceremony.pok import hash_to_g2, random_g1_s, same_ratio
from zk.ceremony.ptau_setup import setup_from_ptau
from zk.ceremony.records import (
    KIND_BEACON,
    KIND_CONTRIBUTION,
    ContributionParams,
    decode_params,
    encode_params,
)
from zk.ceremony.report import ContributionSummary, VerificationReport
from zk.ceremony.rng import ChaChaRng, entropy_rng
from zk.ceremony.transcript import phase2_contribution_hash, phase2_transcript
from zk.curve import Backend, get_backend
from zk.curve.base import G1, G1_GENERATOR, G2_GENERATOR
from zk.curve.validity import is_valid_g1, is_valid_g2
from zk.errors import ZkError
from zk.field import inv
from zk.formats.ptau import read_ptau
from zk.formats.r1cs import read_r1cs
from zk.formats.snarkjs_json import export_verification_key, verification_key_json
from zk.formats.zkey import (
    Contribution,
    Contributions,
    pack_contributions,
    parse_contributions,
    read_zkey,
    write_zkey,
)
from zk.groth16.keys import ProvingKey
from zk.progress import Progress, silent

#: ``zkey contribute`` / ``zkey beacon`` write the sections in numeric order.
CONTRIBUTED_SECTION_ORDER = tuple(range(1, 11))


class Phase2Error(ZkError):
    """A ``.zkey`` cannot take this step."""


@dataclass(frozen=True)
class Phase2Result:
    """The key a contribution produced and the hash its contributor publishes."""

    data: bytes
    contribution_hash: bytes
    contribution: Contribution


def new(r1cs_data: bytes | memoryview, ptau_data: bytes | memoryview,
        backend: Backend | None = None, progress: Progress | None = None) -> bytes:
    """The initial key (no contributions), byte for byte as ``snarkjs groth16 setup``."""
    be = backend or get_backend()
    pk = setup_from_ptau(read_r1cs(r1cs_data), read_ptau(ptau_data, be), be, progress)
    return write_zkey(pk)


def new_with_contribution(r1cs_data: bytes | memoryview, ptau_data: bytes | memoryview,
                          name: str = "zkgov setup", backend: Backend | None = None,
                          progress: Progress | None = None) -> bytes:
    """One agency's shortcut (``zkgov setup --ptau``): the initial key from a public
    ``.ptau`` plus one fresh contribution made here, so that γ ≠ δ. Each department should
    still add its own with :func:`contribute` before real use."""
    be = backend or get_backend()
    initial = new(r1cs_data, ptau_data, be, progress)
    return contribute(initial, name=name, backend=be, progress=progress).data


def _load(data: bytes | memoryview, be: Backend) -> tuple[ProvingKey, Contributions]:
    pk = read_zkey(data, backend=be)
    if not pk.contributions:
        raise Phase2Error(
            "the .zkey has no contributions section: it was not made from a .ptau "
            "(use `zkgov ceremony new circuit.r1cs pot.ptau c_0000.zkey`)"
        )
    return pk, parse_contributions(pk.contributions)


def _contribute(be: Backend, pk: ProvingKey, history: Contributions, rng: ChaChaRng,
                kind: int, params: ContributionParams, step: Progress) -> Phase2Result:
    secret = [rng.next_fr()]
    if secret[0] == 0:
        raise Phase2Error("the random stream produced a zero secret; contribute again")
    g1_s = random_g1_s(rng)
    g1_sx = be.g1_mul(g1_s, secret[0])
    transcript = phase2_transcript(history.cs_hash, history.entries, g1_s, g1_sx)
    g2_spx = be.g2_mul(hash_to_g2(transcript), secret[0])
    delta1 = be.g1_mul(pk.delta1, secret[0])
    delta2 = be.g2_mul(pk.delta2, secret[0])
    step("dividing the L and H points by the secret")
    inverse = [inv(secret[0])]
    secret[0] = 0
    c_points = scale_by_constant_g1(be, pk.c_points, inverse[0])
    h_points = scale_by_constant_g1(be, pk.h_points, inverse[0])
    inverse[0] = 0
    del secret, inverse
    contribution = Contribution(delta1, g1_s, g1_sx, g2_spx, transcript, kind,
                                encode_params(params))
    contributions = pack_contributions(
        Contributions(history.cs_hash, (*history.entries, contribution)))
    extra = dict(pk.extra, section_order=CONTRIBUTED_SECTION_ORDER)
    new_pk = replace(pk, delta1=delta1, delta2=delta2, c_points=c_points, h_points=h_points,
                     contributions=contributions, extra=extra)
    return Phase2Result(write_zkey(new_pk), phase2_contribution_hash(contribution),
                        contribution)


def contribute(data: bytes | memoryview, name: str | None = None,
               entropy: str | bytes | None = None, backend: Backend | None = None,
               progress: Progress | None = None) -> Phase2Result:
    """Add a random contribution (secret from :mod:`secrets`, mixed with ``entropy``)."""
    be = backend or get_backend()
    pk, history = _load(data, be)
    return _contribute(be, pk, history, entropy_rng(entropy), KIND_CONTRIBUTION,
                       ContributionParams(name), progress or silent)


def apply_beacon(data: bytes | memoryview, beacon: Beacon, name: str | None = None,
                 backend: Backend | None = None,
                 progress: Progress | None = None) -> Phase2Result:
    """Add the closing beacon contribution: a secret anyone can recompute from ``beacon``."""
    be = backend or get_backend()
    pk, history = _load(data, be)
    return _contribute(be, pk, history, beacon.rng(), KIND_BEACON,
                       ContributionParams(name, beacon), progress or silent)


# ----- verifying -------------------------------------------------------------------------------

def _check_contribution(be: Backend, history: Contributions, index: int, before: G1,
                        report: VerificationReport) -> None:
    """One contribution's transcript, proof of knowledge, δ step and (if a beacon) key."""
    c = history.entries[index]
    params = decode_params(c.params, c.kind, f"phase-2 contribution #{index + 1}")
    label = f"contribution #{index + 1}" + (f" {params.name!r}" if params.name else "")
    number = index + 1
    if not all(is_valid_g1(p, be, allow_identity=False)
               for p in (c.delta_after, c.g1_s, c.g1_sx)) or not is_valid_g2(
            c.g2_spx, be, allow_identity=False):
        report.fail(f"{label}: a recorded point is not a valid curve point", number)
        return
    for j, earlier in enumerate(history.entries[:index]):
        if (earlier.g1_s, earlier.g1_sx) == (c.g1_s, c.g1_sx):
            report.fail(f"{label}: it reuses the proof of knowledge of contribution #{j + 1}",
                        number)
            return
    expected = phase2_transcript(history.cs_hash, history.entries[:index], c.g1_s, c.g1_sx)
    if expected != c.transcript:
        report.fail(f"{label}: the hash chain is broken (its transcript is not the hash of the "
                    "circuit and the contributions before it)", number)
        return
    g2_sp = hash_to_g2(c.transcript)
    if not same_ratio(be, c.g1_s, c.g1_sx, g2_sp, c.g2_spx):
        report.fail(f"{label}: its proof of knowledge does not verify", number)
        return
    if not same_ratio(be, before, c.delta_after, g2_sp, c.g2_spx):
        report.fail(f"{label}: δ after it does not follow from δ before it with its key",
                    number)
        return
    if c.kind == KIND_BEACON:
        assert params.beacon is not None  # decode_params guarantees it for beacons
        rng = params.beacon.rng()
        secret = rng.next_fr()
        g1_s = random_g1_s(rng)
        if (g1_s, be.g1_mul(g1_s, secret)) != (c.g1_s, c.g1_sx):
            report.fail(f"{label}: its key is not the one the beacon value "
                        f"{params.beacon.value.hex()} (2^{params.beacon.iterations_exp} "
                        "iterations) gives", number)


def verify(r1cs_data: bytes | memoryview, ptau_data: bytes | memoryview,
           zkey_data: bytes | memoryview, backend: Backend | None = None,
           progress: Progress | None = None) -> VerificationReport:
    """Check a ``.zkey`` against its circuit and ``.ptau``, as ``snarkjs zkey verify`` does.

    Raises :class:`~zk.errors.ZkError` for malformed or mismatched inputs; every
    cryptographic failure is recorded in the returned report, naming the contribution. A key
    with no contributions fails: its δ is the generator, so anyone could forge proofs.
    """
    be = backend or get_backend()
    step = progress or silent
    _load(zkey_data, be)  # a malformed key is an error before any recomputation
    step("recomputing the initial key from the circuit and the powers of tau")
    init = read_zkey(new(r1cs_data, ptau_data, be), backend=be)
    return _verify_against(be, init, zkey_data, step)


def verify_from_initial(initial_data: bytes | memoryview, zkey_data: bytes | memoryview,
                        backend: Backend | None = None,
                        progress: Progress | None = None) -> VerificationReport:
    """Check a ``.zkey`` against the initial key of its ceremony (``snarkjs zkey verify init
    circuit_0000.zkey pot.ptau circuit_final.zkey``) instead of recomputing that key from the
    circuit: the same checks as :func:`verify`, trusting ``initial_data`` to be the circuit's.
    Raises :class:`Phase2Error` when ``initial_data`` already has contributions."""
    be = backend or get_backend()
    step = progress or silent
    init, init_history = _load(initial_data, be)
    if init_history.entries:
        raise Phase2Error("the initial key already has phase-2 contributions: pass the key "
                          "`groth16 setup` wrote (circuit_0000.zkey)")
    return _verify_against(be, init, zkey_data, step)


def _h_combinations(be: Backend, init: ProvingKey, pk: ProvingKey) -> tuple[G1, G1]:
    """One random combination of the power-basis H points (see :mod:`zk.ceremony.h_basis`)
    of the initial key and of ``pk``, with the same coefficients."""
    n = pk.domain_size
    if n < 2:
        return None, None
    coefficients = random_check_scalars(n - 1)
    return (h_power_basis_combination(be, init.h_points, coefficients, n),
            h_power_basis_combination(be, pk.h_points, coefficients, n))


def _verify_against(be: Backend, init: ProvingKey, zkey_data: bytes | memoryview,
                    step: Progress) -> VerificationReport:
    pk, history = _load(zkey_data, be)
    report = VerificationReport()
    for i, c in enumerate(history.entries):
        params = decode_params(c.params, c.kind, f"phase-2 contribution #{i + 1}")
        report.contributions.append(ContributionSummary(
            i + 1, params.name, phase2_contribution_hash(c), params.beacon))

    before: G1 = G1_GENERATOR
    for i, c in enumerate(history.entries):
        step(f"checking contribution #{i + 1}")
        _check_contribution(be, history, i, before, report)
        before = c.delta_after
    last = len(history.entries)
    last_label = report.contributions[-1].label if last else ""
    if not last:
        report.fail("the key has no phase-2 contributions: its δ is the generator, so anyone "
                    "could forge proofs")

    init_history = parse_contributions(init.contributions)
    if (pk.n_vars, pk.n_public, pk.domain_size) != (init.n_vars, init.n_public,
                                                    init.domain_size):
        report.fail("the key's sizes are not the circuit's: it was made for another circuit")
        return report
    if history.cs_hash != init_history.cs_hash:
        report.fail("the key's circuit hash is not that of this circuit and powers of tau")
    for name, mine, theirs in (("α₁", pk.alpha1, init.alpha1), ("β₁", pk.beta1, init.beta1),
                               ("β₂", pk.beta2, init.beta2), ("γ₂", pk.gamma2, init.gamma2)):
        if mine != theirs:
            report.fail(f"the key's {name} is not the one the powers of tau give")
    for name, mine, theirs in (
        ("IC", pk.ic, init.ic), ("coefficient", pk.coefs, init.coefs),
        ("A", pk.a_points, init.a_points), ("B1", pk.b1_points, init.b1_points),
        ("B2", pk.b2_points, init.b2_points),
    ):
        if mine != theirs:
            report.fail(f"the key's {name} section differs from the one the circuit gives "
                        "(phase 2 may only change δ, L and H)")
    if pk.delta1 != before:
        who = f"the last contribution {last_label}" if last else "the generator"
        report.fail(f"the key's δ₁ is not the δ recorded by {who}", last or None)
    if not same_ratio(be, G1_GENERATOR, pk.delta1, G2_GENERATOR, pk.delta2):
        report.fail("the key's δ₂ does not match its δ₁", last or None)
    step("checking the L and H points against δ")
    who = f" (after contribution {last_label})" if last else ""
    for name, (r1, r2) in (
        ("L", paired_combinations_g1(be, init.c_points, pk.c_points)),
        ("H", _h_combinations(be, init, pk)),
    ):
        if r1 is not None and not same_ratio(be, r1, r2, pk.delta2, init.delta2):
            report.fail(f"the key's {name} section is not the circuit's divided by δ{who}",
                        last or None)
    return report


__all__ = [
    "Phase2Error",
    "Phase2Result",
    "apply_beacon",
    "contribute",
    "export_verification_key",
    "new",
    "verification_key_json",
    "verify",
    "verify_from_initial",
]
