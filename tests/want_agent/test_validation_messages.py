"""Every synchronous 401 of @ohos.app.ability.wantAgent, with its exact message.

Source: openharmony/ability_ability_runtime frameworks/js/napi/wantagent/napi_want_agent.cpp (the
functions named per section below; OpenHarmony-6.0-Release, with the API 9 difference of
OpenHarmony-3.2-Release where a test says so); the "Too few parameters." text is ERR_MSG_TOO_FEW_PARAM of
frameworks/native/runtime/js_error_utils.cpp ThrowTooFewParametersError.

The message tells the caller which check failed on a device; the stub must
say the same thing, in the same order of checks.
"""

from __future__ import annotations

from typing import Any, Dict, List

import pytest

import ohbridge
from ohbridge import Device
from ohbridge._native import undefined
from ohbridge.errors import NotSystemAppError, ParameterError

from .conftest import info, want

TOO_FEW = "Parameter error. Too few parameters."
INFO = "Parameter error! Info must be a WantAgentInfo."
TRIGGER_INFO = "Get trigger info error. TriggerInfo must be a TriggerInfo."


def raw(dev: Device, method: str, *args: Any) -> Any:
    """Call an export with exactly these JS arguments (argc included)."""
    return dev._backend.invoke("wantAgent." + method, list(args))


def expect_401(dev: Device, method: str, args: List[Any], message: str) -> None:
    with pytest.raises(ParameterError) as e:
        raw(dev, method, *args)
    assert e.value.code == 401
    assert e.value.message == message


@pytest.fixture
def agent(dev: Device) -> Any:
    return dev.want_agent.get_want_agent(info())._handle


# -- JsWantAgent::OnNapiGetWantAgent, GetWantAgentParam ----------------------------

@pytest.mark.parametrize("args", [[], [info(), None, None]], ids=["argc0", "argc3"])
def test_get_want_agent_argc_not_1_or_2_too_few_parameters(dev: Device, args: List[Any]) -> None:
    expect_401(dev, "getWantAgent", args, TOO_FEW)


BAD_INFOS: Dict[str, Any] = {
    "info_not_object": "wants",
    "info_number": 5,
    "wants_missing": {"operationType": 1, "requestCode": 0},
    "wants_not_array": info(wants=None) | {"wants": "x"},
    "wants_element_not_object": info() | {"wants": [1]},
    "action_type_not_int": info() | {"actionType": "1"},
    "operation_type_not_int": info() | {"operationType": "1"},
    "operation_type_null": info() | {"operationType": None},
    "request_code_missing": {"wants": [want()], "operationType": 1},
    "request_code_not_number": info() | {"requestCode": "0"},
    "action_flags_not_array": info() | {"actionFlags": 3},
    "action_flags_element_not_number": info() | {"actionFlags": ["3"]},
    "want_agent_flags_not_array": info() | {"wantAgentFlags": 3},
    "want_agent_flags_element_not_number": info() | {"wantAgentFlags": [True]},
    "extra_info_not_object": info() | {"extraInfo": 3},
    "extra_infos_not_object_wins": info() | {"extraInfos": "x", "extraInfo": {"a": 1}},
    "extra_info_unconvertible": info() | {"extraInfo": {"f": lambda: None}},
}


@pytest.mark.parametrize("bad", list(BAD_INFOS.values()), ids=list(BAD_INFOS))
def test_get_want_agent_info_must_be_a_want_agent_info(dev: Device, bad: Any) -> None:
    expect_401(dev, "getWantAgent", [bad], INFO)


def test_get_want_agent_action_type_wins_over_operation_type(dev: Device) -> None:
    # A valid actionType hides a broken operationType: only one is read.
    agent = dev.want_agent.get_want_agent(info() | {"actionType": 1, "operationType": "x"})
    assert dev.want_agent.get_operation_type(agent) == 1


def test_get_want_agent_action_flags_win_over_want_agent_flags(dev: Device) -> None:
    dev.want_agent.get_want_agent(info() | {"actionFlags": [3], "wantAgentFlags": "x"})


@pytest.mark.parametrize("api_version", [20, 23], ids=["api20", "api23"])
def test_get_want_agent_user_id_is_checked_from_6_1(api_version: int) -> None:
    # GetWantAgentParam reads userId (ConvertFromJsValue to int32) only from
    # 6.1-Release (24abece263); up to 6.0 the key is never looked at.
    with ohbridge.connect("stub", api_version=api_version) as dev:
        bad = info() | {"userId": "100"}
        if api_version >= 23:
            expect_401(dev, "getWantAgent", [bad], INFO)
        else:
            raw(dev, "getWantAgent", bad)


def test_get_want_agent_flag_values_out_of_range_accepted_syntactically(dev: Device) -> None:
    # 0..10 are defined; others pass the sync check (and are dropped later).
    dev.want_agent.get_want_agent(info(flags=[3, 99, -1]))


# -- JsWantAgent::OnNapiTrigger, UnWrapTriggerInfoParam, GetTriggerInfo --------------

@pytest.mark.parametrize("argc", [0, 1, 2, 4])
def test_trigger_argc_not_3_too_few_parameters(dev: Device, agent: Any, argc: int) -> None:
    args = [agent, {"code": 0}, undefined, undefined][:argc]
    expect_401(dev, "trigger", args, TOO_FEW)


def test_trigger_argc_message_api9(dev: Device, agent: Any) -> None:
    dev.stub.api_version = 9
    expect_401(dev, "trigger", [agent, {"code": 0}], "Invalid input parameter.")


@pytest.mark.parametrize("bad", [None, 3, "agent"], ids=["null", "number", "string"])
def test_trigger_agent_not_object(dev: Device, bad: Any) -> None:
    expect_401(dev, "trigger", [bad, {"code": 0}, undefined], "Wrong argument type. Agent must be a WantAgent.")


@pytest.mark.parametrize("bad", [{}, [], {"code": 1}], ids=["dict", "list", "lookalike"])
def test_trigger_agent_not_a_want_agent(dev: Device, bad: Any) -> None:
    expect_401(dev, "trigger", [bad, {"code": 0}, undefined], "Parse pWantAgent failed. Agent must be a WantAgent.")


BAD_TRIGGER_INFOS: Dict[str, Any] = {
    "not_object": 0,
    "code_missing": {},
    "code_not_number": {"code": "0"},
    "want_not_object": {"code": 0, "want": "w"},
    "permission_not_string": {"code": 0, "permission": 1},
    "extra_infos_not_object": {"code": 0, "extraInfos": 1},
    "extra_info_not_object": {"code": 0, "extraInfo": [1]},
}


@pytest.mark.parametrize("bad", list(BAD_TRIGGER_INFOS.values()), ids=list(BAD_TRIGGER_INFOS))
def test_trigger_info_must_be_a_trigger_info(dev: Device, agent: Any, bad: Any) -> None:
    expect_401(dev, "trigger", [agent, bad, undefined], TRIGGER_INFO)


def test_trigger_start_options_from_non_system_app_is_202(dev: Device, agent: Any) -> None:
    dev.stub.set_caller(system_app=False)
    with pytest.raises(NotSystemAppError) as e:
        raw(dev, "trigger", agent, {"code": 0, "startOptions": {}}, undefined)
    assert (e.value.code, e.value.message) == (202, "The application is not system-app, can not use system-api.")


def test_trigger_returns_null_synchronously(dev: Device, agent: Any) -> None:
    assert raw(dev, "trigger", agent, {"code": 0}, undefined) == (0, None)


# -- JsWantAgent::OnCancel ----------------------------------------------------------

@pytest.mark.parametrize("argc", [0, 3])
def test_cancel_argc_not_1_or_2_too_few_parameters(dev: Device, agent: Any, argc: int) -> None:
    expect_401(dev, "cancel", [agent] * argc, TOO_FEW)


def test_cancel_agent_not_object(dev: Device) -> None:
    expect_401(dev, "cancel", [1], "Wrong argument type. Agent must be a WantAgent.")


def test_cancel_agent_unwrap_fails(dev: Device) -> None:
    expect_401(dev, "cancel", [{}], "Parse pWantAgent error. Agent must be a WantAgent.")


# -- JsWantAgent::OnGetBundleName, OnGetUid, OnNapiGetOperationType, OnNapiGetWant, OnEqual --

QUERY_MESSAGES = {
    "getBundleName": ("Wrong argument type. Agent must be a WantAgent.",
                      "Parse pWantAgent failed. Agent must be a WantAgent."),
    "getUid": ("Wrong argument type. Agent must be a WantAgent.",
               "Parse pWantAgent error. Agent must be a WantAgent."),
    "getOperationType": ("Parameter error! Agent must be a WantAgent.",
                         "Parse wantAgent failed! Agent must be a WantAgent."),
    "getWant": ("Parameter error! Agent must be a WantAgent!",
                "Parse wantAgent failed! Agent must be a WantAgent!"),
}


@pytest.mark.parametrize("method", list(QUERY_MESSAGES))
@pytest.mark.parametrize("argc", [0, 3])
def test_query_argc_not_1_or_2_too_few_parameters(dev: Device, agent: Any, method: str, argc: int) -> None:
    expect_401(dev, method, [agent] * argc, TOO_FEW)


@pytest.mark.parametrize("method", list(QUERY_MESSAGES))
def test_query_agent_not_object(dev: Device, method: str) -> None:
    expect_401(dev, method, ["agent"], QUERY_MESSAGES[method][0])


@pytest.mark.parametrize("method", list(QUERY_MESSAGES))
def test_query_agent_unwrap_fails(dev: Device, method: str) -> None:
    expect_401(dev, method, [{"bundleName": "x"}], QUERY_MESSAGES[method][1])


def test_get_want_system_check_comes_before_type_checks(dev: Device) -> None:
    dev.stub.set_caller(system_app=False)
    with pytest.raises(NotSystemAppError):
        raw(dev, "getWant", "not an agent")


@pytest.mark.parametrize("argc", [1, 4])
def test_equal_argc_not_2_or_3_too_few_parameters(dev: Device, agent: Any, argc: int) -> None:
    expect_401(dev, "equal", [agent] * argc, TOO_FEW)


def test_equal_first_not_object(dev: Device, agent: Any) -> None:
    expect_401(dev, "equal", [0, agent], "Wrong argument type. Agent must be a WantAgent.")


def test_equal_first_unwrap_fails(dev: Device, agent: Any) -> None:
    expect_401(dev, "equal", [{}, agent], "Parse pWantAgentFirst failed. Agent must be a WantAgent.")


def test_equal_second_not_object(dev: Device, agent: Any) -> None:
    expect_401(dev, "equal", [agent, 0], "Wrong argument type. OtherAgent must be a WantAgent.")


def test_equal_second_unwrap_fails_sic(dev: Device, agent: Any) -> None:
    expect_401(dev, "equal", [agent, {}], "Parse pWantAgentSceond failed. OtherAgent must be a WantAgent.")


def test_agent_from_another_device_is_not_a_want_agent(dev: Device) -> None:
    with ohbridge.connect("stub") as other:
        foreign = other.want_agent.get_want_agent(info())
        with pytest.raises(ParameterError, match="Parse pWantAgent failed"):
            dev.want_agent.get_bundle_name(foreign)


# -- JsWantAgent::OnNapiTriggerAsync ------------------------------------------------

def test_trigger_async_argc_below_3_too_few(dev: Device, agent: Any) -> None:
    expect_401(dev, "triggerAsync", [agent, {"code": 0}], TOO_FEW)


def test_trigger_async_null_context(dev: Device, agent: Any) -> None:
    expect_401(dev, "triggerAsync", [agent, {"code": 0}, None], "Parse param context failed, must not be nullptr.")


def test_trigger_async_non_system_is_202(dev: Device, agent: Any) -> None:
    dev.stub.set_caller(system_app=False)
    with pytest.raises(NotSystemAppError):
        raw(dev, "triggerAsync", agent, {"code": 0}, "context")
