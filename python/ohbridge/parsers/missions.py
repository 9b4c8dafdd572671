"""``aa dump -l`` / ``hidumper -s AbilityManagerService -a -l``: the mission list.

Two layouts (device-cli.md §1.2.1, §1.2.2): SceneBoard devices print one
``current mission lists:{`` block; legacy (non-SCB) devices print several
``MissionList Type #...`` lists.  Blocks are split on ``Mission ID #``, not
matched with one regex over the whole text: hmdriver2's
``Mission ID #[\\s\\S]*?isKeepAlive: false\\s*}`` swallows every mission into
one match (its issues #42/#52).  The order of the SCB list is that of an
unordered map: it is not recency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from ._text import clip, lines_of

__all__ = ["MissionRecord", "MissionListResult", "parse_mission_list", "parse_mission_name"]

_HEADER = re.compile(r"^\s*Mission ID #(-?\d+)(?P<rest>.*)$")
_NAME = re.compile(r"mission name #\[(?P<name>[^\]]*)\]?")
_LOCKED = re.compile(r"lockedState #(\d+)")
_AFFINITY = re.compile(r"mission affinity #\[(?P<a>[^\]]*)\]")
_FIELDS: List[Tuple[str, "re.Pattern[str]"]] = [
    ("record", re.compile(r"^AbilityRecord ID #(-?\d+)")),
    ("app_name", re.compile(r"^app name \[(.*)\]$")),
    ("main_name", re.compile(r"^main name \[(.*)\]$")),
    ("bundle_name", re.compile(r"^bundle name \[(.*)\]$")),
    ("ability_type", re.compile(r"^ability type \[(.*)\]$")),
    ("state", re.compile(r"^state #(\w+)(?:\s+start time \[(\d+)\])?")),
    ("app_state", re.compile(r"^app state #(\w+)")),
    ("ready", re.compile(r"^ready #(\d)(?:\s+window attached #(\d))?(?:\s+launcher #(\d))?")),
    ("keep_alive", re.compile(r"^isKeepAlive: ?(true|false)")),
    ("callee", re.compile(r"^callee connections:")),
    ("restart", re.compile(r"^can restart num #")),
    ("affinity2", re.compile(r"^missionAffinity: ?(.*)$")),
    ("anr", re.compile(r"^ANR State #")),
]
_IGNORED = re.compile(
    r"^(User ID #\d+|[Cc]urrent mission lists:\{?|\}|default stand mission list:|default single mission list:|"
    r"launcher mission list:|MissionList Type #?\w*.*)$"
)
_LIST_TYPE = re.compile(r"^MissionList Type #(\w+)")
_USER = re.compile(r"^User ID #(\d+)")


@dataclass
class MissionRecord:
    """One mission as the dump shows it; fields the dump lacked are None/empty."""

    mission_id: int
    mission_name: str = ""
    bundle_name: str = ""
    module_name: str = ""
    ability_name: str = ""
    app_index: int = 0
    locked: bool = False
    affinity: str = ""
    ability_record_id: Optional[int] = None
    app_name: str = ""
    ability_type: str = ""
    state: str = ""
    start_time: Optional[int] = None
    app_state: str = ""
    ready: Optional[bool] = None
    window_attached: Optional[bool] = None
    launcher: Optional[bool] = None
    keep_alive: Optional[bool] = None
    list_type: str = ""  # legacy layout: NORMAL, DEFAULT_STANDARD, DEFAULT_SINGLE, LAUNCHER
    user_id: Optional[int] = None

    @property
    def foreground(self) -> bool:
        return self.state in ("FOREGROUND", "FOREGROUNDING") or self.app_state in ("FOREGROUND", "FOCUS")


@dataclass
class MissionListResult:
    missions: List[MissionRecord] = field(default_factory=list)
    layout: str = "unknown"  # "scb", "legacy", "empty" or "unknown"
    problems: List[str] = field(default_factory=list)

    def by_id(self, mission_id: int) -> Optional[MissionRecord]:
        for m in self.missions:
            if m.mission_id == mission_id:
                return m
        return None


def parse_mission_name(name: str) -> Tuple[str, int, str, str, Optional[str]]:
    """``#bundle:module:ability`` or ``#bundle:appIndex:module:ability`` -> (bundle, index, module, ability, problem)."""
    parts = name.lstrip("#").split(":")
    if len(parts) == 3:
        return parts[0], 0, parts[1], parts[2], None
    if len(parts) == 4 and parts[1].isdigit():
        return parts[0], int(parts[1]), parts[2], parts[3], None
    if len(parts) >= 1 and parts[0]:
        return parts[0], 0, "", parts[-1] if len(parts) > 1 else "", f"mission name {name!r} is not bundle:module:ability"
    return "", 0, "", "", f"mission name {name!r} is empty"


def parse_mission_list(text: object) -> MissionListResult:
    result = MissionListResult()
    try:
        _parse(lines_of(text if isinstance(text, (str, bytes)) else None), result)
    except Exception as exc:  # noqa: BLE001 - a parser must never take the caller down
        result.problems.append(f"parser error: {exc!r}")
    return result


def _parse(lines: List[str], result: MissionListResult) -> None:
    text = "\n".join(lines)
    if "current mission lists:{" in text:
        result.layout = "scb"
    elif "Current mission lists:" in text or "MissionList Type #" in text:
        result.layout = "legacy"
    elif not text.strip():
        result.layout = "empty"
        return
    current: Optional[MissionRecord] = None
    list_type = ""
    user: Optional[int] = None
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            continue
        m = _HEADER.match(raw)
        if m:
            current = MissionRecord(mission_id=int(m.group(1)), list_type=list_type, user_id=user)
            result.missions.append(current)
            rest = m.group("rest")
            nm = _NAME.search(rest)
            if nm:
                current.mission_name = nm.group("name")
                b, idx, mod, ab, problem = parse_mission_name(current.mission_name)
                current.bundle_name, current.app_index, current.module_name, current.ability_name = b, idx, mod, ab
                if problem:
                    result.problems.append(f"line {n}: {problem}")
            else:
                result.problems.append(f"line {n}: mission {current.mission_id} has no mission name")
            lk = _LOCKED.search(rest)
            if lk:
                current.locked = lk.group(1) != "0"
            af = _AFFINITY.search(rest)
            if af:
                current.affinity = af.group("a")
            continue
        um = _USER.match(line)
        if um:
            user = int(um.group(1))
            continue
        lt = _LIST_TYPE.match(line)
        if lt:
            list_type = lt.group(1)
            continue
        if _IGNORED.match(line):
            continue
        if current is None:
            result.problems.append(f"line {n}: not understood before any mission: {clip(line)}")
            continue
        if not _field(current, line):
            result.problems.append(f"line {n}: not understood in mission {current.mission_id}: {clip(line)}")
    if result.layout == "unknown":
        result.problems.insert(0, "not a mission list dump (no 'current mission lists' header)")
    for mrec in result.missions:
        if not mrec.bundle_name:
            result.problems.append(f"mission {mrec.mission_id}: no bundle name")


def _field(m: MissionRecord, line: str) -> bool:
    for name, pattern in _FIELDS:
        g = pattern.match(line)
        if not g:
            continue
        if name == "record":
            m.ability_record_id = int(g.group(1))
        elif name == "app_name":
            m.app_name = g.group(1)
        elif name == "main_name":
            if not m.ability_name:
                m.ability_name = g.group(1)
        elif name == "bundle_name":
            m.bundle_name = m.bundle_name or g.group(1)
        elif name == "ability_type":
            m.ability_type = g.group(1)
        elif name == "state":
            m.state = g.group(1)
            if g.group(2):
                m.start_time = int(g.group(2))
        elif name == "app_state":
            m.app_state = g.group(1)
        elif name == "ready":
            m.ready = g.group(1) == "1"
            if g.group(2) is not None:
                m.window_attached = g.group(2) == "1"
            if g.group(3) is not None:
                m.launcher = g.group(3) == "1"
        elif name == "keep_alive":
            m.keep_alive = g.group(1) == "true"
        elif name == "affinity2":
            m.affinity = m.affinity or g.group(1)
        return True
    return False
