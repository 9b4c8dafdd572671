"""What ``aa dump -a`` prints after the missions: ExtensionRecords, PendingWantRecords, AppRunningRecords.

``aa dump -a`` runs AbilityManagerService::DumpSysInner (ability_ability_runtime
services/abilitymgr/src/ability_manager_service.cpp): the mission list, then
AbilityConnectManager::DumpState (``  ExtensionRecords:`` with one ``    uri [...]`` and the
record's DumpService lines per service), then PendingWantManager::Dump (``    PendingWantRecords:``),
then DumpSysProcess (``  AppRunningRecords:``).  None of them are missions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional

__all__ = ["ExtensionRecord", "ExtensionConnection", "AppRunningRecord", "SECTION_HEADERS",
           "ExtensionSection", "AppRunningSection"]

# The header line of each section, as the functions above print it (stripped).
SECTION_HEADERS = {
    "ExtensionRecords:": "extensions",
    "PendingWantRecords:": "pending_wants",
    "AppRunningRecords:": "processes",
}

# BaseExtensionRecord::DumpService (3.2: AbilityRecord::DumpService), ConnectionRecord::Dump.
_URI = re.compile(r"^uri \[\s*(.*?)\s*\]$")
_EXT_RECORD = re.compile(r"^AbilityRecord ID #(-?\d+)\s+state #(\w+)\s+start time \[(-?\d+)\]")
_EXT_FIELDS = {
    "main_name": re.compile(r"^main name \[(.*)\]$"),
    "bundle_name": re.compile(r"^bundle name \[(.*)\]$"),
    "ability_type": re.compile(r"^ability type \[(.*)\]$"),
    "app_state": re.compile(r"^app state #(\w+)"),
    "keep_alive": re.compile(r"^isKeepAlive: ?(true|false)"),
    "connection_count": re.compile(r"^Connections: (\d+)"),
    "window_type": re.compile(r"^windowConfig windowType \[(-?\d+)\]"),
    "window_id": re.compile(r"^windowConfig windowId \[(-?\d+)\]"),
    "restart": re.compile(r"^can restart num #(-?\d+)"),
    # DumpUIExtensionRootHostInfo, DumpUIExtensionPid (UI extensions only).
    "root_host_bundle": re.compile(r"^root host bundle name \[(.*)\]$"),
    "root_host_module": re.compile(r"^root host module name \[(.*)\]$"),
    "root_host_ability": re.compile(r"^root host ability name \[(.*)\]$"),
    "pid": re.compile(r"^pid: (-?\d+)$"),
}
_CONNECTION = re.compile(r"^> (?P<bundle>[^/]*)/(?P<ability>\S*)\s+connectionState #(?P<state>\w+)")
_NOTHING = re.compile(r"^(?P<key>.*): Nothing to dump from (serviceMap|lru cache)\.$")
# DumpSysProcess.
_APP_RECORD = re.compile(r"^AppRunningRecord ID #(\d+)")
_PROCESS = re.compile(r"^process name \[(.*)\]$")
_PID = re.compile(r"^pid #(-?\d+)\s+uid #(-?\d+)")
_APP_STATE = re.compile(r"^state #(\w+)")
# DumpUIExtensionRootHostRunningInfos / DumpUIExtensionProviderRunningInfos: "<kind> #i", "pid #n".
_RELATED = re.compile(r"^(root caller|uiextension provider) #(\d+)$")
_RELATED_PID = re.compile(r"^pid #(-?\d+)$")


@dataclass
class ExtensionConnection:
    bundle_name: str
    ability_name: str
    state: str  # ConvertConnectionState: CONNECTED, CONNECTING, ...


@dataclass
class ExtensionRecord:
    """One service / UI extension record of ``ExtensionRecords:``."""

    uri: str
    record_id: Optional[int] = None
    state: str = ""
    start_time: Optional[int] = None
    main_name: str = ""
    bundle_name: str = ""
    ability_type: str = ""  # SERVICE, UIEXTENSION, UI_SERVICE
    app_state: str = ""
    keep_alive: Optional[bool] = None
    connection_count: Optional[int] = None
    connections: List[ExtensionConnection] = field(default_factory=list)
    window_type: Optional[int] = None
    window_id: Optional[int] = None
    root_host_bundle: str = ""
    root_host_module: str = ""
    root_host_ability: str = ""
    pid: Optional[int] = None


@dataclass
class AppRunningRecord:
    """One process of ``AppRunningRecords:``."""

    index: int
    process_name: str = ""
    pid: Optional[int] = None
    uid: Optional[int] = None
    state: str = ""
    root_caller_pids: List[int] = field(default_factory=list)  # hosts of its UI extensions
    provider_pids: List[int] = field(default_factory=list)  # UI extension providers it hosts


class ExtensionSection:
    """Reads the lines of ``ExtensionRecords:`` one at a time."""

    def __init__(self, records: List[ExtensionRecord]) -> None:
        self.records = records

    def feed(self, line: str) -> bool:
        """True when the line belongs to the section."""
        if (g := _URI.match(line)):
            self.records.append(ExtensionRecord(uri=g.group(1)))
            return True
        if _NOTHING.match(line):
            return True
        if not self.records:
            return False
        rec = self.records[-1]
        if (g := _EXT_RECORD.match(line)):
            rec.record_id, rec.state, rec.start_time = int(g.group(1)), g.group(2), int(g.group(3))
            return True
        if (g := _CONNECTION.match(line)):
            rec.connections.append(ExtensionConnection(g.group("bundle"), g.group("ability"), g.group("state")))
            return True
        for name, pattern in _EXT_FIELDS.items():
            g = pattern.match(line)
            if not g:
                continue
            value = g.group(1)
            if name == "keep_alive":
                rec.keep_alive = value == "true"
            elif name in ("connection_count", "window_type", "window_id", "pid"):
                setattr(rec, name, int(value))
            elif name != "restart":
                setattr(rec, name, value)
            return True
        return False


class AppRunningSection:
    """Reads the lines of ``AppRunningRecords:`` one at a time."""

    def __init__(self, records: List[AppRunningRecord]) -> None:
        self.records = records
        self._related: Optional[List[int]] = None  # the list a following "pid #n" belongs to

    def feed(self, line: str) -> bool:
        if (g := _APP_RECORD.match(line)):
            self.records.append(AppRunningRecord(index=int(g.group(1))))
            self._related = None
            return True
        if not self.records:
            return False
        rec = self.records[-1]
        if (g := _RELATED.match(line)):
            self._related = rec.root_caller_pids if g.group(1) == "root caller" else rec.provider_pids
            return True
        if self._related is not None and (g := _RELATED_PID.match(line)):
            self._related.append(int(g.group(1)))
            return True
        if (g := _PROCESS.match(line)):
            rec.process_name = g.group(1)
        elif (g := _PID.match(line)):
            rec.pid, rec.uid = int(g.group(1)), int(g.group(2))
        elif (g := _APP_STATE.match(line)):
            rec.state = g.group(1)
        else:
            return False
        return True
