"""The AMS gate and which 401s are asynchronous: the 202 / local-id 401 / 201 order.

Sources (OpenHarmony-6.0-Release unless a test names another release): openharmony/ability_ability_runtime
services/abilitymgr/src/ability_manager_service.cpp AbilityManagerService::RegisterMissionListener(deviceId, ...)
(CHECK_CALLER_IS_SYSTEM_APP, then the local networkId check, then VerifyMissionPermission),
StartSyncRemoteMissions, StopSyncRemoteMissions, ContinueMission; services/abilitymgr/src/ability_manager_client.cpp
AbilityManagerClient::ContinueMission (empty ids: ERR_INVALID_VALUE); frameworks/js/napi/mission_manager/
distributed_mission_manager.cpp ErrorCodeReturn / ErrorMessageReturn (the native-to-JS code table) and
UnRegisterMissionExecuteCB (an unknown deviceId is refused before AMS); openharmony/ability_dmsfwk
services/dtbschedmgr/src/distributed_sched_stub.cpp (empty devId: INVALID_PARAMETERS_ERR) and
services/dtbschedmgr/src/mission/distributed_sched_mission_manager.cpp (unknown or offline device: 401).
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any, List, Optional

import pytest

from ohbridge.backends.stub import NativeCode
from ohbridge.errors import BusinessError, NotSystemAppError, ParameterError, PermissionDeniedError, SystemAbilityError

from .conftest import PC, TABLET, Recorder, noop, sync_param

CONTINUE = {"srcDeviceId": "", "dstDeviceId": TABLET, "missionId": 3, "wantParam": {}}


def callback_error(call: Any) -> Optional[BusinessError]:
    """Run `call(callback)`: it must return normally; return the err the callback got."""
    got: List[Optional[BusinessError]] = []
    done = threading.Event()

    def cb(err: Optional[BusinessError], data: Any) -> None:
        got.append(err)
        done.set()

    call(cb)  # no exception: the 401 is not thrown
    assert done.wait(5)
    return got[0]


@pytest.mark.parametrize("device_id", ["", "NO-SUCH-DEVICE"])
def test_async_401_register_unknown_or_empty_device_arrives_through_callback(dev: Any, rec: Recorder,
                                                                            device_id: str) -> None:
    err = callback_error(lambda cb: dev.distributed_mission_manager.register_mission_listener(
        {"deviceId": device_id}, rec.callbacks(), callback=cb))
    assert isinstance(err, ParameterError) and err.message == "parameter check failed."


def test_async_401_register_offline_device(dev: Any, rec: Recorder) -> None:
    dev.stub.take_offline(TABLET)
    err = callback_error(lambda cb: dev.distributed_mission_manager.register_mission_listener(
        {"deviceId": TABLET}, rec.callbacks(), callback=cb))
    assert isinstance(err, ParameterError)


def test_async_401_start_sync_unknown_and_local_device(dev: Any, local: str) -> None:
    for device_id in ("", "NO-SUCH", local):
        err = callback_error(lambda cb: dev.distributed_mission_manager.start_sync_remote_missions(
            sync_param(device_id), callback=cb))
        assert isinstance(err, ParameterError), device_id


def test_async_401_unregister_unknown_device_id_without_asking_ams(dev: Any) -> None:
    # Not in the NAPI registry: 401, even for a caller that AMS would refuse.
    dev.stub.set_caller(system_app=False, permissions=[])
    err = callback_error(lambda cb: dev.distributed_mission_manager.unregister_mission_listener(
        {"deviceId": TABLET}, callback=cb))
    assert isinstance(err, ParameterError)


def test_async_401_continue_mission_empty_device_ids(dev: Any) -> None:
    async def main() -> None:
        pending = dev.aio.distributed_mission_manager.continue_mission(CONTINUE, {"onContinueDone": noop})
        with pytest.raises(ParameterError):
            await pending
    asyncio.run(main())


def test_async_401_continue_mission_inactive_continue_state(dev: Any, local: str) -> None:
    mission = dev.stub.start_ability(TABLET, "com.example.notes", "NoteAbility")
    dev.stub.set_mission(TABLET, mission, continue_state=1)
    with pytest.raises(ParameterError):
        dev.distributed_mission_manager.continue_mission(
            {"srcDeviceId": TABLET, "dstDeviceId": local, "missionId": mission, "wantParam": {}},
            {"onContinueDone": noop})


def test_async_401_start_sync_remote_access_control_failure(dev: Any, rec: Recorder) -> None:
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dev.stub.set_device(TABLET, trusted=False)
    with pytest.raises(ParameterError):
        dmm.start_sync_remote_missions(sync_param(TABLET))


def test_async_errors_reject_the_promise_form_and_pass_err_to_the_callback(dev: Any) -> None:
    async def main() -> None:
        with pytest.raises(ParameterError):
            await dev.aio.distributed_mission_manager.start_sync_remote_missions(sync_param(""))
    asyncio.run(main())


# -- the AMS gate -------------------------------------------------------------

def test_ams_gate_not_system_app_is_202_before_everything(dev: Any, rec: Recorder, local: str) -> None:
    dev.stub.set_caller(system_app=False, permissions=[])
    dmm = dev.distributed_mission_manager
    # Even the local device id, which AMS refuses next, reports 202 first.
    with pytest.raises(NotSystemAppError) as e:
        dmm.register_mission_listener({"deviceId": local}, rec.callbacks())
    assert e.value.message == "The app is not system-app."
    for call in (lambda: dmm.start_sync_remote_missions(sync_param(TABLET)),
                 lambda: dmm.stop_sync_remote_missions({"deviceId": TABLET}),
                 lambda: dmm.continue_mission(dict(CONTINUE, srcDeviceId=local), {"onContinueDone": noop})):
        with pytest.raises(NotSystemAppError):
            call()


def test_ams_gate_local_device_id_is_401_before_the_permission_check(dev: Any, rec: Recorder, local: str) -> None:
    dev.stub.set_caller(permissions=[])
    with pytest.raises(ParameterError):
        dev.distributed_mission_manager.register_mission_listener({"deviceId": local}, rec.callbacks())
    # A remote id then meets the permission check.
    with pytest.raises(PermissionDeniedError) as e:
        dev.distributed_mission_manager.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    assert e.value.message == "permission denied"


def test_ams_gate_missing_manage_missions_is_201(dev: Any, local: str) -> None:
    dev.stub.set_caller(permissions=["ohos.permission.DISTRIBUTED_DATASYNC"])
    dmm = dev.distributed_mission_manager
    for call in (lambda: dmm.start_sync_remote_missions(sync_param(TABLET)),
                 lambda: dmm.stop_sync_remote_missions({"deviceId": TABLET}),
                 lambda: dmm.continue_mission(dict(CONTINUE, srcDeviceId=local), {"onContinueDone": noop})):
        with pytest.raises(PermissionDeniedError):
            call()


def test_ams_gate_start_sync_has_no_local_id_check_so_dms_says_401(dev: Any, local: str) -> None:
    dev.stub.set_caller(permissions=[])
    with pytest.raises(PermissionDeniedError):
        dev.distributed_mission_manager.start_sync_remote_missions(sync_param(local))


def test_continue_mission_does_not_check_distributed_datasync(dev: Any, local: str) -> None:
    dev.stub.set_caller(permissions=["ohos.permission.MANAGE_MISSIONS"])
    dev.distributed_mission_manager.continue_mission(
        dict(CONTINUE, srcDeviceId=local, missionId=3), {"onContinueDone": noop})


# -- faults: not foreground user, remote DMS unreachable, broken IPC --------

def test_not_foreground_user_is_16300501(dev: Any, rec: Recorder) -> None:
    dmm = dev.distributed_mission_manager
    dev.stub.set_device("", foreground_user=101)
    with pytest.raises(SystemAbilityError) as e:
        dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    assert e.value.message == "the system ability work abnormally."
    dev.stub.set_device("", foreground_user=100)
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dev.stub.fail_next("distributedMissionManager.startSyncRemoteMissions", NativeCode.DMS_NOT_FOREGROUND_USER)
    with pytest.raises(SystemAbilityError):
        dmm.start_sync_remote_missions(sync_param(TABLET))
    dmm.start_sync_remote_missions(sync_param(TABLET))  # one-shot


@pytest.mark.parametrize("code", [NativeCode.GET_REMOTE_DMS_FAIL, NativeCode.IPC_FAILURE, NativeCode.ERR_NULL_OBJECT])
def test_injected_inner_failures_map_to_16300501(dev: Any, code: int) -> None:
    dev.stub.fail_next("distributedMissionManager.stopSyncRemoteMissions", code)
    with pytest.raises(SystemAbilityError):
        dev.distributed_mission_manager.stop_sync_remote_missions({"deviceId": PC})


def test_injected_permission_code_maps_to_201(dev: Any) -> None:
    dev.stub.fail_next("distributedMissionManager.stopSyncRemoteMissions", NativeCode.CHECK_PERMISSION_FAILED)
    with pytest.raises(PermissionDeniedError):
        dev.distributed_mission_manager.stop_sync_remote_missions({"deviceId": PC})


def test_ams_gate_unregister_of_a_registered_id_checks_202_then_201(dev: Any, rec: Recorder) -> None:
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dev.stub.set_caller(system_app=False)
    with pytest.raises(NotSystemAppError):
        dmm.unregister_mission_listener({"deviceId": TABLET})
    dev.stub.set_caller(system_app=True, permissions=[])
    with pytest.raises(PermissionDeniedError):
        dmm.unregister_mission_listener({"deviceId": TABLET})
    assert dev.stub.registered_listener_ids() == [TABLET]  # kept: erased only on success
