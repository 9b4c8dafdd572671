"""``aa dump -p``: PendingWant (WantAgent) records.

PendingWantManager::Dump and DumpByRecordId (ability_ability_runtime
services/abilitymgr/src/pending_want_manager.cpp, the same from 3.2 to master) print the
operation type as a number, ``type #`` + std::to_string(pendingKey->GetType()): the
OperationType value.  3.2 indented the ``uri`` lines with a tab.  Names are still read, for
dumps that other tools reformatted.  Observation only: no shell tool creates, triggers or
cancels a WantAgent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import List, Optional

from ._text import clip, lines_of

__all__ = ["PendingWantRecord", "PendingWantsResult", "parse_pending_wants", "OPERATION_TYPES"]

OPERATION_TYPES = {
    "UNKNOWN_TYPE": 0,
    "START_ABILITY": 1,
    "START_ABILITIES": 2,
    "START_SERVICE": 3,
    "SEND_COMMON_EVENT": 4,
    "START_FOREGROUND_SERVICE": 5,
    "START_SERVICE_EXTENSION": 6,
}

_TYPE_NAMES = {v: k for k, v in OPERATION_TYPES.items()}
_RECORD = re.compile(r"^PendWantRecord ID #(-?\d+)(?:\s+type #(-?\w+))?")
_BUNDLE = re.compile(r"^bundle name \[(.*)\]$")
_WHO = re.compile(r"^result who \[(.*)\]$")
_CODE = re.compile(r"^request code #(-?\d+)(?:\s+flags #(-?\d+))?")
_RTYPE = re.compile(r"^resolved type \[(.*)\]$")
_URI = re.compile(r"^uri \[(.*)\]$")
_RTYPES = re.compile(r"^resolved types \[(.*)\]$")


@dataclass
class PendingWantUri:
    uri: str
    device_id: str = ""
    bundle_name: str = ""
    ability_name: str = ""


@dataclass
class PendingWantRecord:
    record_id: int
    operation_type: Optional[int] = None  # OperationType value; None if the name is unknown
    type_name: str = ""
    bundle_name: str = ""
    result_who: str = ""
    request_code: Optional[int] = None
    flags: Optional[int] = None
    resolved_type: str = ""
    wants: List[PendingWantUri] = field(default_factory=list)


@dataclass
class PendingWantsResult:
    records: List[PendingWantRecord] = field(default_factory=list)
    problems: List[str] = field(default_factory=list)


def _split_uri(uri: str) -> PendingWantUri:
    # "<deviceId>//<bundle>/<ability>" (ElementName::GetURI)
    device, sep, rest = uri.partition("//")
    if not sep:
        return PendingWantUri(uri=uri)
    bundle, _, ability = rest.partition("/")
    return PendingWantUri(uri=uri, device_id=device, bundle_name=bundle, ability_name=ability)


def _set_type(record: PendingWantRecord, token: str, n: int, problems: List[str]) -> None:
    if not token:
        return
    if token.lstrip("-").isdigit():
        record.operation_type = int(token)
        record.type_name = _TYPE_NAMES.get(record.operation_type, "")
        if not record.type_name:
            problems.append(f"line {n}: unknown operation type #{token}")
        return
    record.type_name = token
    record.operation_type = OPERATION_TYPES.get(token)
    if record.operation_type is None:
        problems.append(f"line {n}: unknown operation type {token!r}")


def parse_pending_wants(text: object) -> PendingWantsResult:
    result = PendingWantsResult()
    try:
        current: Optional[PendingWantRecord] = None
        for n, raw in enumerate(lines_of(text if isinstance(text, (str, bytes)) else None), 1):
            line = raw.strip()
            if not line or line in ("PendingWantRecords:", "Wants:"):
                continue
            m = _RECORD.match(line)
            if m:
                current = PendingWantRecord(record_id=int(m.group(1)))
                _set_type(current, m.group(2) or "", n, result.problems)
                result.records.append(current)
                continue
            if line.startswith("error:"):
                result.problems.append(f"line {n}: the device said {clip(line)}")
                continue
            if current is None:
                result.problems.append(f"line {n}: not understood before any record: {clip(line)}")
                continue
            if (g := _BUNDLE.match(line)):
                current.bundle_name = g.group(1)
            elif (g := _WHO.match(line)):
                current.result_who = g.group(1)
            elif (g := _CODE.match(line)):
                current.request_code = int(g.group(1))
                if g.group(2) is not None:
                    current.flags = int(g.group(2))
            elif (g := _RTYPE.match(line)):
                current.resolved_type = g.group(1)
            elif (g := _URI.match(line)):
                current.wants.append(_split_uri(g.group(1)))
            elif _RTYPES.match(line):
                pass
            else:
                result.problems.append(f"line {n}: not understood in record {current.record_id}: {clip(line)}")
    except Exception as exc:  # noqa: BLE001
        result.problems.append(f"parser error: {exc!r}")
    return result
