"""circom's ``.r1cs`` constraint-system file (version 1), both ways.

Sections (iden3 container, see :mod:`zk.formats.binfile`):

1. header — u32 n8 (32), the prime (n8 bytes LE), u32 wires (wire 0 is the constant one),
   u32 public outputs, u32 public inputs, u32 private inputs, u64 labels, u32 constraints;
2. constraints — per constraint three linear combinations A, B, C (A·B − C = 0), each a u32
   term count then terms of u32 wire id and an n8-byte coefficient (plain LE, below r);
3. wire → label-id map — one u64 per wire;
4, 5. custom gates (PLONK only) — rejected, Groth16 cannot use them.

Both ``--O1`` files (which keep linear constraints, with an empty A or B) and ``--O2`` files
read the same way. circom writes section 2 before section 1; readers accept any order.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from zk.curve.base import BytesLike
from zk.errors import FieldError, FormatError
from zk.field import FIELD_BYTES, R
from zk.formats.binfile import (
    BinFile,
    SectionReader,
    expect_size,
    read_binfile,
    u32,
    u64,
    write_binfile,
)
from zk.formats.source import Source, source_bytes
from zk.r1cs import R1CS, Constraint, LinearCombination

MAGIC = "r1cs"
VERSION = 1

SECTION_HEADER = 1
SECTION_CONSTRAINTS = 2
SECTION_WIRE_LABELS = 3
SECTION_CUSTOM_GATES_LIST = 4
SECTION_CUSTOM_GATES_USES = 5

_HEADER_TAIL = struct.Struct("<IIIIQI")
_U32 = struct.Struct("<I")
_TERM_BYTES = 4 + FIELD_BYTES

#: Scalar-field primes of other curves circom supports, to name them in error messages.
_OTHER_PRIMES = {
    0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001: "BLS12-381",
    0xFFFFFFFF00000001: "Goldilocks",
    0x12AB655E9A2CA55660B44D1E5C37B00159AA76FED00000010A11800000000001: "BLS12-377",
}


@dataclass(frozen=True)
class R1csHeader:
    """The sizes in a ``.r1cs`` header (section 1)."""

    n_wires: int
    n_public_outputs: int
    n_public_inputs: int
    n_private_inputs: int
    n_labels: int
    n_constraints: int
    prime: int = R

    @property
    def n_public(self) -> int:
        """Number of public values (outputs then public inputs), excluding the constant
        wire 1."""
        return self.n_public_outputs + self.n_public_inputs


def _parse_header(body: BytesLike, clamp_counts: bool = False) -> R1csHeader:
    cur = SectionReader(body, ".r1cs header (section 1)")
    n8 = cur.u32("the field size n8")
    if n8 != FIELD_BYTES:
        raise FormatError(
            f".r1cs uses {n8}-byte field elements; zkgov supports BN254 (32 bytes) only"
        )
    prime = cur.bigint(n8, "the prime")
    if prime != R:
        name = _OTHER_PRIMES.get(prime, "an unknown field")
        raise FormatError(
            f".r1cs is over {name} (prime {prime}); zkgov supports BN254 only: "
            "compile with `circom --prime bn128`"
        )
    n_wires, n_out, n_pub, n_prv, n_labels, n_constraints = _HEADER_TAIL.unpack(
        cur.take(_HEADER_TAIL.size, "the counts")
    )
    cur.expect_end()
    if clamp_counts and n_wires < 1 + n_out + n_pub + n_prv:
        # circom --O2 may drop an input wire (unused, or a linear function of outputs) and
        # still count it in the header.
        n_prv = max(0, n_wires - 1 - n_out - n_pub)
        n_pub = min(n_pub, n_wires - 1 - n_out)
    if n_wires < 1 + n_out + n_pub + n_prv:
        raise FormatError(
            f".r1cs header declares {n_wires} wires, fewer than the constant plus "
            f"{n_out} outputs, {n_pub} public and {n_prv} private inputs"
        )
    return R1csHeader(n_wires, n_out, n_pub, n_prv, n_labels, n_constraints, prime)


def _check_wires_present(container: BinFile, header: R1csHeader) -> None:
    """Refuse a wire count the file's bytes cannot back, before anything is allocated per
    wire: the label map holds exactly 8 bytes per wire; without one, every wire past the
    constant must appear in some term of the constraints (36 bytes each)."""
    if container.has(SECTION_WIRE_LABELS):
        expect_size(container.sections[SECTION_WIRE_LABELS], 8 * header.n_wires,
                    ".r1cs wire-label map (section 3)")
        return
    body = container.sections.get(SECTION_CONSTRAINTS)
    present = 1 + (len(body) if body is not None else 0) // _TERM_BYTES
    if header.n_wires > present:
        raise FormatError(
            f".r1cs header declares {header.n_wires} wires but, without a wire-label map, "
            f"its constraints can name at most {present}: the header lies or the file is "
            "truncated"
        )


def read_r1cs_header(data: Source) -> R1csHeader:
    """Read only the header of a ``.r1cs`` file (cheap, for ``r1cs info``); its counts are
    checked against the bytes the file holds."""
    container = read_binfile(source_bytes(data, ".r1cs"), MAGIC, VERSION)
    _reject_custom_gates(container)
    header = _parse_header(container.section(SECTION_HEADER, "header"))
    _check_wires_present(container, header)
    _check_constraints_present(container, header)
    return header


def _check_constraints_present(container: BinFile, header: R1csHeader) -> None:
    body = container.section(SECTION_CONSTRAINTS, "constraints")
    if header.n_constraints * 12 > len(body):
        raise FormatError(
            f".r1cs declares {header.n_constraints} constraints but its constraint section "
            f"holds only {len(body)} bytes"
        )


def _reject_custom_gates(container: BinFile) -> None:
    if container.has(SECTION_CUSTOM_GATES_LIST) or container.has(SECTION_CUSTOM_GATES_USES):
        raise FormatError(
            ".r1cs uses custom gates (sections 4/5), which only PLONK provers support; "
            "compile the circuit without custom templates to prove it with Groth16"
        )


def _parse_constraints(body: BytesLike, header: R1csHeader) -> list[Constraint]:
    data = bytes(body)  # one copy; slicing bytes is faster than slicing a memoryview
    size = len(data)
    n = header.n_constraints
    if n * 12 > size:
        raise FormatError(
            f".r1cs declares {n} constraints but its constraint section holds only {size} bytes"
        )
    n_wires = header.n_wires
    unpack_u32 = _U32.unpack_from
    from_bytes = int.from_bytes
    pos = 0
    constraints: list[Constraint] = []
    for index in range(n):
        lcs = []
        for part in "ABC":
            if size - pos < 4:
                raise FormatError(f".r1cs constraint #{index} is truncated in {part}")
            (n_terms,) = unpack_u32(data, pos)
            pos += 4
            end = pos + n_terms * _TERM_BYTES
            if end > size:
                raise FormatError(
                    f".r1cs constraint #{index} claims {n_terms} terms in {part} "
                    "but the section ends first"
                )
            terms: dict[int, int] = {}
            while pos < end:
                (wire,) = unpack_u32(data, pos)
                coeff = from_bytes(data[pos + 4 : pos + _TERM_BYTES], "little")
                pos += _TERM_BYTES
                if wire >= n_wires:
                    raise FormatError(
                        f".r1cs constraint #{index} names wire {wire} in {part}, "
                        f"but the circuit has {n_wires} wires"
                    )
                if coeff >= R:
                    raise FieldError(
                        f".r1cs constraint #{index} has a coefficient in {part} that is not "
                        "below r"
                    )
                if wire in terms:
                    raise FormatError(
                        f".r1cs constraint #{index} lists wire {wire} twice in {part}"
                    )
                if coeff:
                    terms[wire] = coeff
            lc = LinearCombination()
            lc.terms = terms
            lcs.append(lc)
        constraints.append(Constraint(lcs[0], lcs[1], lcs[2]))
    if pos != size:
        raise FormatError(
            f".r1cs constraint section has {size - pos} bytes after its {n} constraints"
        )
    return constraints


def _parse_labels(body: BytesLike, header: R1csHeader) -> list[int]:
    mv = expect_size(body, 8 * header.n_wires, ".r1cs wire-label map (section 3)")
    return list(struct.unpack(f"<{header.n_wires}Q", mv))


def read_r1cs(data: Source, clamp_counts: bool = False) -> R1CS:
    """Parse a circom ``.r1cs`` file (``--O0/1/2``) into an :class:`~zk.r1cs.R1CS`.

    The wire-label map, when present, is kept in ``wire_labels``. Raises
    :class:`~zk.errors.FormatError` (or its subclass ``FieldError``) for anything malformed,
    including custom-gate sections and fields other than BN254's. ``data`` is the file's
    bytes or its path. ``clamp_counts`` accepts a header that counts more inputs than there
    are wires (circom --O2 drops unused inputs but still counts them), for readers such as
    the analyzer that take the inputs from the ``.sym`` file; without it such a file is
    refused.
    """
    container = read_binfile(source_bytes(data, ".r1cs"), MAGIC, VERSION)
    _reject_custom_gates(container)
    header = _parse_header(container.section(SECTION_HEADER, "header"), clamp_counts)
    _check_wires_present(container, header)
    constraints = _parse_constraints(
        container.section(SECTION_CONSTRAINTS, "constraints"), header
    )
    labels = (
        _parse_labels(container.sections[SECTION_WIRE_LABELS], header)
        if container.has(SECTION_WIRE_LABELS)
        else None
    )
    return R1CS(
        n_wires=header.n_wires,
        n_public_outputs=header.n_public_outputs,
        n_public_inputs=header.n_public_inputs,
        n_private_inputs=header.n_private_inputs,
        constraints=constraints,
        wire_labels=labels,
    )


def _encode_lc(lc: LinearCombination, out: list[bytes]) -> None:
    terms = lc.terms.items()
    out.append(_U32.pack(len(terms)))
    for wire, coeff in terms:
        out.append(_U32.pack(wire))
        out.append((coeff % R).to_bytes(FIELD_BYTES, "little"))


def label_count(r1cs: R1CS) -> int:
    """The header's label count: at least one label per wire and above every label id."""
    labels = r1cs.wire_labels
    if labels is None:
        return r1cs.n_wires
    return min(max(r1cs.n_wires, max(labels, default=-1) + 1), (1 << 64) - 1)


def write_r1cs(r1cs: R1CS) -> bytes:
    """Serialise an :class:`~zk.r1cs.R1CS` as a circom ``.r1cs`` file.

    Written as circom writes it — constraints (2), header (1), label map (3); plain
    little-endian coefficients; terms in the order the linear combination holds them (the
    file's order for a circuit read from one) — so circom's file writes back byte for byte.
    The label map is ``wire_labels`` or, when absent, the identity.
    """
    n_inputs = r1cs.n_public_outputs + r1cs.n_public_inputs + r1cs.n_private_inputs
    if r1cs.n_wires < 1 + n_inputs:
        raise FormatError(f"R1CS has {r1cs.n_wires} wires, too few for its {n_inputs} inputs")
    labels = r1cs.wire_labels if r1cs.wire_labels is not None else range(r1cs.n_wires)
    if len(labels) != r1cs.n_wires:
        raise FormatError(
            f"R1CS has {len(labels)} wire labels for {r1cs.n_wires} wires"
        )
    header = (
        u32(FIELD_BYTES)
        + R.to_bytes(FIELD_BYTES, "little")
        + _HEADER_TAIL.pack(
            r1cs.n_wires,
            r1cs.n_public_outputs,
            r1cs.n_public_inputs,
            r1cs.n_private_inputs,
            label_count(r1cs),
            r1cs.n_constraints,
        )
    )
    parts: list[bytes] = []
    for index, con in enumerate(r1cs.constraints):
        for lc in (con.a, con.b, con.c):
            if lc.terms and max(lc.terms) >= r1cs.n_wires:
                raise FormatError(
                    f"constraint #{index} names wire {max(lc.terms)} beyond the "
                    f"{r1cs.n_wires} wires"
                )
            _encode_lc(lc, parts)
    if any(not 0 <= label < 1 << 64 for label in labels):
        raise FormatError("R1CS wire labels must be integers in 0 … 2^64 − 1")
    label_map = b"".join(u64(label) for label in labels)
    return write_binfile(
        MAGIC,
        VERSION,
        [
            (SECTION_CONSTRAINTS, b"".join(parts)),
            (SECTION_HEADER, header),
            (SECTION_WIRE_LABELS, label_map),
        ],
    )
