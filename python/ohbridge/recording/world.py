"""The world a recording saw, as a scenario (python/ohbridge/scenario.py) a fresh stub can be built from.

Only what the answers show is known, so only that is declared:

* the devices: the local one, and every other ``deviceId`` the calls named;
* the bundles: those of the Wants the calls carried (WantAgentInfo.wants, trigger Wants) and of
  the missions listed, each with the abilities seen; a bundle's uid where ``getUid`` told it;
* the missions of each device, from the first mission list the recording got from it
  (``getMissionInfos``: most recent first, so started here in reverse);
* the caller's bundle: the creator ``getBundleName`` reported;
* the API level of the recorded device.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from .format import Recording

__all__ = ["derive_world", "LOCAL_ID"]

#: the local networkId of a derived world (the stub's own default, so recordings of it line up)
LOCAL_ID = "LOCAL0000000000000000000000000000000000000000000000000000000000A"
_DEVICE_KEYS = ("deviceId", "srcDeviceId", "dstDeviceId")
_FIRST_UID = 20010100  # above the uids of the stub's default world


def _wants(value: Any) -> List[Dict[str, Any]]:
    """Every dict that names a bundle, at any depth."""
    found: List[Dict[str, Any]] = []
    if isinstance(value, dict):
        if isinstance(value.get("bundleName"), str) and value.get("bundleName"):
            found.append(value)
        for v in value.values():
            found += _wants(v)
    elif isinstance(value, list):
        for v in value:
            found += _wants(v)
    return found


def _device_ids(value: Any) -> List[str]:
    found: List[str] = []
    if isinstance(value, dict):
        for key in _DEVICE_KEYS:
            if isinstance(value.get(key), str) and value[key]:
                found.append(value[key])
        for v in value.values():
            if isinstance(v, (dict, list)):
                found += _device_ids(v)
    elif isinstance(value, list):
        for v in value:
            found += _device_ids(v)
    return found


class _World:
    def __init__(self) -> None:
        self.bundles: Dict[Tuple[str, str], Dict[str, Any]] = {}  # (device, bundle) -> {abilities, uid}
        self.missions: Dict[str, List[Dict[str, Any]]] = {}  # device -> missions, most recent first
        self.peers: List[str] = []
        self.creator: Optional[str] = None

    def bundle(self, device: str, name: str, ability: Optional[str]) -> Dict[str, Any]:
        entry = self.bundles.setdefault((device, name), {"abilities": [], "uid": None, "continuable": False})
        if ability and ability not in entry["abilities"]:
            entry["abilities"].append(ability)
        return entry

    def peer(self, device_id: str) -> str:
        if device_id and device_id != LOCAL_ID and device_id not in self.peers:
            self.peers.append(device_id)
        return device_id


def derive_world(recording: Recording) -> Dict[str, Any]:
    """A scenario (the dict :func:`ohbridge.scenario.apply_scenario` takes) of what ``recording`` saw."""
    world = _World()
    created_by: Dict[int, str] = {}  # recorded handle -> the bundle of its first Want
    answers = _answers(recording)
    for call in recording.calls:
        method, args = str(call.get("method", "")), call.get("args") or []
        value = answers.get(int(call.get("n", -1)))
        for device_id in _device_ids(args):
            world.peer(device_id)
        target = ""
        if method.startswith("missionManager.") and args and isinstance(args[0], str) and args[0] != LOCAL_ID:
            target = world.peer(args[0])
        for want in _wants(args):
            world.bundle(world.peer(str(want.get("deviceId") or "")), want["bundleName"], want.get("abilityName"))
        if method == "wantAgent.getWantAgent" and isinstance(value, dict) and "$handle" in value:
            wants = _wants(args[:1])
            if wants:
                created_by[int(value["$handle"])] = wants[0]["bundleName"]
        elif method == "wantAgent.getUid" and isinstance(value, int) and value >= 0 and args:
            handle = args[0].get("$handle") if isinstance(args[0], dict) else None
            if handle in created_by:
                world.bundle("", created_by[handle], None)["uid"] = value
        elif method == "wantAgent.getBundleName" and isinstance(value, str) and value and world.creator is None:
            world.creator = value
        elif method == "missionManager.getMissionInfos" and isinstance(value, list) and target not in world.missions:
            world.missions[target] = [m for m in value if isinstance(m, dict)]
            for m in world.missions[target]:
                want = m.get("want") or {}
                if want.get("bundleName"):
                    entry = world.bundle(target, want["bundleName"], want.get("abilityName"))
                    entry["continuable"] = entry["continuable"] or bool(m.get("continuable"))
    return _scenario(recording, world)


def _answers(recording: Recording) -> Dict[int, Any]:
    """What each successful call answered, whichever way: resolved, settled later, or through its callback."""
    answers: Dict[int, Any] = {}
    callback_of: Dict[int, int] = {}  # fn -> the call that passed it as its AsyncCallback
    for event in recording.events:
        kind = event.get("e")
        if kind == "call":
            result = event.get("result") or {}
            if result.get("kind") == "resolved":
                answers[int(event["n"])] = result.get("value")
            elif result.get("kind") == "via_callback":
                last = (event.get("args") or [None])[-1]
                if isinstance(last, dict) and set(last) == {"$fn"}:
                    callback_of[int(last["$fn"])] = int(event["n"])
        elif kind == "settle" and event.get("err") is None:
            answers.setdefault(int(event.get("call", -1)), event.get("data"))
        elif kind == "callback":
            call = callback_of.pop(int(event.get("fn", -1)), None)
            args = event.get("args") or []
            if call is not None and len(args) == 2 and args[0] is None:
                answers[call] = args[1]
    return answers


def _scenario(recording: Recording, world: _World) -> Dict[str, Any]:
    devices: List[Dict[str, Any]] = [{"network_id": LOCAL_ID, "name": "Local Device", "local": True}]
    devices += [{"network_id": peer, "name": f"Peer {i + 1}", "online": True} for i, peer in enumerate(world.peers)]
    by_id = {d["network_id"]: d for d in devices}
    next_uid = _FIRST_UID
    for (device, name), entry in world.bundles.items():
        uid = entry["uid"]
        if uid is None:
            uid, next_uid = next_uid, next_uid + 1
        bundle: Dict[str, Any] = {"name": name, "uid": uid, "abilities": entry["abilities"] or ["EntryAbility"]}
        if entry["continuable"]:
            bundle["continuable"] = True
        by_id[device or LOCAL_ID].setdefault("bundles", []).append(bundle)
    for device, missions in world.missions.items():
        declared = []
        for m in reversed(missions):  # the list is most recent first; the last declared is in front
            want = m.get("want") or {}
            mission: Dict[str, Any] = {"bundle": want.get("bundleName", ""), "ability": want.get("abilityName", ""),
                                       "module": str(want.get("moduleName", "entry")), "label": m.get("label", ""),
                                       "locked": bool(m.get("lockedState")), "continuable": bool(m.get("continuable"))}
            # The Want it was last started with (a trigger's flags and parameters show there).
            if isinstance(want.get("parameters"), dict) and want["parameters"]:
                mission["parameters"] = want["parameters"]
            if isinstance(want.get("flags"), int) and want["flags"]:
                mission["flags"] = want["flags"]
            if m.get("unclearable"):
                mission["unclearable"] = True
            declared.append(mission)
        by_id[device or LOCAL_ID]["missions"] = declared
    scenario: Dict[str, Any] = {"devices": devices}
    if recording.api_version is not None:
        scenario["api_version"] = recording.api_version
    if world.creator is not None:
        scenario["caller"] = {"bundle_name": world.creator}
    return scenario
