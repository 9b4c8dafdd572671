"""OhosBackend keeps compiling without an OpenHarmony tree: against the one
header that declares, member for member, the inner API it uses
(native/ohos/ohos_inner_api_decls.h), for the default release and, through
the release adapter (native/ohos/release/), for every release.

The drift asserts (native/ohos/inner_api_drift.h) check the real headers
when built with -DOHBRIDGE_OHOS_SOURCE (docs/agent.md).  Here they must hold
for the declarations, and must FAIL for declarations altered the way a
release could differ: an assert that cannot fail checks nothing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests._toolchain import cxx_compiler

ROOT = Path(__file__).resolve().parents[2]
OHOS = ROOT / "native" / "ohos"
SOURCE = OHOS / "ohos_backend.cpp"
DECLS = OHOS / "ohos_inner_api_decls.h"
# Its parts, one a repository (decls/ipc.h is c_utils and ipc).
DECL_PARTS = sorted((OHOS / "decls").glob("*.h"))
DRIFT = OHOS / "inner_api_drift.h"
# OHBRIDGE_OHOS_RELEASE values (cmake/ohos-inner-api.cmake): 4.1, 5.1, 6.0, master.
RELEASES = {"4.1": 401, "5.1": 501, "6.0": 600, "master": 700}
# mission_snapshot.h: the system libraries are built with both (184-byte MissionSnapshot).
SCREEN = ["-DSUPPORT_GRAPHICS", "-DSUPPORT_SCREEN"]

pytestmark = pytest.mark.skipif(not SOURCE.exists(), reason="needs the source tree (native/ohos)")


def _compile(source: Path, *flags: str, include: Path = OHOS) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [cxx_compiler(), "-std=c++17", "-fsyntax-only", "-Wall", "-Wextra", "-Werror",
         "-I", str(ROOT / "native" / "include"), "-I", str(include), *flags, str(source)],
        capture_output=True, text=True, timeout=300)


def test_ohos_backend_compiles_against_the_declared_inner_api_of_the_default_release() -> None:
    r = _compile(SOURCE, *SCREEN, "-DOHBRIDGE_OHOS_DRIFT_CHECKS")
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("release", sorted(RELEASES))
def test_the_release_adapter_compiles_for_every_release(release: str) -> None:
    """Each release's declarations (the few that differ are chosen by
    release/ohos_release_select.h) with that release's adapter branch and its
    drift asserts."""
    r = _compile(SOURCE, *SCREEN, "-DOHBRIDGE_OHOS_DRIFT_CHECKS", f"-DOHBRIDGE_OHOS_RELEASE={RELEASES[release]}")
    assert r.returncode == 0, r.stderr


def _release_number(tmp_path: Path, release: str) -> subprocess.CompletedProcess[str]:
    cmake = shutil.which("cmake")
    if cmake is None:
        pytest.skip("no cmake on this machine")
    script = tmp_path / "release.cmake"
    script.write_text(f'include("{ROOT / "cmake" / "ohos-inner-api.cmake"}")\n'
                      'message(STATUS "release=${OHBRIDGE_OHOS_RELEASE_NUMBER}")\n')
    return subprocess.run([cmake, f"-DOHBRIDGE_OHOS_RELEASE={release}", "-P", str(script)],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("release", sorted(RELEASES))
def test_the_cmake_release_option_names_the_release_the_header_selects(tmp_path: Path, release: str) -> None:
    r = _release_number(tmp_path, release)
    assert r.returncode == 0 and f"release={RELEASES[release]}" in r.stdout, r.stderr


@pytest.mark.parametrize("release", ["5.0", "700", "7.0"])
def test_the_cmake_release_option_refuses_a_release_it_does_not_know(tmp_path: Path, release: str) -> None:
    r = _release_number(tmp_path, release)
    assert r.returncode != 0 and "OHBRIDGE_OHOS_RELEASE must be 4.1, 5.1, 6.0 or master" in r.stderr


def test_an_unknown_release_is_refused_by_name() -> None:
    r = _compile(SOURCE, *SCREEN, "-DOHBRIDGE_OHOS_RELEASE=550")
    assert r.returncode != 0 and "OHBRIDGE_OHOS_RELEASE must be" in r.stderr


def test_mission_snapshot_layout_the_backend_refuses_to_build_without_support_screen() -> None:
    """ability_runtime mission_snapshot.h: MissionSnapshot holds a PixelMap
    only with SUPPORT_SCREEN (184 bytes against 168); libability_manager is
    built with it and fills the larger form, so the agent must be too."""
    r = _compile(SOURCE)
    assert r.returncode != 0 and "SUPPORT_GRAPHICS and SUPPORT_SCREEN" in r.stderr


def test_every_inner_api_name_used_is_declared_in_the_one_header() -> None:
    code = SOURCE.read_text() + (OHOS / "release" / "release_adapter.h").read_text()
    text = re.sub(r"//[^\n]*", "", code)  # the comments cite functions the code does not call
    used = set(re.findall(r"(?:ams\(\)->|GetInstance\(\)(?:->|\.)|WantAgentHelper::)(\w+)\(", text))
    # the WantParams boxes: AA::Class::Member( and AA::g_IID_*
    boxes = set(re.findall(r"\bAA::(\w+)::(\w+)\(", text))
    used |= {member for _, member in boxes} | {cls for cls, _ in boxes}
    used |= set(re.findall(r"\bAA::(g_IID_\w+)", text))
    decls = "".join(p.read_text() for p in [DECLS, *DECL_PARTS])
    # INTERFACE(Name, uuid) declares g_IID_Name (base_def.h), as the header's macro does
    decls += " ".join(f"g_IID_{n}" for n in re.findall(r"OHBRIDGE_DECL_BOX_INTERFACE\((\w+)\)", decls))
    missing = sorted(n for n in used if not re.search(rf"\b{n}\b", decls))
    assert {"GetWantSender", "TriggerWantAgent", "ContinueMission", "Box"} <= used and missing == []


def test_the_continuation_stub_speaks_what_dmsfwk_sends(tmp_path: Path) -> None:
    """ability_dmsfwk services/dtbschedmgr/src/continue/dsched_continue.cpp,
    DSchedContinue::NotifyContinuationCallbackResult (and
    distributed_sched_continuation.cpp, NotifyMissionCenterResult): interface
    token u"ohos.DistributedSchedule.IMissionCallback", request code 4."""
    unit = tmp_path / "continuation.cpp"
    unit.write_text(
        '#include <string_view>\n#include "mission_continue_stub.h"\n'
        "using ohbridge::ohos::IContinuationResult;\n"
        'static_assert(std::u16string_view(IContinuationResult::metaDescriptor_) == '
        'u"ohos.DistributedSchedule.IMissionCallback");\n'
        "static_assert(IContinuationResult::kNotifyContinuationResult == 4);\n"
        "static_assert(std::is_base_of_v<OHOS::IRemoteStub<IContinuationResult>,"
        " ohbridge::ohos::ContinuationResultStub>);\n")
    r = _compile(unit)
    assert r.returncode == 0, r.stderr


def _drift_unit(tmp_path: Path, old: str = "", new: str = "") -> tuple[Path, Path]:
    """A copy of native/ohos whose declarations have `old` replaced by `new`
    (exactly once, in whichever part holds it), and a unit that compiles the
    drift asserts against it."""
    copy = tmp_path / "ohos"
    shutil.copytree(OHOS, copy)
    if old:
        holders = [p for p in DECL_PARTS if old in p.read_text()]
        assert len(holders) == 1 and holders[0].read_text().count(old) == 1, \
            f"the alteration no longer matches the declarations: {old!r}"
        part = copy / "decls" / holders[0].name
        part.write_text(part.read_text().replace(old, new))
    unit = tmp_path / "drift.cpp"
    unit.write_text('#include "inner_api_drift.h"\n')
    return copy, unit


def test_the_drift_asserts_hold_for_the_unaltered_declarations(tmp_path: Path) -> None:
    include, unit = _drift_unit(tmp_path)
    r = _compile(unit, *SCREEN, include=include)
    assert r.returncode == 0, r.stderr


# (what is altered, the text replaced, its replacement, a name the failing
# assert carries): each is a way a release has differed or could differ.
ALTERATIONS = [
    ("GetMissionSnapshot's isLowResolution becomes an int",
     "MissionSnapshot& snapshot,\n                               bool isLowResolution = false);",
     "MissionSnapshot& snapshot,\n                               int isLowResolution = 0);",
     "GetMissionSnapshot"),
    ("MissionInfo::continueState becomes an int32_t (as before 4.1)",
     "ContinueState continueState = ContinueState::CONTINUESTATE_ACTIVE;",
     "int32_t continueState = 0;", "continueState"),
    ("IRemoteOnListener::OnCallback takes the 5.x arguments",
     "virtual void OnCallback(const OnCallbackInfo& info) = 0;",
     "virtual void OnCallback(const uint32_t s, const std::string& d, const std::string& b,\n"
     "                            const std::string& t, const std::string& sb) = 0;",
     "IRemoteOnListener::OnCallback"),
    ("OnCallbackInfo::appIdentifiers becomes one string",
     "std::vector<std::string> appIdentifiers;", "std::string appIdentifiers;", "appIdentifiers"),
    ("TriggerWantAgent loses its caller token (the 3-argument form of 5.1)",
     "sptr<CompletedDispatcher>& data,\n                                    sptr<IRemoteObject> callerToken);",
     "sptr<CompletedDispatcher>& data);", "TriggerWantAgent"),
    ("Cancel takes no flags (the 4.1 form)",
     "static ErrCode Cancel(const std::shared_ptr<WantAgent> agent, uint32_t flags = FLAG_INVLID);",
     "static ErrCode Cancel(const std::shared_ptr<WantAgent>& agent, int flags = 0);", "Cancel"),
    ("GetWantSender loses its uid (the 4.1 form)",
     "sptr<IWantSender>& wantSender, int32_t uid = -1);", "sptr<IWantSender>& wantSender);",
     "GetWantSender"),
    ("TriggerInfo's resultCode becomes unsigned",
     "const std::shared_ptr<AAFwk::Want>& want, int resultCode);",
     "const std::shared_ptr<AAFwk::Want>& want, unsigned int* resultCode);", "TriggerInfo"),
    ("Integer::Box takes a long", "OHBRIDGE_DECL_BOX(Integer, IInteger, int, GetValue, int)",
     "OHBRIDGE_DECL_BOX(Integer, IInteger, int, GetValue, long)", "Integer::Box"),
    ("IInterface becomes a RefBase", "struct IInterface {", "struct IInterface : public virtual RefBase {",
     "IInterface is a pure interface"),
    ("IWantSender is a bare RefBase, not an IRemoteBroker",
     "class IWantSender : public OHOS::IRemoteBroker {", "class IWantSender : public virtual OHOS::RefBase {",
     "IWantSender is an IRemoteBroker"),
    ("Uuid's first member is named data1", "    unsigned int mData1;\n", "    unsigned int data1;\n", "mData1"),
    ("NativeTokenInfoParams loses uid (as before 7.0)", "    int32_t uid;\n#endif\n} NativeTokenInfoParams;",
     "#endif\n} NativeTokenInfoParams;", "uid"),
    ("WantSenderInfo::flags becomes signed", "    uint32_t flags;\n    int32_t userId = -1;",
     "    int32_t flags;\n    int32_t userId = -1;", "flags"),
    ("ContinueMission takes the callback by const reference",
     "int32_t missionId,\n                            sptr<IRemoteObject> callback, AAFwk::WantParams& wantParams);",
     "int32_t missionId,\n                            const sptr<IRemoteObject>& callback, AAFwk::WantParams& wantParams);",
     "ContinueMission"),
]


@pytest.mark.parametrize("what,old,new,named", ALTERATIONS, ids=[a[0] for a in ALTERATIONS])
def test_a_drift_assert_fails_when_the_declared_signature_differs(
        tmp_path: Path, what: str, old: str, new: str, named: str) -> None:
    include, unit = _drift_unit(tmp_path, old, new)
    r = _compile(unit, *SCREEN, include=include)
    assert r.returncode != 0, f"no drift assert failed for: {what}"
    # The failing asserts are in the drift header (the error or, through the
    # assert macros, the expansion it reports) and name the altered API.
    drift_lines = (include / "inner_api_drift.h").read_text().splitlines()
    failing = {int(n) for n in re.findall(r"inner_api_drift\.h:(\d+):\d+: (?:error|note)", r.stderr)}
    assert failing, r.stderr
    around = "\n".join("\n".join(drift_lines[n - 1:n + 3]) for n in failing if n >= 1)
    assert named in around, r.stderr
