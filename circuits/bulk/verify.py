"""Verify a whole file of proof records, one random linear combination per key and chunk.

```python
from circuits.bulk import verify_batch
result = verify_batch("proofs.jsonl", vk)
assert result.ok, result.invalid
```

Records are grouped by the key they name (their ``vk`` hash); each group is checked
``chunk`` proofs at a time with :func:`zk.groth16.find_invalid`: one multi-pairing when all
are valid, halves tried again only where a combination fails.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from circuits.bulk.errors import BulkError
from circuits.bulk.records import Record, open_text, parse_record
from zk import groth16
from zk.errors import ZkError
from zk.formats.snarkjs_json import vk_hash
from zk.groth16.keys import PreparedVerifyingKey, Proof, VerifyingKey
from zk.progress import Progress, silent

#: Proofs per random linear combination (bounds memory; one multi-pairing each).
CHUNK = 512


@dataclass(frozen=True)
class Invalid:
    """One line of the proofs file that is not a valid proof, and why."""

    #: Line of the proofs file.
    line: int
    #: Input line the record is for (``None`` when the line is not a readable record).
    input_line: int | None
    reason: str


@dataclass
class VerifyResult:
    """The outcome of :func:`verify_batch`."""

    #: Records (non-blank lines) in the file.
    total: int = 0
    #: Records that hold a valid proof.
    valid: int = 0
    #: Every other record, in file order.
    invalid: list[Invalid] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every record holds a valid proof."""
        return not self.invalid


@dataclass
class _Group:
    vk: PreparedVerifyingKey
    lines: list[tuple[int, int]] = field(default_factory=list)
    items: list[tuple[list[int], Proof]] = field(default_factory=list)


def verify_batch(
    proofs: str | os.PathLike[str],
    keys: VerifyingKey | Sequence[VerifyingKey],
    *,
    chunk: int = CHUNK,
    progress: Progress | None = None,
) -> VerifyResult:
    """Verify every record of a batch output file (see :mod:`circuits.bulk.records`).

    ``keys``: the verification key, or several when the file mixes proofs of several keys
    (a record is checked with the key its ``vk`` hash names; a record without one needs a
    single key). Error records, unreadable lines and proofs that do not verify are all
    listed in :attr:`VerifyResult.invalid`. ``progress`` is called as
    ``progress("verifying", done, total)`` after each chunk. Raises :class:`BulkError` when
    the file cannot be read, :class:`~zk.errors.PointError` when a key is not a valid key
    and :class:`~zk.errors.ForgeableKeyError` when it would accept forged proofs.
    """
    key_list = [keys] if isinstance(keys, VerifyingKey) else list(keys)
    if not key_list:
        raise BulkError("verify_batch needs at least one verification key")
    groups: dict[str, _Group] = {}
    for vk in key_list:
        groups[vk_hash(vk)] = _Group(groth16.prepare_verifying_key(vk))
    path = Path(proofs)
    result = VerifyResult()
    total = _count_records(path)
    report = progress or silent
    report("verifying", 0, total)
    with open_text(path, "proofs file") as f:
        for number, text in enumerate(f, start=1):
            if not text.strip():
                continue
            result.total += 1
            group = _place(result, groups, number, text, f"{path} line {number}")
            if group is not None and len(group.items) >= chunk:
                _settle(result, group)
                report("verifying", result.valid + len(result.invalid), total)
    for group in groups.values():
        _settle(result, group)
    report("verifying", result.valid + len(result.invalid), total)
    result.invalid.sort(key=lambda bad: bad.line)
    return result


def _count_records(path: Path) -> int:
    with open_text(path, "proofs file") as f:
        return sum(1 for text in f if text.strip())


def _place(
    result: VerifyResult, groups: dict[str, _Group], number: int, text: str, where: str
) -> _Group | None:
    """Queue a record in its key's group, or record why it is invalid (then ``None``)."""
    try:
        record: Record = parse_record(text, where)
    except ZkError as exc:
        result.invalid.append(Invalid(number, None, str(exc).removeprefix(f"{where}: ")))
        return None
    if record.error is not None:
        result.invalid.append(Invalid(number, record.line, f"no proof: {record.error}"))
        return None
    if record.vk is None and len(groups) == 1:
        group = next(iter(groups.values()))
    else:
        group = groups.get(record.vk or "")
    if group is None:
        reason = (f"made with key {record.vk[:16]}…, not one of those given" if record.vk
                  else "names no key (\"vk\") and several keys were given")
        result.invalid.append(Invalid(number, record.line, reason))
        return None
    assert record.public is not None and record.proof is not None
    group.lines.append((number, record.line))
    group.items.append((record.public, record.proof))
    return group


def _settle(result: VerifyResult, group: _Group) -> None:
    """Verify a group's queued proofs and empty the queue."""
    bad = set(groth16.find_invalid(group.vk, group.items))
    for index, ((number, input_line), (public, proof)) in enumerate(
        zip(group.lines, group.items)
    ):
        if index in bad:
            result.invalid.append(Invalid(number, input_line, _why(group.vk, public, proof)))
        else:
            result.valid += 1
    group.lines.clear()
    group.items.clear()


def _why(vk: PreparedVerifyingKey, public: list[int], proof: Proof) -> str:
    try:
        groth16.check_public(vk.vk, public)
        groth16.check_proof(proof)
    except ZkError as exc:
        return str(exc)
    return "the proof does not verify"
