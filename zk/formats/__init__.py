"""File formats the ecosystem already speaks: snarkjs JSON, circom ``.r1cs``/``.wtns``,
snarkjs ``.zkey``/``.ptau``, and a Solidity verifier."""
