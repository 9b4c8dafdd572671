"""The app lifecycle of a Device: start an ability, force-stop a bundle, the focused mission, events.

The same on every backend: they travel as the backend methods ``app.startAbility``,
``app.forceStop`` and ``app.foreground`` (the stub's simulated AMS, the agent's
AbilityManagerClient, the shell backend's ``aa start`` / ``aa force-stop`` and focus dump).
Failures are what the ``aa`` tool reports for the same AMS result, e.g.
:class:`~ohbridge.errors.AbilityNotFoundError` (10104001) for a bundle or ability that is not
installed, :class:`~ohbridge.errors.BundleNotFoundError` (10104002) for force-stopping one
(ability_ability_runtime tools/aa/src/ability_command.cpp CreateMessageMap).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Mapping, Optional, Union

from ._call import asettle, settle
from ._error_base import Error
from .device_tracking import DeviceEvent, EventLog, StateTracker
from .errors import error_for
from .mission_model import MissionInfo
from .model import Want, to_js

if TYPE_CHECKING:
    from ._call import Backend

__all__ = ["AppStart", "LifecycleTimeoutError", "LifecycleMixin", "AsyncLifecycleMixin", "DeviceEvent"]

WantLike = Union[Want, Mapping[str, Any], str]
EventPredicate = Callable[[DeviceEvent], bool]
_PARAM = 401
# How often a wait reads the focused mission again.  A shell-backend read is one `hdc shell`
# (about 88 ms on a device), so it is not read more often than this.
_POLL_S = {"shell": 0.25}
_DEFAULT_POLL_S = 0.02
_UNSEEN = object()  # no read of the focused mission yet


class LifecycleTimeoutError(Error, TimeoutError):
    """``wait_for_mission`` / ``wait_event`` saw nothing that matched in time; ``last`` is what it saw last."""

    def __init__(self, message: str, last: Any = None) -> None:
        super().__init__(message)
        self.last = last


@dataclass(frozen=True)
class AppStart:
    """What ``start_ability`` asked for, and whether AMS queued it (START_ABILITY_WAITING: it will start)."""

    bundle_name: str
    ability_name: str
    queued: bool = False


def _want_js(want_or_bundle: WantLike, ability: Optional[str], module: Optional[str],
             parameters: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    if isinstance(want_or_bundle, str):
        if ability is None:
            raise error_for(_PARAM, "Parameter error. start_ability(bundle_name, ability_name): the ability_name "
                                    "is missing (or pass a Want).")
        want: Dict[str, Any] = {"bundleName": want_or_bundle, "abilityName": ability}
    else:
        js = to_js(want_or_bundle)
        if not isinstance(js, Mapping):
            raise error_for(_PARAM, "Parameter error. The want must be a Want, a dict with the JS field names, "
                                    "or a bundle name.")
        if ability is not None:
            raise error_for(_PARAM, "Parameter error. Pass the ability_name in the Want, not beside it.")
        want = dict(js)
    if module is not None:
        want["moduleName"] = module
    if parameters is not None:
        want["parameters"] = to_js(dict(parameters))
    return want


def _mission(payload: Any) -> Optional[MissionInfo]:
    return MissionInfo.from_js(payload) if isinstance(payload, Mapping) else None


def _app_start(want: Dict[str, Any]) -> Callable[[Any], AppStart]:
    def convert(payload: Any) -> AppStart:
        queued = bool(payload.get("queued")) if isinstance(payload, Mapping) else False
        return AppStart(str(want.get("bundleName", "")), str(want.get("abilityName", "")), queued)
    return convert


def _none(payload: Any) -> None:
    return None


def _check_timeout(timeout: float) -> None:
    if not (isinstance(timeout, (int, float)) and 0 <= timeout <= 24 * 60 * 60):  # also rejects nan
        raise error_for(_PARAM, "Parameter error. The timeout must be from 0 to 86400 seconds.")


def _in_front(bundle: str, ability: Optional[str]) -> Callable[[Optional[MissionInfo]], bool]:
    def matches(m: Optional[MissionInfo]) -> bool:
        return (m is not None and m.want.bundle_name == bundle
                and (ability is None or m.want.ability_name == ability))
    return matches


class LifecycleMixin:
    """``Device.start_ability``, ``force_stop``, ``foreground``, ``wait_for_mission``, ``events``, ``wait_event``."""

    _backend: "Backend"
    _tracker: StateTracker
    _events: EventLog

    def _app(self, method: str, args: List[Any], convert: Callable[[Any], Any]) -> Any:
        kind, payload = self._tracker.invoke("app." + method, args)
        return settle(kind, payload, convert)

    def start_ability(self, want_or_bundle: WantLike, ability: Optional[str] = None, *,
                      module: Optional[str] = None, parameters: Optional[Mapping[str, Any]] = None) -> AppStart:
        """Start an ability on this device, as ``aa start -b BUNDLE -a ABILITY [-m MODULE]``.

        ``start_ability("com.example.app", "EntryAbility")`` or ``start_ability(Want(...))`` /
        ``start_ability({"bundleName": ..., "abilityName": ...})``.  Its mission comes to the
        front (a running one is reused).  Raises AbilityNotFoundError (10104001) when the bundle or
        ability is not installed.
        """
        want = _want_js(want_or_bundle, ability, module, parameters)
        result: AppStart = self._app("startAbility", [want], _app_start(want))
        return result

    def force_stop(self, bundle_name: str) -> None:
        """Kill the bundle's processes, as ``aa force-stop BUNDLE``.

        Its missions stay in the list with ``running_state == -1`` and lose focus.  Raises
        BundleNotFoundError (10104002) when the bundle is not installed.
        """
        self._app("forceStop", [bundle_name], _none)

    def foreground(self) -> Optional[MissionInfo]:
        """The focused mission (None when no mission has focus: the home screen)."""
        found: Optional[MissionInfo] = self._app("foreground", [], _mission)
        return found

    def _poll_s(self) -> float:
        return _POLL_S.get(self._backend.kind, _DEFAULT_POLL_S)

    def _saw_foreground(self) -> Optional[MissionInfo]:
        """Read the focused mission; publish a ``"foreground"`` event when it differs from the last read."""
        return self._note_foreground(self.foreground())

    def _note_foreground(self, now: Optional[MissionInfo]) -> Optional[MissionInfo]:
        key = (now.mission_id, now.want.bundle_name, now.want.ability_name, now.running_state) if now else None
        if key != getattr(self, "_foreground_seen", _UNSEEN):
            self._foreground_seen = key
            self._events.publish("foreground", now)
        return now

    def wait_for_mission(self, bundle_name: str, timeout: float = 10.0, *,
                         ability: Optional[str] = None) -> MissionInfo:
        """Wait until a mission of ``bundle_name`` (and ``ability``) has focus; return it.

        Raises LifecycleTimeoutError after ``timeout`` seconds, naming what had focus instead.
        """
        _check_timeout(timeout)
        matches = _in_front(bundle_name, ability)
        deadline = time.monotonic() + timeout
        while True:
            now = self._saw_foreground()
            if matches(now):
                assert now is not None
                return now
            left = deadline - time.monotonic()
            if left <= 0:
                shown = f"{now.want.bundle_name}/{now.want.ability_name}" if now else "no mission"
                raise LifecycleTimeoutError(
                    f"no mission of {bundle_name}{'/' + ability if ability else ''} came to the front in "
                    f"{timeout:g} s; in front: {shown}", last=now)
            self._events.wait_for_news(min(self._poll_s(), left))

    def events(self) -> List[DeviceEvent]:
        """Every event recorded so far (the most recent 10,000): listener notifications,
        continue-state broadcasts, the focused-mission changes the waits saw, and this Device's
        starts and stops."""
        return self._events.snapshot()

    def wait_event(self, kind: str, predicate: Optional[EventPredicate] = None,
                   timeout: float = 10.0) -> DeviceEvent:
        """The next event of ``kind`` (for which ``predicate(event)`` is true), waiting up to ``timeout`` s.

        Events are taken in order from a cursor: one that arrived before the call is found, and
        each is returned once.  ``kind="foreground"`` also reads the focused mission while it
        waits, and a read that differs from the previous one (the first read too) is an event.  Raises LifecycleTimeoutError when none comes.
        """
        _check_timeout(timeout)
        if not isinstance(kind, str):
            raise error_for(_PARAM, "Parameter error. The event kind must be a string.")

        def match(e: DeviceEvent) -> bool:
            return e.kind == kind and (predicate is None or bool(predicate(e)))

        deadline = time.monotonic() + timeout
        while True:
            if kind == "foreground":
                self._saw_foreground()
            found = self._events.take(match)
            if found is not None:
                return found
            left = deadline - time.monotonic()
            if left <= 0:
                raise LifecycleTimeoutError(f"no {kind!r} event in {timeout:g} s")
            self._events.wait_for_news(min(self._poll_s(), left) if kind == "foreground" else left)


class AsyncLifecycleMixin:
    """The asyncio twins (``device.aio.start_ability`` ...)."""

    device: Any

    async def _app(self, method: str, args: List[Any], convert: Callable[[Any], Any]) -> Any:
        tracker: StateTracker = self.device._tracker
        kind, payload = await tracker.ainvoke("app." + method, args)
        return await asettle(kind, payload, convert)

    async def start_ability(self, want_or_bundle: WantLike, ability: Optional[str] = None, *,
                            module: Optional[str] = None,
                            parameters: Optional[Mapping[str, Any]] = None) -> AppStart:
        want = _want_js(want_or_bundle, ability, module, parameters)
        result: AppStart = await self._app("startAbility", [want], _app_start(want))
        return result

    async def force_stop(self, bundle_name: str) -> None:
        await self._app("forceStop", [bundle_name], _none)

    async def foreground(self) -> Optional[MissionInfo]:
        found: Optional[MissionInfo] = await self._app("foreground", [], _mission)
        return found

    async def wait_for_mission(self, bundle_name: str, timeout: float = 10.0, *,
                               ability: Optional[str] = None) -> MissionInfo:
        _check_timeout(timeout)
        matches = _in_front(bundle_name, ability)
        deadline = time.monotonic() + timeout
        poll = _POLL_S.get(self.device.backend, _DEFAULT_POLL_S)
        while True:
            now = await self.foreground()
            if matches(now):
                assert now is not None
                return now
            left = deadline - time.monotonic()
            if left <= 0:
                shown = f"{now.want.bundle_name}/{now.want.ability_name}" if now else "no mission"
                raise LifecycleTimeoutError(
                    f"no mission of {bundle_name} came to the front in {timeout:g} s; in front: {shown}", last=now)
            await asyncio.sleep(min(poll, left))

    async def wait_event(self, kind: str, predicate: Optional[EventPredicate] = None,
                         timeout: float = 10.0) -> DeviceEvent:
        """:meth:`Device.wait_event` as a coroutine: the loop runs on while it waits, and
        cancelling it leaves the event for the next wait."""
        _check_timeout(timeout)
        if not isinstance(kind, str):
            raise error_for(_PARAM, "Parameter error. The event kind must be a string.")

        def match(e: DeviceEvent) -> bool:
            return e.kind == kind and (predicate is None or bool(predicate(e)))

        device = self.device
        events: EventLog = device._events
        deadline = time.monotonic() + timeout
        while True:
            if kind == "foreground":
                device._note_foreground(await self.foreground())
            found = events.take(match)
            if found is not None:
                return found
            left = deadline - time.monotonic()
            if left <= 0:
                raise LifecycleTimeoutError(f"no {kind!r} event in {timeout:g} s")
            await events.await_news(min(device._poll_s(), left) if kind == "foreground" else left)

    def events(self) -> List[DeviceEvent]:
        found: List[DeviceEvent] = self.device.events()
        return found
