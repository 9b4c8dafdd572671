"""What one Device did to its device: what it started, registered and created, and what it heard.

A :class:`StateTracker` sits between a Device's API modules and its backend (``invoke`` and
``ainvoke``, the sync and asyncio calls of the Backend protocol).  It lets every call through
unchanged and notes

* the bundles this Device started (``app.startAbility``),
* the mission listeners it registered (``registerMissionListener`` / ``unRegisterMissionListener``),
* the continue-state listeners it added (``on`` / ``off``),
* the WantAgents it got (``getWantAgent`` / ``cancel``),

so that :meth:`StateTracker.reset` can undo them (the pytest plugin's per-test reset on real
devices), and it publishes each listener notification to the Device's :class:`EventLog`
(``device.events()``, ``device.wait_event``).  Only these few methods pay for a Python frame here;
everything else goes straight to the backend.
"""

from __future__ import annotations

import asyncio
import collections
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Deque, Dict, List, Mapping, Optional, Tuple

from ._call import REJECTED, RESOLVED
from .mission_model import MissionEvent
from .model import to_js
from .transport._deadline import DeadlineExceeded, within

__all__ = ["DeviceEvent", "EventLog", "StateTracker", "ResetReport"]

Invoke = Callable[[str, List[Any]], Tuple[int, Any]]
_DMM = "distributedMissionManager."
# The JS listener callbacks and the MissionEvent kind each one is published as.
_LISTENER_EVENTS = {"notifyMissionsChanged": "missionsChanged", "notifySnapshot": "snapshot",
                    "notifyNetDisconnect": "netDisconnect"}


@dataclass(frozen=True)
class DeviceEvent:
    """Something the device told this Device, or that this Device saw happen.

    ``kind`` is a listener notification (``"missionsChanged"``, ``"snapshot"``,
    ``"netDisconnect"``: ``data`` a :class:`~ohbridge.MissionEvent`), a continue-state broadcast
    (``"continueStateChange"``: the raw JS object), or a mission change
    (``"foreground"``: the focused :class:`~ohbridge.MissionInfo` or None;
    ``"abilityStarted"`` / ``"processStopped"``: the bundle name, after this Device's own calls).
    ``time`` is ``time.monotonic()`` when it was recorded.
    """

    kind: str
    data: Any
    time: float = field(compare=False)


class EventLog:
    """The most recent events of one Device, and a cursor for :meth:`Device.wait_event`.

    ``wait_event`` returns the first matching event after the cursor and moves the cursor past
    it, so an event that arrived before the wait began (a trigger's start, raced) is still found,
    and never twice.
    """

    LIMIT = 10000  # a device-farm soak must not grow without bound

    def __init__(self) -> None:
        self._events: Deque[Tuple[int, DeviceEvent]] = collections.deque(maxlen=self.LIMIT)
        self._next = 0
        self._cursor = 0
        self._changed = threading.Condition()
        # Coroutines waiting for the next event (await_news), woken in their own loops.
        self._async_waiters: List[Tuple[asyncio.AbstractEventLoop, "asyncio.Future[None]"]] = []

    def publish(self, kind: str, data: Any) -> None:
        with self._changed:
            self._events.append((self._next, DeviceEvent(kind, data, time.monotonic())))
            self._next += 1
            self._changed.notify_all()
            waiters, self._async_waiters = self._async_waiters, []
        for loop, future in waiters:
            try:
                loop.call_soon_threadsafe(_wake, future)
            except RuntimeError:
                pass  # that loop is closed: its waiter is gone

    def snapshot(self) -> List[DeviceEvent]:
        with self._changed:
            return [e for _, e in self._events]

    def take(self, match: Callable[[DeviceEvent], bool]) -> Optional[DeviceEvent]:
        """The first matching event after the cursor (moving the cursor past it), or None."""
        with self._changed:
            for seq, event in self._events:
                if seq >= self._cursor and match(event):
                    self._cursor = seq + 1
                    return event
            return None

    def wait_for_news(self, timeout: float) -> None:
        """Sleep until an event arrives or ``timeout`` passes."""
        with self._changed:
            seen = self._next
            self._changed.wait_for(lambda: self._next != seen, timeout)

    async def await_news(self, timeout: float) -> None:
        """:meth:`wait_for_news` for a coroutine: the loop runs on while it waits."""
        future: "asyncio.Future[None]" = asyncio.get_running_loop().create_future()
        entry = (asyncio.get_running_loop(), future)
        with self._changed:
            self._async_waiters.append(entry)
        try:
            # within(), not asyncio.wait_for: up to 3.11 wait_for drops a cancellation that
            # arrives as the event does (CPython gh-86296; transport/_deadline.py).
            await within(future, timeout)
        except DeadlineExceeded:
            pass
        finally:
            with self._changed:
                if entry in self._async_waiters:
                    self._async_waiters.remove(entry)


def _wake(future: "asyncio.Future[None]") -> None:
    if not future.done():
        future.set_result(None)


@dataclass
class ResetReport:
    """What :meth:`StateTracker.reset` undid, and what it could not."""

    stopped: List[str] = field(default_factory=list)
    unregistered: List[str] = field(default_factory=list)
    removed_on_listeners: List[str] = field(default_factory=list)
    canceled_want_agents: int = 0
    problems: List[str] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return bool(self.stopped or self.unregistered or self.removed_on_listeners or self.canceled_want_agents)


def _device_id(device_info: Any) -> Optional[str]:
    js = to_js(device_info)
    if isinstance(js, Mapping) and isinstance(js.get("deviceId"), str):
        return str(js["deviceId"])
    return None


class StateTracker:
    """The notes of one Device; see the module docstring."""

    def __init__(self, backend: Any, events: EventLog) -> None:
        self._backend = backend
        self._raw: Invoke = backend.invoke
        self._raw_async = backend.ainvoke
        self.events = events
        self._lock = threading.Lock()
        self.started: Dict[str, None] = {}  # an ordered set of bundle names
        self.listeners: Dict[str, Any] = {}  # deviceId -> the device_info it was registered with
        self._on: Dict[Tuple[str, int], Tuple[str, Any, Any]] = {}  # (type, id(given)) -> (type, given, sent)
        self._want_agents: Dict[int, Any] = {}  # id(handle) -> handle
        self._hooks: Dict[str, Callable[[str, List[Any]], Tuple[List[Any], Callable[[int, Any], None]]]] = {
            "app.startAbility": self._on_start,
            "app.forceStop": self._on_stop,
            _DMM + "registerMissionListener": self._on_register,
            _DMM + "unRegisterMissionListener": self._on_unregister,
            _DMM + "on": self._on_on,
            _DMM + "off": self._on_off,
            "wantAgent.getWantAgent": self._on_get_want_agent,
            "wantAgent.cancel": self._on_cancel,
        }

    # -- the Backend surface (what the API forms call: invoke, ainvoke, kind) ---------------
    @property
    def kind(self) -> str:
        return str(self._backend.kind)

    def invoke(self, method: str, args: List[Any]) -> Tuple[int, Any]:
        hook = self._hooks.get(method)
        if hook is None:
            return self._raw(method, args)
        sent, after = hook(method, list(args))
        kind, payload = self._raw(method, sent)
        after(kind, payload)
        return kind, payload

    async def ainvoke(self, method: str, args: List[Any]) -> Tuple[int, Any]:
        hook = self._hooks.get(method)
        if hook is None:
            result: Tuple[int, Any] = await self._raw_async(method, args)
            return result
        sent, after = hook(method, list(args))
        kind, payload = await self._raw_async(method, sent)
        after(kind, payload)
        return kind, payload

    # -- hooks: (args to send, what to note once the call returned) --------------------
    @staticmethod
    def _nothing(kind: int, payload: Any) -> None:
        return None

    def _on_start(self, method: str, args: List[Any]) -> Tuple[List[Any], Callable[[int, Any], None]]:
        js = to_js(args[0]) if args else None
        bundle = js.get("bundleName") if isinstance(js, Mapping) else None

        def after(kind: int, payload: Any) -> None:
            if kind == RESOLVED and isinstance(bundle, str):
                with self._lock:
                    self.started[bundle] = None
                self.events.publish("abilityStarted", bundle)
        return args, after

    def _on_stop(self, method: str, args: List[Any]) -> Tuple[List[Any], Callable[[int, Any], None]]:
        bundle = args[0] if args and isinstance(args[0], str) else None

        def after(kind: int, payload: Any) -> None:
            if kind == RESOLVED and bundle is not None:
                with self._lock:
                    self.started.pop(bundle, None)
                self.events.publish("processStopped", bundle)
        return args, after

    def _publishing(self, kind: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def notified(*a: Any) -> Any:
            device_id = str(a[0]) if a else ""
            if kind == "snapshot":
                event = MissionEvent(kind, device_id, mission_id=int(a[1]) if len(a) > 1 else None)
            elif kind == "netDisconnect":
                event = MissionEvent(kind, device_id, state=int(a[1]) if len(a) > 1 else None)
            else:
                event = MissionEvent(kind, device_id)
            self.events.publish(kind, event)
            return fn(*a)
        return notified

    def _on_register(self, method: str, args: List[Any]) -> Tuple[List[Any], Callable[[int, Any], None]]:
        device_id = _device_id(args[0]) if args else None
        if len(args) > 1 and isinstance(args[1], Mapping):
            callbacks = dict(args[1])
            for key, kind in _LISTENER_EVENTS.items():
                if callable(callbacks.get(key)):
                    callbacks[key] = self._publishing(kind, callbacks[key])
            args[1] = callbacks
        return args, self._settled(lambda: self._note_listener(device_id, args[0]), args)

    def _note_listener(self, device_id: Optional[str], device_info: Any) -> None:
        if device_id is not None:
            with self._lock:
                self.listeners[device_id] = to_js(device_info)

    def _on_unregister(self, method: str, args: List[Any]) -> Tuple[List[Any], Callable[[int, Any], None]]:
        device_id = _device_id(args[0]) if args else None

        def forget() -> None:
            with self._lock:
                self.listeners.pop(device_id or "", None)
        return args, self._settled(forget, args)

    @staticmethod
    def _settled(note: Callable[[], None], args: List[Any]) -> Callable[[int, Any], None]:
        """Note unless the call was refused at once.  A call that settles later (a promise, an
        AsyncCallback) is noted as if it will succeed: if DMS refuses it after all, the reset's
        undo fails harmlessly and says so in its report."""
        def after(kind: int, payload: Any) -> None:
            if kind != REJECTED:
                note()
        return after

    def _on_on(self, method: str, args: List[Any]) -> Tuple[List[Any], Callable[[int, Any], None]]:
        if len(args) < 2 or not callable(args[1]) or not isinstance(args[0], str):
            return args, self._nothing
        type_, given = args[0], args[1]
        key = (type_, id(given))
        with self._lock:
            known = self._on.get(key)
        if known is not None:
            sent = known[2]
        else:
            def sent(*a: Any) -> Any:
                self.events.publish(type_, a[0] if len(a) == 1 else a)
                return given(*a)
        args[1] = sent

        def after(kind: int, payload: Any) -> None:
            with self._lock:
                self._on[key] = (type_, given, sent)
        return args, after

    def _on_off(self, method: str, args: List[Any]) -> Tuple[List[Any], Callable[[int, Any], None]]:
        if not args or not isinstance(args[0], str):
            return args, self._nothing
        type_ = args[0]
        given = args[1] if len(args) > 1 else None
        with self._lock:
            if given is None or not callable(given):
                gone = [k for k in self._on if k[0] == type_]
            else:
                gone = [(type_, id(given))] if (type_, id(given)) in self._on else []
                if gone:
                    args[1] = self._on[gone[0]][2]  # the object the core was given

        def after(kind: int, payload: Any) -> None:
            with self._lock:
                for k in gone:
                    self._on.pop(k, None)
        return args, after

    def _note_want_agent(self, handle: Any) -> None:
        if handle is not None:
            with self._lock:
                self._want_agents[id(handle)] = handle

    def _on_get_want_agent(self, method: str, args: List[Any]) -> Tuple[List[Any], Callable[[int, Any], None]]:
        if len(args) > 1 and callable(args[-1]):
            done = args[-1]

            def completed(err: Any, data: Any = None) -> Any:
                if err is None or err == {} or (isinstance(err, Mapping) and not err.get("code")):
                    self._note_want_agent(data)
                return done(err, data)
            args[-1] = completed

        def after(kind: int, payload: Any) -> None:
            if kind == RESOLVED:
                self._note_want_agent(payload)
        return args, after

    def _on_cancel(self, method: str, args: List[Any]) -> Tuple[List[Any], Callable[[int, Any], None]]:
        handle = to_js(args[0]) if args else None

        def after(kind: int, payload: Any) -> None:
            if kind != REJECTED:
                with self._lock:
                    self._want_agents.pop(id(handle), None)
        return args, after

    @property
    def want_agent_count(self) -> int:
        with self._lock:
            return len(self._want_agents)

    def forget(self) -> None:
        """Drop the notes (what was done stays done): a test that keeps its state."""
        with self._lock:
            self.started.clear()
            self.listeners.clear()
            self._on.clear()
            self._want_agents.clear()

    # -- undo -----------------------------------------------------------------------------
    def reset(self) -> ResetReport:
        """Unregister, remove, cancel and stop what this Device registered, added, got and started.

        Listeners go first (nothing more to hear), then WantAgents (nothing more can start
        anything), then the started bundles.  Each failure is noted in the report, never raised:
        a reset must get as far as it can.
        """
        report = ResetReport()
        with self._lock:
            listeners = list(self.listeners.items())
            on = list(self._on.values())
            agents = list(self._want_agents.values())
            started = list(self.started)
        for device_id, info in listeners:
            if self._undo(report, f"unregister the mission listener of {device_id!r}",
                          _DMM + "unRegisterMissionListener", [info]):
                report.unregistered.append(device_id)
        for type_, given, _ in on:
            if self._undo(report, f"remove the {type_!r} listener", _DMM + "off", [type_, given]):
                report.removed_on_listeners.append(type_)
        for handle in agents:
            if self._undo(report, "cancel a WantAgent", "wantAgent.cancel", [handle]):
                report.canceled_want_agents += 1
        for bundle in started:
            if self._undo(report, f"force-stop {bundle}", "app.forceStop", [bundle]):
                report.stopped.append(bundle)
        return report

    def _undo(self, report: ResetReport, what: str, method: str, args: List[Any]) -> bool:
        """One undoing call; False (and a problem in the report) when it failed."""
        try:
            kind, payload = self.invoke(method, args)
            if kind == REJECTED:
                code, message = payload
                report.problems.append(f"could not {what}: [{code}] {message}")
                return False
            if hasattr(payload, "wait"):
                payload.wait(10.0)
            return True
        except Exception as exc:  # noqa: BLE001 - a reset reports, it does not stop half way
            report.problems.append(f"could not {what}: {exc}")
            return False
