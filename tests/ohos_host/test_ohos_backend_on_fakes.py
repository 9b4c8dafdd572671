"""OhosBackend's logic on the host: native/ohos/ohos_backend.cpp and
agent_identity.cpp compiled and linked on Linux against link-seam fakes of the
inner APIs the decls header (native/ohos/ohos_inner_api_decls.h) declares
(tests/ohos_host/fakes), with the core's NAPI-equivalent modules, and driven as
the agent drives it (agent::make_ohos_service).

Each HOST_CASE in tests/ohos_host/cases_*.cpp is one test here per release
built for (master and 4.1), run in its own process: a case that would crash the
agent on a device (the AMS proxy dereferencing a null listener) fails alone.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import List

import pytest

from tests._toolchain import cxx_compiler

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
NATIVE = ROOT / "native"

# Only what the backend needs: the core's modules (not the stub world), built
# once; the backend, the fakes and the cases depend on the release built for.
CORE_SOURCES: List[Path] = [NATIVE / "src" / f"{name}.cpp" for name in
                            ("value", "errors", "want", "call", "dispatcher", "want_agent_module", "mission",
                             "dmm_module", "mission_manager_module", "app_module")]
RELEASE_SOURCES: List[Path] = (
    [NATIVE / "ohos" / "ohos_backend.cpp", NATIVE / "ohos" / "agent_identity.cpp"]
    + sorted((HERE / "fakes").glob("*.cpp"))
    + sorted(HERE.glob("*.cpp"))
)
INCLUDES = [NATIVE / "include", NATIVE / "ohos", NATIVE / "agent", HERE, HERE / "fakes"]
# The default release (master, the newest) and the one whose inner API differs
# most from it (4.1: 3-argument OnCallback, Cancel(agent), no
# ContinueMissionInfo, no GetForegroundOsAccountLocalId, GetWantSender without uid).
RELEASES = {"master": 700, "4.1": 401}
CASES = sorted(
    name for src in HERE.glob("cases_*.cpp") for name in re.findall(r"^HOST_CASE\((\w+)\)", src.read_text(), re.M))


def _digest(compiler: str, sources: List[Path], *extra: str) -> str:
    h = hashlib.sha256("\0".join([compiler, *extra]).encode())
    for d in [*INCLUDES, NATIVE / "src"]:
        for f in sorted(d.glob("**/*.h")):
            h.update(f.read_bytes())
    for f in sources:
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _compile(compiler: str, flags: List[str], sources: List[Path], out: Path) -> List[Path]:
    """Objects for `sources` in `out` (2 jobs: the machine's cores are shared)."""
    objects = [out / f"{i:02d}_{src.stem}.o" for i, src in enumerate(sources)]
    todo = [(src, obj) for src, obj in zip(sources, objects) if not obj.exists()]

    def compile_one(pair: "tuple[Path, Path]") -> "subprocess.CompletedProcess[str]":
        src, obj = pair
        tmp = obj.with_suffix(".tmp.o")
        r = subprocess.run([compiler, *flags, "-c", str(src), "-o", str(tmp)],
                           capture_output=True, text=True, timeout=600)
        if r.returncode == 0:
            tmp.rename(obj)
        return r

    with ThreadPoolExecutor(max_workers=2) as pool:
        for r in pool.map(compile_one, todo):
            assert r.returncode == 0, r.args[-3] + "\n" + r.stderr
    return objects


def _flags(release: int) -> List[str]:
    # As the system libraries are built (ohos_backend.cpp refuses otherwise:
    # MissionSnapshot's layout depends on SUPPORT_SCREEN).
    return ["-std=c++17", "-O0", "-Wall", "-Wextra", "-Werror", "-DOHBRIDGE_WITH_OHOS", "-DSUPPORT_SCREEN",
            "-DSUPPORT_GRAPHICS", f"-DOHBRIDGE_OHOS_RELEASE={release}", *(f"-I{d}" for d in INCLUDES)]


@pytest.fixture(scope="session")
def build_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Shared by xdist workers (beside their temp roots), so each source state
    is built once."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _driver(root: Path, release_name: str) -> Path:
    compiler = cxx_compiler()
    release = RELEASES[release_name]
    core_flags = _flags(700)  # the core does not see the release
    core_dir = root / f"ohos_host-core-{_digest(compiler, CORE_SOURCES, *core_flags)}"
    out = root / f"ohos_host-{release_name}-{_digest(compiler, RELEASE_SOURCES, *_flags(release))}"
    exe = out / "ohos_backend_host"
    with open(root / "ohos_host.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not exe.exists():
            core_dir.mkdir(exist_ok=True)
            out.mkdir(exist_ok=True)
            objects = _compile(compiler, core_flags, CORE_SOURCES, core_dir)
            objects += _compile(compiler, _flags(release), RELEASE_SOURCES, out)
            r = subprocess.run([compiler, *map(str, objects), "-pthread", "-o", str(exe)],
                               capture_output=True, text=True, timeout=300)
            assert r.returncode == 0, r.stderr
    return exe


@pytest.fixture(scope="session", params=sorted(RELEASES))
def driver(request: pytest.FixtureRequest, build_root: Path) -> Path:
    """The test executable for one release (the fakes follow the decls
    header, which follows the release switch)."""
    return _driver(build_root, request.param)


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
