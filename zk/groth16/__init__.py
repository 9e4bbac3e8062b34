"""Groth16 over BN254, in the shape of the paper and of snarkjs's files.

```python
from zk import groth16
pk = groth16.setup(r1cs)                      # development only: see zkgov ceremony
proof, public = groth16.prove(pk, witness)
assert groth16.verify(pk.verifying_key(), public, proof)
```
"""

from zk.groth16.keys import Proof, ProvingKey, VerifyingKey
from zk.groth16.prover import prove
from zk.groth16.setup import DevelopmentSetupWarning, setup
from zk.groth16.verifier import (
    batch_verify,
    check_proof,
    check_public,
    check_verifying_key,
    find_invalid,
    verify,
)

__all__ = [
    "DevelopmentSetupWarning",
    "Proof",
    "ProvingKey",
    "VerifyingKey",
    "batch_verify",
    "check_proof",
    "check_public",
    "check_verifying_key",
    "find_invalid",
    "prove",
    "setup",
    "verify",
]
