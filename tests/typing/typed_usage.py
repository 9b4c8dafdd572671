"""Type-checked by test_typing.py with mypy --strict: the public API as users write it."""

from __future__ import annotations

import asyncio
from typing import List, Optional, Union

import ohbridge
from ohbridge.backends.stub import StubControl
from ohbridge import (
    BusinessError,
    CompleteData,
    OperationType,
    TriggerInfo,
    Want,
    WantAgent,
    WantAgentFlags,
    WantAgentInfo,
)
from ohbridge.errors import InvalidWantAgentError


def sync_form(dev: ohbridge.Device) -> int:
    info = WantAgentInfo(
        wants=[Want(bundle_name="com.example.myapplication", ability_name="EntryAbility")],
        operation_type=OperationType.START_ABILITY,
        request_code=0,
        want_agent_flags=[WantAgentFlags.ONE_TIME_FLAG],
    )
    agent: WantAgent = dev.want_agent.get_want_agent(info)
    name: str = dev.want_agent.get_bundle_name(agent)
    uid: int = dev.want_agent.get_uid(agent)
    op: Union[OperationType, int] = dev.want_agent.get_operation_type(agent)
    same: bool = dev.want_agent.equal(agent, agent)
    want: Want = dev.want_agent.get_want(agent)
    dev.want_agent.cancel(agent)
    try:
        dev.want_agent.get_uid(agent)
    except InvalidWantAgentError as e:
        code: int = e.code
        return code
    return len(name) + uid + int(op) + int(same) + len(want.parameters or {})


def callback_form(dev: ohbridge.Device) -> None:
    def on_done(err: Optional[BusinessError], data: Optional[CompleteData]) -> None:
        if data is not None:
            print(data.final_code, data.want.bundle_name)

    def on_name(err: Optional[BusinessError], name: Optional[str]) -> None:
        print(err, name)

    agent = dev.want_agent.get_want_agent({"wants": [{"bundleName": "b"}], "operationType": 1, "requestCode": 0})
    dev.want_agent.get_bundle_name(agent, on_name)
    dev.want_agent.trigger(agent, TriggerInfo(code=1), on_done)


async def asyncio_form(dev: ohbridge.Device) -> List[str]:
    agent = await dev.aio.want_agent.get_want_agent(
        {"wants": [{"bundleName": "b"}], "operationType": 1, "requestCode": 0})
    names = await asyncio.gather(dev.aio.want_agent.get_bundle_name(agent),
                                 dev.aio.want_agent.get_bundle_name(agent))
    data: CompleteData = await dev.aio.want_agent.trigger_async(agent, TriggerInfo(code=2))
    return [*names, str(data.final_code)]


async def tasks_and_aconnect(dev: ohbridge.Device) -> int:
    # Every dev.aio method is a coroutine function: create_task takes its call.
    task: "asyncio.Task[List[ohbridge.MissionInfo]]" = asyncio.create_task(dev.aio.missions.get_mission_infos("", 10))
    infos = await asyncio.wait_for(task, 5)
    async with ohbridge.aconnect("stub") as adev:
        more = await adev.missions.get_mission_infos("", 10)
        sync_view: ohbridge.Device = adev.device
    other: ohbridge.AsyncDevice = await ohbridge.aconnect("stub", api_version=12)
    await other.aclose()
    return len(infos) + len(more) + len(sync_view.serial)


def lifecycle(dev: ohbridge.Device) -> Optional[str]:
    started: ohbridge.AppStart = dev.start_ability("com.ohos.camera", "MainAbility")
    mission: ohbridge.MissionInfo = dev.wait_for_mission(started.bundle_name, timeout=5)
    event: ohbridge.DeviceEvent = dev.wait_event("abilityStarted", lambda e: e.data == "com.ohos.camera", 1.0)
    dev.force_stop(mission.want.bundle_name or "")
    controls: StubControl = dev.stub
    serial: Optional[str] = dev.transport.serial if dev.transport is not None else None
    front = dev.foreground()
    return (front.label if front is not None else None) or serial or str(event.kind) or str(controls)


async def lifecycle_async(dev: ohbridge.Device) -> bool:
    started = await asyncio.create_task(dev.aio.start_ability({"bundleName": "b", "abilityName": "a"}))
    front = await dev.aio.foreground()
    return started.queued or front is None


def main() -> None:
    with ohbridge.connect("stub") as dev:
        sync_form(dev)
        callback_form(dev)
        asyncio.run(asyncio_form(dev))
        asyncio.run(tasks_and_aconnect(dev))
        lifecycle(dev)
        asyncio.run(lifecycle_async(dev))
