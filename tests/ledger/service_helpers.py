"""Helpers of the service tests: a served ledger on a real uvicorn server (loopback, a free
port, in a thread), and an independent tlog-tiles client."""

from __future__ import annotations

import base64
import hashlib
import itertools
import struct
import threading
import time
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ledger import Ledger, NoteSigner
from ledger.keys import read_signer_key, write_signer_key


def make_served_ledger(location: str, folder: Path, origin: str) -> tuple[NoteSigner, Path]:
    """A new ledger at ``location`` with its key file (and signer state) in ``folder``."""
    signer = NoteSigner.generate(origin)
    key = folder / "service.key"
    write_signer_key(key, signer)
    Ledger.create(location, signer).close()
    return read_signer_key(key), key


class RunningServer:
    """uvicorn serving ``app`` on 127.0.0.1 (a free port) in a background thread."""

    def __init__(self, app) -> None:
        import uvicorn

        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0,
                                                    log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> RunningServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the server did not start")
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


# --- a tlog-tiles client written from the C2SP specs (hashing per RFC 6962 only) ------------
def _h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return _h(b"\x01" + left + right)


def _mth(hashes: list[bytes]) -> bytes:
    """RFC 6962 MTH over already-hashed leaves (a power-of-two count, or any count)."""
    if len(hashes) == 1:
        return hashes[0]
    k = 1
    while k * 2 < len(hashes):
        k *= 2
    return _node(_mth(hashes[:k]), _mth(hashes[k:]))


def _index_path(n: int) -> str:
    groups = []
    while True:
        groups.append(f"{n % 1000:03d}")
        n //= 1000
        if not n:
            break
    groups.reverse()
    return "/".join(["x" + g for g in groups[:-1]] + [groups[-1]])


class TilesClient:
    """Follows a tiled log: verifies checkpoints with the log's Ed25519 key, fetches tiles,
    authenticates every tile hash up to the signed root, and proves consistency between two
    checkpoints from the tiles alone."""

    def __init__(self, get: Callable[[str], bytes], vkey: str) -> None:
        self.get = get
        name, key_id, b64 = vkey.strip().split("+", 2)
        material = base64.b64decode(b64)
        assert material[0] == 1 and len(material) == 33
        assert _h(name.encode() + b"\n" + material)[:4].hex() == key_id
        self.name, self.key_id = name, bytes.fromhex(key_id)
        self.key = Ed25519PublicKey.from_public_bytes(material[1:])

    def open_checkpoint(self, note: str) -> tuple[int, bytes]:
        text, _, block = note.rpartition("\n\n")
        text += "\n"
        for line in block.splitlines():
            name, _, sig = line.removeprefix("\u2014 ").rpartition(" ")
            raw = base64.b64decode(sig)
            if name == self.name and raw[:4] == self.key_id:
                self.key.verify(raw[4:], text.encode())  # raises if forged
                origin, size, root = text.splitlines()[:3]
                assert origin == self.name
                return int(size), base64.b64decode(root)
        raise AssertionError("checkpoint not signed by the log's key")

    def tile(self, level: int, index: int, size: int) -> list[bytes]:
        count = size >> (8 * level)
        width = min(256, count - index * 256)
        assert width > 0
        path = f"tile/{level}/{_index_path(index)}" + ("" if width == 256 else f".p/{width}")
        data = self.get(path)
        assert len(data) == 32 * width, (path, len(data))
        return [data[i:i + 32] for i in range(0, len(data), 32)]

    def level_hashes(self, level: int, size: int) -> list[bytes]:
        """Every hash of one tile level of the tree of ``size`` entries."""
        count = size >> (8 * level)
        out: list[bytes] = []
        for index in range((count + 255) // 256):
            out += self.tile(level, index, size)
        return out

    def verified_levels(self, size: int, root: bytes) -> list[list[bytes]]:
        """All tile levels of the tree, each full tile checked against the level above, and
        the root recomputed from them compared with the signed ``root``."""
        levels = [self.level_hashes(0, size)]
        while len(levels[-1]) >= 256:
            levels.append(self.level_hashes(len(levels), size))
        for lower, upper in itertools.pairwise(levels):
            for i, parent in enumerate(upper):
                assert _mth(lower[i * 256:(i + 1) * 256]) == parent, "tile hash mismatch"
        assert self.root_from(levels, size) == root, "tiles do not match the signed root"
        return levels

    @staticmethod
    def root_from(levels: list[list[bytes]], size: int) -> bytes:
        """MTH(D[0:size]) from verified tile levels (of this or any larger tree)."""
        if size == 0:
            return _h(b"")
        parts, start = [], 0
        remaining = size
        while remaining:
            k = remaining.bit_length() - 1  # largest perfect subtree first
            tile_level = min(k // 8, len(levels) - 1)
            span = 1 << (8 * tile_level)
            hashes = levels[tile_level][start // span:(start + (1 << k)) // span]
            parts.append(_mth(hashes))
            start += 1 << k
            remaining -= 1 << k
        acc = parts[-1]
        for h in reversed(parts[:-1]):
            acc = _node(h, acc)
        return acc

    def entries(self, size: int) -> list[bytes]:
        """Every entry, from the entry bundles; each checked against the level-0 tiles."""
        out: list[bytes] = []
        for index in range((size + 255) // 256):
            width = min(256, size - index * 256)
            path = f"tile/entries/{_index_path(index)}" + ("" if width == 256 else f".p/{width}")
            data, at = self.get(path), 0
            while at < len(data):
                (length,) = struct.unpack_from(">H", data, at)
                out.append(data[at + 2:at + 2 + length])
                at += 2 + length
        return out
