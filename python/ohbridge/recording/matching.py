"""Comparing a call with its recording: ids the device chose are normalised, the rest must agree.

Three kinds of value are chosen by the device or by this process, not by the test, so their
numbers may differ between a recording and a later run of the same test:

* handles (``{"$handle": n}``): compared by the recorded number they stand for;
* functions (``{"$fn": n}``): any function matches any function (which one is learnt by position);
* mission ids and timestamps (keys ``missionId``, ``timestamp``): through an :class:`IdMap`
  learnt from the answers, so that the id the device gave is the id the test may pass back.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List, Optional, Tuple

__all__ = ["IdMap", "DEVICE_CHOSEN_KEYS", "MISSION_ID_ARGS", "normalise", "pairs", "differences", "show"]

#: dict keys whose values the device chooses
DEVICE_CHOSEN_KEYS = ("missionId", "timestamp")

#: positional arguments that are mission ids, per method (the signatures of python/ohbridge/missions.py, which
#: follow AbilityManagerClient: GetMissionInfo(deviceId, missionId), MoveMissionToFront(missionId), ...)
MISSION_ID_ARGS: Dict[str, Tuple[int, ...]] = {
    "missionManager.getMissionInfo": (1,),
    "missionManager.getMissionSnapshot": (1,),
    "missionManager.getLowResolutionMissionSnapshot": (1,),
    "missionManager.moveMissionToFront": (0,),
    "missionManager.cleanMission": (0,),
    "missionManager.lockMissionForCleanup": (0,),
    "missionManager.unlockMissionForCleanup": (0,),
}


class IdMap:
    """Recorded id <-> live id, per kind (``missionId``, ``timestamp``, ``$handle``)."""

    def __init__(self) -> None:
        self._to_recorded: Dict[Tuple[str, Any], Any] = {}
        self._to_live: Dict[Tuple[str, Any], Any] = {}

    def learn(self, kind: str, recorded: Any, live: Any) -> None:
        self._to_recorded.setdefault((kind, _key(live)), recorded)
        self._to_live.setdefault((kind, _key(recorded)), live)

    def known(self, kind: str, recorded: Any) -> Any:
        """The live id of a recorded one, None if no answer paired them."""
        return self._to_live.get((kind, _key(recorded)))

    def recorded(self, kind: str, live: Any) -> Any:
        return self._to_recorded.get((kind, _key(live)), live)

    def live(self, kind: str, recorded: Any) -> Any:
        return self._to_live.get((kind, _key(recorded)), recorded)


def _key(value: Any) -> Any:
    return json.dumps(value, sort_keys=True) if isinstance(value, (dict, list)) else value


def pairs(recorded: Any, live: Any, path: str = "") -> Iterator[Tuple[str, Any, Any]]:
    """(path, recorded, live) for every leaf the two encoded values share, in order."""
    if isinstance(recorded, dict) and isinstance(live, dict):
        if _tag(recorded) or _tag(live):
            yield path, recorded, live
            return
        for key in recorded:
            if key in live:
                yield from pairs(recorded[key], live[key], f"{path}.{key}" if path else key)
        return
    if isinstance(recorded, list) and isinstance(live, list):
        for i, (r, v) in enumerate(zip(recorded, live)):
            yield from pairs(r, v, f"{path}[{i}]")
        return
    yield path, recorded, live


def _tag(value: Dict[str, Any]) -> Optional[str]:
    if len(value) == 1:
        key = next(iter(value))
        if key.startswith("$"):
            return key
    return None


def learn_ids(ids: IdMap, recorded: Any, live: Any) -> None:
    """Learn the device-chosen ids of one answer (live values already encoded)."""
    for path, r, v in pairs(recorded, live):
        leaf = path.rsplit(".", 1)[-1]
        if leaf in DEVICE_CHOSEN_KEYS and not isinstance(r, (dict, list)):
            ids.learn(leaf, r, v)
        elif isinstance(r, dict) and isinstance(v, dict) and _tag(r) == "$handle" and _tag(v) == "$handle":
            ids.learn("$handle", r["$handle"], v["$handle"])


def normalise(value: Any, ids: Optional[IdMap] = None, *, method: str = "", positional: bool = False) -> Any:
    """An encoded live value in the recording's terms: functions anonymous, ids as recorded."""
    def walk(v: Any, key: str = "") -> Any:
        if isinstance(v, list):
            return [walk(x) for x in v]
        if isinstance(v, dict):
            tag = _tag(v)
            if tag == "$fn":
                return {"$fn": "*"}
            if tag == "$handle":
                return {"$handle": ids.recorded("$handle", v["$handle"]) if ids else v["$handle"]}
            if tag:
                return v
            return {k: walk(x, k) for k, x in v.items()}
        if ids is not None and key in DEVICE_CHOSEN_KEYS:
            return ids.recorded(key, v)
        return v

    out = walk(value)
    if positional and ids is not None and isinstance(out, list):
        for i in MISSION_ID_ARGS.get(method, ()):
            if i < len(out) and isinstance(out[i], int) and not isinstance(out[i], bool):
                out[i] = ids.recorded("missionId", out[i])
    return out


def anonymous(value: Any) -> Any:
    """A recorded value with its function numbers dropped (any function matches any function)."""
    return normalise(value)


def differences(recorded: Any, live: Any, path: str = "") -> List[Tuple[str, Any, Any]]:
    """Where two normalised values differ: (path, recorded, live), the outermost difference each."""
    if type(recorded) is not type(live) and not (_number(recorded) and _number(live)):
        return [(path or "value", recorded, live)]
    if isinstance(recorded, dict):
        found: List[Tuple[str, Any, Any]] = []
        for key in list(recorded) + [k for k in live if k not in recorded]:
            where = f"{path}.{key}" if path else key
            if key not in live:
                found.append((where, recorded[key], "(missing)"))
            elif key not in recorded:
                found.append((where, "(missing)", live[key]))
            else:
                found += differences(recorded[key], live[key], where)
        return found
    if isinstance(recorded, list):
        if len(recorded) != len(live):
            return [(path or "value", recorded, live)]
        found = []
        for i, (r, v) in enumerate(zip(recorded, live)):
            found += differences(r, v, f"{path}[{i}]")
        return found
    return [] if recorded == live else [(path or "value", recorded, live)]


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def show(value: Any, limit: int = 300) -> str:
    """A value for a message: compact JSON, cut at ``limit`` characters."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} characters)"
