"""Name the kind of a file from its first bytes, so that a reader handed the wrong file can say
what it was given ("this is a .zkey file (binary)") instead of a decoding error.

Only signatures that cannot be mistaken for text are listed: the iden3 containers
(``r1cs``/``wtns``/``zkey``/``ptau``, followed by a small little-endian version), our MPC frames,
and the common binary formats someone might pick by mistake (an SQLite ledger, archives, images,
executables).
"""

from __future__ import annotations

#: (leading bytes, description) for formats recognised by a fixed prefix.
_PREFIXES: tuple[tuple[bytes, str], ...] = (
    (b"SQLite format 3\x00", "an SQLite database (a ledger?)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x7fELF", "an ELF executable"),
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\x00asm", "a WebAssembly module"),
    (b"ZKMP", "a zkgov MPC frame"),
)

#: The iden3 binary containers: magic, then u32 version (1 or 2 in every file seen).
_IDEN3 = {b"r1cs": ".r1cs", b"wtns": ".wtns", b"zkey": ".zkey", b"ptau": ".ptau"}


def identify_binary(data: bytes | bytearray | memoryview) -> str | None:
    """A short description of the binary format ``data`` starts with, or ``None`` when it
    does not start with a known binary signature (it may still be garbage or text)."""
    head = bytes(memoryview(data)[:16])
    if len(head) >= 8 and head[:4] in _IDEN3:
        version = int.from_bytes(head[4:8], "little")
        if 0 < version < 256:
            return f"a {_IDEN3[head[:4]]} file (binary)"
    for prefix, description in _PREFIXES:
        if head.startswith(prefix):
            return description
    if bytes(memoryview(data)[257:262]) == b"ustar":
        return "a tar archive"
    return None


__all__ = ["identify_binary"]
