"""Argument shape errors throw 401 synchronously with the exact NAPI message.

Source: openharmony/ability_ability_runtime frameworks/js/napi/mission_manager/distributed_mission_manager.cpp
(OpenHarmony-6.0-Release; API 9 from OpenHarmony-3.2-Release where a test says so): RegisterMissionWrap,
RegisterMissionWrapDeviceId, CreateCallbackReference and SetCallbackReference (registerMissionListener);
UnRegisterMissionWrap and GetUnRegisterMissionDeviceId (unRegisterMissionListener); ProcessSyncInput,
SetSyncRemoteMissionsContext and SetStartSyncMissionsContext (start/stopSyncRemoteMissions); ContinueAbilityWrap,
CheckContinueFirstArgs and CheckContinueCallback (continueMission); OnWrap, OffWrap, OnWrapType and
CreateOnCallbackReference (on/off).  The asynchronous 401s are in test_async_errors_and_gate.py.
"""

from __future__ import annotations

from typing import Any, List

import pytest

from ohbridge._native import undefined
from ohbridge.errors import ParameterError

from .conftest import TABLET

CB = {"notifyMissionsChanged": print, "notifySnapshot": print, "notifyNetDisconnect": print}


def fn(*a: Any) -> None:
    pass


def throws(dev: Any, method: str, args: List[Any]) -> str:
    with pytest.raises(ParameterError) as e:
        dev._backend.invoke("distributedMissionManager." + method, args)
    assert e.value.code == 401
    return str(e.value.message)


N = 'Parameter error. The type of "number of parameters" must be '


@pytest.mark.parametrize(
    "args,message",
    [
        ([{"deviceId": TABLET}], N + "2 or 3"),
        ([{"deviceId": TABLET}, CB, fn, fn], N + "2 or 3"),
        (["x", CB], 'Parameter error. The key of "MissionDeviceInfo" must be deviceId'),
        ([{}, CB], 'Parameter error. The key of "MissionDeviceInfo" must be deviceId'),
        ([{"deviceId": 5}, CB], 'Parameter error. The type of "deviceId" must be string'),
        ([{"deviceId": undefined}, CB], 'Parameter error. The type of "deviceId" must be string'),
        ([{"deviceId": TABLET}, fn], 'Parameter error. The type of "options" must be MissionCallback'),
        ([{"deviceId": TABLET}, {"notifyMissionsChanged": fn, "notifySnapshot": fn}],
         'Parameter error. The type of "options" must be MissionCallback'),
        ([{"deviceId": TABLET}, dict(CB, notifySnapshot=1)],
         'Parameter error. The type of "notifySnapshot" must be function'),
        ([{"deviceId": TABLET}, dict(CB, notifyMissionsChanged=None)],
         'Parameter error. The type of "notifyMissionsChanged" must be function'),
        ([{"deviceId": TABLET}, dict(CB, notifyNetDisconnect="f")],
         'Parameter error. The type of "notifyNetDisconnect" must be function'),
        ([{"deviceId": TABLET}, CB, 3], 'Parameter error. The type of "options" must be MissionCallback'),
    ],
)
def test_register_listener_shape_errors_throw_401_with_napi_message(dev: Any, args: List[Any], message: str) -> None:
    assert throws(dev, "registerMissionListener", args) == message


def test_register_listener_accepts_empty_device_id_synchronously(dev: Any) -> None:
    # "" passes NAPI; it fails later, asynchronously (unknown uuid).
    with pytest.raises(ParameterError) as e:
        dev.distributed_mission_manager.register_mission_listener({"deviceId": ""}, CB)
    assert e.value.message == "parameter check failed."


@pytest.mark.parametrize(
    "args,message",
    [
        ([], N + "1 or 2"),
        ([{"deviceId": TABLET}, fn, fn], N + "1 or 2"),
        ([{"deviceID": TABLET}], 'Parameter error. The key of "MissionDeviceInfo" must be deviceId'),
        ([{"deviceId": []}], 'Parameter error. The type of "deviceId" must be string'),
        ([{"deviceId": TABLET}, 1], 'Parameter error. The type of "callback" must be AsynCallback<void>: void'),
    ],
)
def test_unregister_listener_shape_errors_throw_401(dev: Any, args: List[Any], message: str) -> None:
    assert throws(dev, "unRegisterMissionListener", args) == message


@pytest.mark.parametrize(
    "args,message",
    [
        ([], N + "1 or 2"),
        (["id"], 'Parameter error. The type of "parameter" must be MissionParameter'),
        ([{"fixConflict": False, "tag": 0}], 'Parameter error. The key of "parameter" must be deviceId'),
        ([{"deviceId": 1, "fixConflict": False, "tag": 0}], 'Parameter error. The type of "deviceId" must be string'),
        ([{"deviceId": TABLET, "tag": 0}], 'Parameter error. The key of "MissionParameter" must be fixConflict'),
        ([{"deviceId": TABLET, "fixConflict": 0, "tag": 0}],
         'Parameter error. The type of "fixConflict" must be boolean'),
        ([{"deviceId": TABLET, "fixConflict": False}], 'Parameter error. The key of "MissionParameter" must be tag'),
        ([{"deviceId": TABLET, "fixConflict": False, "tag": "0"}],
         'Parameter error. The type of "tag" must be number'),
        ([{"deviceId": TABLET, "fixConflict": False, "tag": 0}, {}],
         'Parameter error. The type of "callback" must be AsynCallback<void>: void'),
    ],
)
def test_start_sync_shape_errors_throw_401_in_napi_order(dev: Any, args: List[Any], message: str) -> None:
    assert throws(dev, "startSyncRemoteMissions", args) == message


@pytest.mark.parametrize(
    "args,message",
    [
        ([{"deviceId": TABLET}, fn, fn], N + "1 or 2"),
        ([None], 'Parameter error. The type of "parameter" must be MissionParameter'),
        ([{}], 'Parameter error. The key of "parameter" must be deviceId'),
        ([{"deviceId": TABLET}, "cb"], 'Parameter error. The type of "callback" must be AsynCallback<void>: void'),
    ],
)
def test_stop_sync_shape_errors_use_the_mission_parameter_wording(dev: Any, args: List[Any], message: str) -> None:
    assert throws(dev, "stopSyncRemoteMissions", args) == message


P = {"srcDeviceId": "a", "dstDeviceId": "b", "missionId": 1, "wantParam": {}}
OPT = {"onContinueDone": fn}


@pytest.mark.parametrize(
    "args,message",
    [
        ([], N + "1 or 2 or 3"),
        ([P, OPT, fn, fn], N + "1 or 2 or 3"),
        (["p", OPT], 'Parameter error. The type of "parameter" must be ContinueMission'),
        ([{"other": 1}, OPT], 'Parameter error. The type of "parameter" must be ContinueMission'),
        ([dict(P, srcDeviceId=1), OPT], 'Parameter error. The type of "srcDeviceId" must be string'),
        ([dict(P, dstDeviceId=None), OPT], 'Parameter error. The type of "dstDeviceId" must be string'),
        ([dict(P, missionId="1"), OPT], 'Parameter error. The type of "missionId" must be number'),
        ([dict(P, wantParam=5), OPT], 'Parameter error. The type of "wantParams" must be object'),
        ([dict(P, wantParam={"k": object()}), OPT], 'Parameter error. The type of "wantParams" must be array'),
        ([P, fn], 'Parameter error. The type of "options" must be ContinueCallback'),
        ([P, {"OnContinueDone": fn}], 'Parameter error. The key of "ContinueCallback" must be onContinueDone'),
        ([P, {"onContinueDone": 1}], 'Parameter error. The type of "onContinueDone" must be function'),
        ([P, OPT, 1], 'Parameter error. The type of "callback" must be AsynCallback<void>: void'),
        # Half a bundle-name shape falls back to the missionId checks.
        ([{"srcDeviceId": "a", "dstDeviceId": "b", "bundleName": "x", "wantParam": 1}],
         'Parameter error. The type of "missionId" must be number'),
    ],
)
def test_continue_mission_shape_errors_throw_401(dev: Any, args: List[Any], message: str) -> None:
    assert throws(dev, "continueMission", args) == message


def test_continue_mission_api9_required_two_or_three_arguments(dev: Any) -> None:
    dev.stub.api_version = 9
    assert throws(dev, "continueMission", [P]) == N + "2 or 3"


@pytest.mark.parametrize(
    "method,args,message",
    [
        ("on", ["continueStateChange"], N + "2"),
        ("on", [1, fn], 'Parameter error. The type of "type" must be string'),
        ("on", ["continueStateChanged", fn], 'Parameter error. The value of "type" must not be continueStateChange'),
        ("on", ["continueStateChange", {}], 'Parameter error. The type of "onCallback" must be function'),
        ("off", [], N + "1 or 2"),
        ("off", [None], 'Parameter error. The type of "type" must be string'),
        ("off", ["x"], 'Parameter error. The value of "type" must not be continueStateChange'),
        ("off", ["continueStateChange", 1], 'Parameter error. The type of "onCallback" must be function'),
    ],
)
def test_on_off_shape_errors_throw_401(dev: Any, method: str, args: List[Any], message: str) -> None:
    assert throws(dev, method, args) == message


def test_python_api_passes_bad_shapes_through_to_the_napi_message(dev: Any) -> None:
    dmm = dev.distributed_mission_manager
    with pytest.raises(ParameterError, match='"fixConflict" must be boolean'):
        dmm.start_sync_remote_missions({"deviceId": TABLET, "fixConflict": "no", "tag": 0})
    with pytest.raises(ParameterError, match="must be MissionCallback"):
        dmm.register_mission_listener({"deviceId": TABLET}, None)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match='"onCallback" must be function'):
        dmm.on("continueStateChange", 42)  # type: ignore[arg-type]
