"""``snarkjs zkey export json``: a Groth16 ``.zkey`` as the JSON object snarkjs writes.

Points as snarkjs prints them (projective, z = 1; the identity as [0, 1, 0] in G1), the
coefficients of section 4 out of their stored ``c·R²`` form, and ``C`` indexed by signal
(``null`` for the constant and the public signals, which have no C point).
"""

from __future__ import annotations

import struct
from typing import Any

from zk.curve.base import BytesLike
from zk.curve.encoding import unpack_g1, unpack_g2
from zk.field import FIELD_BYTES, Q, R
from zk.formats.snarkjs_json import g1_to_json, g2_to_json
from zk.formats.zkey import read_zkey

#: Section 4 stores each coefficient c as c·R² mod r (R = 2^256); multiplying by R⁻² gives c.
_R2_INV = pow(pow(2, 512, R), -1, R)
_COEF = struct.Struct("<III")


def _coefficients(body: bytes) -> list[dict[str, Any]]:
    (count,) = struct.unpack_from("<I", body, 0)
    out = []
    pos = 4
    for _ in range(count):
        matrix, constraint, signal = _COEF.unpack_from(body, pos)
        stored = int.from_bytes(body[pos + 12 : pos + 12 + FIELD_BYTES], "little")
        out.append({"matrix": matrix, "constraint": constraint, "signal": signal,
                    "value": str(stored * _R2_INV % R)})
        pos += 12 + FIELD_BYTES
    return out


def zkey_to_json(data: BytesLike) -> dict[str, Any]:
    """The object ``snarkjs zkey export json`` writes for a Groth16 ``.zkey``."""
    pk = read_zkey(data)
    c_points: list[Any] = [None] * (pk.n_public + 1)
    c_points += [g1_to_json(p) for p in unpack_g1(pk.c_points)]
    return {
        "protocol": "groth16",
        "n8q": FIELD_BYTES,
        "q": str(Q),
        "n8r": FIELD_BYTES,
        "r": str(R),
        "nVars": pk.n_vars,
        "nPublic": pk.n_public,
        "domainSize": pk.domain_size,
        "power": pk.domain_size.bit_length() - 1,
        "vk_alpha_1": g1_to_json(pk.alpha1),
        "vk_beta_1": g1_to_json(pk.beta1),
        "vk_beta_2": g2_to_json(pk.beta2),
        "vk_gamma_2": g2_to_json(pk.gamma2),
        "vk_delta_1": g1_to_json(pk.delta1),
        "vk_delta_2": g2_to_json(pk.delta2),
        "IC": [g1_to_json(p) for p in pk.ic],
        "ccoefs": _coefficients(pk.coefs),
        "A": [g1_to_json(p) for p in unpack_g1(pk.a_points)],
        "B1": [g1_to_json(p) for p in unpack_g1(pk.b1_points)],
        "B2": [g2_to_json(p) for p in unpack_g2(pk.b2_points)],
        "C": c_points,
        "hExps": [g1_to_json(p) for p in unpack_g1(pk.h_points)],
    }
