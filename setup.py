"""Build hook: compiles the native BN254 core (``zk/native``) as a CPython extension.

Everything else about the distribution lives in ``pyproject.toml``.
"""

from __future__ import annotations

import glob
import os
import sys

from setuptools import Extension, setup


def _native_extensions() -> list[Extension]:
    sources = sorted(glob.glob(os.path.join("zk", "native", "*.c")))
    if not sources:
        return []
    if sys.platform == "win32":
        compile_args = ["/O2"]
        link_args: list[str] = []
    else:
        compile_args = ["-O3", "-std=c11", "-pthread", "-fno-strict-aliasing"]
        link_args = ["-pthread"]
    return [
        Extension(
            "zk.native._bn254",
            sources=sources,
            include_dirs=[os.path.join("zk", "native")],
            extra_compile_args=compile_args,
            extra_link_args=link_args,
        )
    ]


setup(ext_modules=_native_extensions())
