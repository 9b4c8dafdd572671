"""The mission list: ``device.missions`` (sync and callback forms) and ``device.aio.missions``.

The names are those of the AbilityManagerClient inner API (AbilityManagerClient::GetMissionInfos and
friends).  ``device_id`` ``""`` (or the local networkId) is the local device;
another networkId reads the cache that ``start_sync_remote_missions`` filled,
so a remote device that is not synced answers with an error, as on a device.
Results come as ``(null, data)`` and errors as the ability-runtime codes:
201, 202, 401, or 16000050 for any other failure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, List, Optional, TypeVar

from ._forms import AsyncForm, Call, coroutine_form, run_sync
from .errors import BusinessError
from .mission_model import MissionInfo, MissionSnapshot

if TYPE_CHECKING:
    from .device import Device

__all__ = ["MissionsAPI", "AsyncMissionsAPI", "MissionCalls"]

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


class MissionCalls:
    """Each mission-list call, declared once (JS method, arguments, result); the forms run them."""

    def get_mission_infos(self, device_id: str, num_max: int) -> Call[List[MissionInfo]]:
        """Up to ``num_max`` missions, most recent first (at most 20 for a remote device)."""
        return Call(_MODULE + "getMissionInfos", [device_id, num_max], _infos)

    def get_mission_info(self, device_id: str, mission_id: int) -> Call[MissionInfo]:
        return Call(_MODULE + "getMissionInfo", [device_id, mission_id], _info)

    def get_mission_snapshot(self, device_id: str, mission_id: int) -> Call[MissionSnapshot]:
        return Call(_MODULE + "getMissionSnapshot", [device_id, mission_id], _snapshot)

    def get_low_resolution_mission_snapshot(self, device_id: str, mission_id: int) -> Call[MissionSnapshot]:
        return Call(_MODULE + "getLowResolutionMissionSnapshot", [device_id, mission_id], _snapshot)

    def move_mission_to_front(self, mission_id: int) -> Call[None]:
        return Call(_MODULE + "moveMissionToFront", [mission_id], _none)

    def clean_mission(self, mission_id: int) -> Call[None]:
        """Remove a local mission (a mission locked for cleanup survives: 16000050)."""
        return Call(_MODULE + "cleanMission", [mission_id], _none)

    def clean_all_missions(self) -> Call[None]:
        return Call(_MODULE + "cleanAllMissions", [], _none)

    def lock_mission_for_cleanup(self, mission_id: int) -> Call[None]:
        return Call(_MODULE + "lockMissionForCleanup", [mission_id], _none)

    def unlock_mission_for_cleanup(self, mission_id: int) -> Call[None]:
        return Call(_MODULE + "unlockMissionForCleanup", [mission_id], _none)


class MissionsAPI:
    """The sync form; pass ``callback=`` to get ``callback(err, data)`` on the dispatcher thread."""

    def __init__(self, device: "Device") -> None:
        self._device = device
        self._backend = device._backend
        self._calls = MissionCalls()

    title = "mission list"

    def __repr__(self) -> str:
        return f"<ohbridge {self.title} (sync) of {self._device!r}>"

    def get_mission_infos(self, device_id: str, num_max: int,
                          callback: Optional[AsyncCallback[List[MissionInfo]]] = None) -> List[MissionInfo]:
        """Up to ``num_max`` missions, most recent first (at most 20 for a remote device)."""
        return run_sync(self._backend, self._calls.get_mission_infos(device_id, num_max), callback) or []

    def get_mission_info(self, device_id: str, mission_id: int,
                         callback: Optional[AsyncCallback[MissionInfo]] = None) -> Optional[MissionInfo]:
        return run_sync(self._backend, self._calls.get_mission_info(device_id, mission_id), callback)

    def get_mission_snapshot(self, device_id: str, mission_id: int,
                             callback: Optional[AsyncCallback[MissionSnapshot]] = None) -> Optional[MissionSnapshot]:
        return run_sync(self._backend, self._calls.get_mission_snapshot(device_id, mission_id), callback)

    def get_low_resolution_mission_snapshot(
        self, device_id: str, mission_id: int, callback: Optional[AsyncCallback[MissionSnapshot]] = None
    ) -> Optional[MissionSnapshot]:
        return run_sync(self._backend, self._calls.get_low_resolution_mission_snapshot(device_id, mission_id),
                        callback)

    def move_mission_to_front(self, mission_id: int, callback: Optional[AsyncCallback[None]] = None) -> None:
        run_sync(self._backend, self._calls.move_mission_to_front(mission_id), callback)

    def clean_mission(self, mission_id: int, callback: Optional[AsyncCallback[None]] = None) -> None:
        """Remove a local mission (a mission locked for cleanup survives: 16000050)."""
        run_sync(self._backend, self._calls.clean_mission(mission_id), callback)

    def clean_all_missions(self, callback: Optional[AsyncCallback[None]] = None) -> None:
        run_sync(self._backend, self._calls.clean_all_missions(), callback)

    def lock_mission_for_cleanup(self, mission_id: int, callback: Optional[AsyncCallback[None]] = None) -> None:
        run_sync(self._backend, self._calls.lock_mission_for_cleanup(mission_id), callback)

    def unlock_mission_for_cleanup(self, mission_id: int, callback: Optional[AsyncCallback[None]] = None) -> None:
        run_sync(self._backend, self._calls.unlock_mission_for_cleanup(mission_id), callback)


class AsyncMissionsAPI(AsyncForm):
    """The asyncio form: the same names, each a coroutine function (``async def``)."""

    title = "mission list"

    def __init__(self, device: "Device") -> None:
        super().__init__(device, MissionCalls())

    get_mission_infos = coroutine_form(MissionCalls.get_mission_infos)
    get_mission_info = coroutine_form(MissionCalls.get_mission_info)
    get_mission_snapshot = coroutine_form(MissionCalls.get_mission_snapshot)
    get_low_resolution_mission_snapshot = coroutine_form(MissionCalls.get_low_resolution_mission_snapshot)
    move_mission_to_front = coroutine_form(MissionCalls.move_mission_to_front)
    clean_mission = coroutine_form(MissionCalls.clean_mission)
    clean_all_missions = coroutine_form(MissionCalls.clean_all_missions)
    lock_mission_for_cleanup = coroutine_form(MissionCalls.lock_mission_for_cleanup)
    unlock_mission_for_cleanup = coroutine_form(MissionCalls.unlock_mission_for_cleanup)
