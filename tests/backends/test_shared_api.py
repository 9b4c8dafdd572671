"""The shared module: the same expectations on the stub, the agent and the shell backend."""

from __future__ import annotations

import asyncio
import gc
import threading
from typing import Any, List, Optional, Tuple

import pytest

from ohbridge.device import Device
from ohbridge.errors import BusinessError, NotSupportedError, ParameterError
from ohbridge.mission_model import ContinueMissionInfo, ContinueResult
from ohbridge.model import CompleteData, OperationType, WantAgent

OWN = "com.example.myapplication"
TABLET = "PEER1000000000000000000000000000000000000000000000000000000000B"
DEFAULT_BUNDLES = [OWN, "com.ohos.camera", "com.ohos.settings"]


def via_callback(call: Any) -> Tuple[Optional[BusinessError], Any]:
    got: List[Tuple[Optional[BusinessError], Any]] = []
    done = threading.Event()

    def cb(err: Optional[BusinessError], data: Any) -> None:
        got.append((err, data))
        done.set()

    call(cb)
    assert done.wait(10)
    return got[0]


def agent_info(code: int = 0) -> dict:  # type: ignore[type-arg]
    return {"wants": [{"bundleName": OWN, "abilityName": "EntryAbility"}], "operationType": 1, "requestCode": code}


# -- the local mission list (every backend) ------------------------------------------

def test_local_mission_list_newest_first(dev: Device) -> None:
    infos = dev.missions.get_mission_infos("", 10)
    assert [m.want.bundle_name for m in infos] == DEFAULT_BUNDLES
    assert [m.mission_id for m in infos] == [3, 2, 1]
    assert infos[0].want.ability_name == "EntryAbility" and infos[0].want.module_name == "entry"
    assert all(m.running_state == 0 and m.locked_state is False for m in infos)


def test_num_max_limits_the_list_and_zero_gives_none(dev: Device) -> None:
    assert [m.mission_id for m in dev.missions.get_mission_infos("", 2)] == [3, 2]
    assert dev.missions.get_mission_infos("", 0) == []


def test_mission_info_by_id_and_unknown_id_is_16000050(dev: Device) -> None:
    # ability_ability_runtime mission_info_mgr.cpp MissionInfoMgr::GetMissionInfoById answers -1,
    # which INNER_TO_JS_ERROR_CODE_MAP (ability_business_error.cpp) does not list.
    info = dev.missions.get_mission_info("", 2)
    assert info is not None and info.want.bundle_name == "com.ohos.camera"
    with pytest.raises(BusinessError) as e:
        dev.missions.get_mission_info("", 999)
    assert (e.value.code, e.value.message) == (16000050, "Internal error.")


def test_sync_401_for_argument_shapes(dev: Device) -> None:
    with pytest.raises(ParameterError) as e:
        dev.missions.get_mission_infos(5, 10)  # type: ignore[arg-type]
    assert e.value.message == "Parse param deviceId failed, must be a string."
    with pytest.raises(ParameterError) as e:
        dev.missions.get_mission_infos("", "ten")  # type: ignore[arg-type]
    assert e.value.message == "Parse param numMax failed, must be a number."
    # A negative numMax passes the JS checks; MissionListManager::GetMissionInfos answers
    # ERR_INVALID_VALUE, which maps to 16000050.
    with pytest.raises(BusinessError) as e:
        dev.missions.get_mission_infos("", -1)
    assert e.value.code == 16000050


def test_callback_form_gets_null_err_and_error_objects(dev: Device) -> None:
    err, data = via_callback(lambda cb: dev.missions.get_mission_infos("", 10, cb))
    assert err is None and [m.mission_id for m in data] == [3, 2, 1]
    err, data = via_callback(lambda cb: dev.missions.get_mission_info("", 999, cb))
    assert isinstance(err, BusinessError) and err.code == 16000050 and data is None


def test_callbacks_run_off_the_calling_thread(dev: Device) -> None:
    threads: List[str] = []
    done = threading.Event()

    def cb(err: Any, data: Any) -> None:
        threads.append(threading.current_thread().name)
        done.set()

    dev.missions.get_mission_infos("", 1, cb)
    assert done.wait(10)
    assert threads and threads[0] != threading.current_thread().name


def test_asyncio_form(dev: Device) -> None:
    async def main() -> None:
        infos = await dev.aio.missions.get_mission_infos("", 10)
        assert [m.mission_id for m in infos] == [3, 2, 1]
        with pytest.raises(BusinessError, match="16000050"):
            await dev.aio.missions.get_mission_info("", 999)

    asyncio.run(main())


def test_flush_after_callbacks(dev: Device) -> None:
    got: List[Any] = []
    for _ in range(20):
        dev.missions.get_mission_infos("", 1, lambda e, d: got.append(d))
    assert dev.flush(10)
    assert len(got) == 20


# -- WantAgent (stub and agent; the shell can only observe) ------------------------------

@pytest.mark.backends("stub", "agent")
def test_want_agent_create_query_equal_cancel(dev: Device) -> None:
    wa = dev.want_agent
    a = wa.get_want_agent(agent_info())
    b = wa.get_want_agent(agent_info())
    c = wa.get_want_agent(agent_info(code=7))
    assert isinstance(a, WantAgent)
    assert wa.get_bundle_name(a) == OWN
    assert wa.get_uid(a) == 20010042
    assert wa.get_operation_type(a) == OperationType.START_ABILITY
    assert wa.equal(a, b) is True and wa.equal(a, c) is False
    wa.cancel(a)
    assert wa.get_bundle_name(b) == ""  # the record is gone for every agent pointing at it
    assert wa.get_uid(c) == 20010042


@pytest.mark.backends("stub", "agent")
def test_want_agent_trigger_completion_echoes_code(dev: Device) -> None:
    a = dev.want_agent.get_want_agent(agent_info())
    got: List[Any] = []
    dev.want_agent.trigger(a, {"code": 42}, lambda err, data: got.append((err, data)))
    assert dev.flush(10)
    assert len(got) == 1
    err, data = got[0]
    assert err is None and isinstance(data, CompleteData) and data.final_code == 42
    assert data.want.bundle_name == OWN
    assert dev.want_agent.equal(data.info, a)  # the completion's agent is the same record
    assert dev.want_agent.trigger_async(a, {"code": 5}).final_code == 5


@pytest.mark.backends("stub", "agent")
def test_want_agent_sync_and_async_errors(dev: Device) -> None:
    with pytest.raises(ParameterError):
        dev.want_agent.get_want_agent({"operationType": 1})
    with pytest.raises(ParameterError) as e:
        dev.want_agent.get_bundle_name("not an agent")  # type: ignore[arg-type]
    assert e.value.message == "Wrong argument type. Agent must be a WantAgent."


@pytest.mark.backends("stub", "agent")
def test_want_agent_asyncio_and_callback_forms(dev: Device) -> None:
    async def main() -> None:
        a = await dev.aio.want_agent.get_want_agent(agent_info(3))
        assert await dev.aio.want_agent.get_bundle_name(a) == OWN
        assert await dev.aio.want_agent.get_uid(a) == 20010042

    asyncio.run(main())
    err, a = via_callback(lambda cb: dev.want_agent.get_want_agent(agent_info(4), cb))
    assert err is None and isinstance(a, WantAgent)
    assert via_callback(lambda cb: dev.want_agent.get_bundle_name(a, cb)) == (None, OWN)


@pytest.mark.backends("stub", "agent")
def test_want_agents_dropped_by_python_are_released(dev: Device) -> None:
    for i in range(50):
        dev.want_agent.get_want_agent(agent_info(i))
    gc.collect()
    a = dev.want_agent.get_want_agent(agent_info(0))
    assert dev.want_agent.get_bundle_name(a) == OWN


# -- distributed missions (stub and agent) -------------------------------------------------

@pytest.mark.backends("stub", "agent")
def test_mission_listener_events_and_sync(dev: Device) -> None:
    events: List[Tuple[str, Any]] = []
    cv = threading.Condition()

    def rec(name: str) -> Any:
        def fn(*args: Any) -> None:
            with cv:
                events.append((name, args))
                cv.notify_all()
        return fn

    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, {"notifyMissionsChanged": rec("changed"),
                                                         "notifySnapshot": rec("snapshot"),
                                                         "notifyNetDisconnect": rec("disconnect")})
    dmm.start_sync_remote_missions({"deviceId": TABLET, "fixConflict": False, "tag": 0})
    remote = dev.missions.get_mission_infos(TABLET, 20)
    assert remote, "a synced peer has missions"
    dev.stub.update_snapshot(TABLET, remote[0].mission_id)
    with cv:
        assert cv.wait_for(lambda: any(n == "snapshot" for n, _ in events), 10)
    dmm.stop_sync_remote_missions({"deviceId": TABLET})
    dmm.unregister_mission_listener({"deviceId": TABLET})
    assert dev.stub.mission_listener_count == 0


@pytest.mark.backends("stub", "agent")
def test_continue_mission_done_callback_and_pending_promise(dev: Device) -> None:
    local = dev.stub.local_device_id
    mission = next(m.mission_id for m in dev.missions.get_mission_infos("", 10) if m.want.bundle_name == OWN)
    done = threading.Event()
    results: List[Any] = []

    def on_done(r: Any) -> None:
        results.append(r)
        done.set()

    dev.distributed_mission_manager.continue_mission(
        {"srcDeviceId": local, "dstDeviceId": TABLET, "missionId": mission, "wantParam": {}},
        {"onContinueDone": on_done})
    assert done.wait(10) and results == [ContinueResult(result_code=0)]
    assert dev.stub.missions(TABLET)[0]["want"]["bundleName"] == OWN

    dev.stub.auto_continue = False

    async def main() -> None:
        pending = asyncio.ensure_future(dev.aio.distributed_mission_manager.continue_mission(
            ContinueMissionInfo(TABLET, local, OWN, {})))
        await asyncio.sleep(0.05)
        assert not pending.done()  # accepted, not settled: a PENDING outcome
        dev.stub.complete_continuations(29360153)
        with pytest.raises(BusinessError) as e:
            await asyncio.wait_for(pending, 10)
        assert e.value.code == 29360153

    asyncio.run(main())


# -- what the shell backend refuses --------------------------------------------------------

@pytest.mark.backends("shell")
def test_shell_backend_names_what_would_serve_a_call(dev: Device) -> None:
    with pytest.raises(NotSupportedError, match="not supported by the shell backend.*agent backend"):
        dev.want_agent.get_want_agent(agent_info())
    with pytest.raises(NotSupportedError, match="MANAGE_MISSIONS"):
        dev.distributed_mission_manager.start_sync_remote_missions({"deviceId": TABLET, "fixConflict": False,
                                                                    "tag": 0})
    with pytest.raises(NotSupportedError, match="remote device"):
        dev.missions.get_mission_infos(TABLET, 10)
    with pytest.raises(NotSupportedError):
        dev.missions.get_mission_snapshot("", 3)
