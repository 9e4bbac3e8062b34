"""``powersoftau prepare phase2``: the Lagrange-basis sections 12–15 a circuit setup reads.

The output is byte for byte what snarkjs writes for the same input (see
:mod:`zk.ceremony.lagrange`).
"""

from __future__ import annotations

from zk.ceremony.lagrange import lagrange_section
from zk.ceremony.phase1.ptau_file import MONOMIAL_SECTIONS, Phase1Error, Progress, load
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
    step = progress or (lambda _msg: None)
    current = load(data, be)
    power = current.power
    if power + 1 > TWO_ADICITY:
        raise Phase1Error(
            f"preparing a power-{power} file needs a 2^{power + 1} domain, beyond what zkgov "
            f"computes (2^{TWO_ADICITY}); use a prepared public file"
        )
    sections: dict[int, bytes | memoryview] = {s: current.section(s) for s in MONOMIAL_SECTIONS}
    sections[SECTION_CONTRIBUTIONS] = current.section(SECTION_CONTRIBUTIONS)
    for source, target, is_g2, name in LAGRANGE_SECTIONS:
        step(f"Lagrange basis of {name}")
        sections[target] = lagrange_section(
            be, current.section(source), power, is_g2, extra_level=source == SECTION_TAU_G1,
            progress=lambda k, name=name: step(f"Lagrange basis of {name}: 2^{k}"))
    return write_ptau(power, sections)
