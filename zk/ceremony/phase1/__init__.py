"""Phase 1 of a Groth16 ceremony: powers of τ in snarkjs's ``.ptau`` format.

``new`` writes a file whose every point is a generator; each ``contribute`` multiplies the
points by powers of fresh secrets τ, α, β (τⁱ·G1, τⁱ·G2, α·τⁱ·G1, β·τⁱ·G1, β·G2) and records
a proof of knowledge of the secrets; a ``beacon`` does the same with secrets derived from
public randomness; ``verify`` checks the whole chain; ``prepare`` adds the Lagrange-basis
sections a circuit-specific setup reads. Every step reads one file and returns the next, so
a transcript may mix zkgov and snarkjs contributions in any order.

For production, start from a large public ceremony (e.g. the Hermez/Polygon
``powersOfTau28_hez_final_XX.ptau`` files, 50+ contributors) rather than a new one: phase 1
is circuit-independent, and phase 2 (:mod:`zk.ceremony.phase2`) is where an agency's own
contributors take part.

One module per step: :mod:`~zk.ceremony.phase1.ptau_file` (reading, ``new``),
:mod:`~zk.ceremony.phase1.contribution` (``contribute``, ``apply_beacon``),
:mod:`~zk.ceremony.phase1.preparation`, :mod:`~zk.ceremony.phase1.verification`.
"""

from zk.ceremony.phase1.contribution import Phase1Result, apply_beacon, contribute
from zk.ceremony.phase1.preparation import prepare
from zk.ceremony.phase1.ptau_file import CeremonyPtau, Phase1Error, load, new
from zk.ceremony.phase1.verification import verify

__all__ = [
    "CeremonyPtau",
    "Phase1Error",
    "Phase1Result",
    "apply_beacon",
    "contribute",
    "load",
    "new",
    "prepare",
    "verify",
]
