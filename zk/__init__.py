"""zkgov's proof system: the BN254 fields, R1CS, QAP, Groth16, file formats and curve backends.

Short import paths for integrators::

    from zk import groth16
    from zk.field import R, Q
"""

__version__ = "0.1.0"
