"""The examples of the seed page (@ohos.distributedMissionManager, API 9), in Python, on the stub.

They are translated line by line, console output included, and the
assertions say what a device answers, which is not always what the page
implies: the examples use deviceId "" (an async 401 since 4.0) and spell the
continue callback ``OnContinueDone`` (a synchronous 401).
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from typing import Any, List, Optional

import pytest

import ohbridge
from ohbridge.errors import BusinessError


class Console:
    def __init__(self) -> None:
        self.lines: List[str] = []
        self.changed = threading.Condition()

    def log(self, *parts: str) -> None:
        with self.changed:
            self.lines.append("".join(parts))
            self.changed.notify_all()

    def wait(self, n: int) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.lines) >= n, 5), self.lines


def stringify(e: Optional[BusinessError]) -> str:
    return json.dumps({"code": e.code, "message": e.message}) if e else "undefined"


def listener_callbacks(console: Console) -> Any:
    def NotifyMissionsChanged(deviceId: str) -> None:
        console.log("NotifyMissionsChanged deviceId " + json.dumps(deviceId))

    def NotifySnapshot(deviceId: str, missionId: int) -> None:
        console.log("NotifySnapshot deviceId " + json.dumps(deviceId))
        console.log("NotifySnapshot missionId " + json.dumps(missionId))

    def NotifyNetDisconnect(deviceId: str, state: int) -> None:
        console.log("NotifyNetDisconnect deviceId " + json.dumps(deviceId))
        console.log("NotifyNetDisconnect state " + json.dumps(state))

    return {"notifyMissionsChanged": NotifyMissionsChanged, "notifySnapshot": NotifySnapshot,
            "notifyNetDisconnect": NotifyNetDisconnect}


def callback_example(console: Console, name: str, call: Any) -> None:
    """try { api(parameter, ..., (error) => { if (error.code != 0) ...; console.info(finished) }) } catch ..."""
    def cb(error: Optional[BusinessError], data: Any) -> None:
        if error.code != 0:  # type: ignore[union-attr]  # as in the example: error is undefined on success
            console.log(f"{name} failed, cause: " + stringify(error))
        console.log(f"{name} finished")

    try:
        call(cb)
    except BusinessError as error:
        console.log(f"{name} failed, cause: " + stringify(error))


async def promise_example(console: Console, name: str, call: Any) -> None:
    try:
        pending = call()
    except BusinessError as error:
        console.log(f"{name} failed, cause: " + stringify(error))
        return
    try:
        data = await pending
        console.log(f"{name} finished, " + json.dumps(data))
    except BusinessError as error:
        console.log(f"{name} failed, cause: " + stringify(error))


P401 = '{"code": 401, "message": "parameter check failed."}'
P16300501 = '{"code": 16300501, "message": "the system ability work abnormally."}'
# stopSyncRemoteMissions({deviceId: ""}): ability_dmsfwk DistributedSchedStub::StopSyncRemoteMissionsInner
# refuses an empty devId with INVALID_PARAMETERS_ERR (4.0 on), so 401 like the other three.


def test_seed_register_unregister_sync_examples_callback_form() -> None:
    console = Console()
    with ohbridge.connect("stub") as dev:
        dmm = dev.distributed_mission_manager
        parameter = {"deviceId": ""}
        callback_example(console, "registerMissionListener",
                         lambda cb: dmm.register_mission_listener(parameter, listener_callbacks(console), cb))
        callback_example(console, "unRegisterMissionListener",
                         lambda cb: dmm.unregister_mission_listener(parameter, cb))
        sync_parameter = {"deviceId": "", "fixConflict": False, "tag": 0}
        callback_example(console, "startSyncRemoteMissions",
                         lambda cb: dmm.start_sync_remote_missions(sync_parameter, cb))
        callback_example(console, "stopSyncRemoteMissions",
                         lambda cb: dmm.stop_sync_remote_missions(parameter, cb))
        console.wait(8)
    assert console.lines == [
        "registerMissionListener failed, cause: " + P401,
        "registerMissionListener finished",
        "unRegisterMissionListener failed, cause: " + P401,
        "unRegisterMissionListener finished",
        "startSyncRemoteMissions failed, cause: " + P401,
        "startSyncRemoteMissions finished",
        "stopSyncRemoteMissions failed, cause: " + P401,
        "stopSyncRemoteMissions finished",
    ]


def test_seed_register_unregister_sync_examples_promise_form() -> None:
    console = Console()

    async def main(dev: Any) -> None:
        dmm = dev.aio.distributed_mission_manager
        parameter = {"deviceId": ""}
        await promise_example(console, "registerMissionListener",
                              lambda: dmm.register_mission_listener(parameter, listener_callbacks(console)))
        await promise_example(console, "unRegisterMissionListener", lambda: dmm.unregister_mission_listener(parameter))
        sync_parameter = {"deviceId": "", "fixConflict": False, "tag": 0}
        await promise_example(console, "startSyncRemoteMissions",
                              lambda: dmm.start_sync_remote_missions(sync_parameter))
        await promise_example(console, "stopSyncRemoteMissions", lambda: dmm.stop_sync_remote_missions(parameter))

    with ohbridge.connect("stub") as dev:
        asyncio.run(main(dev))
    assert console.lines == [
        "registerMissionListener failed, cause: " + P401,
        "unRegisterMissionListener failed, cause: " + P401,
        "startSyncRemoteMissions failed, cause: " + P401,
        "stopSyncRemoteMissions failed, cause: " + P401,
    ]


def test_seed_continue_mission_example_throws_for_the_capitalised_callback_key() -> None:
    console = Console()
    with ohbridge.connect("stub") as dev:
        parameter = {"srcDeviceId": "", "dstDeviceId": "", "missionId": 1, "wantParam": {"key": "value"}}

        def OnContinueDone(resultCode: Any) -> None:
            console.log("OnContinueDone resultCode: " + json.dumps(resultCode))

        options = {"OnContinueDone": OnContinueDone}
        callback_example(console, "continueMission",
                         lambda cb: dev.distributed_mission_manager.continue_mission(parameter, options, cb))
        asyncio.run(promise_example(console, "continueMission",
                                    lambda: dev.aio.distributed_mission_manager.continue_mission(parameter, options)))
    message = '{"code": 401, "message": "Parameter error. The key of \\"ContinueCallback\\" must be onContinueDone"}'
    assert console.lines == ["continueMission failed, cause: " + message] * 2


def test_seed_continue_mission_example_with_the_key_fixed_fails_asynchronously_on_empty_ids() -> None:
    console = Console()
    with ohbridge.connect("stub") as dev:
        parameter = {"srcDeviceId": "", "dstDeviceId": "", "missionId": 1, "wantParam": {"key": "value"}}
        options = {"onContinueDone": lambda r: console.log("OnContinueDone " + str(r))}
        callback_example(console, "continueMission",
                         lambda cb: dev.distributed_mission_manager.continue_mission(parameter, options, cb))
        console.wait(2)
    assert console.lines == ["continueMission failed, cause: " + P401, "continueMission finished"]


def test_seed_register_example_on_api9_fails_in_the_dms_stub(caplog: Any) -> None:
    # OpenHarmony-3.2-Release DistributedSchedStub::RegisterMissionListenerInner: an empty devId is
    # ERR_FLATTEN_OBJECT, which DMS_MISSION_MANAGER_ERROR_CODE_MAP does not list: 16300501.
    console = Console()
    with ohbridge.connect("stub", api_version=9) as dev, caplog.at_level(logging.ERROR, "ohbridge.callbacks"):
        callback_example(console, "registerMissionListener", lambda cb: dev.distributed_mission_manager.
                         register_mission_listener({"deviceId": ""}, listener_callbacks(console), cb))
        console.wait(2)
    assert console.lines == ["registerMissionListener failed, cause: " + P16300501,
                             "registerMissionListener finished"]


def test_seed_types_as_documented_work_with_real_device_ids() -> None:
    from ohbridge.mission_model import (ContinueCallback, ContinueDeviceInfo, MissionCallback, MissionDeviceInfo,
                                        MissionParameter)
    console = Console()
    with ohbridge.connect("stub") as dev:
        peer = dev.stub.peer_ids[0]
        dmm = dev.distributed_mission_manager
        cbs = listener_callbacks(console)
        dmm.register_mission_listener(MissionDeviceInfo(peer), MissionCallback(
            cbs["notifyMissionsChanged"], cbs["notifySnapshot"], cbs["notifyNetDisconnect"]))
        dmm.start_sync_remote_missions(MissionParameter(peer, fix_conflict=False, tag=0))
        dmm.continue_mission(ContinueDeviceInfo(dev.stub.local_device_id, peer, 3, {"key": "value"}),
                             ContinueCallback(lambda r: console.log(f"OnContinueDone resultCode: {r.result_code}")))
        dev.flush()
        dmm.stop_sync_remote_missions(MissionDeviceInfo(peer))
        dmm.unregister_mission_listener(MissionDeviceInfo(peer))
    assert "OnContinueDone resultCode: 0" in console.lines
    assert f"NotifyMissionsChanged deviceId {json.dumps(peer)}" in console.lines
