"""The asyncio form on every backend: coroutine functions, cancellation, callbacks in the loop, aconnect.

What the JS modules promise and what asyncio needs of it: a call is a coroutine (``create_task``,
``gather``, ``wait_for`` and cancellation work), a cancelled call leaves the connection usable
(the agent drops the late reply by its request id; the shell backend closes the command's
channel, which stops it on the device), and callbacks registered through the async form run in
the caller's loop.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from typing import Any, Dict, List, Tuple

import pytest

import ohbridge
from ohbridge._forms import api_methods
from ohbridge.device import Device
from ohbridge.errors import BusinessError, NotSupportedError
from ohbridge.mission_model import ContinueMissionInfo

from .conftest import device_url

OWN = "com.example.myapplication"
TABLET = "PEER1000000000000000000000000000000000000000000000000000000000B"


def _agent_info() -> Dict[str, Any]:
    return {"wants": [{"bundleName": OWN, "abilityName": "EntryAbility"}], "operationType": 1, "requestCode": 7}


def _sample_calls(dev: Device, agent: Any) -> Dict[Tuple[str, str], Tuple[Any, ...]]:
    """Arguments for every asyncio API method (a method missing here fails the table test)."""
    listener = {"notifyMissionsChanged": lambda *a: None, "notifySnapshot": lambda *a: None,
                "notifyNetDisconnect": lambda *a: None}
    return {
        ("missions", "get_mission_infos"): ("", 10),
        ("missions", "get_mission_info"): ("", 3),
        ("missions", "get_mission_snapshot"): ("", 3),
        ("missions", "get_low_resolution_mission_snapshot"): ("", 3),
        ("missions", "move_mission_to_front"): (3,),
        ("missions", "lock_mission_for_cleanup"): (2,),
        ("missions", "unlock_mission_for_cleanup"): (2,),
        ("missions", "clean_mission"): (1,),
        ("missions", "clean_all_missions"): (),
        ("want_agent", "get_want_agent"): (_agent_info(),),
        ("want_agent", "get_bundle_name"): (agent,),
        ("want_agent", "get_uid"): (agent,),
        ("want_agent", "get_operation_type"): (agent,),
        ("want_agent", "get_want"): (agent,),
        ("want_agent", "equal"): (agent, agent),
        ("want_agent", "trigger"): (agent, {"code": 1}),
        ("want_agent", "trigger_async"): (agent, {"code": 2}),
        ("want_agent", "cancel"): (agent,),
        ("distributed_mission_manager", "register_mission_listener"): ({"deviceId": TABLET}, listener),
        ("distributed_mission_manager", "start_sync_remote_missions"):
            ({"deviceId": TABLET, "fixConflict": False, "tag": 0},),
        ("distributed_mission_manager", "stop_sync_remote_missions"): ({"deviceId": TABLET},),
        ("distributed_mission_manager", "unregister_mission_listener"): ({"deviceId": TABLET},),
        ("distributed_mission_manager", "continue_mission"):
            ({"srcDeviceId": "", "dstDeviceId": TABLET, "missionId": 3, "wantParam": {}},
             {"onContinueDone": lambda r: None}),
        ("distributed_mission_manager", "on"): ("continueStateChange", lambda change: None),
        ("distributed_mission_manager", "off"): ("continueStateChange",),
    }


def test_create_task_takes_every_aio_method_of_the_method_table(dev: Device) -> None:
    # _forms.coroutine_form: every asyncio API method is an `async def`; the table is the
    # class's own list of them, so a method added later is covered or this test fails.
    async def main() -> None:
        agent: Any = object()
        if dev.backend != "shell":
            agent = await dev.aio.want_agent.get_want_agent(_agent_info())
        samples = _sample_calls(dev, agent)
        table = [(module, name) for module in ("missions", "want_agent", "distributed_mission_manager")
                 for name in api_methods(type(getattr(dev.aio, module)))]
        assert sorted(table) == sorted(samples)
        for module, name in table:
            method = getattr(getattr(dev.aio, module), name)
            assert inspect.iscoroutinefunction(method), (module, name)
            task = asyncio.create_task(method(*samples[(module, name)]))
            try:
                await asyncio.wait_for(task, 10)
            except (BusinessError, NotSupportedError):
                # What the backend answers is the backend's business (the shell backend serves
                # only the mission list); that the task ran to an API answer is the point.
                pass

    asyncio.run(main())


def test_gather_and_wait_for_on_concurrent_calls(dev: Device) -> None:
    async def main() -> List[List[int]]:
        calls = [dev.aio.missions.get_mission_infos("", n) for n in range(1, 4)]
        infos = await asyncio.wait_for(asyncio.gather(*calls), 30)
        return [[m.mission_id for m in batch] for batch in infos]

    assert asyncio.run(main()) == [[3], [3, 2], [3, 2, 1]]


@pytest.mark.backends("agent", "shell")
def test_cancelling_a_call_in_flight_leaves_the_connection_usable(dev: Device) -> None:
    # agent: _agent_link._Link.arequest forgets the request id, so the late reply is dropped;
    # shell: AsyncHdcDevice.shell closes the command's channel.  (The stub answers at once:
    # nothing of a resolved call is in flight; its pending promises are the next test.)
    async def main() -> None:
        for _ in range(3):
            task = asyncio.create_task(dev.aio.missions.get_mission_infos("", 10))
            await asyncio.sleep(0)  # the request is out; its answer is not in yet
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        infos = await asyncio.wait_for(dev.aio.missions.get_mission_infos("", 10), 30)
        assert [m.mission_id for m in infos] == [3, 2, 1]

    asyncio.run(main())


@pytest.mark.backends("stub", "agent")
def test_cancelling_a_pending_promise_then_calling_again(dev: Device) -> None:
    # continueMission by bundle name settles only when the continuation ends
    # (DistributedSchedService::ContinueMission, the bundle-name overload): a PENDING outcome.
    local = dev.stub.local_device_id
    dev.stub.auto_continue = False

    async def main() -> None:
        pending = asyncio.create_task(dev.aio.distributed_mission_manager.continue_mission(
            ContinueMissionInfo(local, TABLET, OWN, {})))
        await asyncio.sleep(0.05)
        assert not pending.done()
        pending.cancel()
        with pytest.raises(asyncio.CancelledError):
            await pending
        dev.stub.complete_continuations(0)  # the settlement finds nobody waiting: dropped
        infos = await asyncio.wait_for(dev.aio.missions.get_mission_infos("", 10), 30)
        assert infos and all(m.want.bundle_name for m in infos)

    asyncio.run(main())
    assert dev.flush(10)


@pytest.mark.backends("stub", "agent")
def test_listener_and_on_callbacks_of_the_async_form_run_in_the_callers_loop(dev: Device) -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        loop_thread = threading.get_ident()
        heard: "asyncio.Future[str]" = loop.create_future()

        def changed(device_id: str) -> None:
            assert threading.get_ident() == loop_thread and asyncio.get_running_loop() is loop
            if not heard.done():
                heard.set_result(device_id)

        dmm = dev.aio.distributed_mission_manager
        await dmm.register_mission_listener({"deviceId": TABLET}, {"notifyMissionsChanged": changed,
                                                                   "notifySnapshot": lambda *a: None,
                                                                   "notifyNetDisconnect": lambda *a: None})
        await dmm.start_sync_remote_missions({"deviceId": TABLET, "fixConflict": False, "tag": 0})
        dev.stub.start_ability(TABLET, "com.example.notes", "NoteAbility")
        assert await asyncio.wait_for(heard, 10) == TABLET
        await dmm.stop_sync_remote_missions({"deviceId": TABLET})
        await dmm.unregister_mission_listener({"deviceId": TABLET})

    asyncio.run(main())


def test_aconnect_awaited_and_as_async_context_manager(loopback: Any) -> None:
    async def main() -> None:
        dev = await ohbridge.aconnect("stub")
        assert isinstance(dev, ohbridge.AsyncDevice) and dev.device.backend == "stub"
        assert len(await dev.missions.get_mission_infos("", 10)) == 3
        await dev.aclose()
        async with ohbridge.aconnect(device_url(loopback), backend="agent") as agent_dev:
            assert agent_dev.backend == "agent"
            assert [m.mission_id for m in await agent_dev.missions.get_mission_infos("", 10)] == [3, 2, 1]
            # The sync view is the same connection.
            assert [m.mission_id for m in agent_dev.device.missions.get_mission_infos("", 1)] == [3]

    asyncio.run(main())


def test_aconnect_takes_the_arguments_of_connect() -> None:
    assert (list(inspect.signature(ohbridge.aconnect).parameters)
            == list(inspect.signature(ohbridge.connect).parameters))


@pytest.mark.backends("agent")
def test_an_argument_larger_than_the_socket_buffer_goes_whole_while_other_calls_share_the_link(dev: Device) -> None:
    # _agent_link._Link._asend: what the socket does not take at once is finished by a worker
    # thread holding the write lock, so the calls queued behind it never cut into the message.
    big = "x" * (8 << 20)

    async def main() -> None:
        info = {"wants": [{"bundleName": OWN, "abilityName": "EntryAbility", "parameters": {"big": big}}],
                "operationType": 1, "requestCode": 99}
        made, *lists = await asyncio.wait_for(asyncio.gather(
            dev.aio.want_agent.get_want_agent(info),
            *(dev.aio.missions.get_mission_infos("", 10) for _ in range(20))), 120)
        assert all([m.mission_id for m in infos] == [3, 2, 1] for infos in lists)
        want = await dev.aio.want_agent.get_want(made)
        assert want.parameters is not None and want.parameters["big"] == big

    asyncio.run(main())


def test_the_transport_only_backend_refuses_in_the_asyncio_form_too(loopback: Any) -> None:
    async def main() -> None:
        async with ohbridge.aconnect(device_url(loopback), backend="transport") as dev:
            with pytest.raises(NotSupportedError, match="needs an API backend"):
                await dev.missions.get_mission_infos("", 10)

    asyncio.run(main())
