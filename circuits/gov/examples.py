"""Example inputs for the ready circuits, made from fixed demonstration keys and secrets.

``python -m circuits.gov.examples [DIR]`` writes one ``<circuit>.json`` per ready circuit
(default ``examples/gov``); the tests build the same inputs in memory. The keys are derived
from public labels — demonstration data only, never for real credentials.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from circuits.crypto import eddsa
from circuits.crypto.commitments import commit
from circuits.crypto.merkle import PoseidonMerkleTree
from circuits.gov.credential import Credential, holder_commitment
from circuits.gov.custody import Hop, chain_inputs, handler_leaf
from circuits.gov.invoice import line_commitment
from circuits.gov.joint_income import DEPARTMENTS, record_commitment
from circuits.gov.membership import identity_commitment

__all__ = ["EXAMPLES", "demo_key", "demo_secret"]


def demo_key(label: str) -> bytes:
    """A 32-byte private key derived from a public label (demonstration only)."""
    return hashlib.sha256(b"zkgov example key/" + label.encode()).digest()


def demo_secret(label: str) -> int:
    """A field element derived from a public label (demonstration only)."""
    digest = hashlib.sha256(b"zkgov example secret/" + label.encode()).digest()
    return int.from_bytes(digest[:31], "big")


def _credential_inputs() -> dict[str, Any]:
    issuer = demo_key("civil registry")
    secret = demo_secret("holder alice")
    cred = Credential(
        holder=holder_commitment(secret),
        birth_date=19900415,
        income=31_500,
        region=75056,
        issued=20240102,
        expires=20340101,
    )
    return cred.proof_inputs(secret, cred.sign(issuer), eddsa.derive_public_key(issuer))


def age_at_least(today: int = 20250601, min_age: int = 18) -> dict[str, Any]:
    """Alice, born 1990-04-15, proves she is at least ``min_age`` on ``today``."""
    return {**_credential_inputs(), "today": str(today), "min_age": str(min_age)}


def income_at_most(today: int = 20250601, max_income: int = 40_000) -> dict[str, Any]:
    """Alice proves a yearly income of at most ``max_income``."""
    return {**_credential_inputs(), "today": str(today), "max_income": str(max_income)}


def registry_membership(depth: int = 20, member: int = 3, scope: int = 2025) -> dict[str, Any]:
    """Member number ``member`` of a five-person registry claims in programme ``scope``."""
    secrets = [demo_secret(f"citizen {i}") for i in range(5)]
    tree = PoseidonMerkleTree([identity_commitment(s) for s in secrets], depth)
    proof = tree.proof(member)
    return {
        "root": str(tree.root),
        "scope": str(scope),
        "secret": str(secrets[member]),
        "index": str(member),
        "siblings": [str(s) for s in proof.siblings],
    }


def invoice_total(lines: int = 8, tax_rate_bp: int = 2000) -> dict[str, Any]:
    """Three real lines (the rest zero) and the tax at ``tax_rate_bp`` basis points."""
    items = [(3, 1_250), (1, 99_900), (12, 475)][:lines]
    items += [(0, 0)] * (lines - len(items))
    blindings = [demo_secret(f"invoice line {i}") for i in range(lines)]
    net = sum(q * p for q, p in items)
    return {
        "commitments": [str(line_commitment(q, p, b)) for (q, p), b in zip(items, blindings)],
        "net_total": str(net),
        "tax_rate_bp": str(tax_rate_bp),
        "tax": str(net * tax_rate_bp // 10_000),
        "quantities": [str(q) for q, _ in items],
        "unit_prices": [str(p) for _, p in items],
        "blindings": [str(b) for b in blindings],
    }


def chain_of_custody(hops: int = 3, depth: int = 10) -> dict[str, Any]:
    """An evidence bag handed through ``hops`` authorised handlers."""
    keys = [demo_key(f"handler {i}") for i in range(4)]
    registry = PoseidonMerkleTree(
        [handler_leaf(eddsa.derive_public_key(k)) for k in keys], depth
    )
    origin = demo_secret("evidence bag 2025-0001")
    state, recorded = origin, []
    for i in range(hops):
        hop, state = Hop.record(
            state, keys[i % len(keys)], 1_750_000_000 + 3600 * i, demo_secret(f"hop {i}")
        )
        recorded.append(hop)
    return chain_inputs(origin, recorded, registry)


def committed_value_in_range(
    value: int = 25_000, lower: int = 10_000, upper: int = 50_000
) -> dict[str, Any]:
    """A grant of ``value`` committed on the ledger, proven between the bounds."""
    blinding = demo_secret("grant blinding")
    return {
        "commitment": str(commit(value, blinding)),
        "lower": str(lower),
        "upper": str(upper),
        "value": str(value),
        "blinding": str(blinding),
    }


def joint_income_below(
    household: int = 4021, incomes: tuple[int, int, int] = (14_200, 6_350, 2_400),
    threshold: int = 25_000,
) -> dict[str, Any]:
    """Household 4021: its tax, social-insurance and housing records (with each
    department's commitment) and the benefit threshold, all in one file (see
    ``split_by_department`` for what each department brings to a collaborative proof)."""
    out: dict[str, Any] = {"household": str(household), "threshold": str(threshold)}
    for dept, income in zip(DEPARTMENTS, incomes, strict=True):
        blinding = demo_secret(f"{dept} record of household {household}")
        out[f"{dept}_commitment"] = str(record_commitment(household, income, blinding))
        out[f"{dept}_income"] = str(income)
        out[f"{dept}_blinding"] = str(blinding)
    return out


#: file name → (circuit reference, input builder)
EXAMPLES = {
    "age_at_least": ("circuits.gov.credential:AgeAtLeast", age_at_least),
    "income_at_most": ("circuits.gov.credential:IncomeAtMost", income_at_most),
    "registry_membership": ("circuits.gov.membership:RegistryMembership", registry_membership),
    "invoice_total": ("circuits.gov.invoice:InvoiceTotal", invoice_total),
    "chain_of_custody": ("circuits.gov.custody:ChainOfCustody", chain_of_custody),
    "committed_value_in_range": (
        "circuits.gov.committed_range:CommittedValueInRange",
        committed_value_in_range,
    ),
    "joint_income_below": ("circuits.gov.joint_income:JointIncomeBelow", joint_income_below),
}


def main(argv: list[str] | None = None) -> int:
    out = Path((argv or sys.argv[1:] or ["examples/gov"])[0])
    out.mkdir(parents=True, exist_ok=True)
    for name, (ref, build) in EXAMPLES.items():
        (out / f"{name}.json").write_text(json.dumps(build(), indent=1) + "\n")
        print(f"{out / name}.json  ← inputs of {ref}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
