"""OhosBackend keeps compiling without an SDK: against the one header that
declares every inner-API signature it uses (native/ohos/ohos_inner_api_decls.h).

With the SDK, the same source includes the real headers and static_asserts
each recorded signature (see the header); here, the backend's own code is
checked, so a change in the core's interfaces cannot silently break it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "native" / "ohos" / "ohos_backend.cpp"


def _compiler() -> str:
    for name in ("c++", "g++", "clang++"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no C++ compiler on this machine")


@pytest.mark.skipif(not SOURCE.exists(), reason="needs the source tree (native/ohos)")
def test_ohos_backend_compiles_against_the_declared_inner_api() -> None:
    r = subprocess.run(
        [_compiler(), "-std=c++17", "-fsyntax-only", "-Wall", "-Wextra", "-Werror",
         "-I", str(ROOT / "native" / "include"), "-I", str(ROOT / "native" / "ohos"), str(SOURCE)],
        capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr


def test_every_inner_api_name_used_is_declared_in_the_one_header() -> None:
    if not SOURCE.exists():
        pytest.skip("needs the source tree")
    import re

    text = SOURCE.read_text()
    used = set(re.findall(r"(?:ams\(\)->|WantAgentHelper::)(\w+)\(", text))
    # the WantParams boxes: AA::Class::Member( and AA::g_IID_*
    boxes = set(re.findall(r"\bAA::(\w+)::(\w+)\(", text))
    used |= {member for _, member in boxes} | {cls for cls, _ in boxes}
    used |= set(re.findall(r"\bAA::(g_IID_\w+)", text))
    decls = (ROOT / "native" / "ohos" / "ohos_inner_api_decls.h").read_text()
    missing = sorted(n for n in used if not re.search(rf"\b{n}\b", decls))
    assert used and missing == []


@pytest.mark.skipif(not SOURCE.exists(), reason="needs the source tree (native/ohos)")
def test_the_drift_asserts_compile_against_the_declared_inner_api(tmp_path: Path) -> None:
    """The SDK build's static_asserts (the drift namespace at the end of
    ohos_backend.cpp) hold for the declarations themselves: a signature
    changed in one place and not the other fails here, before any SDK build."""
    text = SOURCE.read_text()
    start = text.index("namespace ohbridge::ohos::drift {")
    end = text.index("}  // namespace ohbridge::ohos::drift") + len("}  // namespace ohbridge::ohos::drift")
    unit = tmp_path / "drift.cpp"
    unit.write_text('#include <type_traits>\n#include "ohos_inner_api_decls.h"\n' + text[start:end] + "\n")
    r = subprocess.run(
        [_compiler(), "-std=c++17", "-fsyntax-only", "-Wall", "-Wextra", "-Werror",
         "-I", str(ROOT / "native" / "ohos"), str(unit)],
        capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
