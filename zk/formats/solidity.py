"""A Solidity Groth16 verifier for a verification key, and the calldata for one proof.

The contract (template ``groth16_verifier.sol`` beside this module) uses the EIP-196/197
precompiles (0x06 ecAdd, 0x07 ecMul, 0x08 pairing), which Ethereum and EVM chains such as
FISCO BCOS provide. EIP-197 orders an Fp2 coordinate as (c1, c0) — the reverse of snarkjs's
JSON — so both the contract constants and :func:`calldata` swap the halves.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from importlib import resources

from zk import __version__
from zk.curve.base import G1, G2, CurveGroup
from zk.errors import FormatError
from zk.groth16.key_validation import check_verifying_key
from zk.groth16.keys import Proof, VerifyingKey

TEMPLATE = "groth16_verifier.sol"
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


def _g1_xy(p: G1) -> tuple[int, int]:
    return (0, 0) if p is None else p


def _g2_evm(p: G2) -> tuple[int, int, int, int]:
    """(x_c1, x_c0, y_c1, y_c0), EIP-197's order; the identity is all zeros."""
    if p is None:
        return (0, 0, 0, 0)
    (x0, x1), (y0, y1) = p
    return (x1, x0, y1, y0)


def _constants(vk: VerifyingKey) -> str:
    lines: list[str] = []

    def const(name: str, value: int) -> None:
        lines.append(f"    uint256 internal constant {name} =\n        {value};")

    ax, ay = _g1_xy(vk.alpha1)
    const("ALPHA_X", ax)
    const("ALPHA_Y", ay)
    for label, point in (("BETA", vk.beta2), ("GAMMA", vk.gamma2), ("DELTA", vk.delta2)):
        x1, x0, y1, y0 = _g2_evm(point)
        const(f"{label}_X1", x1)
        const(f"{label}_X0", x0)
        const(f"{label}_Y1", y1)
        const(f"{label}_Y0", y0)
    for i, p in enumerate(vk.ic):
        x, y = _g1_xy(p)
        const(f"IC{i}_X", x)
        const(f"IC{i}_Y", y)
    return "\n".join(lines)


def _ic_terms(n_public: int) -> str:
    return "\n".join(
        f"        (ok, x, y) = _mulAdd(ok, x, y, IC{i + 1}_X, IC{i + 1}_Y, input[{i}]);"
        for i in range(n_public)
    )


def solidity_verifier(
    vk: VerifyingKey,
    contract_name: str = "Groth16Verifier",
    vk_sha256: str | None = None,
    *,
    allow_forgeable: bool = False,
    backend: CurveGroup | None = None,
) -> str:
    """Source of a Solidity (^0.8.4) contract whose ``verifyProof(a, b, c, input)`` checks
    Groth16 proofs for ``vk``. ``vk_sha256`` (if given) is recorded in the header comment.

    The key is checked first (:func:`zk.groth16.check_verifying_key`): a contract for a key
    with an invalid point, or one that lets anyone forge proofs, is refused
    (:class:`~zk.errors.ForgeableKeyError` unless ``allow_forgeable``, for tests) — once
    deployed, it would accept anything."""
    check_verifying_key(vk, backend, allow_forgeable=allow_forgeable)
    if not _IDENTIFIER.fullmatch(contract_name):
        raise FormatError(
            f"contract name {contract_name!r} is not a Solidity identifier "
            "(letters, digits and _, not starting with a digit)"
        )
    n_public = vk.n_public
    template = resources.files("zk.formats").joinpath(TEMPLATE).read_text(encoding="utf-8")
    fields = {
        "ZKGOV_VERSION": __version__,
        "VK_HASH": vk_sha256 or "not recorded",
        "CONTRACT_NAME": contract_name,
        "N_PUBLIC": str(n_public),
        "VK_CONSTANTS": _constants(vk),
        "INPUT_TYPE": f"uint256[{n_public}]" if n_public else "uint256[]",
        "IC_TERMS": _ic_terms(n_public),
    }
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: fields[m.group(1)], template)


def _hex(value: int) -> str:
    return f"0x{value:064x}"


def calldata_values(
    proof: Proof, public: Sequence[int]
) -> tuple[list[int], list[list[int]], list[int], list[int]]:
    """The four arguments of ``verifyProof`` as integers: a, b (EIP-197 order), c, input."""
    ax, ay = _g1_xy(proof.a)
    bx1, bx0, by1, by0 = _g2_evm(proof.b)
    cx, cy = _g1_xy(proof.c)
    return [ax, ay], [[bx1, bx0], [by1, by0]], [cx, cy], list(public)


def calldata(proof: Proof, public: Sequence[int]) -> str:
    """The arguments of ``verifyProof`` as a Solidity/JS literal list of 0x-hex words, in the
    shape ``snarkjs zkey export soliditycalldata`` prints: ``[a],[[b],[b]],[c],[input]``."""
    a, b, c, inputs = calldata_values(proof, public)

    def words(values: Sequence[int], sep: str = ", ") -> str:
        return "[" + sep.join(f'"{_hex(v)}"' for v in values) + "]"

    b_rows = "[" + ",".join(words(row) for row in b) + "]"
    return ",".join([words(a), b_rows, words(c), words(inputs, ",")])
