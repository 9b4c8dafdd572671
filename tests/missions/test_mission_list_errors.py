"""Mission-list errors, one test per rule: the inner code each AMS / MissionListManager / DMS
function returns for that input, mapped by GetJsErrorCodeByNativeError through the release's
INNER_TO_JS_ERROR_CODE_MAP, with the text CreateJsErrorByNativeErr gives it.

Sources (openharmony/ability_ability_runtime unless said otherwise; master 13c4af6fb6 and the
OpenHarmony-3.2/4.0/4.1/5.0.0/5.1.0/6.0-Release branches):
- frameworks/native/ability/native/ability_business_error/ability_business_error.cpp:
  INNER_TO_JS_ERROR_CODE_MAP, GetJsErrorCodeByNativeError, the ERROR_MSG_* texts;
- frameworks/native/runtime/js_error_utils.cpp: CreateJsErrorByNativeErr;
- services/abilitymgr/src/ability_manager_service.cpp: GetMissionInfos, GetMissionInfo,
  GetRemoteMissionInfo, GetMissionSnapshot, CleanMission, LockMissionForCleanup;
- services/abilitymgr/src/mission/mission_list_manager.cpp: GetMissionInfos, ClearMission,
  ClearMissionLocked, ClearAllMissionsLocked, SetMissionLockedState, MoveMissionToFrontInner;
- services/abilitymgr/src/mission/mission_info_mgr.cpp: GetMissionInfoById;
- openharmony/ability_dmsfwk services/dtbschedmgr/src/mission/extension/
  distributed_sched_mission_manager.cpp: GetMissionInfos, FetchCachedRemoteMissions;
  services/dtbschedmgr/src/distributed_sched_stub.cpp: GetRemoteMissionSnapshotInfoInner.
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest

import ohbridge
from ohbridge.device import Device
from ohbridge.errors import BusinessError, NotSystemAppError, ParameterError, PermissionDeniedError

from .conftest import TABLET, Recorder, mission_of, sync_param

INTERNAL = (16000050, "Internal error.")
NO_MISSION = (16300001, "The specified mission does not exist.")


@pytest.fixture
def api9() -> Iterator[Device]:
    with ohbridge.connect("stub", api_version=9) as d:
        yield d


def code_and_message(call: Any) -> Any:
    with pytest.raises(BusinessError) as e:
        call()
    return (e.value.code, e.value.message)


def synced(dev: Device) -> None:
    dev.distributed_mission_manager.register_mission_listener({"deviceId": TABLET}, Recorder().callbacks())
    dev.distributed_mission_manager.start_sync_remote_missions(sync_param(TABLET))


# -- the table itself --------------------------------------------------------------------

def test_inner_to_js_map_mission_not_found_is_16300001(dev: Device) -> None:
    # SetMissionLockedState: MISSION_NOT_FOUND for a negative or unknown id.
    assert code_and_message(lambda: dev.missions.lock_mission_for_cleanup(999)) == NO_MISSION
    assert code_and_message(lambda: dev.missions.unlock_mission_for_cleanup(-1)) == NO_MISSION


def test_inner_to_js_map_3_2_texts_of_16300001_and_16000050(api9: Device) -> None:
    # OpenHarmony-3.2-Release ERROR_MSG_NO_MISSION_ID and ERROR_MSG_INNER.
    assert code_and_message(lambda: api9.missions.lock_mission_for_cleanup(999)) == (
        16300001, "The specified mission id does not exist.")
    assert code_and_message(lambda: api9.missions.get_mission_info("", 999)) == (16000050, "Inner Error.")


def test_inner_to_js_map_unlisted_codes_fall_through_to_16000050(dev: Device) -> None:
    # ERR_INVALID_VALUE (MissionListManager::GetMissionInfos, numMax < 0), -1
    # (MissionInfoMgr::GetMissionInfoById), INNER_ERR (GetMissionSnapshot) and
    # MOVE_MISSION_FAILED (MoveMissionToFrontInner) are not in the table.
    assert code_and_message(lambda: dev.missions.get_mission_infos("", -1)) == INTERNAL
    assert code_and_message(lambda: dev.missions.get_mission_info("", 999)) == INTERNAL
    assert code_and_message(lambda: dev.missions.get_mission_snapshot("", 999)) == INTERNAL
    assert code_and_message(lambda: dev.missions.move_mission_to_front(999)) == INTERNAL


def test_inner_to_js_map_permission_denied_names_manage_missions(dev: Device) -> None:
    # CreateJsErrorByNativeErr(err, PERMISSION_MANAGE_MISSION): GetNoPermissionErrorMsg.
    dev.stub.set_caller(permissions=[])
    assert code_and_message(lambda: dev.missions.get_mission_infos("", 5)) == (
        201, "The application does not have permission to call the interface. permission:ohos.permission.MANAGE_MISSIONS")


def test_inner_to_js_map_not_system_app_is_202_from_4_0(dev: Device) -> None:
    # CHECK_CALLER_IS_SYSTEM_APP in AbilityManagerService::GetMissionInfos (4.0+).
    dev.stub.set_caller(system_app=False)
    with pytest.raises(NotSystemAppError) as e:
        dev.missions.clean_mission(1)
    assert e.value.message == "The application is not system-app, can not use system-api."


def test_inner_to_js_map_3_2_ams_has_no_system_app_check(api9: Device) -> None:
    # OpenHarmony-3.2-Release AbilityManagerService::GetMissionInfos checks the permission only.
    api9.stub.set_caller(system_app=False)
    assert len(api9.missions.get_mission_infos("", 10)) == 3


# -- cleanMission --------------------------------------------------------------------------

def test_clean_mission_ignores_the_lock(dev: Device) -> None:
    # MissionListManager::ClearMission never reads lockedState.
    camera = mission_of(dev, "", "com.ohos.camera")
    dev.missions.lock_mission_for_cleanup(camera)
    dev.missions.clean_mission(camera)
    assert camera not in [m.mission_id for m in dev.missions.get_mission_infos("", 10)]


def test_clean_all_missions_spares_locked_and_unclearable(dev: Device, local: str) -> None:
    # MissionListManager::ClearAllMissionsLocked skips IsLockedState and IsUnclearable.
    camera = mission_of(dev, "", "com.ohos.camera")
    settings = mission_of(dev, "", "com.ohos.settings")
    dev.missions.lock_mission_for_cleanup(camera)
    dev.stub.set_mission(local, settings, unclearable=True)
    dev.missions.clean_all_missions()
    assert sorted(m.mission_id for m in dev.missions.get_mission_infos("", 10)) == sorted([camera, settings])


def test_clean_mission_unknown_id_succeeds(dev: Device) -> None:
    # ClearMissionLocked(id, nullptr): DeleteMissionInfo of nothing, then ERR_OK.
    before = dev.missions.get_mission_infos("", 10)
    assert dev.missions.clean_mission(999) is None
    assert dev.missions.get_mission_infos("", 10) == before


def test_clean_mission_negative_id_is_16000050(dev: Device) -> None:
    # ClearMission: missionId < 0 -> ERR_INVALID_VALUE.
    assert code_and_message(lambda: dev.missions.clean_mission(-1)) == INTERNAL


def test_clean_mission_unclearable_is_16000050_from_4_0(dev: Device, local: str) -> None:
    # ClearMission: mission->IsUnclearable() -> ERR_INVALID_VALUE (the check is in 4.0 and later).
    settings = mission_of(dev, "", "com.ohos.settings")
    dev.stub.set_mission(local, settings, unclearable=True)
    assert code_and_message(lambda: dev.missions.clean_mission(settings)) == INTERNAL


def test_clean_mission_3_2_clears_an_unclearable_mission(api9: Device) -> None:
    # OpenHarmony-3.2-Release MissionListManager::ClearMission has no IsUnclearable check.
    local = api9.stub.local_device_id
    settings = mission_of(api9, "", "com.ohos.settings")
    api9.stub.set_mission(local, settings, unclearable=True)
    api9.missions.clean_mission(settings)
    assert settings not in [m.mission_id for m in api9.missions.get_mission_infos("", 10)]


# -- the remote synced cache -----------------------------------------------------------

def test_remote_mission_infos_unknown_or_offline_device_is_401(dev: Device) -> None:
    # DMS GetMissionInfos: !IsDeviceIdValidated -> INVALID_PARAMETERS_ERR -> 401 (4.0+ table).
    assert code_and_message(lambda: dev.missions.get_mission_infos("NO-SUCH-DEVICE", 5)) == (
        401, "Invalid input parameter.")
    dev.stub.take_offline(TABLET)
    with pytest.raises(ParameterError):
        dev.missions.get_mission_infos(TABLET, 5)


def test_remote_mission_infos_3_2_invalid_parameters_is_16000050(api9: Device) -> None:
    # OpenHarmony-3.2-Release INNER_TO_JS_ERROR_CODE_MAP has no INVALID_PARAMETERS_ERR.
    assert code_and_message(lambda: api9.missions.get_mission_infos("NO-SUCH-DEVICE", 5)) == (
        16000050, "Inner Error.")


def test_remote_mission_infos_num_max_not_positive_is_401(dev: Device) -> None:
    # DMS GetMissionInfos: numMissions <= 0 -> INVALID_PARAMETERS_ERR.
    synced(dev)
    with pytest.raises(ParameterError):
        dev.missions.get_mission_infos(TABLET, 0)


def test_remote_mission_infos_never_synced_is_16000050(dev: Device) -> None:
    # FetchCachedRemoteMissions: no cache for the uuid -> ERR_NULL_OBJECT.
    assert code_and_message(lambda: dev.missions.get_mission_infos(TABLET, 5)) == INTERNAL


def test_remote_mission_info_unknown_id_in_the_cache_is_16000050(dev: Device) -> None:
    # AbilityManagerService::GetRemoteMissionInfo: not in the synced list -> ERR_INVALID_VALUE.
    synced(dev)
    assert dev.missions.get_mission_info(TABLET, 1).label == "Settings"
    assert code_and_message(lambda: dev.missions.get_mission_info(TABLET, 999)) == INTERNAL


def test_remote_mission_info_offline_device_is_401(dev: Device) -> None:
    # GetRemoteMissionInfo reads GetRemoteMissionInfos first: its INVALID_PARAMETERS_ERR stands.
    synced(dev)
    dev.stub.take_offline(TABLET)
    with pytest.raises(ParameterError):
        dev.missions.get_mission_info(TABLET, 1)


def test_remote_snapshot_negative_id_is_401_other_failures_16000050(dev: Device) -> None:
    # DistributedSchedStub::GetRemoteMissionSnapshotInfoInner: missionId < 0 ->
    # INVALID_PARAMETERS_ERR; any failure of the lookup -> ERR_NULL_OBJECT.
    with pytest.raises(ParameterError):
        dev.missions.get_mission_snapshot(TABLET, -1)
    assert code_and_message(lambda: dev.missions.get_mission_snapshot(TABLET, 1)) == INTERNAL
    synced(dev)
    dev.flush()
    assert dev.missions.get_mission_snapshot(TABLET, 1).ability.bundle_name == "com.ohos.settings"
    assert code_and_message(lambda: dev.missions.get_mission_snapshot(TABLET, 999)) == INTERNAL
