"""Prove and verify in bulk: a file of statements on every local core, or on a Ray cluster.

```python
from circuits.bulk import prove_batch, verify_batch

result = prove_batch(circuit, "circuit.zkey", "inputs.jsonl", "proofs.jsonl", workers=2)
report = verify_batch("proofs.jsonl", pk.verifying_key())
```

It sits in ``circuits`` because proving a statement starts with its witness, which the
Python circuit computes; verification needs only ``zk`` and lives here beside it so that both
read and write one record format (:mod:`circuits.bulk.records`).
"""

from circuits.bulk.errors import BulkError
from circuits.bulk.prove import BatchResult, prove_batch
from circuits.bulk.verify import Invalid, VerifyResult, verify_batch

__all__ = [
    "BatchResult",
    "BulkError",
    "Invalid",
    "VerifyResult",
    "prove_batch",
    "verify_batch",
]
