"""``aa dump -l`` / ``aa dump -a`` / ``hidumper -s AbilityManagerService -a -l``: the mission list.

The printing functions (ability_ability_runtime services/abilitymgr/src):
- SceneBoard devices: UIAbilityLifecycleManager::DumpMissionList, one ``current mission lists:{``
  block whose order is that of an unordered map (not recency);
- legacy devices: MissionListManager::DumpMissionList, ``Current mission lists:`` and the default
  lists, each ``MissionList Type #...`` (MissionList::DumpList);
- the older MissionListManager::Dump (``hidumper ... -a``): `` current mission lists:{`` and the
  default lists in braces, Mission::Dump headers with ``ANR State #`` and AbilityRecord::Dump
  bodies with the previous/next ability lines;
- under ``callee connections:`` AbilityRecord::DumpAbilityState prints CallContainer::Dump, the
  CallRecord::Dump lines, whose ``state #`` belongs to the call record, not to the mission;
- ``aa dump -a`` continues with ExtensionRecords, PendingWantRecords and AppRunningRecords
  (ams_sections.py), which are not missions.
Blocks are split on ``Mission ID #``, not matched with one regex over the whole text:
hmdriver2's ``Mission ID #[\\s\\S]*?isKeepAlive: false\\s*}`` swallows every mission into one
match (its issues #42/#52).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from ._text import clip, lines_of
from .ams_sections import (
    SECTION_HEADERS,
    AppRunningRecord,
    AppRunningSection,
    ExtensionRecord,
    ExtensionSection,
)
from .pending_wants import PendingWantRecord, parse_pending_wants

__all__ = ["MissionRecord", "MissionListResult", "CallRecordInfo", "parse_mission_list", "parse_mission_name"]

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
    # AbilityRecord::Dump / MissionAbilityRecord::DumpPreAbility, DumpNextAbility (3.2 printed
    # "next ability main name" when there was one).
    ("previous_app", re.compile(r"^previous ability app name \[(.*)\]$")),
    ("previous_file", re.compile(r"^previous ability file name \[(.*)\]$")),
    ("next_app", re.compile(r"^next ability app name \[(.*)\]$")),
    ("next_file", re.compile(r"^next ability (?:file|main) name \[(.*)\]$")),
    # AbilityRecord::DumpClientInfo, with -c.
    ("configuration", re.compile(r"^configuration: ?(.*)$")),
    # InnerMissionInfo::Dump (hidumper -s AbilityManagerService -a -S: MissionInfoMgr::Dump).
    ("info_name", re.compile(r"^mission name \[(.*)\]$")),
    ("info_running", re.compile(r"^runningState \[(-?\d+)\]$")),
    ("info_locked", re.compile(r"^lockedState \[(\d+)\]$")),
    ("info_continuable", re.compile(r"^continuable \[(\d+)\]$")),
    ("info_time", re.compile(r"^timeStamp \[(.*)\]$")),
    ("info_label", re.compile(r"^label \[(.*)\]$")),
    ("info_icon", re.compile(r"^iconPath \[(.*)\]$")),
    ("info_want", re.compile(r"^want \[(.*)\]$")),
]
_IGNORED = re.compile(
    r"^(User ID #\d+|[Cc]urrent mission lists:\{?|\}|default stand mission list:\{?|"
    r"default single mission list:\{?|launcher mission list:\{?|MissionList Type #\w*.*)$"
)
# CallRecord::Dump: "CallRecord ID #n", "caller uri [...]" (only "caller" when the caller record is
# gone, and then the state follows on the same line), "state #REQUESTED start time [t]".
_CALL_RECORD = re.compile(r"^CallRecord ID #(-?\d+)")
_CALLER = re.compile(r"^caller(?: uri \[(?P<uri>.*?)\])?(?:\s+state #(?P<state>\w+)"
                     r"(?:\s*start time \[(?P<time>-?\d+)\])?)?$")
_CALL_STATE = re.compile(r"^state #(\w+)(?:\s*start time \[(-?\d+)\])?")
_LIST_TYPE = re.compile(r"^MissionList Type #(\w+)")
_USER = re.compile(r"^User ID #(\d+)")


@dataclass
class CallRecordInfo:
    """One CallRecord under ``callee connections:`` (an ability started by startAbilityByCall)."""

    record_id: int
    caller_uri: str = ""
    state: str = ""  # INIT, REQUESTING, REQUESTED
    start_time: Optional[int] = None


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
    call_records: List[CallRecordInfo] = field(default_factory=list)
    previous_ability: str = ""  # "app name/file name" of AbilityRecord::Dump, "" for [NULL]
    next_ability: str = ""
    configuration: str = ""
    # The MissionInfo fields that InnerMissionInfo::Dump prints (the -S dump).
    running_state: Optional[int] = None
    continuable: Optional[bool] = None
    timestamp: str = ""
    label: str = ""
    icon_path: str = ""
    want_uri: str = ""

    @property
    def foreground(self) -> bool:
        return self.state in ("FOREGROUND", "FOREGROUNDING") or self.app_state in ("FOREGROUND", "FOCUS")


@dataclass
class MissionListResult:
    missions: List[MissionRecord] = field(default_factory=list)
    layout: str = "unknown"  # "scb", "legacy", "mission_infos", "empty" or "unknown"
    problems: List[str] = field(default_factory=list)
    # What ``aa dump -a`` prints after the missions, in the order seen.
    sections: List[str] = field(default_factory=list)
    extensions: List[ExtensionRecord] = field(default_factory=list)
    pending_wants: List[PendingWantRecord] = field(default_factory=list)
    processes: List[AppRunningRecord] = field(default_factory=list)

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


def _layout(text: str) -> str:
    if "current mission lists:{" in text and "default stand mission list:{" not in text:
        return "scb"
    if "Current mission lists:" in text or "MissionList Type #" in text or "current mission lists:{" in text:
        return "legacy"
    if not text.strip():
        return "empty"
    if "Mission ID #" in text and re.search(r"^\s*mission name \[", text, re.M):
        return "mission_infos"
    return "unknown"


class _State:
    def __init__(self, result: MissionListResult) -> None:
        self.result = result
        self.current: Optional[MissionRecord] = None
        self.in_callee = False
        self.section = "missions"
        self.list_type = ""
        self.user: Optional[int] = None
        self.pending_lines: List[str] = []
        self.extensions = ExtensionSection(result.extensions)
        self.processes = AppRunningSection(result.processes)


def _parse(lines: List[str], result: MissionListResult) -> None:
    text = "\n".join(lines)
    result.layout = _layout(text)
    if result.layout == "empty":
        return
    st = _State(result)
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if line:
            _line(st, n, raw, line)
    if st.pending_lines:
        pending = parse_pending_wants("\n".join(st.pending_lines))
        result.pending_wants = pending.records
        result.problems.extend(f"pending wants: {p}" for p in pending.problems)
    if result.layout == "unknown":
        result.problems.insert(0, "not a mission list dump (no 'current mission lists' header)")
    for mrec in result.missions:
        if not mrec.bundle_name:
            result.problems.append(f"mission {mrec.mission_id}: no bundle name")


def _line(st: _State, n: int, raw: str, line: str) -> None:
    result = st.result
    section = SECTION_HEADERS.get(line)
    if section is not None:
        # A section after the missions: nothing below belongs to the last mission.
        st.section, st.current, st.in_callee = section, None, False
        result.sections.append(section)
        if section == "pending_wants":
            st.pending_lines.append(line)
        return
    if line.startswith("error:"):
        result.problems.append(f"line {n}: the device said {clip(line)}")
        return
    if st.section == "pending_wants":
        st.pending_lines.append(line)
        return
    if st.section == "extensions":
        if not st.extensions.feed(line):
            result.problems.append(f"line {n}: not understood in the extension records: {clip(line)}")
        return
    if st.section == "processes":
        if not st.processes.feed(line):
            result.problems.append(f"line {n}: not understood in the process records: {clip(line)}")
        return
    m = _HEADER.match(raw)
    if m:
        _mission_header(st, n, int(m.group(1)), m.group("rest"))
        return
    um = _USER.match(line)
    if um:
        st.user = int(um.group(1))
        return
    lt = _LIST_TYPE.match(line)
    if lt:
        st.list_type = lt.group(1)
        return
    if _IGNORED.match(line):
        return
    current = st.current
    if current is None:
        result.problems.append(f"line {n}: not understood before any mission: {clip(line)}")
        return
    if st.in_callee and _call_line(current, line):
        return
    if line.startswith("isKeepAlive"):
        st.in_callee = False  # DumpAbilityState prints it right after the call records
    if line.startswith("callee connections:"):
        st.in_callee = True
    if not _field(current, line):
        result.problems.append(f"line {n}: not understood in mission {current.mission_id}: {clip(line)}")


def _mission_header(st: _State, n: int, mission_id: int, rest: str) -> None:
    result = st.result
    current = MissionRecord(mission_id=mission_id, list_type=st.list_type, user_id=st.user)
    st.current, st.in_callee = current, False
    result.missions.append(current)
    nm = _NAME.search(rest)
    if nm:
        current.mission_name = nm.group("name")
        b, idx, mod, ab, problem = parse_mission_name(current.mission_name)
        current.bundle_name, current.app_index, current.module_name, current.ability_name = b, idx, mod, ab
        if problem:
            result.problems.append(f"line {n}: {problem}")
    elif result.layout != "mission_infos":  # there the name follows on its own line
        result.problems.append(f"line {n}: mission {current.mission_id} has no mission name")
    lk = _LOCKED.search(rest)
    if lk:
        current.locked = lk.group(1) != "0"
    af = _AFFINITY.search(rest)
    if af:
        current.affinity = af.group("a")


def _call_line(m: MissionRecord, line: str) -> bool:
    """A CallRecord::Dump line under ``callee connections:``; False if it is none."""
    if (g := _CALL_RECORD.match(line)):
        m.call_records.append(CallRecordInfo(record_id=int(g.group(1))))
        return True
    if not m.call_records:
        return False
    call = m.call_records[-1]
    if (g := _CALLER.match(line)):
        call.caller_uri = g.group("uri") or ""
        if g.group("state"):
            call.state = g.group("state")
            call.start_time = int(g.group("time")) if g.group("time") else None
        return True
    if (g := _CALL_STATE.match(line)):
        call.state = g.group(1)
        call.start_time = int(g.group(2)) if g.group(2) else None
        return True
    return False


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
        elif name in ("previous_app", "previous_file", "next_app", "next_file"):
            _neighbour(m, name, g.group(1))
        elif name == "configuration":
            m.configuration = g.group(1)
        elif name.startswith("info_"):
            _info_field(m, name, g.group(1))
        return True
    return False


def _neighbour(m: MissionRecord, name: str, value: str) -> None:
    value = "" if value == "NULL" else value
    attr = "previous_ability" if name.startswith("previous") else "next_ability"
    if name.endswith("_app"):
        setattr(m, attr, value)
    elif value:
        setattr(m, attr, f"{getattr(m, attr)}/{value}" if getattr(m, attr) else value)


def _info_field(m: MissionRecord, name: str, value: str) -> None:
    if name == "info_name":
        m.mission_name = value
        m.bundle_name, m.app_index, m.module_name, m.ability_name, _ = parse_mission_name(value)
    elif name == "info_running":
        m.running_state = int(value)
    elif name == "info_locked":
        m.locked = value != "0"
    elif name == "info_continuable":
        m.continuable = value != "0"
    elif name == "info_time":
        m.timestamp = value
    elif name == "info_label":
        m.label = value
    elif name == "info_icon":
        m.icon_path = value
    else:
        m.want_uri = value
