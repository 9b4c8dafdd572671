"""getWantAgent after its argument checks: the asynchronous rejections and the record identity.

Sources (openharmony/ability_ability_runtime, OpenHarmony-6.0-Release unless a test says otherwise):
interfaces/inner_api/wantagent/src/want_agent_helper.cpp WantAgentHelper::GetWantAgent (and FlagsTransformer),
services/abilitymgr/src/ability_manager_service.cpp AbilityManagerService::GetWantSender / CheckSenderWantInfo,
services/abilitymgr/src/pending_want_manager.cpp PendingWantManager::GetWantSender, GetWantSenderLocked and
CheckPendingWantRecordByKey; openharmony/ability_ability_base interfaces/kits/native/want/src/want.cpp
Want::IsEquals and want_params.cpp WantParams::operator==.
"""

from __future__ import annotations

from typing import Any

import pytest

import ohbridge
from ohbridge import Device, OperationType, WantAgentFlags
from ohbridge.errors import InvalidWantAgentError, ParameterError, ServiceBusyError

from .conftest import OWN_BUNDLE, info, want

F = WantAgentFlags


def codes(dev: Device) -> list[int]:
    return [r["code"] for r in dev.stub.pending_wants()]


# -- WantAgentHelper::GetWantAgent, AbilityManagerService::GetWantSender, PendingWantManager::GetWantSender --

def test_create_without_application_context_rejects_401_invalid_input(dev: Device) -> None:
    dev.stub.set_caller(has_context=False)
    with pytest.raises(ParameterError) as e:
        dev.want_agent.get_want_agent(info())
    assert e.value.message == "Invalid input parameter."


def test_create_with_empty_wants_rejects_401(dev: Device) -> None:
    with pytest.raises(ParameterError, match="Invalid input parameter."):
        dev.want_agent.get_want_agent(info(wants=[]))


def test_create_with_only_unknown_flags_rejects_401(dev: Device) -> None:
    with pytest.raises(ParameterError, match="Invalid input parameter."):
        dev.want_agent.get_want_agent(info(flags=[42]))


def test_create_unknown_flags_dropped_when_a_known_one_remains(dev: Device) -> None:
    dev.want_agent.get_want_agent(info(flags=[42, F.ONE_TIME_FLAG]))


@pytest.mark.parametrize("op", [0, 7, -5], ids=["UNKNOWN_TYPE", "out_of_range", "negative"])
def test_create_with_unknown_operation_type_rejects_401(dev: Device, op: int) -> None:
    with pytest.raises(ParameterError):
        dev.want_agent.get_want_agent(info(op=op))


def test_create_with_missing_operation_type_rejects_401(dev: Device) -> None:
    bad = info()
    del bad["operationType"]
    with pytest.raises(ParameterError, match="Invalid input parameter."):
        dev.want_agent.get_want_agent(bad)


def test_create_ipc_failure_is_16000151(dev: Device) -> None:
    dev.stub.fail_next("wantAgent.getWantAgent")
    with pytest.raises(InvalidWantAgentError) as e:
        dev.want_agent.get_want_agent(info())
    assert e.value.message == "Invalid wantAgent object."


def test_create_no_ams_proxy_is_16000007(dev: Device) -> None:
    dev.stub.fail_next("wantAgent.getWantAgent", 16000007)
    with pytest.raises(ServiceBusyError):
        dev.want_agent.get_want_agent(info())


def test_third_party_targeting_other_bundle_gets_hollow_agent(dev: Device) -> None:
    # AMS returns a null sender; JS still resolves with a WantAgent object.
    dev.stub.set_caller(system_app=False)
    agent = dev.want_agent.get_want_agent(info(wants=[want(bundleName="com.ohos.settings")]))
    assert agent is not None
    with pytest.raises(InvalidWantAgentError):
        dev.want_agent.get_bundle_name(agent)
    assert dev.stub.pending_want_count == 0


def test_third_party_want_without_bundle_gets_hollow_agent(dev: Device) -> None:
    dev.stub.set_caller(system_app=False)
    agent = dev.want_agent.get_want_agent(info(wants=[{"abilityName": "EntryAbility"}]))
    with pytest.raises(InvalidWantAgentError):
        dev.want_agent.get_uid(agent)


def test_third_party_common_event_without_bundle_is_allowed(dev: Device) -> None:
    dev.stub.set_caller(system_app=False)
    agent = dev.want_agent.get_want_agent(info(wants=[{"action": "my.event"}], op=OperationType.SEND_COMMON_EVENT))
    assert dev.want_agent.get_uid(agent) == -1  # no bundleName: uid -1
    assert dev.want_agent.get_bundle_name(agent) == OWN_BUNDLE


def test_system_app_may_target_other_bundle(dev: Device) -> None:
    agent = dev.want_agent.get_want_agent(info(wants=[want(bundleName="com.ohos.settings")]))
    assert dev.want_agent.get_uid(agent) == dev.stub.bundles()["com.ohos.settings"]
    assert dev.want_agent.get_bundle_name(agent) == OWN_BUNDLE  # the creator, not the target


def test_third_party_service_extension_gets_hollow_agent(dev: Device) -> None:
    dev.stub.set_caller(system_app=False)
    agent = dev.want_agent.get_want_agent(info(op=OperationType.START_SERVICE_EXTENSION))
    with pytest.raises(InvalidWantAgentError):
        dev.want_agent.get_operation_type(agent)


def test_user_id_is_ignored_up_to_6_0(dev: Device) -> None:
    # OnNapiGetWantAgent / WantAgentHelper::GetWantAgent up to 6.0 never read
    # userId: the sender is the caller's bundle with userId -1.
    a = dev.want_agent.get_want_agent(info(wants=[want(bundleName="com.ohos.settings")], userId=100))
    assert dev.want_agent.get_bundle_name(a) == OWN_BUNDLE
    assert dev.stub.pending_wants()[0]["user_id"] == -1


@pytest.mark.parametrize("system_app", [True, False], ids=["system_app", "third_party"])
def test_user_id_from_6_1_makes_the_want_bundle_the_sender(system_app: bool) -> None:
    # 6.1: PendingWant::GetAbility takes the want's bundle when userId >= 0;
    # AbilityManagerService::GetWantSenderByUserId gives a system app the
    # want bundle's uid (so CheckSenderWantInfo lets it name another bundle)
    # and anyone else its own uid (so only its own bundle passes).
    with ohbridge.connect("stub", api_version=23) as dev:
        dev.stub.set_caller(system_app=system_app)
        own = dev.want_agent.get_want_agent(info(userId=100))
        assert dev.want_agent.get_bundle_name(own) == OWN_BUNDLE
        other = dev.want_agent.get_want_agent(info(wants=[want(bundleName="com.ohos.settings")], userId=100))
        if system_app:
            assert dev.want_agent.get_bundle_name(other) == "com.ohos.settings"
        else:
            with pytest.raises(InvalidWantAgentError):
                dev.want_agent.get_bundle_name(other)


def test_user_id_from_6_1_only_for_start_ability() -> None:
    # Only PendingWant::GetAbility receives userId; GetService & co. send -1.
    with ohbridge.connect("stub", api_version=23) as dev:
        a = dev.want_agent.get_want_agent(info(op=OperationType.START_SERVICE))
        b = dev.want_agent.get_want_agent(info(op=OperationType.START_SERVICE, userId=100))
        assert dev.want_agent.equal(a, b)
        c = dev.want_agent.get_want_agent(info(userId=100))
        d = dev.want_agent.get_want_agent(info())
        assert not dev.want_agent.equal(c, d)


def test_get_uid_is_bms_uid_of_last_want(dev: Device) -> None:
    agent = dev.want_agent.get_want_agent(
        info(wants=[want(), want(bundleName="com.ohos.camera", abilityName="MainAbility")],
             op=OperationType.START_ABILITIES))
    assert dev.want_agent.get_uid(agent) == dev.stub.bundles()["com.ohos.camera"]


# -- PendingWantManager::GetWantSenderLocked / CheckPendingWantRecordByKey, Want::IsEquals ----------------

def test_identity_same_key_returns_same_record(dev: Device) -> None:
    a = dev.want_agent.get_want_agent(info())
    b = dev.want_agent.get_want_agent(info())
    assert dev.want_agent.equal(a, b) is True
    assert len(codes(dev)) == 1


def test_identity_flags_are_not_part_of_the_key(dev: Device) -> None:
    a = dev.want_agent.get_want_agent(info(flags=[F.UPDATE_PRESENT_FLAG]))
    b = dev.want_agent.get_want_agent(info(flags=[F.CONSTANT_FLAG]))
    assert dev.want_agent.equal(a, b)
    assert dev.stub.pending_wants()[0]["flags"] == 1 << 27  # the creator's flags stay


@pytest.mark.parametrize(
    "field, value",
    [("requestCode", 1), ("operationType", OperationType.START_SERVICE)],
)
def test_identity_key_fields_distinguish_records(dev: Device, field: str, value: Any) -> None:
    a = dev.want_agent.get_want_agent(info())
    b = dev.want_agent.get_want_agent(info() | {field: value})
    assert dev.want_agent.equal(a, b) is False


@pytest.mark.parametrize(
    "override",
    [
        {"abilityName": "Other"},
        {"action": "a"},
        {"deviceId": "d"},
        {"moduleName": "m"},
        {"uri": "u"},
        {"type": "text/plain"},  # also the resolved type
        {"flags": 1},
        {"entities": ["e"]},
        {"parameters": {"k": 1}},
    ],
    ids=lambda o: next(iter(o)),
)
def test_identity_want_is_equals_fields_distinguish_records(dev: Device, override: dict) -> None:
    a = dev.want_agent.get_want_agent(info())
    b = dev.want_agent.get_want_agent(info(wants=[want(**override)]))
    assert not dev.want_agent.equal(a, b)


def test_identity_entities_are_ordered(dev: Device) -> None:
    a = dev.want_agent.get_want_agent(info(wants=[want(entities=["x", "y"])]))
    b = dev.want_agent.get_want_agent(info(wants=[want(entities=["y", "x"])]))
    assert not dev.want_agent.equal(a, b)


def test_identity_parameters_deep_compared(dev: Device) -> None:
    p1 = {"n": {"list": [1, 2, {"x": "y"}]}, "b": True}
    p2 = {"b": True, "n": {"list": [1, 2, {"x": "y"}]}}  # same content, other key order
    a = dev.want_agent.get_want_agent(info(wants=[want(parameters=p1)]))
    b = dev.want_agent.get_want_agent(info(wants=[want(parameters=p2)]))
    c = dev.want_agent.get_want_agent(info(wants=[want(parameters={"b": True, "n": {"list": [1, 2, {"x": "z"}]}})]))
    assert dev.want_agent.equal(a, b)
    assert not dev.want_agent.equal(a, c)


def test_identity_parameter_value_types_matter(dev: Device) -> None:
    a = dev.want_agent.get_want_agent(info(wants=[want(parameters={"v": 1})]))
    b = dev.want_agent.get_want_agent(info(wants=[want(parameters={"v": "1"})]))
    c = dev.want_agent.get_want_agent(info(wants=[want(parameters={"v": True})]))
    assert not dev.want_agent.equal(a, b)
    assert not dev.want_agent.equal(a, c)


def test_identity_integral_float_is_a_js_integer(dev: Device) -> None:
    # JS has one number type: 1.0 === 1, and WantParams stores both as Integer.
    a = dev.want_agent.get_want_agent(info(wants=[want(parameters={"v": 1})]))
    b = dev.want_agent.get_want_agent(info(wants=[want(parameters={"v": 1.0})]))
    assert dev.want_agent.equal(a, b)


def test_identity_extra_info_replaces_params_for_start_ability(dev: Device) -> None:
    # extraInfo replaces the want's parameters, so it is part of the identity.
    a = dev.want_agent.get_want_agent(info(extraInfo={"e": 1}))
    b = dev.want_agent.get_want_agent(info(extraInfo={"e": 2}))
    assert not dev.want_agent.equal(a, b)
    assert dev.want_agent.get_want(a).parameters == {"e": 1}


def test_identity_extra_info_replaces_params_of_every_want_for_start_abilities(dev: Device) -> None:
    agent = dev.want_agent.get_want_agent(
        info(wants=[want(parameters={"p": 0}), want(abilityName="B", parameters={"q": 0})],
             op=OperationType.START_ABILITIES, extraInfo={"e": 1}))
    assert dev.want_agent.get_want(agent).parameters == {"e": 1}


@pytest.mark.parametrize("op", [OperationType.START_SERVICE, OperationType.SEND_COMMON_EVENT,
                                OperationType.START_FOREGROUND_SERVICE])
def test_identity_extra_info_ignored_for_other_types(dev: Device, op: OperationType) -> None:
    a = dev.want_agent.get_want_agent(info(op=op, extraInfo={"e": 1}))
    b = dev.want_agent.get_want_agent(info(op=op, extraInfo={"e": 2}))
    assert dev.want_agent.equal(a, b)
    assert dev.want_agent.get_want(a).parameters == {}


def test_identity_empty_extra_info_keeps_want_params(dev: Device) -> None:
    agent = dev.want_agent.get_want_agent(info(wants=[want(parameters={"p": 1})], extraInfo={}))
    assert dev.want_agent.get_want(agent).parameters == {"p": 1}


def test_identity_extra_infos_wins_over_extra_info(dev: Device) -> None:
    agent = dev.want_agent.get_want_agent(info(extraInfos={"s": 1}, extraInfo={"e": 1}))
    assert dev.want_agent.get_want(agent).parameters == {"s": 1}


def test_identity_last_want_is_the_request_want(dev: Device) -> None:
    agent = dev.want_agent.get_want_agent(
        info(wants=[want(abilityName="First"), want(abilityName="Last")], op=OperationType.START_ABILITIES))
    assert dev.want_agent.get_want(agent).ability_name == "Last"


def test_identity_codes_are_never_reused(dev: Device) -> None:
    seen = set()
    for i in range(5):
        a = dev.want_agent.get_want_agent(info(flags=[F.CANCEL_PRESENT_FLAG]))
        seen.add(dev.stub.pending_wants()[0]["code"])
        dev.want_agent.cancel(a)
    assert len(seen) == 5
    assert sorted(seen) == list(range(min(seen), min(seen) + 5))
