"""on('continueStateChange') / off, and the events they deliver.

Sources: openharmony/ability_ability_runtime frameworks/js/napi/mission_manager/distributed_mission_manager.cpp
OnWrap / OffWrap (NAPI_NotifyToOn / NAPI_NotifyToOff), UvWorkOnCallback (BuildCallbackResult on master) and
dms_sa_client.cpp DmsSaClient::AddListener / DelListener; openharmony/ability_dmsfwk
services/dtbschedmgr/src/mission/notification/dms_continue_recv_manager.cpp DMSContinueRecvMgr::RegisterOnListener,
NotifyDockDisplay and NotifyRecvBroadcast (OpenHarmony-6.0-Release unless a test names another release).
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

import pytest

import ohbridge
from ohbridge.errors import SystemAbilityError
from ohbridge.mission_model import ContinuableInfo, ContinueState, ContinueStateChange

from .conftest import TABLET


def test_on_delivers_state_and_info(dev: Any) -> None:
    got: List[ContinueStateChange] = []
    dev.distributed_mission_manager.on("continueStateChange", got.append)
    dev.stub.broadcast_continue_state(TABLET, "com.example.notes", 0, continue_type="NoteAbility")
    dev.stub.broadcast_continue_state(TABLET, "com.example.notes", 1)
    dev.flush()
    assert got == [
        ContinueStateChange(ContinueState.ACTIVE, ContinuableInfo(TABLET, "com.example.notes", "NoteAbility",
                                                                  "com.example.notes", [])),
        ContinueStateChange(ContinueState.INACTIVE, ContinuableInfo(TABLET, "com.example.notes", "",
                                                                    "com.example.notes", [])),
    ]


@pytest.mark.parametrize("api_version", [11, 12, 20, 23, 26], ids=lambda v: f"api{v}")
def test_on_raw_event_shape_follows_the_release(api_version: int) -> None:
    # UvWorkOnCallback: 4.1 sets srcDeviceId and bundleName; 5.0.0 adds
    # continueType and srcBundleName; targetAppIds (always set, maybe []) is
    # master's BuildCallbackResult only (04fbc40f20).
    with ohbridge.connect("stub", api_version=api_version) as dev:
        raw: List[Any] = []
        dev._backend.invoke("distributedMissionManager.on", ["continueStateChange", raw.append])
        dev.stub.broadcast_continue_state(TABLET, "b", 0, target_app_ids=["app1"])
        dev.flush()
    info: Dict[str, Any] = {"srcDeviceId": TABLET, "bundleName": "b"}
    if api_version >= 12:
        info.update(continueType="", srcBundleName="b")
    if api_version >= 24:
        info["targetAppIds"] = ["app1"]
    assert raw == [{"state": 0, "info": info}]


def test_on_same_callback_twice_is_ignored(dev: Any) -> None:
    got: List[Any] = []
    dmm = dev.distributed_mission_manager
    dmm.on("continueStateChange", got.append)
    dmm.on("continueStateChange", got.append)
    dev.stub.broadcast_continue_state(TABLET, "b", 0)
    dev.flush()
    assert len(got) == 1


def test_on_returns_undefined_even_when_ams_refuses(dev: Any) -> None:
    dev.stub.set_caller(system_app=False, permissions=[])
    assert dev._backend.invoke("distributedMissionManager.on", ["continueStateChange", print]) == (0, None)
    assert dev.stub.continue_state_listener_count == 0


def test_on_sa_manager_failure_throws_16300501(dev: Any) -> None:
    dev.stub.fail_next("distributedMissionManager.on", -1)
    with pytest.raises(SystemAbilityError):
        dev.distributed_mission_manager.on("continueStateChange", print)


def test_off_before_on_throws_16300501(dev: Any) -> None:
    with pytest.raises(SystemAbilityError) as e:
        dev.distributed_mission_manager.off("continueStateChange")
    assert e.value.message == "the system ability work abnormally."


def test_off_with_one_callback_removes_all_subscriptions(dev: Any) -> None:
    a: List[Any] = []
    b: List[Any] = []
    dmm = dev.distributed_mission_manager
    dmm.on("continueStateChange", a.append)
    dmm.on("continueStateChange", b.append)
    dmm.off("continueStateChange", a.append)
    assert dev.stub.continue_state_listener_count == 0
    dev.stub.broadcast_continue_state(TABLET, "x", 0)
    dev.flush()
    assert a == [] and b == []
    with pytest.raises(SystemAbilityError):
        dmm.off("continueStateChange")


def test_continue_state_broadcasts_need_the_local_continue_switch(dev: Any) -> None:
    got: List[Any] = []
    dev.distributed_mission_manager.on("continueStateChange", got.append)
    dev.stub.set_device("", continue_switch=False)
    dev.stub.broadcast_continue_state(TABLET, "x", 0)
    dev.flush()
    assert got == []


def test_on_asyncio_form_delivers_in_the_loop(dev: Any) -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        fut: "asyncio.Future[Any]" = loop.create_future()

        def cb(event: ContinueStateChange) -> None:
            assert asyncio.get_running_loop() is loop
            fut.set_result(event)

        await dev.aio.distributed_mission_manager.on("continueStateChange", cb)
        dev.stub.broadcast_continue_state(TABLET, "x", 1)
        event = await asyncio.wait_for(fut, 5)
        assert event.state == ContinueState.INACTIVE
        await dev.aio.distributed_mission_manager.off("continueStateChange", cb)

    asyncio.run(main())
