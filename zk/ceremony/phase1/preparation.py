"""``powersoftau prepare phase2``: the Lagrange-basis sections 12–15 a circuit setup reads.

The output is byte for byte what snarkjs writes for the same input (see
:mod:`zk.ceremony.lagrange`).
"""

from __future__ import annotations

from zk.ceremony.lagrange import lagrange_section
from zk.ceremony.phase1.ptau_file import MONOMIAL_SECTIONS, Phase1Error, load
from zk.curve import Backend, get_backend
from zk.field import TWO_ADICITY
from zk.formats.ptau import (
    SECTION_ALPHA_TAU_G1,
    SECTION_BETA_TAU_G1,
    SECTION_CONTRIBUTIONS,
    SECTION_LAGRANGE_ALPHA_G1,
    SECTION_LAGRANGE_BETA_G1,
    SECTION_LAGRANGE_G1,
    SECTION_LAGRANGE_G2,
    SECTION_TAU_G1,
    SECTION_TAU_G2,
    write_ptau,
)
from zk.progress import Progress, silent

#: (monomial section, its Lagrange section, in G2?, name for messages)
LAGRANGE_SECTIONS = (
    (SECTION_TAU_G1, SECTION_LAGRANGE_G1, False, "τ·G1"),
    (SECTION_TAU_G2, SECTION_LAGRANGE_G2, True, "τ·G2"),
    (SECTION_ALPHA_TAU_G1, SECTION_LAGRANGE_ALPHA_G1, False, "α·τ·G1"),
    (SECTION_BETA_TAU_G1, SECTION_LAGRANGE_BETA_G1, False, "β·τ·G1"),
)


def prepare(data: bytes | memoryview, backend: Backend | None = None,
            progress: Progress | None = None) -> bytes:
    """``powersoftau prepare phase2``: the file with the Lagrange sections 12–15 added."""
    be = backend or get_backend()
    step = progress or silent
    current = load(data, be)
    power = current.power
    if power + 1 > TWO_ADICITY:
        raise Phase1Error(
            f"preparing a power-{power} file needs a 2^{power + 1} domain, beyond what zkgov "
            f"computes (2^{TWO_ADICITY}); use a prepared public file"
        )
    sections: dict[int, bytes | memoryview] = {s: current.section(s) for s in MONOMIAL_SECTIONS}
    sections[SECTION_CONTRIBUTIONS] = current.section(SECTION_CONTRIBUTIONS)
    # Work units: one per G1 point transformed, three per G2 point (a G2 addition costs about
    # three G1 ones), so that the reported fraction grows with time and the ETA holds.
    plan = [(source, target, is_g2, name, power + 1 if source == SECTION_TAU_G1 else power)
            for source, target, is_g2, name in LAGRANGE_SECTIONS]
    total = sum(((1 << (top + 1)) - 1) * (3 if is_g2 else 1) for *_, is_g2, _n, top in plan)
    done = 0
    for source, target, is_g2, name, top in plan:
        weight = 3 if is_g2 else 1
        step(f"Lagrange basis of {name}", done, total)

        def advance(k: int, name: str = name, base: int = done, weight: int = weight) -> None:
            step(f"Lagrange basis of {name}", base + ((1 << (k + 1)) - 1) * weight, total)

        sections[target] = lagrange_section(
            be, current.section(source), power, is_g2, extra_level=source == SECTION_TAU_G1,
            progress=advance)
        done += ((1 << (top + 1)) - 1) * weight
    return write_ptau(power, sections)
