"""Groth16 over BN254, in the shape of the paper and of snarkjs's files: keys, setup,
prove, verify — nothing else (the ceremony and snarkjs's circuit-specific setup live in
:mod:`zk.ceremony`).

```python
from zk import groth16
pk = groth16.setup(r1cs)                      # development only: see zkgov ceremony
proof, public = groth16.prove(pk, witness)
prover = groth16.Prover(pk)                   # many proofs with one key
proof, public = prover.prove(witness)
assert groth16.verify(pk.verifying_key(), public, proof)
```

Every verification key is checked before use (:func:`check_verifying_key`): invalid points
and keys that let anyone forge proofs are refused.
"""

from zk.groth16.key_validation import (
    SMALL_MULTIPLE_BOUND,
    UncontributedKeyWarning,
    check_verifying_key,
    forgeable_reason,
    uncontributed_warning,
    warn_if_uncontributed,
)
from zk.groth16.keys import PreparedVerifyingKey, Proof, ProvingKey, VerifyingKey
from zk.groth16.prover import Prover, prove
from zk.groth16.setup import DevelopmentSetupWarning, setup
from zk.groth16.verifier import (
    batch_verify,
    check_proof,
    check_public,
    find_invalid,
    prepare_verifying_key,
    verify,
)

__all__ = [
    "SMALL_MULTIPLE_BOUND",
    "DevelopmentSetupWarning",
    "PreparedVerifyingKey",
    "Proof",
    "Prover",
    "ProvingKey",
    "UncontributedKeyWarning",
    "VerifyingKey",
    "batch_verify",
    "check_proof",
    "check_public",
    "check_verifying_key",
    "find_invalid",
    "forgeable_reason",
    "prepare_verifying_key",
    "prove",
    "setup",
    "uncontributed_warning",
    "verify",
    "warn_if_uncontributed",
]
