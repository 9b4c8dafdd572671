"""The distributed scheduler as each release behaves, one test per rule, each citing the function.

Sources: openharmony/ability_dmsfwk (master 39365f8b) and openharmony/ability_ability_runtime
(master 13c4af6fb6), compared with their OpenHarmony-3.2/4.0/4.1/5.0.0/5.1.0-Release branches.
The profile levels: 9 = 3.2, 11 = 4.1, 12 = 5.0.0, 18 = 5.1.0, 20 = 6.0.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any, Dict, Iterator, List

import pytest

import ohbridge
from ohbridge.device import Device
from ohbridge.errors import (
    BusinessError,
    MissionNotAliveError,
    MissionNotFoundError,
    NotSystemAppError,
    ParameterError,
    PermissionDeniedError,
    SystemAbilityError,
)
from ohbridge.mission_model import ContinueMissionInfo, ContinueResult

from .conftest import PC, TABLET, Recorder, mission_of, sync_param

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


@pytest.fixture(params=[11, 12, 18, 20], ids=lambda v: f"api{v}")
def release(request: Any) -> Iterator[Device]:
    with ohbridge.connect("stub", api_version=request.param) as d:
        yield d


def api(dev: Device) -> int:
    return int(dev.stub.api_version)


# -- 1. a device going offline ------------------------------------------------------------
# DistributedSchedMissionManager::DeviceOfflineNotify -> CleanMissionResources
# (services/dtbschedmgr/src/mission/extension/distributed_sched_mission_manager.cpp; the same in
# every release) erases listenDeviceMap_[networkId], `called` flag included.

def test_device_offline_erases_the_dms_listener_entry_and_synced_flag(release: Device, rec: Recorder) -> None:
    dmm = release.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dmm.start_sync_remote_missions(sync_param(TABLET))
    assert release.stub.listened_devices()[TABLET]["synced_once"]
    release.stub.take_offline(TABLET)
    release.stub.bring_online(TABLET)
    assert release.stub.listened_devices() == {}
    # The NAPI side keeps its registration (registration_ in distributed_mission_manager.cpp).
    assert release.stub.registered_listener_ids() == [TABLET]


def test_device_offline_then_start_sync_without_registering_again_is_a_silent_no_op(
        release: Device, rec: Recorder) -> None:
    # StartSyncRemoteMissions: no listenDeviceMap_ entry -> ERR_NONE and nothing synced.
    dmm = release.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    release.stub.take_offline(TABLET)
    release.stub.bring_online(TABLET)
    release.flush()
    rec.calls.clear()
    dmm.start_sync_remote_missions(sync_param(TABLET))
    release.flush()
    assert release.stub.synced_devices() == [] and rec.calls == []


def test_device_offline_then_register_again_syncs_afresh(release: Device, rec: Recorder) -> None:
    # RegisterMissionListener makes a new entry (called = false): the next start sync syncs again,
    # which the "already called" no-op would have prevented before the device left.
    dmm = release.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dmm.start_sync_remote_missions(sync_param(TABLET))
    release.stub.take_offline(TABLET)
    release.stub.bring_online(TABLET)
    release.flush()
    rec.calls.clear()
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dmm.start_sync_remote_missions(sync_param(TABLET))
    release.flush()
    assert TABLET in release.stub.synced_devices()
    assert len(rec.of("snapshot")) == 2


def test_device_offline_then_stop_sync_succeeds_and_unregister_finds_no_entry(
        release: Device, rec: Recorder) -> None:
    # StopSyncRemoteMissions needs no entry (GetRemoteDms of the online peer); UnRegisterMissionListener
    # of a device with no entry answers ERR_NONE, and NAPI then drops its registration.
    dmm = release.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    release.stub.take_offline(TABLET)
    with pytest.raises(ParameterError):  # UnRegisterMissionListener: IsDeviceIdValidated while it is away
        dmm.unregister_mission_listener({"deviceId": TABLET})
    release.stub.bring_online(TABLET)
    dmm.stop_sync_remote_missions({"deviceId": TABLET})
    dmm.unregister_mission_listener({"deviceId": TABLET})
    assert release.stub.registered_listener_ids() == []


def test_notify_net_disconnect_reaches_other_devices_listeners_not_the_erased_one(dev: Device) -> None:
    # DistributedSchedService::DeviceOfflineNotify posts DistributedSchedAdapter::ProcessDeviceOffline
    # (-> NotifyNetDisconnectOffline) to its handler, then erases the entry: the other devices'
    # listeners always hear it; the model settles the race for the offline device's own as "erased".
    own, other = Recorder(), Recorder()
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, own.callbacks())
    dmm.register_mission_listener({"deviceId": PC}, other.callbacks())
    dev.stub.take_offline(TABLET)
    dev.flush()
    assert other.calls == [("disconnect", (PC, 0))] and own.calls == []


# -- 2. continueMission's local mission lookup (5.0.0+) -----------------------------------
# DistributedSchedStub::ContinueMissionInner (services/dtbschedmgr/src/distributed_sched_stub.cpp):
# from 5.0.0, GetMissionInfo("", missionId) for every local caller; failure -> ERR_NULL_OBJECT.

def test_continue_mission_local_lookup_from_5_0_fails_an_id_unknown_here(release: Device) -> None:
    local = release.stub.local_device_id
    with pytest.raises(BusinessError) as e:
        release.distributed_mission_manager.continue_mission(by_id(TABLET, local, 999),
                                                             {"onContinueDone": Done()})
    if api(release) >= 12:
        assert (e.value.code, e.value.message) == (16300501, "the system ability work abnormally.")
    else:  # 4.1: the remote's ContinueLocalMission answers NO_MISSION_INFO_FOR_MISSION_ID
        assert (e.value.code, e.value.message) == (
            16300502, "failed to get the missionInfo of the specified missionId.")


def test_continue_mission_4_1_local_source_unknown_id_is_answered_by_continue_local_mission() -> None:
    # OpenHarmony-4.1-Release: no lookup in ContinueMissionInner; ContinueLocalMission's own
    # GetMissionInfo failure is NO_MISSION_INFO_FOR_MISSION_ID (16300502 there).
    with ohbridge.connect("stub", api_version=11) as dev:
        local = dev.stub.local_device_id
        with pytest.raises(MissionNotFoundError) as e:
            dev.distributed_mission_manager.continue_mission(by_id(local, TABLET, 999), {"onContinueDone": Done()})
        assert e.value.code == 16300502


def test_continue_mission_local_lookup_does_not_look_at_the_remote_source(dev: Device, local: str) -> None:
    # An id the local device has passes the lookup; the remote source then answers for itself.
    own = mission_of(dev, local, OWN)
    assert own not in [m["missionId"] for m in dev.stub.missions(TABLET)]
    with pytest.raises(MissionNotFoundError) as e:
        dev.distributed_mission_manager.continue_mission(by_id(TABLET, local, own), {"onContinueDone": Done()})
    assert e.value.code == 29360221


# -- 3. the continue switch (5.0.0+) --------------------------------------------------------
# DistributedSchedService::ContinueLocalMission / ContinueRemoteMission check
# IsContinueSwitchOn (SwitchStatusDependency in 5.0.0, DataShareManager later); 4.1 has no check.

def test_continue_switch_checked_from_5_0_only(release: Device) -> None:
    local = release.stub.local_device_id
    release.stub.set_device("", continue_switch=False)
    done = Done()
    call = lambda: release.distributed_mission_manager.continue_mission(  # noqa: E731
        by_id(local, TABLET, mission_of(release, local, OWN)), {"onContinueDone": done})
    if api(release) >= 12:
        with pytest.raises(PermissionDeniedError) as e:
            call()
        assert e.value.message == "permission denied"
    else:
        call()
        assert done.event.wait(5) and done.results == [ContinueResult(0)]


def test_continue_switch_of_the_local_target_from_5_0(dev: Device, local: str) -> None:
    # ContinueRemoteMission (this device is the target) checks the local switch before asking the
    # source; mission 1 exists on both devices, so the local lookup passes.
    assert mission_of(dev, TABLET, "com.ohos.settings") == 1 == mission_of(dev, local, "com.ohos.settings")
    dev.stub.set_device("", continue_switch=False)
    with pytest.raises(PermissionDeniedError):
        dev.distributed_mission_manager.continue_mission(by_id(TABLET, local, 1), {"onContinueDone": Done()})


# -- 4. 16300507 per release ------------------------------------------------------------------
# distributed_mission_manager.cpp ErrorCodeReturn / ErrorMessageReturn (ability_ability_runtime
# frameworks/js/napi/mission_manager): MISSION_FOR_CONTINUING_IS_NOT_ALIVE is 16300507 up to 4.1
# and 29360224 from 5.0.0, where 16300507 is ERR_GET_MISSION_INFO_OF_BUNDLE_NAME.

def test_16300507_means_mission_not_alive_up_to_4_1() -> None:
    with ohbridge.connect("stub", api_version=11) as dev:
        local = dev.stub.local_device_id
        mission = mission_of(dev, local, OWN)
        dev.stub.set_mission(local, mission, alive=False)
        with pytest.raises(MissionNotAliveError) as e:
            dev.distributed_mission_manager.continue_mission(by_id(local, TABLET, mission),
                                                             {"onContinueDone": Done()})
        assert (e.value.code, e.value.message) == (
            16300507, "the mission for continuing is not alive, try again after restart this mission.")


@pytest.mark.parametrize("api_version,text", [
    (11, "the mission for continuing is not alive, try again after restart this mission."),
    (12, "Failed to get the missionInfo of the specified bundle name."),
    (20, "Failed to get the missionInfo of the specified bundle name."),
])
def test_16300507_text_of_a_bundle_continuation_result(api_version: int, text: str) -> None:
    with ohbridge.connect("stub", api_version=api_version) as dev:
        local = dev.stub.local_device_id
        dev.stub.auto_continue = False
        dmm = dev.aio.distributed_mission_manager

        async def main() -> Any:
            pending = asyncio.ensure_future(dmm.continue_mission(ContinueMissionInfo(local, TABLET, OWN, {})))
            await asyncio.sleep(0.01)
            dev.stub.complete_continuations(result_code=16300507)
            with pytest.raises(BusinessError) as e:
                await asyncio.wait_for(pending, 5)
            return (e.value.code, e.value.message)

        assert asyncio.run(main()) == (16300507, text)


# -- 5. the QoS path admits one push and one pull at a time --------------------------------------
# DSchedContinueManager::HandleContinueMissionWithBundleName -> CheckContinuationLimit
# (services/dtbschedmgr/src/continue/dsched_continue_manager.cpp; MAX_CONCURRENT_SOURCE =
# MAX_CONCURRENT_SINK = 1): the over-limit request already got ERR_OK from ContinueMission and is
# then dropped without a callback.

def test_qos_second_push_of_any_mission_is_accepted_and_never_completes(dev: Device, local: str) -> None:
    dev.stub.set_device(TABLET, dms_version="5.0.0")
    dev.stub.set_device(PC, dms_version="5.1.0")
    dev.stub.install_app(PC, OWN, 20010042, ["EntryAbility"], continuable=True)
    dev.stub.auto_continue = False
    first, second = Done(), Done()
    dmm = dev.distributed_mission_manager
    dmm.continue_mission(by_id(local, TABLET, mission_of(dev, local, OWN)), {"onContinueDone": first})
    dmm.continue_mission(by_id(local, PC, mission_of(dev, local, "com.ohos.settings")), {"onContinueDone": second})
    assert len(dev.stub.continuations()) == 1
    assert dev.stub.complete_continuations() == 1
    dev.flush()
    assert first.results == [ContinueResult(0)] and second.results == []


def test_qos_one_pull_at_a_time(dev: Device, local: str) -> None:
    dev.stub.set_device(TABLET, dms_version="5.0.0")
    dev.stub.auto_continue = False
    dev.stub.start_ability(local, "com.ohos.settings", "EntryAbility")  # both ids exist locally
    first, second = Done(), Done()
    dmm = dev.distributed_mission_manager
    dmm.continue_mission(by_id(TABLET, local, 1), {"onContinueDone": first})
    dmm.continue_mission(by_id(TABLET, local, 2), {"onContinueDone": second})
    assert len(dev.stub.continuations()) == 1
    dev.stub.complete_continuations()
    dev.flush()
    assert len(first.results) == 1 and second.results == []


def test_qos_limit_frees_after_the_first_ends(dev: Device, local: str) -> None:
    dev.stub.set_device(TABLET, dms_version="5.0.0")
    dev.stub.auto_continue = False
    dmm = dev.distributed_mission_manager
    dmm.continue_mission(by_id(local, TABLET, mission_of(dev, local, OWN)), {"onContinueDone": Done()})
    dev.stub.complete_continuations()
    done = Done()
    dmm.continue_mission(by_id(local, TABLET, mission_of(dev, local, "com.ohos.camera")), {"onContinueDone": done})
    assert len(dev.stub.continuations()) == 1


# -- 6. which path the bundleName overload takes ------------------------------------------------
# DistributedSchedStub::ContinueMissionOfBundleNameInner: the QoS path when
# (!isFreeInstall && IsUsingQos(peer)) || (isFreeInstall && IsRemoteInstall(peer, bundle)); IsUsingQos
# is "the peer's DMS version is not known to be lower than 5.0.0" (DmsVersionManager::
# IsRemoteDmsVersionLower answers false when the version cannot be read).  Otherwise
# DistributedSchedService::ContinueMission -> ProcessContinueLocalMission -> ContinueLocalMission.

@pytest.mark.parametrize("version,qos", [("4.1.0", False), ("3.2.0", False), ("5.0.0", True), ("6.0.0", True),
                                         ("", True), ("not-a-version", True)])
def test_bundle_overload_path_follows_the_peer_dms_version(dev: Device, local: str, version: str,
                                                           qos: bool) -> None:
    dev.stub.set_device(PC, dms_version=version)
    dmm = dev.distributed_mission_manager
    if qos:
        # Not installed on the PC: accepted, then the QoS continuation fails as 16300501.
        with pytest.raises(SystemAbilityError):
            dmm.continue_mission(ContinueMissionInfo(local, PC, OWN, {}), timeout=5)
    else:
        # The legacy path answers CheckRemoteBundleInfoForContinuation synchronously.
        with pytest.raises(BusinessError) as e:
            dmm.continue_mission(ContinueMissionInfo(local, PC, OWN, {}), timeout=5)
        assert e.value.code == 16300503


def test_bundle_overload_4_1_always_takes_the_legacy_path() -> None:
    with ohbridge.connect("stub", api_version=11) as dev:
        local = dev.stub.local_device_id
        dev.stub.set_device(PC, dms_version="5.0.0")
        with pytest.raises(BusinessError) as e:
            dev.distributed_mission_manager.continue_mission(ContinueMissionInfo(local, PC, OWN, {}), timeout=5)
        assert e.value.code == 16300503


def test_bundle_overload_legacy_sync_errors(dev: Device, local: str) -> None:
    # ContinueLocalMission's acceptance errors reach JS at once on the legacy path.
    dev.stub.auto_continue = False
    dmm = dev.distributed_mission_manager
    dmm.continue_mission(ContinueMissionInfo(local, TABLET, OWN, {}), callback=lambda *a: None)
    with pytest.raises(BusinessError) as e:  # IsInContinuationProgress
        dmm.continue_mission(ContinueMissionInfo(local, TABLET, OWN, {}), timeout=5)
    assert e.value.code == 29360223
    dev.stub.complete_continuations()
    dev.stub.set_caller(permissions=[])
    with pytest.raises(PermissionDeniedError):
        dmm.continue_mission(ContinueMissionInfo(local, TABLET, OWN, {}), timeout=5)


def test_bundle_overload_legacy_free_install_inactive_and_switch_errors(dev: Device, local: str) -> None:
    # ContinueLocalMission on the legacy path: 16300504 without the freeInstall flag when the
    # bundle could be installed, 401 for an inactive mission, 201 with the switch off (5.0.0+).
    dmm = dev.distributed_mission_manager
    dev.stub.install_app(local, OWN, 20010042, ["EntryAbility"], continuable=True, free_install=True)
    with pytest.raises(BusinessError) as e:
        dmm.continue_mission(ContinueMissionInfo(local, PC, OWN, {}), timeout=5)
    assert e.value.code == 16300504
    dev.stub.set_mission(local, mission_of(dev, local, OWN), continue_state=1)
    with pytest.raises(ParameterError):
        dmm.continue_mission(ContinueMissionInfo(local, TABLET, OWN, {}), timeout=5)
    dev.stub.set_mission(local, mission_of(dev, local, OWN), continue_state=0)
    dev.stub.set_device("", continue_switch=False)
    with pytest.raises(PermissionDeniedError):
        dmm.continue_mission(ContinueMissionInfo(local, TABLET, OWN, {}), timeout=5)


@pytest.mark.parametrize("api_version,code", [(12, 401), (18, 16300501), (20, 16300501)])
def test_bundle_overload_legacy_lookup_by_bundle_per_release(api_version: int, code: int) -> None:
    # ProcessContinueLocalMission's GetMissionIdByBundleName: DMSContinueSendMgr answers
    # INVALID_PARAMETERS_ERR (5.0.0); DmsContinueConditionMgr MISSION_NOT_FOCUSED (5.1.0 on).
    with ohbridge.connect("stub", api_version=api_version) as dev:
        local = dev.stub.local_device_id
        with pytest.raises(BusinessError) as e:
            dev.distributed_mission_manager.continue_mission(
                ContinueMissionInfo(local, TABLET, "com.ohos.camera", {}), timeout=5)
        assert e.value.code == code


def test_bundle_overload_qos_lookup_failure_is_401(dev: Device, local: str) -> None:
    # DSchedContinueManager::ContinueMission(DSchedContinueInfo): GetMissionIdByBundleName fails ->
    # INVALID_PARAMETERS_ERR, synchronously.
    dev.stub.set_device(TABLET, dms_version="5.0.0")
    with pytest.raises(ParameterError):
        dev.distributed_mission_manager.continue_mission(ContinueMissionInfo(local, TABLET, "com.ohos.camera", {}),
                                                         timeout=5)


def test_mission_id_overload_free_install_takes_qos_only_when_the_peer_has_the_bundle(dev: Device,
                                                                                     local: str) -> None:
    # ContinueMissionInner: isFreeInstall && IsRemoteInstall(peer, bundle) -> QoS; a free install to
    # a peer without the bundle stays on the legacy path whatever the peer's version.
    dev.stub.set_device(PC, dms_version="5.0.0")
    dev.stub.auto_continue = False
    dev.stub.install_app(local, OWN, 20010042, ["EntryAbility"], continuable=True, free_install=True)
    mission = mission_of(dev, local, OWN)
    dmm = dev.distributed_mission_manager
    dmm.continue_mission(by_id(local, PC, mission, isFreeInstall=True), {"onContinueDone": Done()})
    dev.stub.install_app(TABLET, "com.ohos.camera", 20010023, ["MainAbility"])
    assert dev.stub.devices()[[d["network_id"] for d in dev.stub.devices()].index(TABLET)]["dms_version"] == "4.1.0"
    dmm.continue_mission(by_id(local, TABLET, mission_of(dev, local, "com.ohos.camera"), isFreeInstall=True),
                         {"onContinueDone": Done()})
    # The tablet is a 4.1 peer: with the bundle installed there, a free install goes QoS anyway.
    assert [(t["dst"], t["qos"]) for t in dev.stub.continuations()] == [(PC, False), (TABLET, True)]


# -- the NAPI code tables of each release ------------------------------------------------------

@pytest.mark.parametrize("api_version,code", [(9, 16300501), (11, 16300501), (12, 202), (20, 202)])
def test_dmm_not_system_app_is_202_only_from_5_0(api_version: int, code: int) -> None:
    # ErrorCodeReturn has case ERR_NOT_SYSTEM_APP from 5.0.0; AMS RegisterMissionListener has
    # CHECK_CALLER_IS_SYSTEM_APP from 4.0 (3.2: none, so the 3.2 call goes on to DMS and succeeds).
    with ohbridge.connect("stub", api_version=api_version) as dev:
        dev.stub.set_caller(system_app=False)
        rec = Recorder()
        if api_version == 9:
            dev.distributed_mission_manager.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
            assert dev.stub.mission_listener_count == 1
            return
        with pytest.raises(BusinessError) as e:
            dev.distributed_mission_manager.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
        assert e.value.code == code
        if code == 202:
            assert isinstance(e.value, NotSystemAppError) and e.value.message == "The app is not system-app."


def test_dmm_3_2_code_map() -> None:
    # OpenHarmony-3.2-Release DMS_MISSION_MANAGER_ERROR_CODE_MAP: ERR_NULL_OBJECT (7) -> 401;
    # REGISTER_REMOTE_MISSION_LISTENER_FAIL is not listed (-> 16300501); 4.0 on: 7 -> 16300501.
    from ohbridge import _native
    assert _native.dmm_js_code(7, 9) == 401 and _native.dmm_js_code(7, 11) == 16300501
    assert _native.dmm_js_code(2097191, 9) == 16300501 and _native.dmm_js_code(2097191, 11) == 401
    with ohbridge.connect("stub", api_version=9) as dev:
        with pytest.raises(SystemAbilityError):  # the own id: REGISTER_REMOTE_MISSION_LISTENER_FAIL
            dev.distributed_mission_manager.register_mission_listener(
                {"deviceId": dev.stub.local_device_id}, Recorder().callbacks())
