"""The mission list: ``device.missions`` (sync and callback forms) and ``device.aio.missions``.

The names are those of the AbilityManagerClient inner API (AbilityManagerClient::GetMissionInfos and
friends).  ``device_id`` ``""`` (or the local networkId) is the local device;
another networkId reads the cache that ``start_sync_remote_missions`` filled,
so a remote device that is not synced answers with an error, as on a device.
Results come as ``(null, data)`` and errors as the ability-runtime codes:
201, 202, 401, or 16000050 for any other failure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Awaitable, Callable, List, Optional, TypeVar

from . import _dispatch
from ._call import Pending, settle
from .errors import BusinessError
from .mission_model import MissionInfo, MissionSnapshot

if TYPE_CHECKING:
    from .device import Device

__all__ = ["MissionsAPI", "AsyncMissionsAPI"]

T = TypeVar("T")
AsyncCallback = Callable[[Optional[BusinessError], Optional[T]], Any]
_MODULE = "missionManager."


def _none(payload: Any) -> None:
    return None


def _infos(payload: Any) -> List[MissionInfo]:
    return [MissionInfo.from_js(m) for m in payload]


def _info(payload: Any) -> MissionInfo:
    return MissionInfo.from_js(payload)


def _snapshot(payload: Any) -> MissionSnapshot:
    return MissionSnapshot.from_js(payload)


class MissionsAPI:
    """The sync form; pass ``callback=`` to get ``callback(err, data)`` on the dispatcher thread."""

    def __init__(self, device: "Device") -> None:
        self._device = device
        self._invoke = device._backend.invoke

    def __repr__(self) -> str:
        form = "asyncio" if type(self).__name__.startswith("Async") else "sync"
        return f"<ohbridge mission list ({form}; AbilityManagerClient missions) of {self._device!r}>"

    def _call(self, method: str, args: List[Any], convert: Callable[[Any], T],
              callback: Optional[AsyncCallback[T]]) -> Optional[T]:
        if callback is not None:
            args.append(_dispatch.completion(callback, convert, _dispatch.direct()))
        kind, payload = self._invoke(_MODULE + method, args)
        return settle(kind, payload, convert)

    def get_mission_infos(self, device_id: str, num_max: int,
                          callback: Optional[AsyncCallback[List[MissionInfo]]] = None) -> List[MissionInfo]:
        """Up to ``num_max`` missions, most recent first (at most 20 for a remote device)."""
        return self._call("getMissionInfos", [device_id, num_max], _infos, callback) or []

    def get_mission_info(self, device_id: str, mission_id: int,
                         callback: Optional[AsyncCallback[MissionInfo]] = None) -> Optional[MissionInfo]:
        return self._call("getMissionInfo", [device_id, mission_id], _info, callback)

    def get_mission_snapshot(self, device_id: str, mission_id: int,
                             callback: Optional[AsyncCallback[MissionSnapshot]] = None) -> Optional[MissionSnapshot]:
        return self._call("getMissionSnapshot", [device_id, mission_id], _snapshot, callback)

    def get_low_resolution_mission_snapshot(
        self, device_id: str, mission_id: int, callback: Optional[AsyncCallback[MissionSnapshot]] = None
    ) -> Optional[MissionSnapshot]:
        return self._call("getLowResolutionMissionSnapshot", [device_id, mission_id], _snapshot, callback)

    def move_mission_to_front(self, mission_id: int, callback: Optional[AsyncCallback[None]] = None) -> None:
        self._call("moveMissionToFront", [mission_id], _none, callback)

    def clean_mission(self, mission_id: int, callback: Optional[AsyncCallback[None]] = None) -> None:
        """Remove a local mission (a mission locked for cleanup survives: 16000050)."""
        self._call("cleanMission", [mission_id], _none, callback)

    def clean_all_missions(self, callback: Optional[AsyncCallback[None]] = None) -> None:
        self._call("cleanAllMissions", [], _none, callback)

    def lock_mission_for_cleanup(self, mission_id: int, callback: Optional[AsyncCallback[None]] = None) -> None:
        self._call("lockMissionForCleanup", [mission_id], _none, callback)

    def unlock_mission_for_cleanup(self, mission_id: int, callback: Optional[AsyncCallback[None]] = None) -> None:
        self._call("unlockMissionForCleanup", [mission_id], _none, callback)


class AsyncMissionsAPI:
    """The asyncio form: the same names, returning awaitables."""

    def __init__(self, device: "Device") -> None:
        self._device = device
        self._invoke = device._backend.invoke

    def __repr__(self) -> str:
        form = "asyncio" if type(self).__name__.startswith("Async") else "sync"
        return f"<ohbridge mission list ({form}; AbilityManagerClient missions) of {self._device!r}>"

    def _call(self, method: str, args: List[Any], convert: Callable[[Any], T]) -> Awaitable[T]:
        kind, payload = self._invoke(_MODULE + method, args)
        return Pending(kind, payload, convert)

    def get_mission_infos(self, device_id: str, num_max: int) -> Awaitable[List[MissionInfo]]:
        return self._call("getMissionInfos", [device_id, num_max], _infos)

    def get_mission_info(self, device_id: str, mission_id: int) -> Awaitable[MissionInfo]:
        return self._call("getMissionInfo", [device_id, mission_id], _info)

    def get_mission_snapshot(self, device_id: str, mission_id: int) -> Awaitable[MissionSnapshot]:
        return self._call("getMissionSnapshot", [device_id, mission_id], _snapshot)

    def get_low_resolution_mission_snapshot(self, device_id: str, mission_id: int) -> Awaitable[MissionSnapshot]:
        return self._call("getLowResolutionMissionSnapshot", [device_id, mission_id], _snapshot)

    def move_mission_to_front(self, mission_id: int) -> Awaitable[None]:
        return self._call("moveMissionToFront", [mission_id], _none)

    def clean_mission(self, mission_id: int) -> Awaitable[None]:
        return self._call("cleanMission", [mission_id], _none)

    def clean_all_missions(self) -> Awaitable[None]:
        return self._call("cleanAllMissions", [], _none)

    def lock_mission_for_cleanup(self, mission_id: int) -> Awaitable[None]:
        return self._call("lockMissionForCleanup", [mission_id], _none)

    def unlock_mission_for_cleanup(self, mission_id: int) -> Awaitable[None]:
        return self._call("unlockMissionForCleanup", [mission_id], _none)
