"""Why a WantAgent call failed with 16000151, where the real message says only "Invalid wantAgent object.".

The code and message stay the real system's; the hint goes in ``BusinessError.detail``.  Two
ways to get there on a simulated world (ability_ability_runtime, OpenHarmony-v5.1.0-Release):

* a hollow agent: ``AbilityManagerService::GetWantSender`` (services/abilitymgr/src/
  ability_manager_service.cpp) asks ``GetCloneBundleInfo`` for the uid of the last want's bundle
  and leaves it unset when the device lacks the bundle (-1 in 5.1, 0 in 5.0); ``PendingWantManager::GetWantSender``
  (pending_want_manager.cpp) then refuses a caller whose uid differs ("cannot send") and returns
  no sender; ``WantAgentHelper::GetWantAgent`` still succeeds, with a null target, and every later
  call on the agent fails with 16000151 (``WantAgentClient``'s ``CHECK_POINTER_AND_RETURN(target,
  ERR_ABILITY_RUNTIME_EXTERNAL_INVALID_WANTAGENT)``, interfaces/inner_api/wantagent/src/
  want_agent_client.cpp);
* a trigger whose start fails: ``PendingWantManager::PendingWantStartAbility`` returns the
  ``StartAbility`` error (``RESOLVE_ABILITY_ERR``, 2097152, for an ability that is not installed)
  and ``triggerAsync`` reports it as 16000151.

A real device says nothing more than its message: these hints need the simulated world's
records, so they are given on the stub (in process or behind the Linux agent) only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from .device import Device

__all__ = ["invalid_want_agent_hint", "RESOLVE_ABILITY_ERR"]

#: ability_manager_errors.h: RESOLVE_ABILITY_ERR = AAFWK_SERVICE_ERR_OFFSET (2097152), the first
#: of the enum: "the Want could not be resolved to ability info from BMS or DistributedMS"
RESOLVE_ABILITY_ERR = 2097152


def _world(device: "Device") -> Optional[Any]:
    try:
        return device.stub
    except Exception:  # a real device: no world to ask
        return None


def invalid_want_agent_hint(device: "Device", method: str) -> Optional[str]:
    """A sentence saying why ``method`` failed with 16000151, or None when the world cannot tell."""
    world = _world(device)
    if world is None:
        return None
    try:
        installed = set(world.bundles())
        starts = world.started_abilities()
    except Exception:  # the hint must never hide the error it explains
        return None
    if method in ("trigger", "triggerAsync") and starts:
        last = starts[-1]
        want = last.get("want", {})
        if last.get("via") == "wantAgent" and int(last.get("result", 0)) == RESOLVE_ABILITY_ERR:
            bundle = want.get("bundleName", "")
            where = "is not installed on this device" if bundle not in installed else "has no such ability"
            return (f"the WantAgent's start of {bundle}/{want.get('abilityName', '')} failed with "
                    f"RESOLVE_ABILITY_ERR ({RESOLVE_ABILITY_ERR}): bundle {bundle!r} {where}; install it "
                    "(a [[devices.bundles]] entry of the scenario, or stub.install_bundle)")
    return ("the WantAgent is hollow: getWantAgent got no sender from AMS, as happens when the want's bundle "
            "is not installed on this device (installed: " + (", ".join(sorted(installed)) or "none") + ") "
            "or the caller may not send for it; PendingWantManager::GetWantSender refuses a caller whose uid "
            "is not the bundle's")
