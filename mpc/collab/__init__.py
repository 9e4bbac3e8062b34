"""Collaborative proving: several parties produce one ordinary Groth16 proof from inputs
none of them pools (Ozdemir–Boneh collaborative zk-SNARKs; TACEO's co-circom).

Each party brings its own inputs to a zkgov circuit; the witness is computed on Shamir
shares by replaying the circuit's witness program (:mod:`mpc.collab.witness`), then the
Groth16 prover runs on the shares (:mod:`mpc.collab.prover`) and only the proof's three
points and the declared public values are opened. The proof verifies under the circuit's
ordinary ``.zkey`` like any other.

This package is the one place where ``mpc`` imports ``circuits``: computing a witness on
shares needs the circuit's witness program.
"""

from mpc.collab.session import FIELD, JointProof, check_key, prove_jointly, run_prove

__all__ = ["FIELD", "JointProof", "check_key", "prove_jointly", "run_prove"]
