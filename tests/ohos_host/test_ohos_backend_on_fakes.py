"""OhosBackend's logic on the host: native/ohos/ohos_backend.cpp and
agent_identity.cpp compiled and linked on Linux against link-seam fakes of the
inner APIs the decls header (native/ohos/ohos_inner_api_decls.h) declares
(tests/ohos_host/fakes), with the core's NAPI-equivalent modules, and driven as
the agent drives it (agent::make_ohos_service).

Each HOST_CASE in tests/ohos_host/cases_*.cpp is one test here, run in its own
process: a case that would crash the agent on a device (the AMS proxy
dereferencing a null listener) fails alone.
"""

from __future__ import annotations

import fcntl
import os
import hashlib
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import List

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
NATIVE = ROOT / "native"

# Only what the backend needs: the core's modules (not the stub world).
CORE = ["value", "errors", "want", "call", "dispatcher", "want_agent_module", "mission", "dmm_module",
        "mission_manager_module"]
SOURCES: List[Path] = (
    [NATIVE / "ohos" / "ohos_backend.cpp", NATIVE / "ohos" / "agent_identity.cpp"]
    + [NATIVE / "src" / f"{name}.cpp" for name in CORE]
    + sorted((HERE / "fakes").glob("*.cpp"))
    + sorted(HERE.glob("*.cpp"))
)
INCLUDES = [NATIVE / "include", NATIVE / "ohos", NATIVE / "agent", HERE, HERE / "fakes"]
CASES = sorted(
    name for src in HERE.glob("cases_*.cpp") for name in re.findall(r"^HOST_CASE\((\w+)\)", src.read_text(), re.M))


def _compiler() -> str:
    for name in ("c++", "g++", "clang++"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip("no C++ compiler on this machine")


def _inputs_digest(compiler: str) -> str:
    h = hashlib.sha256(compiler.encode())
    for d in [*INCLUDES, NATIVE / "src"]:
        for f in sorted(d.glob("**/*.h")):
            h.update(f.read_bytes())
    for f in SOURCES:
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _build(compiler: str, out: Path) -> Path:
    # As the system libraries are built (ohos_backend.cpp refuses otherwise:
    # MissionSnapshot's layout depends on SUPPORT_SCREEN).
    flags = ["-std=c++17", "-O0", "-Wall", "-Wextra", "-Werror", "-DOHBRIDGE_WITH_OHOS", "-DSUPPORT_SCREEN",
             "-DSUPPORT_GRAPHICS"]
    flags += [f"-I{d}" for d in INCLUDES]
    objects = [out / f"{i:02d}_{src.stem}.o" for i, src in enumerate(SOURCES)]

    def compile_one(pair: "tuple[Path, Path]") -> "subprocess.CompletedProcess[str]":
        src, obj = pair
        return subprocess.run([compiler, *flags, "-c", str(src), "-o", str(obj)],
                              capture_output=True, text=True, timeout=600)

    with ThreadPoolExecutor(max_workers=2) as pool:
        for r in pool.map(compile_one, zip(SOURCES, objects)):
            assert r.returncode == 0, r.args[-3] + "\n" + r.stderr
    exe = out / "ohos_backend_host"
    r = subprocess.run([compiler, *map(str, objects), "-pthread", "-o", str(exe)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return exe


@pytest.fixture(scope="session")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test executable, built once per source state and shared by xdist
    workers (the build directory sits beside the workers' temp roots)."""
    compiler = _compiler()
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    out = root / f"ohos_host-{_inputs_digest(compiler)}"
    out.mkdir(exist_ok=True)
    exe = out / "ohos_backend_host"
    with open(root / "ohos_host.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not exe.exists():
            _build(compiler, out)
    return exe


@pytest.mark.timeout(900)
def test_every_case_in_the_sources_is_in_the_driver(driver: Path) -> None:
    listed = subprocess.run([str(driver), "--list"], capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0
    assert sorted(listed.stdout.split()) == CASES and len(CASES) > 20


@pytest.mark.timeout(900)
@pytest.mark.parametrize("case", CASES)
def test_ohos_backend_on_fakes(driver: Path, case: str) -> None:
    run = subprocess.run([str(driver), case], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stdout + run.stderr
