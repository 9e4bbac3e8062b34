"""``snarkjs wtns check | export json``: a ``.wtns`` against its circuit, and as JSON."""

from __future__ import annotations

from dataclasses import dataclass

from zk.curve.base import BytesLike
from zk.errors import ConstraintError, KeyMismatchError
from zk.formats.r1cs import read_r1cs
from zk.formats.wtns import read_wtns


def wtns_to_json(data: BytesLike) -> list[str]:
    """The witness values as decimal strings (``wtns export json``)."""
    return [str(v) for v in read_wtns(data)]


@dataclass(frozen=True)
class WitnessCheck:
    """Whether a witness satisfies its circuit; ``failed`` is the first constraint that does
    not hold (``None`` when all do)."""

    constraints: int
    failed: ConstraintError | None

    @property
    def ok(self) -> bool:
        """True when every constraint holds."""
        return self.failed is None


def check_witness(r1cs_data: BytesLike, wtns_data: BytesLike) -> WitnessCheck:
    """``wtns check circuit.r1cs witness.wtns``: every constraint evaluated on the witness."""
    r1cs = read_r1cs(r1cs_data)
    witness = read_wtns(wtns_data)
    if len(witness) != r1cs.n_wires:
        raise KeyMismatchError(f"the witness has {len(witness)} values but the circuit has "
                               f"{r1cs.n_wires} wires: they belong to different circuits")
    try:
        r1cs.check(witness)
    except ConstraintError as exc:
        return WitnessCheck(r1cs.n_constraints, exc)
    return WitnessCheck(r1cs.n_constraints, None)
