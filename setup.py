"""Build hook: compiles the native BN254 core (``zk/native``) as two CPython extensions.

``zk.native._bn254`` is the core with its bindings (``module.c``); ``zk.native._testing``
is the same core with the hooks only the tests use (``testing.c``). Everything else about
the distribution lives in ``pyproject.toml``.

``ZKGOV_SANITIZE=1`` builds both with AddressSanitizer and UndefinedBehaviorSanitizer, every
report fatal (``make sanitize`` builds that way into ``.cache/asan``, never over the normal
build).
"""

from __future__ import annotations

import glob
import os
import sys

from setuptools import Extension, setup

_NATIVE = os.path.join("zk", "native")
_MODULE_SOURCES = {"zk.native._bn254": "module.c", "zk.native._testing": "testing.c"}


def _flags() -> tuple[list[str], list[str]]:
    if sys.platform == "win32":
        return ["/O2"], []
    compile_args = ["-O3", "-std=c11", "-pthread", "-fno-strict-aliasing"]
    link_args = ["-pthread"]
    if os.environ.get("ZKGOV_SANITIZE") == "1":
        sanitize = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all",
                    "-fno-omit-frame-pointer", "-g"]
        compile_args = ["-O1", "-std=c11", "-pthread", "-fno-strict-aliasing", *sanitize]
        link_args = ["-pthread", *sanitize]
    return compile_args, link_args


def _native_extensions() -> list[Extension]:
    sources = sorted(glob.glob(os.path.join(_NATIVE, "*.c")))
    if not sources:
        return []
    entry_points = {os.path.join(_NATIVE, name) for name in _MODULE_SOURCES.values()}
    core = [s for s in sources if s not in entry_points]
    compile_args, link_args = _flags()
    return [
        Extension(
            name,
            sources=[*core, os.path.join(_NATIVE, entry)],
            include_dirs=[_NATIVE],
            extra_compile_args=compile_args,
            extra_link_args=link_args,
            libraries=[] if sys.platform == "win32" else ["m"],
        )
        for name, entry in _MODULE_SOURCES.items()
    ]


setup(ext_modules=_native_extensions())
