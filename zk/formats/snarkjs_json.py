"""snarkjs's JSON for Groth16 over bn128: ``verification_key.json``, ``proof.json``,
``public.json`` — key order, decimal strings and point layouts exactly as snarkjs 0.7 writes.

* G1: ``[x, y, "1"]`` (projective, z = 1), the identity ``["0", "1", "0"]``;
* G2: ``[[x.c0, x.c1], [y.c0, y.c1], ["1", "0"]]`` with x = c0 + c1·u;
* Fp12 (``vk_alphabeta_12``): 2 × 3 × 2 decimal strings in tower order.

Parsers check shapes and that every number is a canonical decimal string below its modulus
(:func:`zk.field.parse_canonical`: no hex, sign, spaces, leading zeros, non-ASCII digits or
JSON numbers); whether points lie on the curve is checked by :mod:`zk.groth16.verifier`
(``check_*``) so that the verifier can answer False rather than raise, and whether a key is
forgeable by :func:`zk.groth16.check_verifying_key`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from zk.curve import Backend, get_backend
from zk.curve.base import G1, G2, Fp12
from zk.errors import FormatError
from zk.field import BN_U, Q, R, parse_canonical
from zk.formats.source import Source
from zk.formats.zkey import read_verifying_key
from zk.groth16.key_validation import check_verifying_key
from zk.groth16.keys import Proof, ProvingKey, VerifyingKey

__all__ = [
    "export_verification_key",
    "g1_from_json",
    "g1_to_json",
    "g2_from_json",
    "g2_to_json",
    "load_verifying_key",
    "proof_from_json",
    "proof_to_json",
    "public_from_json",
    "public_to_json",
    "verification_key_json",
    "vk_from_json",
    "vk_hash",
    "vk_to_json",
]


def g1_to_json(p: G1) -> list[str]:
    """A G1 point as snarkjs writes it."""
    if p is None:
        return ["0", "1", "0"]
    return [str(p[0]), str(p[1]), "1"]


def g2_to_json(p: G2) -> list[list[str]]:
    """A G2 point as snarkjs writes it."""
    if p is None:
        return [["0", "0"], ["1", "0"], ["0", "0"]]
    (x0, x1), (y0, y1) = p
    return [[str(x0), str(x1)], [str(y0), str(y1)], ["1", "0"]]


def _fq(v: Any, what: str) -> int:
    return parse_canonical(v, Q, what)


def g1_from_json(obj: Any, what: str = "G1 point") -> G1:
    """Parse ``[x, y, z]`` (z = 1 for a point, 0 for the identity)."""
    if not isinstance(obj, list) or len(obj) not in (2, 3):
        raise FormatError(f"{what} must be a list [x, y, z] of decimal strings")
    x, y = _fq(obj[0], f"{what}.x"), _fq(obj[1], f"{what}.y")
    z = _fq(obj[2], f"{what}.z") if len(obj) == 3 else 1
    if z == 0:
        return None
    if z != 1:
        raise FormatError(f"{what} must be affine (z = 1) or the identity (z = 0)")
    return (x, y)


def g2_from_json(obj: Any, what: str = "G2 point") -> G2:
    """Parse ``[[x.c0, x.c1], [y.c0, y.c1], [z.c0, z.c1]]``."""
    if (
        not isinstance(obj, list)
        or len(obj) not in (2, 3)
        or not all(isinstance(c, list) and len(c) == 2 for c in obj)
    ):
        raise FormatError(f"{what} must be [[x.c0, x.c1], [y.c0, y.c1], [z.c0, z.c1]]")
    x = (_fq(obj[0][0], f"{what}.x.c0"), _fq(obj[0][1], f"{what}.x.c1"))
    y = (_fq(obj[1][0], f"{what}.y.c0"), _fq(obj[1][1], f"{what}.y.c1"))
    z = (
        (_fq(obj[2][0], f"{what}.z.c0"), _fq(obj[2][1], f"{what}.z.c1"))
        if len(obj) == 3
        else (1, 0)
    )
    if z == (0, 0):
        return None
    if z != (1, 0):
        raise FormatError(f"{what} must be affine (z = [1, 0]) or the identity (z = [0, 0])")
    return (x, y)


#: ffjavascript's final exponentiation yields e(P, Q)^λ with λ = 2u(6u² + 3u + 1) (a hard part
#: in the style of Fuentes-Castañeda et al.); λ is prime to r, so pairing checks agree, but the
#: ``vk_alphabeta_12`` that snarkjs writes is that power of the reduced pairing.
SNARKJS_GT_EXPONENT = 2 * BN_U * (6 * BN_U**2 + 3 * BN_U + 1)


def snarkjs_gt(f: Fp12) -> Fp12:
    """The reduced pairing value ``f`` as ffjavascript would report it (``f^λ``)."""
    from zk.curve.reference import fp12_to_tower, tower_to_fp12

    return fp12_to_tower(tower_to_fp12(f) ** SNARKJS_GT_EXPONENT)


def _fp12_to_json(f: Fp12) -> list[list[list[str]]]:
    s = [str(v) for v in snarkjs_gt(f)]
    return [[s[0:2], s[2:4], s[4:6]], [s[6:8], s[8:10], s[10:12]]]


def _require(obj: Any, keys: Sequence[str], what: str) -> dict:
    if not isinstance(obj, dict):
        raise FormatError(f"{what} must be a JSON object")
    missing = [k for k in keys if k not in obj]
    if missing:
        raise FormatError(f"{what} is missing {', '.join(missing)}")
    return obj


def vk_points_json(vk: VerifyingKey) -> dict[str, Any]:
    """``verification_key.json`` without ``vk_alphabeta_12``: only the key's own points.

    ``vk_alphabeta_12`` is derived from α and β, and tools differ in whether they write it;
    this is the form the ledger stores and :func:`vk_hash` hashes.
    """
    return {
        "protocol": "groth16",
        "curve": "bn128",
        "nPublic": vk.n_public,
        "vk_alpha_1": g1_to_json(vk.alpha1),
        "vk_beta_2": g2_to_json(vk.beta2),
        "vk_gamma_2": g2_to_json(vk.gamma2),
        "vk_delta_2": g2_to_json(vk.delta2),
        "IC": [g1_to_json(p) for p in vk.ic],
    }


def vk_to_json(vk: VerifyingKey, backend: Backend | None = None) -> dict[str, Any]:
    """``verification_key.json`` content, keys in snarkjs's order."""
    if vk.alphabeta is None:
        vk.alphabeta = (backend or get_backend()).pairing(vk.alpha1, vk.beta2)
    body = vk_points_json(vk)
    ic = body.pop("IC")  # snarkjs writes vk_alphabeta_12 before IC
    body["vk_alphabeta_12"] = _fp12_to_json(vk.alphabeta)
    body["IC"] = ic
    return body


def vk_from_json(obj: Any) -> VerifyingKey:
    """Parse ``verification_key.json`` (Groth16, bn128): shapes and canonical numbers only.

    To use a key, load it with :func:`load_verifying_key`, which also refuses invalid points
    and forgeable keys."""
    d = _require(
        obj,
        ["protocol", "vk_alpha_1", "vk_beta_2", "vk_gamma_2", "vk_delta_2", "IC"],
        "verification key",
    )
    if d["protocol"] != "groth16":
        raise FormatError(f"verification key is for {d['protocol']!r}, not groth16")
    if d.get("curve", "bn128") not in ("bn128", "bn254"):
        raise FormatError(f"verification key is for curve {d.get('curve')!r}, not bn128")
    ic_raw = d["IC"]
    if not isinstance(ic_raw, list) or not ic_raw:
        raise FormatError("verification key IC must be a non-empty list of G1 points")
    ic = [g1_from_json(p, f"IC[{i}]") for i, p in enumerate(ic_raw)]
    if "nPublic" in d and d["nPublic"] != len(ic) - 1:
        raise FormatError(f"verification key nPublic = {d['nPublic']} but IC has {len(ic)} points")
    return VerifyingKey(
        alpha1=g1_from_json(d["vk_alpha_1"], "vk_alpha_1"),
        beta2=g2_from_json(d["vk_beta_2"], "vk_beta_2"),
        gamma2=g2_from_json(d["vk_gamma_2"], "vk_gamma_2"),
        delta2=g2_from_json(d["vk_delta_2"], "vk_delta_2"),
        ic=ic,
    )


def load_verifying_key(obj: Any, backend: Backend | None = None, *,
                       allow_forgeable: bool = False) -> VerifyingKey:
    """Parse ``verification_key.json`` and check it (:func:`zk.groth16.check_verifying_key`):
    every point a group element, and no relation that lets anyone forge proofs
    (:class:`~zk.errors.ForgeableKeyError` unless ``allow_forgeable``, for tests). What every
    caller that is about to trust a key (verify, the ledger, a Solidity export) should use."""
    vk = vk_from_json(obj)
    check_verifying_key(vk, backend, allow_forgeable=allow_forgeable)
    return vk


def export_verification_key(key: ProvingKey | VerifyingKey | Source,
                            backend: Backend | None = None) -> dict[str, Any]:
    """``zkey export verificationkey``: the snarkjs ``verification_key.json`` object of a
    proving key, given as a :class:`~zk.groth16.keys.ProvingKey`, its
    :class:`~zk.groth16.keys.VerifyingKey`, or a ``.zkey`` (bytes, a memory map or a path;
    only its header and IC are read, :func:`~zk.formats.zkey.read_verifying_key`). The one
    exporter: the CLI and the ceremony call it. A forgeable key (no phase-2 contribution yet)
    is exported all the same; show :func:`zk.groth16.uncontributed_warning`."""
    be = backend or get_backend()
    if isinstance(key, ProvingKey):
        vk = key.verifying_key()
    elif isinstance(key, VerifyingKey):
        vk = key
    else:
        vk = read_verifying_key(key, backend=be)
    return vk_to_json(vk, be)


def verification_key_json(key: ProvingKey | Source, backend: Backend | None = None) -> str:
    """:func:`export_verification_key` as the text snarkjs writes."""
    return json.dumps(export_verification_key(key, backend), indent=1) + "\n"


def proof_to_json(proof: Proof) -> dict[str, Any]:
    """``proof.json`` content, keys in snarkjs's order."""
    return {
        "pi_a": g1_to_json(proof.a),
        "pi_b": g2_to_json(proof.b),
        "pi_c": g1_to_json(proof.c),
        "protocol": "groth16",
        "curve": "bn128",
    }


def proof_from_json(obj: Any) -> Proof:
    """Parse ``proof.json``."""
    d = _require(obj, ["pi_a", "pi_b", "pi_c"], "proof")
    if d.get("protocol", "groth16") != "groth16":
        raise FormatError(f"proof is for {d['protocol']!r}, not groth16")
    return Proof(
        a=g1_from_json(d["pi_a"], "pi_a"),
        b=g2_from_json(d["pi_b"], "pi_b"),
        c=g1_from_json(d["pi_c"], "pi_c"),
    )


def public_to_json(values: Sequence[int]) -> list[str]:
    """``public.json`` content: decimal strings, outputs first then public inputs."""
    return [str(v) for v in values]


def public_from_json(obj: Any) -> list[int]:
    """Parse ``public.json``: a list of canonical decimal strings below r, as snarkjs writes
    them. Anything else (a value ≥ r, hex, a sign, spaces, leading zeros, non-ASCII digits,
    a JSON number) raises :class:`zk.errors.FieldError`: one statement, one spelling."""
    if not isinstance(obj, list):
        raise FormatError("public inputs must be a JSON list of decimal strings")
    return [parse_canonical(v, R, f"public input #{i}") for i, v in enumerate(obj)]


def vk_hash(vk: VerifyingKey) -> str:
    """SHA-256 (hex) of the canonical JSON (sorted keys, no spaces) of the key's points.

    ``vk_alphabeta_12`` is left out: it is derived, and tools differ in whether they write it.
    """
    body = vk_points_json(vk)
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
