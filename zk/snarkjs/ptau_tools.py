"""``snarkjs powersoftau export json | truncate | convert``.

* :func:`ptau_to_json` — the object ``export json`` writes. snarkjs prints every point and
  every hash by passing its raw bytes to ``Fr.toString``: the value is the first 32 bytes read
  as a little-endian integer in Montgomery form of the *scalar* field, i.e. times 2⁻²⁵⁶ mod r
  (for a point, that is its x coordinate's Montgomery bytes, so the numbers identify points
  without being coordinates; for a beacon shorter than 32 bytes, the missing bytes are what
  its scratch memory still holds). Reproduced as is, so the files compare equal.
* :func:`truncate` — the smaller prepared files ``<name>_01.ptau`` … up to power − 1, each
  the prefix of every section (contributions copied, the header keeping the ceremony power).
* :func:`convert` — an old-format prepared file (Lagrange τ·G1 without the 2^(power+1)
  level) brought to today's format by adding that level, as ``convert`` does.
"""

from __future__ import annotations

from typing import Any

from zk.ceremony.phase1 import Phase1Error, load
from zk.ceremony.records import KIND_BEACON
from zk.curve import Backend, get_backend
from zk.curve.encoding import G1_BYTES, G2_BYTES, pack_g1, pack_g2
from zk.field import FIELD_BYTES, Q, R
from zk.formats.binfile import read_binfile
from zk.formats.ptau import (
    MAGIC,
    SECTION_ALPHA_TAU_G1,
    SECTION_BETA_G2,
    SECTION_BETA_TAU_G1,
    SECTION_CONTRIBUTIONS,
    SECTION_HEADER,
    SECTION_LAGRANGE_ALPHA_G1,
    SECTION_LAGRANGE_BETA_G1,
    SECTION_LAGRANGE_G1,
    SECTION_LAGRANGE_G2,
    SECTION_TAU_G1,
    SECTION_TAU_G2,
    VERSION,
    write_ptau,
)

_MONT_R_INV_MOD_R = pow(1 << 256, -1, R)
_LAGRANGE = (SECTION_LAGRANGE_G1, SECTION_LAGRANGE_G2, SECTION_LAGRANGE_ALPHA_G1,
             SECTION_LAGRANGE_BETA_G1)


def _fr_string(raw: bytes | memoryview) -> str:
    """What snarkjs's ``Fr.toString`` prints for a byte buffer of at least 32 bytes."""
    return str(int.from_bytes(bytes(raw[:FIELD_BYTES]), "little") * _MONT_R_INV_MOD_R % R)


def _points(body: memoryview, size: int) -> list[str]:
    return [_fr_string(body[i : i + size]) for i in range(0, len(body), size)]


def _key_json(key: Any) -> dict[str, str]:
    return {"g1_s": _fr_string(pack_g1([key.g1_s])), "g1_sx": _fr_string(pack_g1([key.g1_sx])),
            "g2_spx": _fr_string(pack_g2([key.g2_spx]))}


def _as_snarkjs_reads(value: bytes, previous: bytes) -> bytes:
    """The 32 bytes snarkjs's ``Fr.toString`` reads for a buffer shorter than 32 bytes (the
    usual 31-byte beacon ``0102…1f``): it copies the buffer into its scratch memory, whose
    remaining bytes still hold the previous value printed — the response hash, printed just
    before the beacon."""
    return value + previous[len(value) : FIELD_BYTES] if len(value) < FIELD_BYTES else value


def _contribution_json(index: int, c: Any) -> dict[str, Any]:
    response_hash = c.response_hash()
    out: dict[str, Any] = {
        "tauG1": _fr_string(pack_g1([c.tau_g1])),
        "tauG2": _fr_string(pack_g2([c.tau_g2])),
        "alphaG1": _fr_string(pack_g1([c.alpha_g1])),
        "betaG1": _fr_string(pack_g1([c.beta_g1])),
        "betaG2": _fr_string(pack_g2([c.beta_g2])),
        "key": {"tau": _key_json(c.tau_key), "alpha": _key_json(c.alpha_key),
                "beta": _key_json(c.beta_key)},
        "partialHash": _fr_string(c.partial_hash),
        "nextChallenge": _fr_string(c.next_challenge),
        "type": c.kind,
        "responseHash": _fr_string(response_hash),
    }
    if c.params.name:
        out["name"] = c.params.name
    if c.kind == KIND_BEACON and c.params.beacon is not None:
        out["numIterationsExp"] = c.params.beacon.iterations_exp
        out["beaconHash"] = _fr_string(_as_snarkjs_reads(c.params.beacon.value, response_hash))
    out["id"] = index
    return out


def ptau_to_json(data: bytes, backend: Backend | None = None) -> dict[str, Any]:
    """The object ``snarkjs powersoftau export json`` writes (the file must be prepared)."""
    current = load(data, backend)
    if not current.ptau.container.has(SECTION_LAGRANGE_G1):
        raise Phase1Error("the .ptau is not prepared for phase 2 (no Lagrange sections): "
                          "snarkjs's export json needs them; run `powersoftau prepare phase2`")
    power = current.power

    def levels(section: int, size: int) -> list[list[str]]:
        body = current.section(section)
        out, pos = [], 0
        for p in range(power + 1):
            n = 1 << p
            out.append(_points(body[pos : pos + n * size], size))
            pos += n * size
        return out

    return {
        "q": str(Q),
        "power": power,
        "contributions": [_contribution_json(i + 1, c)
                          for i, c in enumerate(current.contributions)],
        "tauG1": _points(current.section(SECTION_TAU_G1), G1_BYTES),
        "tauG2": _points(current.section(SECTION_TAU_G2), G2_BYTES),
        "alphaTauG1": _points(current.section(SECTION_ALPHA_TAU_G1), G1_BYTES),
        "betaTauG1": _points(current.section(SECTION_BETA_TAU_G1), G1_BYTES),
        "betaG2": _points(current.section(SECTION_BETA_G2), G2_BYTES),
        "lTauG1": levels(SECTION_LAGRANGE_G1, G1_BYTES),
        "lTauG2": levels(SECTION_LAGRANGE_G2, G2_BYTES),
        "lAlphaTauG1": levels(SECTION_LAGRANGE_ALPHA_G1, G1_BYTES),
        "lBetaTauG1": levels(SECTION_LAGRANGE_BETA_G1, G1_BYTES),
    }


def truncate(data: bytes, backend: Backend | None = None) -> dict[int, bytes]:
    """{power p: the power-p file} for p = 1 … power − 1, as ``powersoftau truncate``
    writes them (to ``<name>_<pp>.ptau``). The input must be prepared."""
    current = load(data, backend)
    if not current.ptau.container.has(SECTION_LAGRANGE_G1):
        raise Phase1Error("the .ptau is not prepared for phase 2: truncate copies the Lagrange "
                          "sections, run `powersoftau prepare phase2` first")
    out = {}
    for p in range(1, current.power):
        n = 1 << p
        levels = 2 * n - 1  # 2^0 + … + 2^p points
        sections = {
            SECTION_TAU_G1: current.section(SECTION_TAU_G1)[: (2 * n - 1) * G1_BYTES],
            SECTION_TAU_G2: current.section(SECTION_TAU_G2)[: n * G2_BYTES],
            SECTION_ALPHA_TAU_G1: current.section(SECTION_ALPHA_TAU_G1)[: n * G1_BYTES],
            SECTION_BETA_TAU_G1: current.section(SECTION_BETA_TAU_G1)[: n * G1_BYTES],
            SECTION_BETA_G2: current.section(SECTION_BETA_G2),
            SECTION_CONTRIBUTIONS: current.section(SECTION_CONTRIBUTIONS),
            SECTION_LAGRANGE_G1: current.section(SECTION_LAGRANGE_G1)[
                : (2 * (2 * n) - 1) * G1_BYTES],
            SECTION_LAGRANGE_G2: current.section(SECTION_LAGRANGE_G2)[: levels * G2_BYTES],
            SECTION_LAGRANGE_ALPHA_G1: current.section(SECTION_LAGRANGE_ALPHA_G1)[
                : levels * G1_BYTES],
            SECTION_LAGRANGE_BETA_G1: current.section(SECTION_LAGRANGE_BETA_G1)[
                : levels * G1_BYTES],
        }
        out[p] = write_ptau(p, sections, ceremony_power=current.ptau.ceremony_power)
    return out


def convert(data: bytes, backend: Backend | None = None) -> bytes:
    """An old-format prepared ``.ptau`` with the Lagrange τ·G1 level 2^(power+1) added
    (``powersoftau convert``). A file already in today's format is refused: snarkjs would
    append the level a second time and write a file nothing can read."""
    be = backend or get_backend()
    container = read_binfile(data, MAGIC, VERSION)
    header = bytes(container.section(SECTION_HEADER, "header"))
    power = int.from_bytes(header[4 + FIELD_BYTES : 8 + FIELD_BYTES], "little")
    if not 1 <= power < 28:
        raise Phase1Error(f"the .ptau's power {power} cannot be converted")
    lagrange = container.sections.get(SECTION_LAGRANGE_G1)
    old_size = ((1 << (power + 1)) - 1) * G1_BYTES
    if lagrange is None:
        raise Phase1Error("the .ptau is not prepared (no Lagrange sections): nothing to "
                          "convert; run `powersoftau prepare phase2`")
    if len(lagrange) != old_size:
        raise Phase1Error("the .ptau is already in the current format: nothing to convert")
    n = 1 << (power + 1)
    tau_g1 = bytes(container.section(SECTION_TAU_G1, "tauG1"))
    top = be.g1_ifft(tau_g1[: (n - 1) * G1_BYTES] + pack_g1([None]))
    sections: dict[int, Any] = {s: container.section(s, f"section {s}")
                                for s in (SECTION_TAU_G1, SECTION_TAU_G2, SECTION_ALPHA_TAU_G1,
                                          SECTION_BETA_TAU_G1, SECTION_BETA_G2,
                                          SECTION_CONTRIBUTIONS, *_LAGRANGE)}
    sections[SECTION_LAGRANGE_G1] = bytes(lagrange) + top
    converted = write_ptau(power, sections)
    load(converted, be)  # the result must read as a current-format file
    return converted
