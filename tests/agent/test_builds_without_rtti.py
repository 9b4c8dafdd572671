"""The agent compiles with -fno-rtti, as it must to run on a device.

OpenHarmony builds every system library without RTTI (openharmony/build,
config/BUILDCONFIG.gn: ``no_rtti`` in the default compiler configs), and a
class of ours deriving from their ``RefBase``/``IRemoteStub`` only links when
the agent is built the same way (cmake/ohos-toolchain.cmake and BUILD.gn both
say so).  So no source the device agent compiles may use ``dynamic_cast`` or
``typeid``: the core casts with ``tag_cast`` (native/include/ohbridge/value.h).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests._toolchain import cxx_compiler

ROOT = Path(__file__).resolve().parents[2]
NATIVE = ROOT / "native"
# What the device agent compiles: the core, the agent, the OpenHarmony backend
# (BUILD.gn's sources; test_gn_build.py keeps them in step with CMake).
SOURCES = sorted([*(NATIVE / "src").rglob("*.cpp"), *(NATIVE / "agent").glob("*.cpp"),
                  *(NATIVE / "ohos").glob("*.cpp")])


def _msgpack_include() -> str:
    msgpack_cxx = pytest.importorskip("msgpack_cxx")
    return str(msgpack_cxx.get_include())


def test_the_agent_sources_exist() -> None:
    assert len(SOURCES) > 10 and NATIVE / "ohos" / "ohos_backend.cpp" in SOURCES


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_agent_source_compiles_without_rtti(source: Path) -> None:
    flags = ["-DMSGPACK_NO_BOOST", '-DOHBRIDGE_VERSION="test"']
    if source.parent.name == "ohos":
        flags += ["-DOHBRIDGE_WITH_OHOS", "-DSUPPORT_GRAPHICS", "-DSUPPORT_SCREEN", "-I", str(NATIVE / "ohos")]
    r = subprocess.run(
        [cxx_compiler(), "-std=c++17", "-fsyntax-only", "-fno-rtti", "-I", str(NATIVE / "include"),
         "-isystem", _msgpack_include(), *flags, str(source)],
        capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr


def test_no_agent_header_uses_rtti() -> None:
    """Headers are compiled only where included: read them too."""
    headers = [*(NATIVE / "include").rglob("*.h"), *(NATIVE / "agent").glob("*.h"), *(NATIVE / "ohos").rglob("*.h")]
    offenders = [str(h.relative_to(ROOT)) for h in headers
                 if re.search(r"\b(dynamic_cast|typeid)\s*[<(]", h.read_text())]
    assert offenders == []
