"""Value types of the mission APIs (``@ohos.distributedMissionManager`` and the
local mission list), with their JS field names.

As in :mod:`ohbridge.model`, every input accepts these dataclasses or plain
dicts with the JS names, so the examples of the OpenHarmony docs work as
they are.  A field left as ``None`` is absent on the JS side.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Union

from .model import JsObject, JsValue, Want, to_js

__all__ = [
    "ContinueState",
    "MissionDeviceInfo",
    "MissionParameter",
    "MissionCallback",
    "ContinueDeviceInfo",
    "ContinueCallback",
    "ContinueMissionInfo",
    "ContinueResult",
    "ContinueCompletion",
    "ContinuableInfo",
    "ContinueStateChange",
    "ElementName",
    "PixelMap",
    "MissionSnapshot",
    "MissionInfo",
    "MissionEvent",
    "MissionDeviceInfoLike",
    "MissionParameterLike",
    "MissionCallbackLike",
    "ContinueDeviceInfoLike",
    "ContinueCallbackLike",
    "ContinueMissionInfoLike",
]


def _drop_none(d: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


class ContinueState(enum.IntEnum):
    """``AbilityConstant.ContinueState`` (the DMM module itself has no such property at runtime)."""

    ACTIVE = 0
    INACTIVE = 1


@dataclass
class MissionDeviceInfo(JsValue):
    """``MissionDeviceInfo``: the device whose missions to listen to."""

    device_id: str

    def to_js(self) -> Dict[str, Any]:
        return {"deviceId": self.device_id}


@dataclass
class MissionParameter(JsValue):
    """``MissionParameter``.  ``fix_conflict`` and ``tag`` are required but never read by DMS."""

    device_id: str
    fix_conflict: bool = False
    tag: int = 0

    def to_js(self) -> Dict[str, Any]:
        return {"deviceId": self.device_id, "fixConflict": self.fix_conflict, "tag": self.tag}


@dataclass
class MissionCallback(JsValue):
    """``MissionCallback``: the three listener functions, all required.

    * ``notify_missions_changed(device_id)``
    * ``notify_snapshot(device_id, mission_id)``
    * ``notify_net_disconnect(device_id, state)`` (``state`` is 0)
    """

    notify_missions_changed: Callable[[str], Any]
    notify_snapshot: Callable[[str, int], Any]
    notify_net_disconnect: Callable[[str, int], Any]

    def to_js(self) -> Dict[str, Any]:
        return {
            "notifyMissionsChanged": self.notify_missions_changed,
            "notifySnapshot": self.notify_snapshot,
            "notifyNetDisconnect": self.notify_net_disconnect,
        }


@dataclass
class ContinueDeviceInfo(JsValue):
    """``ContinueDeviceInfo``: continue mission ``mission_id`` from one device to another."""

    src_device_id: str
    dst_device_id: str
    mission_id: int
    want_param: Mapping[str, Any] = field(default_factory=dict)

    def to_js(self) -> Dict[str, Any]:
        return {
            "srcDeviceId": self.src_device_id,
            "dstDeviceId": self.dst_device_id,
            "missionId": self.mission_id,
            "wantParam": to_js(self.want_param),
        }


@dataclass
class ContinueResult:
    """What ``onContinueDone`` receives: the JS object ``{resultCode}`` (the docs say a bare number).

    The code is raw: 0 on success; e.g. 16300501, 16300508, 16300509, 29360152, 29360153.
    """

    result_code: int

    @classmethod
    def from_js(cls, d: Any) -> "ContinueResult":
        return cls(int(d["resultCode"]) if isinstance(d, Mapping) else int(d))


@dataclass
class ContinueCompletion:
    """What the callback of ``continue_mission(ContinueMissionInfo, callback)`` receives.

    The device calls it with ONE argument ``{code}``, a plain object even on
    success (``code == 0``): it is not an error object.
    """

    code: int


@dataclass
class ContinueCallback(JsValue):
    """``ContinueCallback``: ``on_continue_done(ContinueResult)`` is called once, later."""

    on_continue_done: Callable[[ContinueResult], Any]

    def to_js(self) -> Dict[str, Any]:
        return {"onContinueDone": self.on_continue_done}


@dataclass
class ContinueMissionInfo(JsValue):
    """``ContinueMissionInfo`` (API 10+): continue the app ``bundle_name`` by name."""

    src_device_id: str
    dst_device_id: str
    bundle_name: str
    want_param: Mapping[str, Any] = field(default_factory=dict)
    src_bundle_name: Optional[str] = None
    continue_type: Optional[str] = None

    def to_js(self) -> Dict[str, Any]:
        return _drop_none(
            {
                "srcDeviceId": self.src_device_id,
                "dstDeviceId": self.dst_device_id,
                "bundleName": self.bundle_name,
                "wantParam": to_js(self.want_param),
                "srcBundleName": self.src_bundle_name,
                "continueType": self.continue_type,
            }
        )


@dataclass
class ContinuableInfo:
    src_device_id: str
    bundle_name: str
    continue_type: str = ""
    src_bundle_name: str = ""
    target_app_ids: List[str] = field(default_factory=list)


@dataclass
class ContinueStateChange:
    """The argument of an ``on("continueStateChange")`` callback."""

    state: Union[ContinueState, int]
    info: ContinuableInfo

    @classmethod
    def from_js(cls, d: JsObject) -> "ContinueStateChange":
        info = d.get("info") or {}
        state = int(d.get("state", 0))
        return cls(
            state=ContinueState(state) if state in (0, 1) else state,
            info=ContinuableInfo(
                src_device_id=str(info.get("srcDeviceId", "")),
                bundle_name=str(info.get("bundleName", "")),
                continue_type=str(info.get("continueType", "")),
                src_bundle_name=str(info.get("srcBundleName", "")),
                target_app_ids=list(info.get("targetAppIds") or []),
            ),
        )


@dataclass
class ElementName:
    device_id: str = ""
    bundle_name: str = ""
    ability_name: str = ""
    module_name: str = ""


@dataclass
class PixelMap:
    """Stands in for ``image.PixelMap``: its size and a tag naming the picture."""

    width: int
    height: int
    tag: str = ""


@dataclass
class MissionSnapshot:
    ability: ElementName
    snapshot: PixelMap

    @classmethod
    def from_js(cls, d: JsObject) -> "MissionSnapshot":
        a = d.get("ability") or {}
        s = d.get("snapshot") or {}
        return cls(
            ability=ElementName(
                device_id=str(a.get("deviceId", "")),
                bundle_name=str(a.get("bundleName", "")),
                ability_name=str(a.get("abilityName", "")),
                module_name=str(a.get("moduleName", "")),
            ),
            snapshot=PixelMap(int(s.get("width", 0)), int(s.get("height", 0)), str(s.get("tag", ""))),
        )


class RunningState(enum.IntEnum):
    """``MissionInfo.runningState`` (ability_runtime mission_info.h: -1 until the ability runs;
    MissionListManager::HandleAbilityDiedByDefault sets -1 again when its process dies)."""

    NOT_RUNNING = -1
    RUNNING = 0


class AbilityState(enum.IntEnum):
    """``MissionInfo.abilityState``: AMS's AbilityRecord state (ability_runtime
    interfaces/inner_api/ability_manager/include/ability_state.h, AAFwk::AbilityState), which
    MissionInfoMgr::SetMissionAbilityState copies; -1 (``UNSET``) until it is set."""

    UNSET = -1
    INITIAL = 0
    INACTIVE = 1
    ACTIVE = 2
    INACTIVATING = 5
    ACTIVATING = 6
    TERMINATING = 8
    FOREGROUND = 9
    BACKGROUND = 10
    FOREGROUNDING = 11
    BACKGROUNDING = 12
    FOREGROUND_FAILED = 13
    BACKGROUND_FAILED = 14
    FOREGROUND_INVALID_MODE = 15
    FOREGROUND_WINDOW_FREEZED = 16
    FOREGROUND_DO_NOTHING = 17


def _enum_text(enum_type: Any, value: int) -> str:
    try:
        return f"{enum_type(value).name}({value})"
    except ValueError:
        return repr(value)


@dataclass
class MissionInfo:
    """``MissionInfo`` as JS sees it.

    Missions of a remote device come from the synced cache and lose
    ``timestamp``, ``ability_state`` and ``unclearable`` on the way (defaults
    ``""``, ``-1``, ``False``).  ``running_state``, ``ability_state`` and
    ``continue_state`` stay ints (equal to the device's values); the repr names them
    (:class:`RunningState`, :class:`AbilityState`, :class:`ContinueState`).
    ``continue_state`` is the inner MissionInfo's (mission_info.h, default
    CONTINUESTATE_ACTIVE), where the backend reports it.
    """

    mission_id: int
    running_state: int
    locked_state: bool
    continuable: bool
    timestamp: str
    want: Want
    label: str
    icon_path: str
    ability_state: int
    unclearable: bool
    continue_state: int = ContinueState.ACTIVE

    def __repr__(self) -> str:
        return (f"MissionInfo(mission_id={self.mission_id!r}, bundle={self.want.bundle_name!r}, "
                f"ability={self.want.ability_name!r}, label={self.label!r}, "
                f"running_state={_enum_text(RunningState, self.running_state)}, "
                f"ability_state={_enum_text(AbilityState, self.ability_state)}, "
                f"continue_state={_enum_text(ContinueState, self.continue_state)}, "
                f"locked_state={self.locked_state!r}, continuable={self.continuable!r}, "
                f"timestamp={self.timestamp!r})")

    @classmethod
    def from_js(cls, d: JsObject) -> "MissionInfo":
        return cls(
            mission_id=int(d["missionId"]),
            running_state=int(d.get("runningState", -1)),
            locked_state=bool(d.get("lockedState", False)),
            continuable=bool(d.get("continuable", False)),
            timestamp=str(d.get("timestamp", "")),
            want=Want.from_js(d.get("want") or {}),
            label=str(d.get("label", "")),
            icon_path=str(d.get("iconPath", "")),
            ability_state=int(d.get("abilityState", -1)),
            unclearable=bool(d.get("unclearable", False)),
            continue_state=int(d.get("continueState", ContinueState.ACTIVE)),
        )


@dataclass
class MissionEvent:
    """One listener notification, as the asyncio event stream yields it.

    ``kind`` is ``"missionsChanged"``, ``"snapshot"`` (with ``mission_id``)
    or ``"netDisconnect"`` (with ``state``).
    """

    kind: str
    device_id: str
    mission_id: Optional[int] = None
    state: Optional[int] = None


MissionDeviceInfoLike = Union[MissionDeviceInfo, JsObject]
MissionParameterLike = Union[MissionParameter, JsObject]
MissionCallbackLike = Union[MissionCallback, JsObject]
ContinueDeviceInfoLike = Union[ContinueDeviceInfo, JsObject]
ContinueCallbackLike = Union[ContinueCallback, JsObject]
ContinueMissionInfoLike = Union[ContinueMissionInfo, JsObject]
