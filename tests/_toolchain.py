"""The host C++ compiler the tests that compile native code use, or a skip."""

from __future__ import annotations

import shutil

import pytest


def cxx_compiler() -> str:
    for name in ("c++", "g++", "clang++"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no C++ compiler on this machine")
