"""One test file for the simulated device and for real ones.

    pytest examples/hil --ohos-stub                 # the in-process simulation
    pytest examples/hil --ohos-scenario examples/scenarios/living_room.toml   # a world of three devices
    pytest examples/hil --ohos-device hdc:SERIAL    # a real device (the agent is pushed for you)
    pytest examples/hil --ohos-testbed examples/lab.toml -n 2   # the devices of a testbed

Two devices of one world at work: test_distributed.py.

The tests use only the API (no stub controls), so what passes here on the stub must pass on a
device.  Markers say what a test needs; a test the selected device cannot serve is skipped with
the reason.
"""

from __future__ import annotations

import pytest

import ohbridge
from ohbridge import OperationType, TriggerInfo, Want, WantAgentFlags, WantAgentInfo
from ohbridge.errors import BusinessError

BUNDLE = "com.example.myapplication"


def start_info(request_code: int = 0) -> WantAgentInfo:
    return WantAgentInfo(wants=[Want(bundle_name=BUNDLE, ability_name="EntryAbility")],
                         operation_type=OperationType.START_ABILITY, request_code=request_code,
                         want_agent_flags=[WantAgentFlags.UPDATE_PRESENT_FLAG])


@pytest.mark.ohos_requires(features=["want_agent"])
def test_a_want_agent_names_its_bundle(ohos_device: ohbridge.Device) -> None:
    agent = ohos_device.want_agent.get_want_agent(start_info())
    assert ohos_device.want_agent.get_bundle_name(agent) == BUNDLE
    assert ohos_device.want_agent.get_operation_type(agent) == OperationType.START_ABILITY


@pytest.mark.ohos_requires(features=["want_agent"])
def test_the_same_info_gives_the_same_record(ohos_device: ohbridge.Device) -> None:
    wa = ohos_device.want_agent
    assert wa.equal(wa.get_want_agent(start_info()), wa.get_want_agent(start_info()))
    assert not wa.equal(wa.get_want_agent(start_info()), wa.get_want_agent(start_info(request_code=7)))


@pytest.mark.ohos_requires(features=["want_agent"])
def test_a_trigger_completes_with_its_code(ohos_device: ohbridge.Device) -> None:
    agent = ohos_device.want_agent.get_want_agent(start_info())
    done = ohos_device.want_agent.trigger_async(agent, TriggerInfo(code=42))
    assert done.final_code == 42


@pytest.mark.ohos_requires(features=["want_agent"])
def test_a_canceled_agent_is_hollow(ohos_device: ohbridge.Device) -> None:
    agent = ohos_device.want_agent.get_want_agent(start_info(request_code=3))
    ohos_device.want_agent.cancel(agent)
    assert ohos_device.want_agent.get_bundle_name(agent) == ""


@pytest.mark.ohos_requires(features=["missions"])
def test_the_local_mission_list_is_most_recent_first(ohos_device: ohbridge.Device) -> None:
    missions = ohos_device.missions.get_mission_infos("", 10)
    stamps = [int(m.timestamp) for m in missions]
    assert stamps == sorted(stamps, reverse=True)


@pytest.mark.ohos_requires(features=["want_agent"])
def test_bad_input_is_a_401(ohos_device: ohbridge.Device) -> None:
    with pytest.raises(BusinessError) as caught:
        ohos_device.want_agent.get_uid("not an agent")  # type: ignore[arg-type]
    assert caught.value.code == 401


@pytest.mark.ohos_requires(features=["real_device"])
def test_only_on_hardware(ohos_device: ohbridge.Device) -> None:
    assert ohos_device.transport is not None
