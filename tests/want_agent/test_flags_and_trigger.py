"""Flag semantics on creation and what a trigger sends (the newest release, 6.0; release differences are in
test_release_rules.py).

Sources (openharmony/ability_ability_runtime, OpenHarmony-6.0-Release):
services/abilitymgr/src/pending_want_manager.cpp PendingWantManager::GetWantSenderLocked (flags),
SendWantSender and CheckPermission; services/abilitymgr/src/pending_want_record.cpp PendingWantRecord::SenderInner,
BuildSendWant and ExecuteOperation; interfaces/inner_api/wantagent/src/want_agent_helper.cpp
WantAgentHelper::TriggerWantAgent; frameworks/js/napi/wantagent/napi_want_agent.cpp
OnSendFinishedUvAfterWorkCallback (the JS completion).
"""

from __future__ import annotations

import threading

import pytest

from ohbridge import CompleteData, Device, OperationType, TriggerInfo, Want, WantAgentFlags
from ohbridge._native import undefined

from .conftest import OWN_BUNDLE, Completions, info, want

F = WantAgentFlags
ONE_SHOT, NO_CREATE, CANCEL_CURRENT, UPDATE_CURRENT, IMMUTABLE, ALLOW_CANCEL = (
    1 << 30, 1 << 29, 1 << 28, 1 << 27, 1 << 26, 1 << 20)


# -- PendingWantManager::GetWantSenderLocked; WantAgentHelper::FlagsTransformer ------------

def test_flags_empty_list_means_update_present(dev: Device) -> None:
    dev.want_agent.get_want_agent(info())
    assert dev.stub.pending_wants()[0]["flags"] == UPDATE_CURRENT


@pytest.mark.parametrize("flag", [F.REPLACE_ELEMENT, F.REPLACE_ACTION, F.REPLACE_URI, F.REPLACE_ENTITIES,
                                  F.REPLACE_BUNDLE])
def test_flags_replace_star_treated_as_update_present(dev: Device, flag: F) -> None:
    dev.want_agent.get_want_agent(info(flags=[flag]))
    assert dev.stub.pending_wants()[0]["flags"] == UPDATE_CURRENT


def test_flags_are_properties_of_the_creating_call(dev: Device) -> None:
    a = dev.want_agent.get_want_agent(info(flags=[F.ONE_TIME_FLAG]))
    b = dev.want_agent.get_want_agent(info(flags=[F.UPDATE_PRESENT_FLAG]))
    assert dev.want_agent.equal(a, b)
    assert dev.stub.pending_wants()[0]["flags"] == ONE_SHOT  # still one-time


def test_flags_no_build_without_match_gives_hollow_agent(dev: Device) -> None:
    from ohbridge.errors import InvalidWantAgentError

    agent = dev.want_agent.get_want_agent(info(flags=[F.NO_BUILD_FLAG]))
    with pytest.raises(InvalidWantAgentError):
        dev.want_agent.get_bundle_name(agent)
    assert dev.stub.pending_want_count == 0


def test_flags_no_build_with_match_returns_existing(dev: Device) -> None:
    a = dev.want_agent.get_want_agent(info())
    b = dev.want_agent.get_want_agent(info(flags=[F.NO_BUILD_FLAG]))
    assert dev.want_agent.equal(a, b)


def test_flags_no_build_with_cancel_present_returns_the_canceled_record(dev: Device) -> None:
    a = dev.want_agent.get_want_agent(info())
    b = dev.want_agent.get_want_agent(info(flags=[F.NO_BUILD_FLAG, F.CANCEL_PRESENT_FLAG]))
    assert dev.stub.pending_want_count == 0
    # b wraps the canceled record: queries see a gone record, not a hollow agent.
    assert dev.want_agent.get_bundle_name(b) == ""
    assert dev.want_agent.equal(a, b)  # both dead: code -1 == -1


def test_flags_cancel_present_replaces_record_with_new_code(dev: Device) -> None:
    a = dev.want_agent.get_want_agent(info())
    old_code = dev.stub.pending_wants()[0]["code"]
    b = dev.want_agent.get_want_agent(info(flags=[F.CANCEL_PRESENT_FLAG]))
    assert dev.stub.pending_wants()[0]["code"] == old_code + 1
    assert not dev.want_agent.equal(a, b)
    assert dev.want_agent.get_bundle_name(a) == ""  # old objects point at the canceled record


def test_flags_update_present_only_refreshes_non_last_wants_of_start_abilities(dev: Device) -> None:
    first = info(wants=[want(abilityName="A", parameters={"v": 1}), want(abilityName="Last")],
                 op=OperationType.START_ABILITIES)
    second = info(wants=[want(abilityName="A", parameters={"v": 2}), want(abilityName="Last")],
                  op=OperationType.START_ABILITIES, flags=[F.UPDATE_PRESENT_FLAG])
    a = dev.want_agent.get_want_agent(first)
    b = dev.want_agent.get_want_agent(second)
    assert dev.want_agent.equal(a, b)
    dev.want_agent.trigger(a, {"code": 0}, None)
    starts = dev.stub.started_abilities()
    assert starts[0]["want"]["abilityName"] == "A"
    assert starts[0]["want"]["parameters"] == {"v": 2}  # the update took the new non-last want


def test_flags_update_present_does_not_replace_extra_info_for_start_ability(dev: Device) -> None:
    # The documented "replace extra info" cannot happen: extraInfo is in the key.
    a = dev.want_agent.get_want_agent(info(extraInfo={"e": 1}))
    b = dev.want_agent.get_want_agent(info(extraInfo={"e": 2}, flags=[F.UPDATE_PRESENT_FLAG]))
    assert not dev.want_agent.equal(a, b)
    assert dev.stub.pending_want_count == 2


# -- PendingWantRecord::SenderInner / BuildSendWant / ExecuteOperation ------------------------

def test_trigger_completion_fires_from_the_dispatcher_thread(dev: Device) -> None:
    threads = []
    agent = dev.want_agent.get_want_agent(info())
    dev.want_agent.trigger(agent, {"code": 0}, lambda err, data: threads.append(threading.get_ident()))
    dev.flush()
    assert threads and threads[0] != threading.get_ident()


def test_trigger_final_code_echoes_trigger_info_code(dev: Device, completions: Completions) -> None:
    agent = dev.want_agent.get_want_agent(info())
    dev.want_agent.trigger(agent, TriggerInfo(code=4242), completions)
    (err, data), = completions.wait()
    assert err is None
    assert isinstance(data, CompleteData)
    assert (data.final_code, data.final_data, data.extra_info) == (4242, "", {})
    assert dev.want_agent.equal(data.info, agent) and dev.want_agent.equal(data.want_agent, agent)


def test_trigger_completion_fires_even_if_the_start_fails(dev: Device, completions: Completions) -> None:
    agent = dev.want_agent.get_want_agent(info(wants=[want(abilityName="Missing")]))
    dev.want_agent.trigger(agent, {"code": 1}, completions)
    assert len(completions.wait()) == 1
    assert dev.stub.started_abilities()[-1]["result"] != 0


def test_trigger_starts_the_stored_want(dev: Device) -> None:
    agent = dev.want_agent.get_want_agent(info())
    dev.want_agent.trigger(agent, {"code": 0}, undefined)
    start = dev.stub.started_abilities()[-1]
    assert start["result"] == 0 and start["want"]["abilityName"] == "EntryAbility"
    assert start["device_id"] == dev.stub.local_device_id


def test_trigger_params_merged_only_for_absent_keys(dev: Device, completions: Completions) -> None:
    agent = dev.want_agent.get_want_agent(info(wants=[want(parameters={"keep": "stored"})]))
    dev.want_agent.trigger(agent, {"code": 0, "want": {"parameters": {"keep": "new", "add": 1}}}, completions)
    (_, data), = completions.wait()
    assert data.want.parameters["keep"] == "stored"
    assert data.want.parameters["add"] == 1


def test_trigger_extra_info_replaces_trigger_want_params(dev: Device, completions: Completions) -> None:
    agent = dev.want_agent.get_want_agent(info())
    dev.want_agent.trigger(agent, {"code": 0, "want": {"parameters": {"w": 1}}, "extraInfo": {"x": 1}}, completions)
    (_, data), = completions.wait()
    assert "x" in data.want.parameters and "w" not in data.want.parameters


def test_trigger_want_element_and_action_are_ignored(dev: Device, completions: Completions) -> None:
    agent = dev.want_agent.get_want_agent(info())
    dev.want_agent.trigger(agent, {"code": 0, "want": {"bundleName": "evil", "abilityName": "X", "action": "a"}},
                           completions)
    (_, data), = completions.wait()
    assert (data.want.bundle_name, data.want.ability_name, data.want.action) == (OWN_BUNDLE, "EntryAbility", "")


def test_trigger_constant_record_adds_no_flags_but_merges_params(dev: Device, completions: Completions) -> None:
    # BuildSendWant: CONSTANT skips AddFlags only; the params still merge
    # (in every release up to 6.1; master stops them, see test_release_rules).
    agent = dev.want_agent.get_want_agent(info(flags=[F.CONSTANT_FLAG]))
    dev.want_agent.trigger(agent, {"code": 0, "extraInfo": {"x": 1}}, completions)
    (_, data), = completions.wait()
    assert data.want.parameters["x"] == 1
    assert data.want.flags == 0


def test_trigger_record_flags_are_or_ed_into_want_flags(dev: Device, completions: Completions) -> None:
    agent = dev.want_agent.get_want_agent(info(wants=[want(flags=1)], flags=[F.UPDATE_PRESENT_FLAG]))
    dev.want_agent.trigger(agent, {"code": 0}, completions)
    (_, data), = completions.wait()
    assert data.want.flags == 1 | UPDATE_CURRENT


def test_trigger_allow_cancel_keeps_want_flags_but_merges_params(dev: Device, completions: Completions) -> None:
    agent = dev.want_agent.get_want_agent(info(flags=[F.ALLOW_CANCEL_FLAG]))
    dev.want_agent.trigger(agent, {"code": 0, "extraInfo": {"x": 1}}, completions)
    (_, data), = completions.wait()
    assert data.want.flags == 0 and data.want.parameters["x"] == 1


def test_trigger_sets_app_clone_index_when_absent(dev: Device, completions: Completions) -> None:
    agent = dev.want_agent.get_want_agent(info(flags=[F.CONSTANT_FLAG]))
    dev.want_agent.trigger(agent, {"code": 0}, completions)
    (_, data), = completions.wait()
    assert data.want.parameters == {"ohos.extra.param.key.appCloneIndex": 0}


def test_trigger_one_time_record_is_erased_before_it_runs(dev: Device, completions: Completions) -> None:
    agent = dev.want_agent.get_want_agent(info(flags=[F.ONE_TIME_FLAG]))
    dev.want_agent.trigger(agent, {"code": 1}, completions)
    assert dev.stub.pending_want_count == 0
    assert len(completions.wait()) == 1  # this trigger still executed
    assert len(dev.stub.started_abilities()) == 1
    dev.want_agent.trigger(agent, {"code": 2}, completions)
    assert len(completions.wait()) == 1  # no callback for the canceled record
    assert len(dev.stub.started_abilities()) == 1


def test_trigger_canceled_record_gives_no_callback(dev: Device, completions: Completions) -> None:
    agent = dev.want_agent.get_want_agent(info())
    dev.want_agent.cancel(agent)
    dev.want_agent.trigger(agent, {"code": 0}, completions)
    assert completions.wait() == []


def test_trigger_without_callback_runs_silently(dev: Device) -> None:
    agent = dev.want_agent.get_want_agent(info())
    dev.want_agent.trigger(agent, {"code": 0})
    assert len(dev.stub.started_abilities()) == 1


def test_trigger_from_background_without_permission_fails_but_completes(dev: Device,
                                                                         completions: Completions) -> None:
    dev.stub.set_caller(foreground=False)
    agent = dev.want_agent.get_want_agent(info())
    dev.want_agent.trigger(agent, {"code": 9}, completions)
    assert len(completions.wait()) == 1
    assert dev.stub.started_abilities() == []


def test_trigger_from_background_with_permission_starts(dev: Device) -> None:
    perms = dev.stub.caller["permissions"] + ["ohos.permission.START_ABILITIES_FROM_BACKGROUND"]
    dev.stub.set_caller(foreground=False, permissions=perms)
    agent = dev.want_agent.get_want_agent(info())
    dev.want_agent.trigger(agent, {"code": 0})
    assert len(dev.stub.started_abilities()) == 1


def test_trigger_common_event_published_with_code_and_permission(dev: Device) -> None:
    agent = dev.want_agent.get_want_agent(info(wants=[{"action": "usual.event.X", "bundleName": OWN_BUNDLE}],
                                               op=OperationType.SEND_COMMON_EVENT))
    dev.want_agent.trigger(agent, {"code": 77, "permission": "ohos.permission.P"})
    (event,) = dev.stub.common_events()
    assert (event["want"]["action"], event["code"], event["permission"]) == ("usual.event.X", 77,
                                                                          "ohos.permission.P")


def test_trigger_start_abilities_starts_each_with_last_replaced(dev: Device) -> None:
    agent = dev.want_agent.get_want_agent(info(wants=[want(), want(bundleName="com.ohos.camera",
                                                                    abilityName="MainAbility")],
                                               op=OperationType.START_ABILITIES))
    dev.want_agent.trigger(agent, {"code": 0, "extraInfo": {"k": 1}})
    first, last = dev.stub.started_abilities()
    assert "k" not in first["want"]["parameters"]
    assert last["want"]["parameters"]["k"] == 1


def test_trigger_remote_device_id_starts_remotely(dev: Device) -> None:
    agent = dev.want_agent.get_want_agent(info(wants=[want(deviceId="unknown-peer")]))
    dev.want_agent.trigger(agent, {"code": 0})
    start = dev.stub.started_abilities()[-1]
    assert start["device_id"] == "unknown-peer" and start["result"] != 0


def test_trigger_service_extension_resets_flags(dev: Device) -> None:
    agent = dev.want_agent.get_want_agent(info(op=OperationType.START_SERVICE_EXTENSION))
    dev.want_agent.trigger(agent, {"code": 0})
    assert dev.stub.started_abilities()[-1]["want"]["flags"] == 0


def test_trigger_accepts_dataclasses(dev: Device, completions: Completions) -> None:
    from ohbridge import WantAgentInfo

    agent = dev.want_agent.get_want_agent(
        WantAgentInfo(wants=[Want(bundle_name=OWN_BUNDLE, ability_name="EntryAbility")],
                      operation_type=OperationType.START_ABILITY, request_code=0,
                      want_agent_flags=[F.UPDATE_PRESENT_FLAG]))
    dev.want_agent.trigger(agent, TriggerInfo(code=1, want=Want(parameters={"p": 1})), completions)
    (_, data), = completions.wait()
    assert data.want.parameters["p"] == 1
