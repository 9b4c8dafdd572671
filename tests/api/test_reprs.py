"""What a REPL user reads: the reprs of devices, API namespaces, controls, WantAgents and missions."""

from __future__ import annotations

import ohbridge
from ohbridge import AbilityState, ContinueState, MissionInfo, RunningState, Want

INFO = {"wants": [{"bundleName": "com.example.myapplication", "abilityName": "EntryAbility"}],
        "operationType": 4, "requestCode": 7, "wantAgentFlags": [2]}


def test_a_device_its_async_view_and_its_namespaces_say_what_they_are() -> None:
    dev = ohbridge.connect("stub")
    assert repr(dev) == "<ohbridge.Device 'stub' backend=stub>"
    assert repr(dev.aio) == "<ohbridge.AsyncDevice 'stub' backend=stub (device.aio)>"
    assert "@ohos.app.ability.wantAgent (sync)" in repr(dev.want_agent)
    assert "@ohos.app.ability.wantAgent (asyncio)" in repr(dev.aio.want_agent)
    assert "@ohos.distributedMissionManager (sync)" in repr(dev.distributed_mission_manager)
    assert "@ohos.distributedMissionManager (asyncio)" in repr(dev.aio.distributed_mission_manager)
    assert "mission list (sync" in repr(dev.missions) and "mission list (asyncio" in repr(dev.aio.missions)
    assert repr(dev.stub).startswith("<ohbridge StubControl (in process): local device LOCAL000")
    dev.close()
    assert repr(dev) == "<ohbridge.Device 'stub' backend=stub closed>"
    assert repr(dev.aio).endswith("closed (device.aio)>")
    assert "unreachable" in repr(dev.stub) or "StubControl" in repr(dev.stub)  # a repr never raises


def test_a_want_agent_shows_its_bundle_operation_type_and_request_code() -> None:
    with ohbridge.connect("stub") as dev:
        agent = dev.want_agent.get_want_agent(INFO)
        assert repr(agent) == "<WantAgent bundle='com.example.myapplication' operation=SEND_COMMON_EVENT request_code=7>"


def test_mission_info_names_its_states_and_keeps_values_and_equality() -> None:
    m = MissionInfo(mission_id=3, running_state=0, locked_state=False, continuable=True, timestamp="1",
                    want=Want.from_js({"bundleName": "com.example.app", "abilityName": "EntryAbility"}), label="App",
                    icon_path="", ability_state=9, unclearable=False, continue_state=1)
    text = repr(m)
    assert "running_state=RUNNING(0)" in text
    assert "ability_state=FOREGROUND(9)" in text
    assert "continue_state=INACTIVE(1)" in text
    assert m.running_state == RunningState.RUNNING == 0
    assert m.ability_state == AbilityState.FOREGROUND and m.continue_state == ContinueState.INACTIVE
    assert m == MissionInfo.from_js({"missionId": 3, "runningState": 0, "continuable": True, "timestamp": "1",
                                     "want": {"bundleName": "com.example.app", "abilityName": "EntryAbility"},
                                     "label": "App", "abilityState": 9, "continueState": 1})
    odd = MissionInfo.from_js({"missionId": 1, "abilityState": 99})
    assert "ability_state=99" in repr(odd)  # a value the enum lacks stays a number


def test_the_stub_reports_the_focused_ability_foreground_and_the_rest_background__AbilityState() -> None:
    # ability_runtime ability_state.h AAFwk::AbilityState, copied into MissionInfo by
    # MissionInfoMgr::SetMissionAbilityState on each AbilityRecord transition.
    with ohbridge.connect("stub") as dev:
        first, *rest = dev.missions.get_mission_infos("", 10)
        assert first.ability_state == AbilityState.FOREGROUND
        assert {m.ability_state for m in rest} == {AbilityState.BACKGROUND}
