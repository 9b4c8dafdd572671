"""The OpenHarmony GN build of ohbridge-agent (BUILD.gn + bundle.json at the
repository root) stays well-formed and in step with the CMake build.

GN evaluates BUILD.gn here inside a minimal source-tree skeleton whose
``ohos_executable`` only records what it is given (the real template is
build/templates/cxx/cxx.gni of openharmony/build); `gn desc` then reports the
evaluated sources, defines and external_deps.  The CMake side is read from
CMake's file API after a configure with OHBRIDGE_OHOS=ON, so both lists are
what each build system really computes, not text matched in the files.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Set

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_GN = ROOT / "BUILD.gn"
BUNDLE_JSON = ROOT / "bundle.json"
LABEL = "//test/testfwk/ohbridge:ohbridge-agent"

pytestmark = pytest.mark.skipif(not BUILD_GN.exists(), reason="needs the source tree (BUILD.gn)")

# Inner kits as each repository's bundle.json (component.build.inner_kits, or
# inner_api in ability_runtime's release branches) names them, read on
# OpenHarmony-v4.1-Release, 5.1.0-Release, 6.0-Release and master: the same
# names on all four.  Key: "component:target" as external_deps spells it;
# value: the lib*.z.so a device has for it (the static token kits have their
# shared twins there, same sources).
REAL_INNER_KITS: Dict[str, str] = {
    "ability_runtime:ability_manager": "libability_manager.z.so",  # interfaces/inner_api/ability_manager
    "ability_runtime:mission_info": "libmission_info.z.so",  # interfaces/inner_api/ability_manager
    "ability_runtime:wantagent_innerkits": "libwantagent_innerkits.z.so",  # interfaces/inner_api/wantagent
    "ability_base:want": "libwant.z.so",  # ability_base BUILD.gn
    "ability_base:base": "libbase.z.so",  # ability_base BUILD.gn: bool_wrapper.cpp, int_wrapper.cpp, ...
    "access_token:libaccesstoken_sdk": "libaccesstoken_sdk.z.so",  # interfaces/innerkits/accesstoken
    "access_token:libnativetoken": "libnativetoken_shared.z.so",  # interfaces/innerkits/nativetoken (static)
    "access_token:libtoken_setproc": "libtokensetproc_shared.z.so",  # interfaces/innerkits/token_setproc (static)
    "ipc:ipc_core": "libipc_core.z.so",  # interfaces/innerkits/ipc_core
    "c_utils:utils": "libutils.z.so",  # base/BUILD.gn
    "hilog:libhilog": "libhilog.z.so",  # interfaces/native/innerkits
    "os_account:os_account_innerkits": "libos_account_innerkits.z.so",  # frameworks/osaccount/native (agent_identity.cpp)
}

# Set by the system libraries' own public config, never by the agent itself
# (ability_runtime interfaces/inner_api/ability_manager/BUILD.gn,
# ability_manager_public_config, under ability_runtime_graphics).
FROM_ABILITY_MANAGER_CONFIG = {"SUPPORT_GRAPHICS", "SUPPORT_SCREEN"}


@dataclass(frozen=True)
class GnAgent:
    """What `gn desc` reports for the agent target."""

    sources: List[str]
    defines: List[str]
    cflags_cc: List[str]
    metadata: Dict[str, List[Any]]  # what the recording ohos_executable was given
    tree: Path
    msgpack: Path


@dataclass(frozen=True)
class CMakeAgent:
    """What CMake's file API reports for ohbridge-agent (and the core linked into it)."""

    sources: Set[str]
    defines: Set[str]
    libraries: List[str]  # link command fragments


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if _in_ci():
            pytest.fail(f"{name} is not installed: .ci/run must install it")
        pytest.skip(f"{name} is not installed")
    return path


def _gn_files() -> List[Path]:
    skip = {".git", ".venv", "build", "node_modules", "__pycache__"}
    found = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in skip]  # CI's venv lives in the checkout
        found += [Path(dirpath) / f for f in filenames if f.endswith((".gn", ".gni"))]
    return sorted(found)


@pytest.fixture(scope="module")
def gn_agent(tmp_path_factory: pytest.TempPathFactory) -> GnAgent:
    """`gn desc` of the agent target, evaluated in a skeleton source tree."""
    gn = _tool("gn")
    tree = tmp_path_factory.mktemp("ohos-tree")
    (tree / "build").mkdir()
    (tree / "test" / "testfwk").mkdir(parents=True)
    (tree / "test" / "testfwk" / "ohbridge").symlink_to(ROOT, target_is_directory=True)
    (tree / ".gn").write_text('buildconfig = "//build/BUILDCONFIG.gn"\n')
    (tree / "BUILD.gn").write_text(f'group("all") {{\n  deps = [ "{LABEL}" ]\n}}\n')
    (tree / "build" / "BUILDCONFIG.gn").write_text('set_default_toolchain("//build:recorder")\n')
    (tree / "build" / "BUILD.gn").write_text(
        'toolchain("recorder") {\n'
        '  tool("cxx") {\n    command = "true"\n'
        '    outputs = [ "{{source_out_dir}}/{{target_output_name}}.{{source_name_part}}.o" ]\n  }\n'
        '  tool("link") {\n    command = "true"\n    outputs = [ "{{root_out_dir}}/{{target_output_name}}" ]\n  }\n'
        '  tool("stamp") {\n    command = "true"\n  }\n'
        '}\n')
    (tree / "build" / "ohos.gni").write_text(
        'template("ohos_executable") {\n'
        '  executable(target_name) {\n'
        '    forward_variables_from(invoker, [ "sources", "include_dirs", "defines", "cflags_cc" ])\n'
        '    metadata = {\n'
        '      external_deps = invoker.external_deps\n'
        '      part_name = [ invoker.part_name ]\n'
        '      subsystem_name = [ invoker.subsystem_name ]\n'
        '      use_exceptions = [ invoker.use_exceptions ]\n'
        '      install_enable = [ invoker.install_enable ]\n'
        '      use_rtti = [ defined(invoker.use_rtti) && invoker.use_rtti ]\n'
        '    }\n'
        '  }\n'
        '}\n')
    msgpack = tree / "msgpack-include"
    msgpack.mkdir()
    out = subprocess.run([gn, "gen", "out", f'--args=ohbridge_msgpack_include_dir="{msgpack}"'],
                         cwd=tree, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
    desc = subprocess.run([gn, "desc", "out", LABEL, "--format=json"],
                          cwd=tree, capture_output=True, text=True, timeout=60)
    assert desc.returncode == 0, desc.stdout + desc.stderr
    target = json.loads(desc.stdout)[LABEL]
    return GnAgent(sources=target["sources"], defines=target.get("defines", []),
                   cflags_cc=target.get("cflags_cc", []), metadata=target["metadata"], tree=tree, msgpack=msgpack)


@pytest.fixture(scope="module")
def cmake_agent(tmp_path_factory: pytest.TempPathFactory) -> CMakeAgent:
    """Sources and defines CMake compiles into ohbridge-agent with OHBRIDGE_OHOS=ON (file API)."""
    cmake = _tool("cmake")
    build = tmp_path_factory.mktemp("cmake-ohos")
    query = build / ".cmake" / "api" / "v1" / "query"
    query.mkdir(parents=True)
    (query / "codemodel-v2").write_text("")
    (build / "sysroot").mkdir()
    args = [cmake, "-S", str(ROOT), "-B", str(build), "-DOHBRIDGE_OHOS=ON", "-DOHBRIDGE_BUILD_PYTHON=OFF",
            f"-DOHBRIDGE_OHOS_SYSROOT={build / 'sysroot'}", f"-DMSGPACK_CXX_INCLUDE_DIR={build / 'sysroot'}"]
    if shutil.which("ninja"):
        args[1:1] = ["-G", "Ninja"]
    res = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stdout + res.stderr
    reply = build / ".cmake" / "api" / "v1" / "reply"
    index = json.loads(max(reply.glob("index-*.json")).read_text())
    codemodel_file = next(o["jsonFile"] for o in index["objects"] if o["kind"] == "codemodel")
    codemodel = json.loads((reply / codemodel_file).read_text())
    targets = {t["name"]: json.loads((reply / t["jsonFile"]).read_text())
               for t in codemodel["configurations"][0]["targets"]}
    sources: Set[str] = set()
    for name in ("ohbridge-agent", "ohbridge_core"):  # the core is linked into the agent
        for src in targets[name]["sources"]:
            if re.search(r"\.(c|cc|cpp|cxx)$", src["path"]):
                sources.add(Path(src["path"]).as_posix())
    defines = {d["define"] for group in targets["ohbridge-agent"].get("compileGroups", [])
               for d in group.get("defines", [])}
    libraries = [f["fragment"] for f in targets["ohbridge-agent"]["link"]["commandFragments"]
                 if f["role"] == "libraries"]
    return CMakeAgent(sources=sources, defines=defines, libraries=libraries)


def _repo_path(label_path: str) -> str:
    prefix = "//test/testfwk/ohbridge/"
    assert label_path.startswith(prefix), label_path
    return label_path[len(prefix):]


def _define_names(defines: Set[str]) -> Set[str]:
    return {d.split("=", 1)[0] for d in defines}


def _pyproject_version() -> str:
    match = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M)
    assert match
    return match.group(1)


def test_every_gn_file_is_gn_formatted() -> None:
    """`gn format --dry-run` (exit 0: formatted; 2: would change) on every .gn/.gni file."""
    gn = _tool("gn")
    files = _gn_files()
    assert BUILD_GN in files
    for path in files:
        res = subprocess.run([gn, "format", "--dry-run", str(path)], capture_output=True, text=True, timeout=60)
        assert res.returncode == 0, f"{path.relative_to(ROOT)} is not gn-formatted: run `gn format` on it " + res.stdout + res.stderr


def test_gn_agent_compiles_every_source_the_cmake_agent_compiles(gn_agent: GnAgent, cmake_agent: CMakeAgent) -> None:
    gn_sources = {_repo_path(s) for s in gn_agent.sources}
    assert gn_sources == cmake_agent.sources, (
        f"only in CMake: {sorted(cmake_agent.sources - gn_sources)}; "
        f"only in BUILD.gn: {sorted(gn_sources - cmake_agent.sources)}")
    for src in gn_sources:
        assert (ROOT / src).is_file(), src


def test_gn_agent_defines_what_the_cmake_agent_defines(gn_agent: GnAgent, cmake_agent: CMakeAgent) -> None:
    gn_names = _define_names(set(gn_agent.defines))
    cmake_names = _define_names(cmake_agent.defines) - FROM_ABILITY_MANAGER_CONFIG
    assert gn_names == cmake_names
    assert not gn_names & FROM_ABILITY_MANAGER_CONFIG


def test_gn_agent_reports_the_package_version(gn_agent: GnAgent) -> None:
    assert f'OHBRIDGE_VERSION="{_pyproject_version()}"' in gn_agent.defines


def test_gn_agent_takes_msgpack_headers_from_the_gn_arg(gn_agent: GnAgent) -> None:
    out_dir = gn_agent.tree / "out"
    isystem = [(out_dir / f[len("-isystem"):]).resolve() for f in gn_agent.cflags_cc if f.startswith("-isystem")]
    assert isystem == [gn_agent.msgpack.resolve()]


def test_gn_agent_is_built_like_a_system_binary(gn_agent: GnAgent) -> None:
    """Exceptions on (the core throws); RTTI off like every system library
    (openharmony/build config/BUILDCONFIG.gn: no_rtti in default_compiler_configs),
    so classes deriving from RefBase/IRemoteObject link; not installed in the image."""
    meta = gn_agent.metadata
    assert meta["use_exceptions"] == [True]
    assert meta["use_rtti"] == [False]
    assert meta["install_enable"] == [False]


def test_gn_external_deps_are_real_inner_kits(gn_agent: GnAgent) -> None:
    """Each external_dep is an inner kit its repository's bundle.json declares,
    and each component is one bundle.json depends on (the build checks both)."""
    deps: List[str] = gn_agent.metadata["external_deps"]
    assert deps, "no external_deps"
    unknown = [d for d in deps if d not in REAL_INNER_KITS]
    assert not unknown, f"not an inner kit of any repository: {unknown}"
    bundle = json.loads(BUNDLE_JSON.read_text())
    components = set(bundle["component"]["deps"]["components"])
    assert {d.split(":")[0] for d in deps} == components


def test_bundle_json_declares_the_gn_target(gn_agent: GnAgent) -> None:
    bundle = json.loads(BUNDLE_JSON.read_text())
    component = bundle["component"]
    meta = gn_agent.metadata
    assert meta["part_name"] == [component["name"]]
    assert meta["subsystem_name"] == [component["subsystem"]]
    assert LABEL in component["build"]["sub_component"]
    assert LABEL.startswith("//" + bundle["segment"]["destPath"] + ":")
    assert bundle["version"] == _pyproject_version()


def test_gn_requires_the_msgpack_path(gn_agent: GnAgent) -> None:
    gn = _tool("gn")
    res = subprocess.run([gn, "gen", "out-no-msgpack"], cwd=gn_agent.tree,
                         capture_output=True, text=True, timeout=60)
    assert res.returncode != 0
    assert "ohbridge_msgpack_include_dir" in res.stdout + res.stderr


def _cmake_inner_libs(cmake_agent: CMakeAgent) -> List[str]:
    """The -l names CMake puts on the agent's link line from cmake/ohos-inner-libs.cmake."""
    return [f[2:] for frag in cmake_agent.libraries for f in frag.split() if f.startswith("-l") and f.endswith(".z")]


def test_cmake_links_device_library_names(cmake_agent: CMakeAgent) -> None:
    """`-l<name>` must find lib<name>.so: lib<target>.z.so on a device
    (openharmony/build toolchain/toolchain.gni, shlib_extension ".z.so")."""
    flags = [f for frag in cmake_agent.libraries for f in frag.split()]
    names = _cmake_inner_libs(cmake_agent)
    assert names, flags
    for name in names:
        assert not name.startswith("lib"), name
    assert not [f for f in flags if f.startswith("-l") and not f.endswith(".z") and f != "-lpthread"], flags
    assert "wantagent_innerkits.z" in names and "wantagent.z" not in names
    assert "base.z" in names  # the Boolean/Integer/... boxes


def test_cmake_and_gn_link_the_same_libraries(gn_agent: GnAgent, cmake_agent: CMakeAgent) -> None:
    gn_libs = {REAL_INNER_KITS[d] for d in gn_agent.metadata["external_deps"]}
    cmake_libs = {f"lib{n}.so" for n in _cmake_inner_libs(cmake_agent)}
    assert gn_libs == cmake_libs
