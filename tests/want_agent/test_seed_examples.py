"""The examples of the seed page (the OpenHarmony API reference js-apis-app-ability-wantAgent),
translated to Python and run against the stub.

Each JS example has a callback form and a Promise form; here the callback
form is ``callback=`` and the Promise form is ``device.aio``.  Where the page
and the running system disagree, the test follows the system (the
openharmony/ability_ability_runtime sources named at each such place) and
says so.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional

import pytest

from ohbridge import BusinessError, CompleteData, Device, OperationType, WantAgent, WantAgentFlags

# The WantAgentInfo every example on the page uses.
WANT_AGENT_INFO: Dict[str, Any] = {
    "wants": [
        {
            "deviceId": "deviceId",
            "bundleName": "com.example.myapplication",
            "abilityName": "EntryAbility",
            "action": "action1",
            "entities": ["entity1"],
            "type": "MIMETYPE",
            "uri": "key={true,true,false}",
            "parameters": {
                "mykey0": 2222,
                "mykey1": [1, 2, 3],
                "mykey2": "[1, 2, 3]",
                "mykey3": "ssssssssssssssssssssssssss",
                "mykey4": [False, True, False],
                "mykey5": ["qqqqq", "wwwwww", "aaaaaaaaaaaaaaaaa"],
                "mykey6": True,
            },
        }
    ],
    "actionType": OperationType.START_ABILITY,
    "requestCode": 0,
    "wantAgentFlags": [WantAgentFlags.UPDATE_PRESENT_FLAG],
}


class Log:
    """console.info / console.error of the examples."""

    def __init__(self) -> None:
        self.lines: List[str] = []

    def callback(self, name: str) -> Any:
        def cb(err: Optional[BusinessError], data: Any) -> None:
            if err:
                self.lines.append(f"{name} failed! {err.code} {err.message}")
            else:
                self.lines.append(f"{name} ok! {data!r}")
        return cb


def get_want_agent_by_callback(dev: Device) -> WantAgent:
    got: List[Any] = []
    dev.want_agent.get_want_agent(WANT_AGENT_INFO, callback=lambda err, data: got.append((err, data)))
    dev.flush()
    (err, data), = got
    assert err is None, "getWantAgent failed"
    return data


def test_seed_get_want_agent_callback(dev: Device) -> None:
    assert isinstance(get_want_agent_by_callback(dev), WantAgent)


def test_seed_get_want_agent_promise(dev: Device) -> None:
    async def main() -> WantAgent:
        return await dev.aio.want_agent.get_want_agent(WANT_AGENT_INFO)

    assert isinstance(asyncio.run(main()), WantAgent)


def test_seed_get_bundle_name(dev: Device) -> None:
    log = Log()
    agent = get_want_agent_by_callback(dev)
    dev.want_agent.get_bundle_name(agent, callback=log.callback("getBundleName"))
    dev.flush()
    assert log.lines == ["getBundleName ok! 'com.example.myapplication'"]
    assert asyncio.run(_aw(dev.aio.want_agent.get_bundle_name(agent))) == "com.example.myapplication"


def test_seed_get_uid(dev: Device) -> None:
    log = Log()
    agent = get_want_agent_by_callback(dev)
    dev.want_agent.get_uid(agent, callback=log.callback("getUid"))
    dev.flush()
    uid = dev.stub.caller["uid"]
    assert log.lines == [f"getUid ok! {uid}"]
    assert asyncio.run(_aw(dev.aio.want_agent.get_uid(agent))) == uid


def test_seed_cancel(dev: Device) -> None:
    log = Log()
    agent = get_want_agent_by_callback(dev)
    dev.want_agent.cancel(agent, callback=log.callback("cancel"))
    dev.flush()
    assert log.lines == ["cancel ok! None"]
    assert asyncio.run(_aw(dev.aio.want_agent.cancel(agent))) is None


def test_seed_trigger(dev: Device) -> None:
    got: List[Any] = []
    agent = get_want_agent_by_callback(dev)
    dev.want_agent.trigger(agent, {"code": 0}, lambda err, data: got.append((err, data)))
    dev.flush()
    (err, data), = got
    assert err is None and isinstance(data, CompleteData)
    # The page says finalCode is the execution result; the system echoes
    # TriggerInfo.code (services/abilitymgr/src/pending_want_record.cpp
    # PendingWantRecord::SenderInner: PerformReceive(want, senderInfo.code, ...)).
    # deviceId 'deviceId' names no device, so
    # the start itself fails, and the completion still arrives.
    assert data.final_code == 0
    assert dev.stub.started_abilities()[-1]["device_id"] == "deviceId"
    assert dev.stub.started_abilities()[-1]["result"] != 0
    assert data.want.parameters["mykey1"] == [1, 2, 3]


def test_seed_equal(dev: Device) -> None:
    log = Log()
    agent = get_want_agent_by_callback(dev)
    wantAgent1 = wantAgent2 = agent  # noqa: N806 - as on the page
    dev.want_agent.equal(wantAgent1, wantAgent2, callback=log.callback("equal"))
    dev.flush()
    assert log.lines == ["equal ok! True"]
    assert asyncio.run(_aw(dev.aio.want_agent.equal(wantAgent1, wantAgent2))) is True


def test_seed_get_operation_type(dev: Device) -> None:
    log = Log()
    agent = get_want_agent_by_callback(dev)
    dev.want_agent.get_operation_type(agent, callback=log.callback("getOperationType"))
    dev.flush()
    assert log.lines == [f"getOperationType ok! {OperationType.START_ABILITY!r}"]
    assert asyncio.run(_aw(dev.aio.want_agent.get_operation_type(agent))) == OperationType.START_ABILITY


def test_seed_try_catch_reports_sync_errors(dev: Device) -> None:
    # The examples wrap calls in try/catch for the synchronous 401s.
    with pytest.raises(BusinessError) as e:
        dev.want_agent.get_want_agent({"wants": "not a list"})
    assert e.value.code == 401


async def _aw(awaitable: Any) -> Any:
    return await awaitable
