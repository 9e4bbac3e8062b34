"""BN254 curve arithmetic behind one interface, with two implementations.

* ``reference`` — :mod:`py_ecc`'s ``optimized_bn128``: slow, readable, the test oracle.
* ``native`` — the C core in :mod:`zk.native` (the default when it is built).

Choose with the environment variable ``ZKGOV_BACKEND=reference|native`` or
:func:`get_backend`. Every backend speaks the same data (see :mod:`zk.curve.base`): single
points as affine integer tuples, vectors as packed little-endian buffers.
"""

from __future__ import annotations

import os

from zk.curve.base import G1, G2, Backend
from zk.errors import BackendError

__all__ = ["G1", "G2", "Backend", "available_backends", "get_backend"]

_cache: dict[str, Backend] = {}


def _load(name: str) -> Backend:
    if name == "reference":
        from zk.curve.reference import ReferenceBackend

        return ReferenceBackend()
    if name == "native":
        try:
            from zk.curve.native import NativeBackend
        except ImportError as exc:
            raise BackendError(
                f"the native backend is not built ({exc}); reinstall with `pip install -e .` "
                "or set ZKGOV_BACKEND=reference"
            ) from exc
        return NativeBackend()
    raise BackendError(f"unknown backend {name!r}: choose 'reference' or 'native'")


def available_backends() -> list[str]:
    """Names of the backends that load on this machine."""
    names = []
    for name in ("native", "reference"):
        try:
            get_backend(name)
        except BackendError:
            continue
        names.append(name)
    return names


def get_backend(name: str | None = None) -> Backend:
    """Return the backend ``name``, or the one ``ZKGOV_BACKEND`` selects (default: native if
    built, else reference)."""
    explicit = name or os.environ.get("ZKGOV_BACKEND")
    if explicit:
        if explicit not in _cache:
            _cache[explicit] = _load(explicit)
        return _cache[explicit]
    if "native" not in _cache:
        try:
            _cache["native"] = _load("native")
        except BackendError:
            if "reference" not in _cache:
                _cache["reference"] = _load("reference")
            return _cache["reference"]
    return _cache["native"]
