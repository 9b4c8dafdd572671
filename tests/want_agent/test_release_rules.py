"""WantAgent rules that differ between OpenHarmony releases, one test per rule, each citing the function.

Sources: openharmony/ability_ability_runtime, the OpenHarmony-4.0/4.1/5.0.0/5.1.0/6.0/6.1-Release
branches and master (13c4af6fb6).  Profile levels (build version.gni api_version): 10 = 4.0, 11 = 4.1,
12 = 5.0.0, 18 = 5.1.0, 20 = 6.0, 23 = 6.1, 26 = master.
"""

from __future__ import annotations

from typing import Iterator

import pytest

import ohbridge
from ohbridge import Device, OperationType, WantAgentFlags
from ohbridge.errors import InvalidWantAgentError, ParameterError

from .conftest import OWN_BUNDLE, Completions, info, want

F = WantAgentFlags
ONE_SHOT, ALLOW_CANCEL = 1 << 30, 1 << 20
CLONE_INDEX = "ohos.extra.param.key.appCloneIndex"
OTHER = "com.ohos.settings"


def at(api_version: int) -> Iterator[Device]:
    with ohbridge.connect("stub", api_version=api_version) as device:
        yield device


@pytest.fixture(params=[11, 12, 18, 20, 23, 26], ids=lambda v: f"api{v}")
def release(request: pytest.FixtureRequest) -> Iterator[Device]:
    yield from at(request.param)


def api(dev: Device) -> int:
    return int(dev.stub.api_version)


# -- PendingWantRecord::BuildSendWant (services/abilitymgr/src/pending_want_record.cpp) ------

def test_build_send_want_constant_merges_trigger_params_until_master(release: Device) -> None:
    """CONSTANT only stops AddFlags in every release up to 6.1; master 7b15afcc12 also skips the params."""
    completions = Completions(release)
    agent = release.want_agent.get_want_agent(info(flags=[F.CONSTANT_FLAG]))
    release.want_agent.trigger(agent, {"code": 0, "extraInfo": {"x": 1}}, completions)
    (_, data), = completions.wait()
    assert data.want.flags == 0
    assert ("x" in data.want.parameters) is (api(release) < 24)


def test_allow_cancel_flag_exists_from_5_1_0(release: Device) -> None:
    """ALLOW_CANCEL_FLAG arrives in 5.1.0 (FlagsTransformer, BuildSendWant keeps the want flags for it);
    up to 5.0.0 the value 10 is unknown, dropped, and alone it leaves mask 0: 401."""
    if api(release) < 18:
        with pytest.raises(ParameterError, match="Invalid input parameter."):
            release.want_agent.get_want_agent(info(flags=[F.ALLOW_CANCEL_FLAG]))
        release.want_agent.get_want_agent(info(flags=[F.ALLOW_CANCEL_FLAG, F.ONE_TIME_FLAG]))
        assert release.stub.pending_wants()[0]["flags"] == ONE_SHOT
        return
    completions = Completions(release)
    agent = release.want_agent.get_want_agent(info(flags=[F.ALLOW_CANCEL_FLAG]))
    release.want_agent.trigger(agent, {"code": 0, "extraInfo": {"x": 1}}, completions)
    (_, data), = completions.wait()
    assert release.stub.pending_wants()[0]["flags"] == ALLOW_CANCEL
    assert data.want.flags == 0 and data.want.parameters["x"] == 1


def test_build_send_want_sets_app_clone_index_from_5_0_0(release: Device) -> None:
    """5.0.0 on: appCloneIndex is added when absent; 4.1 never sets it."""
    completions = Completions(release)
    agent = release.want_agent.get_want_agent(info())
    release.want_agent.trigger(agent, {"code": 0}, completions)
    (_, data), = completions.wait()
    expected = {CLONE_INDEX: 0} if api(release) >= 12 else {}
    assert data.want.parameters == expected


def test_build_send_want_keeps_a_stored_app_clone_index(release: Device) -> None:
    """`if (!wantParams.HasParam(PARAM_APP_CLONE_INDEX_KEY))`: a system app's stored index stays."""
    completions = Completions(release)
    agent = release.want_agent.get_want_agent(info(wants=[want(parameters={CLONE_INDEX: 3})]))
    release.want_agent.trigger(agent, {"code": 0}, completions)
    (_, data), = completions.wait()
    assert data.want.parameters[CLONE_INDEX] == 3


# -- PendingWantRecord::SenderInner / PendingWantManager::SendWantSender --------------------

def test_sender_inner_published_common_event_completes_from_5_0_0(release: Device) -> None:
    """Up to 4.1 SenderInner sets sendFinish = false when the common event was published."""
    completions = Completions(release)
    agent = release.want_agent.get_want_agent(info(wants=[{"action": "usual.event.X", "bundleName": OWN_BUNDLE}],
                                                   op=OperationType.SEND_COMMON_EVENT))
    release.want_agent.trigger(agent, {"code": 5}, completions)
    assert len(completions.wait()) == (1 if api(release) >= 12 else 0)
    assert len(release.stub.common_events()) == 1


def test_send_want_sender_background_check_from_5_1_0(release: Device) -> None:
    """PendingWantManager::CheckPermission first appears in 5.1.0's SendWantSender."""
    completions = Completions(release)
    release.stub.set_caller(foreground=False)
    agent = release.want_agent.get_want_agent(info())
    release.want_agent.trigger(agent, {"code": 9}, completions)
    assert len(completions.wait()) == 1  # the completion fires either way
    assert len(release.stub.started_abilities()) == (0 if api(release) >= 18 else 1)


@pytest.mark.parametrize("api_version", [10, 11], ids=["api10", "api11"])
def test_canceled_completion_reaches_js_only_before_4_1(api_version: int) -> None:
    """napi_want_agent.cpp OnSendFinishedUvAfterWorkCallback drops resultData "canceled" from 4.1
    (8466cac1e9, picked into OpenHarmony-4.1-Release as b09412fb03)."""
    for dev in at(api_version):
        completions = Completions(dev)
        agent = dev.want_agent.get_want_agent(info())
        dev.want_agent.cancel(agent)
        dev.want_agent.trigger(agent, {"code": 3}, completions)
        calls = completions.wait()
        if api_version >= 11:
            assert calls == []
        else:
            (_, data), = calls
            assert data.final_data == "canceled"


# -- AbilityManagerService::GetWantSender / PendingWantManager::GetWantSender ----------------

def test_get_want_sender_app_uid_of_a_want_without_bundle(release: Device) -> None:
    """appUid starts at 0 up to 5.0.0 and at -1 from 5.1.0 (AbilityManagerService::GetWantSender)."""
    release.stub.set_caller(system_app=False)
    agent = release.want_agent.get_want_agent(info(wants=[{"action": "my.event"}], op=OperationType.SEND_COMMON_EVENT))
    assert release.want_agent.get_uid(agent) == (-1 if api(release) >= 18 else 0)


def test_get_want_sender_third_party_service_extension(release: Device) -> None:
    """5.0.0 on: PendingWantManager::GetWantSender gives a non-system caller a null sender; 4.1 creates the
    record and SenderInner has no START_SERVICE_EXTENSION case (no-op success)."""
    release.stub.set_caller(system_app=False)
    agent = release.want_agent.get_want_agent(info(op=OperationType.START_SERVICE_EXTENSION))
    if api(release) >= 12:
        with pytest.raises(InvalidWantAgentError):
            release.want_agent.get_operation_type(agent)
    else:
        assert release.want_agent.get_operation_type(agent) == OperationType.START_SERVICE_EXTENSION
        release.want_agent.trigger(agent, {"code": 0})
        release.flush()
        assert release.stub.started_abilities() == []


def test_get_want_sender_system_ability_may_create_service_extension() -> None:
    """The refusal is `!isSystemApp && !IsSACall()`: an SA caller passes."""
    for dev in at(20):
        dev.stub.set_caller(system_app=False, system_ability=True)
        agent = dev.want_agent.get_want_agent(info(op=OperationType.START_SERVICE_EXTENSION))
        assert dev.want_agent.get_operation_type(agent) == OperationType.START_SERVICE_EXTENSION


def test_get_want_sender_third_party_wants_of_other_bundles(release: Device) -> None:
    """Non-system START_ABILITIES: 6.0 drops every want of another bundle; 5.1.0's loop skips the want
    after a dropped one; 4.1 and 5.0.0 keep them all."""
    release.stub.set_caller(system_app=False)
    wants = [want(bundleName=OTHER, abilityName="A"), want(bundleName=OTHER, abilityName="B"), want()]
    agent = release.want_agent.get_want_agent(info(wants=wants, op=OperationType.START_ABILITIES))
    release.want_agent.trigger(agent, {"code": 0})
    release.flush()
    started = [s["want"]["abilityName"] for s in release.stub.started_abilities()]
    expected = {11: ["A", "B", "EntryAbility"], 12: ["A", "B", "EntryAbility"], 18: ["B", "EntryAbility"]}
    assert started == expected.get(api(release), ["EntryAbility"])


def test_get_want_sender_third_party_clone_index_removal(release: Device) -> None:
    """5.0.0 removes appCloneIndex from the last want of every type; 5.1.0 on, not for common events;
    4.1 keeps it."""
    release.stub.set_caller(system_app=False)
    w = {"action": "e", "bundleName": OWN_BUNDLE, "parameters": {CLONE_INDEX: 4}}
    agent = release.want_agent.get_want_agent(info(wants=[w], op=OperationType.SEND_COMMON_EVENT))
    release.want_agent.trigger(agent, {"code": 0})
    (event,) = release.stub.common_events()
    stripped = api(release) == 12
    assert event["want"]["parameters"].get(CLONE_INDEX) == (0 if stripped else 4)


# -- AbilityManagerService::CancelWantSender / PendingWantManager::CancelWantSender ---------

def test_cancel_system_app_is_the_creator_until_5_0_0_and_the_caller_from_5_1_0(release: Device) -> None:
    """Up to 5.0.0 AMS passes "is the record's bundle a system app"; 5.1.0 on (47de711698), IsSystemAppCall()."""
    agent = release.want_agent.get_want_agent(info())  # created by a system app
    release.stub.set_caller(system_app=False)
    release.want_agent.cancel(agent)
    canceled_by_third_party = release.stub.pending_want_count == 0
    assert canceled_by_third_party is (api(release) < 18)


def test_cancel_by_a_system_app_of_a_third_party_record(release: Device) -> None:
    """The other side of the same switch: a system caller cannot cancel a third-party record up to 5.0.0."""
    release.stub.set_caller(system_app=False)
    agent = release.want_agent.get_want_agent(info())
    release.stub.set_caller(system_app=True)
    release.want_agent.cancel(agent)
    assert (release.stub.pending_want_count == 0) is (api(release) >= 18)
