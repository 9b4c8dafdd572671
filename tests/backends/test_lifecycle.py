"""The app lifecycle on every backend: the stub, the agent on the loopback device, and the shell
backend over the loopback device's stateful fake aa (ohbridge.testing.device_apps).

Each rule names the source it follows (ability_ability_runtime, OpenHarmony-v6.0-Release):
tools/aa/src/ability_command.cpp RunAsStartAbility / RunAsForceStop / CreateMessageMap;
services/abilitymgr/src/ability_manager_service.cpp AbilityManagerService::KillProcess;
services/abilitymgr/src/mission/mission_list_manager.cpp HandleAbilityDiedByDefault.
The tests leave no assumption on what is in front when they begin: the agent's world outlives a
connection.
"""

from __future__ import annotations

import asyncio
from typing import Iterator

import pytest

import ohbridge
from ohbridge.device import Device
from ohbridge.device_lifecycle import AppStart, LifecycleTimeoutError
from ohbridge.errors import AbilityNotFoundError, BundleNotFoundError, ParameterError
from ohbridge.mission_model import RunningState
from ohbridge.testing import FakeHdcServer
from ohbridge.testing.device_apps import install_app_lifecycle
from ohbridge.testing.device_tools import install_device_tools

SERIAL = "lifecycle-0"
CAMERA = ("com.ohos.camera", "MainAbility")
SETTINGS = ("com.ohos.settings", "EntryAbility")


@pytest.fixture(scope="module")
def apps_device() -> Iterator[FakeHdcServer]:
    with FakeHdcServer([SERIAL]) as server:
        install_device_tools(server.target(SERIAL))
        install_app_lifecycle(server.target(SERIAL))
        yield server


@pytest.fixture(params=["stub", "agent", "shell"])
def dev(request: pytest.FixtureRequest) -> Iterator[Device]:
    if request.param == "stub":
        d = ohbridge.connect("stub")
    else:
        server = request.getfixturevalue("apps_device")
        d = ohbridge.connect(f"hdc://127.0.0.1:{server.port}/{SERIAL}", backend=request.param)
    try:
        yield d
    finally:
        d.close()


def test_start_ability_brings_its_mission_to_the_front__MissionListManager_StartAbility(dev: Device) -> None:
    result = dev.start_ability(*CAMERA)
    assert result == AppStart("com.ohos.camera", "MainAbility", queued=False)
    front = dev.foreground()
    assert front is not None and (front.want.bundle_name, front.want.ability_name) == CAMERA
    assert front.running_state == RunningState.RUNNING
    dev.start_ability({"bundleName": SETTINGS[0], "abilityName": SETTINGS[1]})
    assert dev.wait_for_mission(SETTINGS[0], timeout=5).want.ability_name == SETTINGS[1]


def test_a_running_mission_is_reused_not_duplicated__singleton_launch(dev: Device) -> None:
    dev.start_ability(*CAMERA)
    first = dev.wait_for_mission(CAMERA[0], timeout=5)
    dev.start_ability(*SETTINGS)
    dev.start_ability(ohbridge.Want(bundle_name=CAMERA[0], ability_name=CAMERA[1]))
    again = dev.wait_for_mission(CAMERA[0], timeout=5)
    assert again.mission_id == first.mission_id
    cameras = [m for m in dev.missions.get_mission_infos("", 20) if m.want.bundle_name == CAMERA[0]]
    assert len(cameras) == 1


def test_an_unknown_ability_is_10104001__aa_RESOLVE_ABILITY_ERR(dev: Device) -> None:
    with pytest.raises(AbilityNotFoundError) as info:
        dev.start_ability("com.example.absent", "EntryAbility")
    assert (info.value.code, info.value.message) == (10104001, "The specified ability does not exist")
    with pytest.raises(AbilityNotFoundError):
        dev.start_ability(CAMERA[0], "NoSuchAbility")


def test_force_stop_ends_the_bundle_and_the_launcher_takes_focus__HandleAbilityDiedByDefault(dev: Device) -> None:
    dev.start_ability(*CAMERA)
    dev.wait_for_mission(CAMERA[0], timeout=5)
    dev.force_stop(CAMERA[0])
    assert dev.foreground() is None  # the launcher: no mission of its own
    # No live mission of the bundle is left (legacy AMS keeps the record with runningState -1,
    # SceneBoard drops the session from the dump: neither says RUNNING).
    assert all(m.running_state != RunningState.RUNNING
               for m in dev.missions.get_mission_infos("", 20) if m.want.bundle_name == CAMERA[0])
    dev.start_ability(*CAMERA)  # starts again after a stop
    assert dev.wait_for_mission(CAMERA[0], timeout=5).running_state == RunningState.RUNNING


def test_force_stop_of_a_bundle_in_the_background_leaves_the_front_alone(dev: Device) -> None:
    dev.start_ability(*CAMERA)
    dev.start_ability(*SETTINGS)
    dev.force_stop(CAMERA[0])
    front = dev.foreground()
    assert front is not None and front.want.bundle_name == SETTINGS[0]


def test_force_stop_of_an_unknown_bundle_is_10104002__KillProcess_GET_BUNDLE_INFO_FAILED(dev: Device) -> None:
    with pytest.raises(BundleNotFoundError) as info:
        dev.force_stop("com.example.absent")
    assert (info.value.code, info.value.message) == (10104002, "Failed to retrieve specified package information.")


def test_bad_arguments_are_401_before_anything_reaches_the_device(dev: Device) -> None:
    with pytest.raises(ParameterError):
        dev.start_ability("com.ohos.camera")  # no ability name
    with pytest.raises(ParameterError):
        dev.start_ability({"bundleName": "com.ohos.camera"})
    with pytest.raises(ParameterError):
        dev.force_stop("")
    with pytest.raises(ParameterError):
        dev.wait_for_mission(CAMERA[0], timeout=-1)


def test_wait_for_mission_times_out_naming_what_is_in_front(dev: Device) -> None:
    dev.start_ability(*SETTINGS)
    with pytest.raises(LifecycleTimeoutError) as info:
        dev.wait_for_mission("com.example.absent", timeout=0.3)
    assert "com.ohos.settings/EntryAbility" in str(info.value)
    assert isinstance(info.value, ohbridge.Error) and isinstance(info.value, TimeoutError)


def test_events_record_this_devices_starts_stops_and_focus_changes(dev: Device) -> None:
    dev.start_ability(*CAMERA)
    dev.force_stop(CAMERA[0])
    started = dev.wait_event("abilityStarted", timeout=1)
    assert started.data == CAMERA[0]
    assert dev.wait_event("processStopped", timeout=1).data == CAMERA[0]
    dev.start_ability(*SETTINGS)
    front = dev.wait_event("foreground", lambda e: e.data is not None and e.data.want.bundle_name == SETTINGS[0],
                           timeout=5)
    assert front.data.want.ability_name == SETTINGS[1]
    kinds = [e.kind for e in dev.events()]
    assert kinds.index("abilityStarted") < kinds.index("processStopped")
    with pytest.raises(LifecycleTimeoutError):
        dev.wait_event("processStopped", timeout=0.1)  # each event is taken once


def test_the_async_twins(dev: Device) -> None:
    async def run() -> None:
        aio = dev.aio
        started = await asyncio.create_task(aio.start_ability(*CAMERA))
        assert started.bundle_name == CAMERA[0]
        assert (await aio.wait_for_mission(CAMERA[0], timeout=5)).want.ability_name == CAMERA[1]
        front = await aio.foreground()
        assert front is not None and front.want.bundle_name == CAMERA[0]
        await aio.force_stop(CAMERA[0])
        assert (await aio.wait_event("processStopped", timeout=1)).data == CAMERA[0]
        with pytest.raises(BundleNotFoundError):
            await aio.force_stop("com.example.absent")

    asyncio.run(run())
