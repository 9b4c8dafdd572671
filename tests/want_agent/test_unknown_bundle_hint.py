"""A WantAgent for a bundle the world lacks: the real code and message, plus a hint in ``detail``.

Sources (openharmony/ability_ability_runtime, OpenHarmony-v5.1.0-Release):

* ``AbilityManagerService::GetWantSender`` (services/abilitymgr/src/ability_manager_service.cpp)
  leaves the app uid unset (-1 in 5.1, 0 in 5.0) when ``GetCloneBundleInfo`` does not know the bundle, and
  ``PendingWantManager::GetWantSender`` (services/abilitymgr/src/pending_want_manager.cpp) refuses
  ("cannot send") a non-system caller whose uid differs: no sender, so a hollow agent;
* ``WantAgentClient`` (interfaces/inner_api/wantagent/src/want_agent_client.cpp) answers a null
  target with ``ERR_ABILITY_RUNTIME_EXTERNAL_INVALID_WANTAGENT`` (16000151, "Invalid wantAgent object.");
* a system caller gets a record, and its trigger's ``StartAbility`` fails with
  ``RESOLVE_ABILITY_ERR`` (2097152), which ``triggerAsync`` reports as 16000151.
"""

from __future__ import annotations

import pickle

import pytest

import ohbridge
from ohbridge._want_agent_hints import RESOLVE_ABILITY_ERR
from ohbridge.errors import InvalidWantAgentError

MISSING = "com.example.absent"


def _info(bundle: str) -> dict:
    return {"wants": [{"bundleName": bundle, "abilityName": "EntryAbility"}], "operationType": 1,
            "requestCode": 0, "wantAgentFlags": [3]}


@pytest.fixture
def device():
    with ohbridge.connect("stub") as dev:
        yield dev


def test_pending_want_manager_get_want_sender_refusal_is_a_hollow_agent_with_a_hint(device) -> None:
    device.stub.set_caller(system_app=False)
    agent = device.want_agent.get_want_agent(_info(MISSING))  # succeeds: the client gets a null target
    with pytest.raises(InvalidWantAgentError) as caught:
        device.want_agent.get_uid(agent)
    error = caught.value
    assert (error.code, error.message) == (16000151, "Invalid wantAgent object.")  # the real ones, untouched
    assert error.detail is not None and "hollow" in error.detail
    assert "not installed" in error.detail and "com.example.myapplication" in error.detail  # what IS installed
    assert "PendingWantManager::GetWantSender" in error.detail
    assert str(error).startswith("[16000151] Invalid wantAgent object. (")


def test_pending_want_start_ability_of_a_missing_bundle_names_it(device) -> None:
    assert device.stub.caller["system_app"]  # a system caller gets a record for any bundle
    agent = device.want_agent.get_want_agent(_info(MISSING))
    with pytest.raises(InvalidWantAgentError) as caught:
        device.want_agent.trigger_async(agent, {"code": 1})
    error = caught.value
    assert error.message == "Invalid wantAgent object."
    assert MISSING in error.detail and str(RESOLVE_ABILITY_ERR) in error.detail
    assert "is not installed on this device" in error.detail


def test_an_installed_bundle_triggers_without_any_hint(device) -> None:
    agent = device.want_agent.get_want_agent(_info("com.example.myapplication"))
    assert device.want_agent.trigger_async(agent, {"code": 7}).final_code == 7


def test_the_detail_survives_pickling_for_xdist_reports(device) -> None:
    error = InvalidWantAgentError(16000151, "Invalid wantAgent object.", "why")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, copy.message, copy.detail) == (16000151, "Invalid wantAgent object.", "why")
