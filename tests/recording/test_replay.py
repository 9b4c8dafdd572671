"""Replay: the recorded answers, events and errors in order, the first divergent call named, no device."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any, List, Tuple

import pytest

import ohbridge
from ohbridge import OperationType, TriggerInfo, Want, WantAgentInfo
from ohbridge.errors import BusinessError, NotSupportedError
from ohbridge.recording import ReplayDivergence, read_recording

TABLET = "PEER1000000000000000000000000000000000000000000000000000000000B"


def info(code: int = 0) -> WantAgentInfo:
    return WantAgentInfo(wants=[Want(bundle_name="com.example.myapplication", ability_name="EntryAbility")],
                         operation_type=OperationType.START_ABILITY, request_code=code)


def session(dev: ohbridge.Device) -> List[Any]:
    """Calls of every shape: sync, callback, pending, listener events, on/off, asyncio; what they gave."""
    seen: List[Any] = []
    lock = threading.Lock()

    def note(*item: Any) -> None:
        with lock:
            seen.append(item)

    wa, dmm = dev.want_agent, dev.distributed_mission_manager
    agent = wa.get_want_agent(info())
    note("bundle", wa.get_bundle_name(agent), "equal", wa.equal(agent, wa.get_want_agent(info())))
    note("final", wa.trigger_async(agent, TriggerInfo(code=9)).final_code)
    done = threading.Event()
    wa.get_uid(agent, callback=lambda err, uid: (note("uid", err, uid), done.set()))
    assert done.wait(10)
    wa.trigger(agent, TriggerInfo(code=4), callback=lambda err, data: note("completed", data.final_code))
    dev.flush()
    dmm.register_mission_listener({"deviceId": TABLET}, {
        "notifyMissionsChanged": lambda d: note("changed", d),
        "notifySnapshot": lambda d, m: note("snapshot", d, m),
        "notifyNetDisconnect": lambda d, s: note("disconnect", d, s)})
    dmm.start_sync_remote_missions({"deviceId": TABLET, "fixConflict": False, "tag": 0})
    dev.flush()
    note("remote", [m.mission_id for m in dev.missions.get_mission_infos(TABLET, 10)])

    def on_state(change: Any) -> None:
        note("state", change)

    dmm.on("continueStateChange", on_state)
    dmm.off("continueStateChange", on_state)
    with pytest.raises(BusinessError) as caught:
        dmm.off("continueStateChange", on_state)
    note("off again", caught.value.code)
    with pytest.raises(BusinessError) as caught:
        dev.missions.get_mission_info("", 12345)
    note("no mission", caught.value.code)

    async def in_loop() -> Tuple[Any, ...]:
        a = await dev.aio.want_agent.get_want_agent(info(5))
        return (await dev.aio.want_agent.get_operation_type(a), await dev.aio.want_agent.get_bundle_name(a))

    note("aio", asyncio.run(in_loop()))
    dmm.unregister_mission_listener({"deviceId": TABLET})
    with lock:
        return sorted(seen, key=repr)  # callbacks from the dispatcher may interleave differently


@pytest.fixture
def recorded(tmp_path: Path) -> Tuple[Path, List[Any]]:
    path = tmp_path / "session.ohrec"
    with ohbridge.connect("stub", record=path) as dev:
        seen = session(dev)
    return path, seen


def test_replay_serves_the_recorded_answers_events_and_errors(recorded: Tuple[Path, List[Any]]) -> None:
    path, seen = recorded
    assert ("snapshot", TABLET, 1) in [s[:3] for s in seen]  # the sync's events were there to replay
    with ohbridge.connect(f"replay:{path}") as dev:
        assert dev.backend == "stub"  # the recorded backend, so capability checks hold
        assert session(dev) == seen
        assert dev._backend.remaining == []
        assert dev._backend.clock_ms > 0  # the recorded time of the last event, reached without sleeping


def test_the_first_divergent_call_fails_at_once_naming_it(recorded: Tuple[Path, List[Any]]) -> None:
    path, _ = recorded
    with ohbridge.connect(f"replay:{path}") as dev:
        agent = dev.want_agent.get_want_agent(info())
        with pytest.raises(ReplayDivergence) as caught:
            dev.want_agent.get_uid(agent)
    message = str(caught.value)
    assert "diverged at call #2 of" in message
    assert 'recorded: wantAgent.getBundleName({"$handle":1})' in message
    assert 'actual:   wantAgent.getUid({"$handle":1})' in message
    assert "the method differs" in message


def test_a_call_past_the_end_of_the_recording_says_so(tmp_path: Path) -> None:
    path = tmp_path / "short.ohrec"
    with ohbridge.connect("stub", record=path) as dev:
        dev.missions.get_mission_infos("", 3)
    with ohbridge.connect(f"replay:{path}") as dev:
        dev.missions.get_mission_infos("", 3)
        with pytest.raises(ReplayDivergence, match=r"call #2 missionManager.getMissionInfos\(\"\",4\) was not "
                                                   r"recorded: the recording ends after 1 call"):
            dev.missions.get_mission_infos("", 4)


def test_out_of_order_matching_serves_independent_calls_in_another_order(tmp_path: Path) -> None:
    path = tmp_path / "order.ohrec"
    with ohbridge.connect("stub", record=path) as dev:
        first = dev.want_agent.get_want_agent(info(1))
        second = dev.want_agent.get_want_agent(info(2))
        wanted = (dev.want_agent.get_uid(first), dev.want_agent.get_bundle_name(second))
    with ohbridge.connect(f"replay:{path}") as dev:
        dev.want_agent.get_want_agent(info(1))
        with pytest.raises(ReplayDivergence, match="args.0..requestCode: recorded 2, actual 3"):
            dev.want_agent.get_want_agent(info(3))
    from ohbridge.recording import open_replay

    with open_replay(str(path), out_of_order=True) as dev:
        second = dev.want_agent.get_want_agent(info(2))
        first = dev.want_agent.get_want_agent(info(1))
        assert (dev.want_agent.get_uid(first), dev.want_agent.get_bundle_name(second)) == wanted
        with pytest.raises(ReplayDivergence, match="call #5 .* was not recorded"):
            dev.want_agent.get_want_agent(info(3))
    with open_replay(str(path), out_of_order=True) as dev:
        with pytest.raises(ReplayDivergence, match="out-of-order matching: no call not yet served"):
            dev.want_agent.get_want_agent(info(3))


def test_the_backend_ainvoke_twin_records_and_replays(tmp_path: Path) -> None:
    path = tmp_path / "aio.ohrec"

    async def run(backend: Any) -> Tuple[int, Any]:
        result: Tuple[int, Any] = await backend.ainvoke("missionManager.getMissionInfos", ["", 2])
        return result

    with ohbridge.connect("stub", record=path) as dev:
        kind, payload = asyncio.run(run(dev._backend))
    with ohbridge.connect(f"replay:{path}") as dev:
        assert asyncio.run(run(dev._backend)) == (kind, payload)
    assert read_recording(path).calls[0]["method"] == "missionManager.getMissionInfos"


def test_world_controls_are_not_recorded_and_a_replay_says_it_has_none(tmp_path: Path) -> None:
    path = tmp_path / "controls.ohrec"
    with ohbridge.connect("stub", record=path) as dev:
        dev.stub.install_bundle("com.example.extra", 20010999)  # a control, not an API call
        assert "com.example.extra" in dev.stub.bundles()
    assert read_recording(path).calls == []
    with ohbridge.connect(f"replay:{path}") as dev:
        with pytest.raises(NotSupportedError, match="world controls"):
            dev.stub.bundles()
