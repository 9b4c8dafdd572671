"""continueMission by missionId and by bundle name, every DMS error, and the time model.

Sources (OpenHarmony-6.0-Release unless a test names another release; release differences are in
test_dms_release_rules.py): openharmony/ability_ability_runtime frameworks/js/napi/mission_manager/
distributed_mission_manager.cpp ContinueAbilityWrap (overload), ContinueAbilityCallbackCompletedCB (settles at
acceptance, or at completion for the bundle overload), NAPIMissionContinue::OnContinueDone and UvWorkOnContinueDone
({resultCode} / {code} objects); openharmony/ability_dmsfwk services/dtbschedmgr/src/distributed_sched_stub.cpp
DistributedSchedStub::ContinueMissionInner / ContinueMissionOfBundleNameInner, services/dtbschedmgr/src/
distributed_sched_service.cpp DistributedSchedService::ContinueMission, ContinueLocalMission,
ContinueAbilityWithTimeout (29360224 when AMS ContinueAbility says ERR_INVALID_VALUE) and ContinueRemoteMission,
services/dtbschedmgr/src/continue/dsched_continue_manager.cpp DSchedContinueManager::ContinueMission and
services/dtbschedmgr/src/continue/dsched_continue.cpp DSchedContinue::ConvertToDmsSdkErr (QoS results),
CONTINUATION_TIMEOUT 20 s (legacy) and CONTINUE_TIMEOUT 10 s (QoS).

Continuations finish right after the call that started them (auto mode,
the default), or, with ``stub.auto_continue = False``, when the test calls
``complete_continuations`` or moves the simulated clock past a timeout.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any, Dict, List, Optional

import pytest

import ohbridge
from ohbridge.errors import (
    BusinessError,
    ContinueInProgressError,
    FreeInstallRequiredError,
    MissionNotAliveError,
    MissionNotFoundError,
    NotInitiatorOrTargetError,
    ParameterError,
    PermissionDeniedError,
    RemoteNotInstalledError,
    SystemAbilityError,
)
from ohbridge.mission_model import ContinueCompletion, ContinueDeviceInfo, ContinueMissionInfo, ContinueResult

from .conftest import PC, TABLET, mission_of

OWN = "com.example.myapplication"


class Done:
    def __init__(self) -> None:
        self.results: List[Any] = []
        self.event = threading.Event()

    def __call__(self, result: Any) -> None:
        self.results.append(result)
        self.event.set()


def by_id(src: str, dst: str, mission_id: int, **params: Any) -> Dict[str, Any]:
    return {"srcDeviceId": src, "dstDeviceId": dst, "missionId": mission_id, "wantParam": params}


def test_continue_mission_settles_at_acceptance_and_on_continue_done_gets_result_code_object(
        dev: Any, local: str) -> None:
    dev.stub.auto_continue = False
    done = Done()
    mission = mission_of(dev, local, OWN)
    # Returns (accepted) although the continuation is still running.
    dev.distributed_mission_manager.continue_mission(by_id(local, TABLET, mission), {"onContinueDone": done})
    assert len(dev.stub.continuations()) == 1 and done.results == []
    assert dev.stub.complete_continuations() == 1
    assert done.event.wait(5)
    assert done.results == [ContinueResult(result_code=0)]


def test_on_continue_done_raw_js_argument_is_an_object_not_a_number(dev: Any, local: str) -> None:
    got: List[Any] = []
    mission = mission_of(dev, local, OWN)
    dev._backend.invoke("distributedMissionManager.continueMission",
                        [by_id(local, TABLET, mission), {"onContinueDone": got.append}])
    dev.flush()
    assert got == [{"resultCode": 0}]


def test_continue_mission_success_moves_the_mission(dev: Any, local: str) -> None:
    mission = mission_of(dev, local, OWN)
    done = Done()
    dev.distributed_mission_manager.continue_mission(
        ContinueDeviceInfo(local, TABLET, mission, {"k": "v"}), {"onContinueDone": done})
    assert done.event.wait(5)
    assert OWN not in [m["want"]["bundleName"] for m in dev.stub.missions(local)]
    front = dev.stub.missions(TABLET)[0]
    assert front["want"]["bundleName"] == OWN and front["want"]["parameters"]["k"] == "v"


def test_continue_mission_source_stays_when_source_exit_is_false(dev: Any, local: str) -> None:
    mission = mission_of(dev, local, OWN)
    dev.distributed_mission_manager.continue_mission(
        by_id(local, TABLET, mission, **{"ohos.extra.param.key.supportContinueSourceExit": False}),
        {"onContinueDone": Done()})
    dev.flush()
    assert mission_of(dev, local, OWN) == mission


def test_continue_mission_callback_form_settles_before_on_continue_done(dev: Any, local: str) -> None:
    order: List[str] = []
    mission = mission_of(dev, local, OWN)
    dev.distributed_mission_manager.continue_mission(
        by_id(local, TABLET, mission), {"onContinueDone": lambda r: order.append(f"done {r.result_code}")},
        callback=lambda err, _: order.append(f"accepted {err}"))
    dev.flush()
    assert order == ["accepted None", "done 0"]


def test_continue_mission_without_options_resolves_at_acceptance_and_ignores_done(dev: Any, local: str) -> None:
    mission = mission_of(dev, local, OWN)
    dev.distributed_mission_manager.continue_mission(by_id(local, TABLET, mission))
    dev.flush()
    assert dev.stub.continuations() == []


def test_continue_mission_rejected_request_never_calls_on_continue_done(dev: Any, local: str) -> None:
    done = Done()
    with pytest.raises(RemoteNotInstalledError):
        dev.distributed_mission_manager.continue_mission(by_id(local, PC, mission_of(dev, local, OWN)),
                                                         {"onContinueDone": done})
    dev.flush()
    assert done.results == []


# -- every error of DistributedSchedService::ContinueMission / ContinueLocalMission through a world state --

def test_continue_error_no_mission_on_remote_source_is_29360221(dev: Any, local: str) -> None:
    # From 5.0.0 ContinueMissionInner first reads the id from the local list, so only an id the
    # local device has and the remote source lacks reaches the remote's ContinueLocalMission.
    own = mission_of(dev, local, OWN)
    assert own not in [m["missionId"] for m in dev.stub.missions(TABLET)]
    with pytest.raises(MissionNotFoundError) as e:
        dev.distributed_mission_manager.continue_mission(by_id(TABLET, local, own), {"onContinueDone": Done()})
    assert (e.value.code, e.value.message) == (29360221, "failed to get the missionInfo of the specified missionId.")


def test_continue_error_no_mission_on_local_source_fails_in_the_dms_stub_as_16300501(dev: Any, local: str) -> None:
    # DistributedSchedStub reads the local mission first: ERR_NULL_OBJECT.
    with pytest.raises(SystemAbilityError):
        dev.distributed_mission_manager.continue_mission(by_id(local, TABLET, 999), {"onContinueDone": Done()})


def test_continue_error_not_installed_without_free_install_is_16300503(dev: Any, local: str) -> None:
    with pytest.raises(RemoteNotInstalledError) as e:
        dev.distributed_mission_manager.continue_mission(by_id(local, PC, mission_of(dev, local, OWN)),
                                                         {"onContinueDone": Done()})
    assert e.value.message == ("the application is not installed on the remote end and installation-free "
                               "is not supported.")


def test_continue_error_free_install_possible_is_16300504_until_is_free_install(dev: Any, local: str) -> None:
    video = mission_of(dev, PC, "com.example.video")  # free_install = true, not on the tablet
    with pytest.raises(FreeInstallRequiredError) as e:
        dev.distributed_mission_manager.continue_mission(by_id(PC, local, video), {"onContinueDone": Done()})
    assert e.value.code == 16300504
    done = Done()
    dev.distributed_mission_manager.continue_mission(by_id(PC, local, video, isFreeInstall=True),
                                                     {"onContinueDone": done})
    assert done.event.wait(5) and done.results == [ContinueResult(0)]
    assert "com.example.video" in dev.stub.bundles()  # installed on demand


def test_continue_error_wrong_operating_device_is_29360222(dev: Any) -> None:
    with pytest.raises(NotInitiatorOrTargetError) as e:
        dev.distributed_mission_manager.continue_mission(by_id(TABLET, PC, 1), {"onContinueDone": Done()})
    assert e.value.code == 29360222


def test_continue_error_continuation_in_progress_is_29360223(dev: Any, local: str) -> None:
    dev.stub.auto_continue = False
    mission = mission_of(dev, local, OWN)
    dmm = dev.distributed_mission_manager
    dmm.continue_mission(by_id(local, TABLET, mission), {"onContinueDone": Done()})
    with pytest.raises(ContinueInProgressError) as e:
        dmm.continue_mission(by_id(local, TABLET, mission), {"onContinueDone": Done()})
    assert (e.value.code, e.value.message) == (29360223, "the local continuation task is already in progress.")


def test_continue_error_mission_not_alive_is_29360224(dev: Any, local: str) -> None:
    mission = mission_of(dev, local, OWN)
    dev.stub.set_mission(local, mission, alive=False)
    with pytest.raises(MissionNotAliveError) as e:
        dev.distributed_mission_manager.continue_mission(by_id(local, TABLET, mission), {"onContinueDone": Done()})
    assert e.value.code == 29360224


def test_continue_error_continue_switch_off_is_201(dev: Any, local: str) -> None:
    dev.stub.set_device("", continue_switch=False)
    with pytest.raises(PermissionDeniedError):
        dev.distributed_mission_manager.continue_mission(by_id(local, TABLET, mission_of(dev, local, OWN)),
                                                         {"onContinueDone": Done()})


def test_continue_error_inactive_mission_is_401(dev: Any, local: str) -> None:
    mission = mission_of(dev, local, OWN)
    dev.stub.set_mission(local, mission, continue_state=1)
    with pytest.raises(ParameterError):
        dev.distributed_mission_manager.continue_mission(by_id(local, TABLET, mission), {"onContinueDone": Done()})


def test_continue_error_unknown_or_offline_peer_is_16300501(dev: Any, local: str) -> None:
    mission = mission_of(dev, local, OWN)
    with pytest.raises(SystemAbilityError):
        dev.distributed_mission_manager.continue_mission(by_id(local, "NO-SUCH", mission), {"onContinueDone": Done()})
    dev.stub.take_offline(TABLET)
    with pytest.raises(SystemAbilityError):
        dev.distributed_mission_manager.continue_mission(by_id(local, TABLET, mission), {"onContinueDone": Done()})


@pytest.mark.parametrize(
    "api_version,not_found,wrong_device,in_progress,not_alive",
    [(11, 16300502, 16300505, 16300506, 16300507), (12, 29360221, 29360222, 29360223, 29360224)],
)
def test_continue_error_codes_follow_the_api_version(api_version: int, not_found: int, wrong_device: int,
                                                     in_progress: int, not_alive: int) -> None:
    with ohbridge.connect("stub", api_version=api_version) as dev:
        local = dev.stub.local_device_id
        dmm = dev.distributed_mission_manager
        codes = []
        own = mission_of(dev, local, OWN)  # a local id the tablet does not have
        for call in (
            lambda: dmm.continue_mission(by_id(TABLET, local, own), {"onContinueDone": Done()}),
            lambda: dmm.continue_mission(by_id(TABLET, PC, 1), {"onContinueDone": Done()}),
        ):
            with pytest.raises(BusinessError) as e:
                call()
            codes.append(e.value.code)
        dev.stub.auto_continue = False
        mission = mission_of(dev, local, OWN)
        dmm.continue_mission(by_id(local, TABLET, mission), {"onContinueDone": Done()})
        with pytest.raises(ContinueInProgressError) as e:
            dmm.continue_mission(by_id(local, TABLET, mission), {"onContinueDone": Done()})
        codes.append(e.value.code)
        dev.stub.set_mission(local, mission_of(dev, local, "com.ohos.camera"), alive=False)
        dev.stub.install_app(TABLET, "com.ohos.camera", 20010023, ["MainAbility"])
        with pytest.raises(MissionNotAliveError) as e:
            dmm.continue_mission(by_id(local, TABLET, mission_of(dev, local, "com.ohos.camera")),
                                 {"onContinueDone": Done()})
        codes.append(e.value.code)
        assert codes == [not_found, wrong_device, in_progress, not_alive]


# -- completion failures and time -------------------------------------------

def test_legacy_continuation_failure_reports_29360152(dev: Any, local: str) -> None:
    dev.stub.auto_continue = False
    done = Done()
    dev.distributed_mission_manager.continue_mission(by_id(local, TABLET, mission_of(dev, local, OWN)),
                                                     {"onContinueDone": done})
    dev.stub.take_offline(TABLET)
    dev.stub.complete_continuations()
    assert done.event.wait(5) and done.results == [ContinueResult(29360152)]


def test_legacy_continuation_times_out_after_20_s_with_29360153(dev: Any, local: str) -> None:
    dev.stub.auto_continue = False
    done = Done()
    dev.distributed_mission_manager.continue_mission(by_id(local, TABLET, mission_of(dev, local, OWN)),
                                                     {"onContinueDone": done})
    dev.stub.advance_clock(19_999)
    dev.flush()
    assert done.results == []
    dev.stub.advance_clock(1)
    assert done.event.wait(5) and done.results == [ContinueResult(29360153)]


def test_qos_path_accepts_then_reports_any_failure_as_16300501(dev: Any, local: str) -> None:
    dev.stub.set_device(PC, qos_continue=True)
    done = Done()
    # Not installed on the PC: the legacy path would reject with 16300503.
    dev.distributed_mission_manager.continue_mission(by_id(local, PC, mission_of(dev, local, OWN)),
                                                     {"onContinueDone": done})
    assert done.event.wait(5) and done.results == [ContinueResult(16300501)]


def test_qos_path_times_out_after_10_s_with_16300501(dev: Any, local: str) -> None:
    dev.stub.set_device(TABLET, qos_continue=True)
    dev.stub.auto_continue = False
    done = Done()
    dev.distributed_mission_manager.continue_mission(by_id(local, TABLET, mission_of(dev, local, OWN)),
                                                     {"onContinueDone": done})
    dev.stub.advance_clock(10_000)
    assert done.event.wait(5) and done.results == [ContinueResult(16300501)]


def test_qos_path_duplicate_task_is_dropped_silently(dev: Any, local: str) -> None:
    dev.stub.set_device(TABLET, qos_continue=True)
    dev.stub.auto_continue = False
    first, second = Done(), Done()
    mission = mission_of(dev, local, OWN)
    dmm = dev.distributed_mission_manager
    dmm.continue_mission(by_id(local, TABLET, mission), {"onContinueDone": first})
    dmm.continue_mission(by_id(local, TABLET, mission), {"onContinueDone": second})  # accepted, dropped
    assert dev.stub.complete_continuations() == 1
    dev.flush()
    assert first.results == [ContinueResult(0)] and second.results == []


@pytest.mark.parametrize("code", [16300508, 16300509])
def test_on_continue_done_reports_forced_result_codes_raw(dev: Any, local: str, code: int) -> None:
    dev.stub.auto_continue = False
    done = Done()
    dev.distributed_mission_manager.continue_mission(by_id(local, TABLET, mission_of(dev, local, OWN)),
                                                     {"onContinueDone": done})
    dev.stub.complete_continuations(result_code=code)
    assert done.event.wait(5) and done.results == [ContinueResult(code)]
    assert mission_of(dev, local, OWN)  # a failed continuation leaves the mission where it was


# -- by bundle name: ContinueMissionOfBundleNameInner, DSchedContinueManager::ContinueMission ---------

def bundle_info(src: str, dst: str, bundle: str = OWN) -> ContinueMissionInfo:
    return ContinueMissionInfo(src, dst, bundle, {})


def test_continue_by_bundle_name_promise_settles_at_completion(dev: Any, local: str) -> None:
    dev.stub.auto_continue = False

    async def main() -> None:
        pending = asyncio.ensure_future(dev.aio.distributed_mission_manager.continue_mission(
            bundle_info(local, TABLET)))
        await asyncio.sleep(0.05)
        assert not pending.done()  # accepted, but not settled
        dev.stub.complete_continuations()
        assert await asyncio.wait_for(pending, 5) is None

    asyncio.run(main())


def test_continue_by_bundle_name_promise_rejects_with_raw_result_code(dev: Any, local: str) -> None:
    dev.stub.auto_continue = False

    async def main() -> None:
        pending = asyncio.ensure_future(dev.aio.distributed_mission_manager.continue_mission(
            bundle_info(local, TABLET)))
        await asyncio.sleep(0)
        dev.stub.complete_continuations(result_code=29360153)
        with pytest.raises(BusinessError) as e:
            await asyncio.wait_for(pending, 5)
        assert (e.value.code, e.value.message) == (29360153, "the system ability work abnormally.")

    asyncio.run(main())


def test_continue_by_bundle_name_callback_gets_one_code_object_even_on_success(dev: Any, local: str) -> None:
    got: List[Any] = []
    dev._backend.invoke("distributedMissionManager.continueMission",
                        [bundle_info(local, TABLET).to_js(), lambda *args: got.append(args)])
    dev.flush()
    assert got == [({"code": 0},)]
    done = Done()
    dev.distributed_mission_manager.continue_mission(bundle_info(TABLET, local, OWN), callback=done)
    assert done.event.wait(5) and done.results == [ContinueCompletion(code=0)]


def test_continue_by_bundle_name_sync_form_returns_at_completion(dev: Any, local: str) -> None:
    dev.distributed_mission_manager.continue_mission(bundle_info(local, TABLET))
    assert dev.stub.missions(TABLET)[0]["want"]["bundleName"] == OWN


def test_continue_by_bundle_name_extra_arguments_mean_promise_mode(dev: Any, local: str) -> None:
    kind, payload = dev._backend.invoke("distributedMissionManager.continueMission",
                                        [bundle_info(local, TABLET).to_js(), "not a callback", 3])
    assert kind == 2 and payload.wait(5)  # PENDING, settled at completion


def test_continue_by_bundle_name_rejection_settles_at_once(dev: Any, local: str) -> None:
    dev.stub.set_device(TABLET, dms_version="5.0.0")  # the QoS path (DSchedContinueManager)
    with pytest.raises(ParameterError):
        dev.distributed_mission_manager.continue_mission(bundle_info("", TABLET))
    with pytest.raises(NotInitiatorOrTargetError):
        dev.distributed_mission_manager.continue_mission(bundle_info(TABLET, PC))
    # The focused continuable mission must belong to the bundle.
    with pytest.raises(ParameterError):
        dev.distributed_mission_manager.continue_mission(bundle_info(local, TABLET, "com.ohos.camera"))
    # A remote source that has no focused mission of that bundle: 16300501.
    with pytest.raises(SystemAbilityError):
        dev.distributed_mission_manager.continue_mission(bundle_info(TABLET, local, "com.ohos.settings"))


def test_continue_by_bundle_name_duplicate_never_settles(dev: Any, local: str) -> None:
    dev.stub.set_device(TABLET, dms_version="5.0.0")  # DSchedContinueManager drops the twin
    dev.stub.auto_continue = False
    dmm = dev.distributed_mission_manager
    first: List[Any] = []
    dmm.continue_mission(bundle_info(local, TABLET), callback=first.append)
    with pytest.raises(TimeoutError):
        dmm.continue_mission(bundle_info(local, TABLET), timeout=0.05)
    dev.stub.complete_continuations()
    dev.flush()
    assert first == [ContinueCompletion(0)]


def test_continue_by_bundle_name_optional_strings_of_other_types_read_as_empty(dev: Any, local: str) -> None:
    info: Optional[Dict[str, Any]] = dict(bundle_info(local, TABLET).to_js(), srcBundleName=5, continueType=None)
    dev.distributed_mission_manager.continue_mission(info)  # type: ignore[arg-type]
