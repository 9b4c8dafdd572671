"""cancel, the queries, and what each of them does in each state of the target.

Sources (openharmony/ability_ability_runtime, OpenHarmony-6.0-Release): frameworks/js/napi/wantagent/
napi_want_agent.cpp JsWantAgent::OnCancel, OnGetBundleName, OnGetUid, OnNapiGetOperationType,
OnNapiGetWant, OnEqual; interfaces/inner_api/wantagent/src/want_agent_client.cpp (the IPC failure codes:
WantAgentClient::GetPendingWantBundleName, GetPendingWantUid, GetPendingWantType, GetPendingRequestWant,
GetPendingWantCode, CancelWantSender); services/abilitymgr/src/pending_want_manager.cpp
PendingWantManager::CancelWantSender (only a system app or an SA cancels), GetPendingWantBundleName, GetPendingWantUid,
GetPendingWantType, GetPendingWantCode, GetPendingRequestWant (a record not in the map answers "", -1, -1, -1,
ERR_INVALID_VALUE).

Three states of what a WantAgent points at: a live record, a record that was
canceled and erased (by a system cancel, a ONE_TIME trigger, or CANCEL_PRESENT),
and a null target (a hollow agent).
"""

from __future__ import annotations

from typing import Any, Callable, Dict

import pytest

from ohbridge import Device, OperationType, WantAgent, WantAgentFlags
from ohbridge.errors import (
    InvalidWantAgentError,
    ParameterError,
    ServiceBusyError,
    ServiceTimeoutError,
    WantAgentCanceledError,
)

from .conftest import OWN_BUNDLE, Completions, info

F = WantAgentFlags


def make_live(dev: Device) -> WantAgent:
    return dev.want_agent.get_want_agent(info())


def cancel_by_system(dev: Device) -> WantAgent:
    agent = make_live(dev)
    dev.want_agent.cancel(agent)
    return agent


def fire_one_time(dev: Device) -> WantAgent:
    agent = dev.want_agent.get_want_agent(info(flags=[F.ONE_TIME_FLAG]))
    dev.want_agent.trigger(agent, {"code": 0})
    return agent


def replace_by_cancel_present(dev: Device) -> WantAgent:
    agent = make_live(dev)
    dev.want_agent.get_want_agent(info(flags=[F.CANCEL_PRESENT_FLAG]))
    return agent


def make_hollow(dev: Device) -> WantAgent:
    return dev.want_agent.get_want_agent(info(flags=[F.NO_BUILD_FLAG]))


GONE: Dict[str, Callable[[Device], WantAgent]] = {
    "system_cancel": cancel_by_system,
    "one_time_fired": fire_one_time,
    "cancel_present_replaced": replace_by_cancel_present,
}


# -- live record ----------------------------------------------------------------

def test_matrix_live_queries(dev: Device) -> None:
    agent = make_live(dev)
    assert dev.want_agent.get_bundle_name(agent) == OWN_BUNDLE
    assert dev.want_agent.get_uid(agent) == dev.stub.caller["uid"]
    assert dev.want_agent.get_operation_type(agent) == OperationType.START_ABILITY
    assert dev.want_agent.get_want(agent).ability_name == "EntryAbility"
    assert dev.want_agent.equal(agent, agent) is True


def test_matrix_live_trigger_async_resolves_complete_data(dev: Device) -> None:
    data = dev.want_agent.trigger_async(make_live(dev), {"code": 5})
    assert data.final_code == 5 and data.want.bundle_name == OWN_BUNDLE


def test_matrix_live_trigger_async_start_failure_rejects_16000151(dev: Device) -> None:
    agent = dev.want_agent.get_want_agent(info(wants=[{"bundleName": OWN_BUNDLE, "abilityName": "Nope"}]))
    with pytest.raises(InvalidWantAgentError):
        dev.want_agent.trigger_async(agent, {"code": 5})


def test_matrix_live_cancel_by_third_party_is_a_no_op(dev: Device) -> None:
    agent = make_live(dev)
    dev.stub.set_caller(system_app=False)
    dev.want_agent.cancel(agent)  # resolves...
    assert dev.stub.pending_want_count == 1  # ...and does nothing
    assert dev.want_agent.get_bundle_name(agent) == OWN_BUNDLE


def test_matrix_live_cancel_by_system_app_erases(dev: Device) -> None:
    agent = make_live(dev)
    dev.want_agent.cancel(agent)
    assert dev.stub.pending_want_count == 0


def test_matrix_live_cancel_by_system_ability_erases(dev: Device) -> None:
    agent = make_live(dev)
    dev.stub.set_caller(system_app=False, system_ability=True)
    dev.want_agent.cancel(agent)
    assert dev.stub.pending_want_count == 0


# -- canceled & erased ---------------------------------------------------------------

@pytest.mark.parametrize("how", list(GONE), ids=list(GONE))
def test_matrix_gone_trigger_no_callback_no_error(dev: Device, completions: Completions, how: str) -> None:
    agent = GONE[how](dev)
    assert dev.want_agent.trigger(agent, {"code": 0}, completions) is None
    assert completions.wait() == []


@pytest.mark.parametrize("how", list(GONE), ids=list(GONE))
def test_matrix_gone_trigger_async_rejects_16000153(dev: Device, how: str) -> None:
    with pytest.raises(WantAgentCanceledError) as e:
        dev.want_agent.trigger_async(GONE[how](dev), {"code": 0})
    assert e.value.message == "The WantAgent has been canceled."


@pytest.mark.parametrize("how", list(GONE), ids=list(GONE))
def test_matrix_gone_queries(dev: Device, how: str) -> None:
    agent = GONE[how](dev)
    assert dev.want_agent.get_bundle_name(agent) == ""
    assert dev.want_agent.get_uid(agent) == -1
    assert dev.want_agent.get_operation_type(agent) == OperationType.UNKNOWN_TYPE
    with pytest.raises(ServiceTimeoutError) as e:
        dev.want_agent.get_want(agent)
    assert e.value.message == "Service timeout."


@pytest.mark.parametrize("how", list(GONE), ids=list(GONE))
def test_matrix_gone_equal_compares_code_minus_one(dev: Device, how: str) -> None:
    dead = GONE[how](dev)
    # A second dead record under another key (flags are not in the key, so a
    # same-key "one-time" request would just find the live replacement).
    other_dead = dev.want_agent.get_want_agent(info(code=50))
    dev.want_agent.cancel(other_dead)
    live = dev.want_agent.get_want_agent(info(code=99))
    assert dev.want_agent.equal(dead, other_dead) is True  # two dead agents compare equal
    assert dev.want_agent.equal(dead, live) is False


@pytest.mark.parametrize("how", list(GONE), ids=list(GONE))
def test_matrix_gone_cancel_is_ok_no_op(dev: Device, how: str) -> None:
    agent = GONE[how](dev)
    before = dev.stub.pending_want_count
    dev.want_agent.cancel(agent)
    assert dev.stub.pending_want_count == before


def test_matrix_gone_new_get_want_agent_gives_new_record(dev: Device) -> None:
    old = fire_one_time(dev)
    new = dev.want_agent.get_want_agent(info(flags=[F.ONE_TIME_FLAG]))
    assert not dev.want_agent.equal(old, new)
    assert dev.want_agent.get_bundle_name(new) == OWN_BUNDLE


# -- hollow agent ---------------------------------------------------------------------

def test_matrix_hollow_trigger_no_callback_no_error(dev: Device, completions: Completions) -> None:
    dev.want_agent.trigger(make_hollow(dev), {"code": 0}, completions)
    assert completions.wait() == []


def test_matrix_hollow_trigger_async_rejects_16000151(dev: Device) -> None:
    with pytest.raises(InvalidWantAgentError):
        dev.want_agent.trigger_async(make_hollow(dev), {"code": 0})


@pytest.mark.parametrize("method", ["get_bundle_name", "get_uid", "get_operation_type", "get_want"])
def test_matrix_hollow_queries_16000151(dev: Device, method: str) -> None:
    with pytest.raises(InvalidWantAgentError) as e:
        getattr(dev.want_agent, method)(make_hollow(dev))
    assert (e.value.code, e.value.message) == (16000151, "Invalid wantAgent object.")


@pytest.mark.parametrize("side", ["first", "second"])
def test_matrix_hollow_equal_16000151(dev: Device, side: str) -> None:
    hollow, live = make_hollow(dev), make_live(dev)
    pair = (hollow, live) if side == "first" else (live, hollow)
    with pytest.raises(InvalidWantAgentError):
        dev.want_agent.equal(*pair)


def test_matrix_hollow_cancel_rejects_401_invalid_input(dev: Device) -> None:
    with pytest.raises(ParameterError) as e:
        dev.want_agent.cancel(make_hollow(dev))
    assert e.value.message == "Invalid input parameter."


# -- IPC failures: the code each WantAgentClient method returns when SendRequest fails ------

IPC: Dict[str, Any] = {
    "getBundleName": ("get_bundle_name", ServiceBusyError),
    "getUid": ("get_uid", ServiceBusyError),
    "cancel": ("cancel", ServiceBusyError),
    "getOperationType": ("get_operation_type", ServiceTimeoutError),
    "getWant": ("get_want", ServiceTimeoutError),
    "equal": ("equal", ServiceTimeoutError),
}


@pytest.mark.parametrize("js_name", list(IPC))
def test_ipc_failure_maps_to_documented_code(dev: Device, js_name: str) -> None:
    method, error = IPC[js_name]
    agent = make_live(dev)
    dev.stub.fail_next("wantAgent." + js_name)
    args = (agent, agent) if js_name == "equal" else (agent,)
    with pytest.raises(error):
        getattr(dev.want_agent, method)(*args)
    getattr(dev.want_agent, method)(*args)  # one-shot: the next call works


def test_ipc_failure_in_trigger_async_is_16000015(dev: Device) -> None:
    agent = make_live(dev)
    dev.stub.fail_next("wantAgent.triggerAsync")
    with pytest.raises(ServiceTimeoutError):
        dev.want_agent.trigger_async(agent, {"code": 0})


def test_trigger_async_not_ability_context_is_16000020(dev: Device) -> None:
    from ohbridge.errors import NotAbilityContextError

    agent = make_live(dev)
    dev.stub.set_caller(ability_context=False)
    with pytest.raises(NotAbilityContextError) as e:
        dev.want_agent.trigger_async(agent, {"code": 0})
    assert e.value.message == "The context is not ability context."
