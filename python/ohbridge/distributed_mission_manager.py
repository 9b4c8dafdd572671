"""``@ohos.distributedMissionManager``: listen to, sync and continue missions across devices.

Reach it as ``device.distributed_mission_manager`` (sync and callback forms)
or ``device.aio.distributed_mission_manager`` (asyncio).  Names follow the JS
API in snake_case; arguments take the dataclasses of
:mod:`ohbridge.mission_model` or dicts with the JS field names.

Where the device surprises, so does this module (ability_runtime frameworks/js/napi/mission_manager, distributed_mission_manager.cpp; docs/fidelity-missions.md):

* argument shape errors raise :class:`~ohbridge.errors.ParameterError` at the
  call; an unknown, offline or local device id is a 401 too, but only when
  the call settles;
* listener callbacks run on the native dispatcher thread (sync form) or in
  the caller's event loop (asyncio form);
* ``continue_mission(ContinueDeviceInfo, ContinueCallback)`` settles when DMS
  accepts the request; ``on_continue_done`` comes later with
  ``ContinueResult(result_code)``.  ``continue_mission(ContinueMissionInfo)``
  settles only when the continuation ends, and its callback gets one
  :class:`ContinueCompletion` even on success.
"""

from __future__ import annotations

import asyncio
import collections
from types import TracebackType
from typing import (
    TYPE_CHECKING,
    Any,
    Awaitable,
    Callable,
    Deque,
    Dict,
    List,
    Mapping,
    Optional,
    Tuple,
    Type,
    Union,
)

from . import _dispatch
from ._call import Pending, settle
from .errors import BusinessError, error_from_js
from .mission_model import (
    ContinueCallbackLike,
    ContinueCompletion,
    ContinueDeviceInfoLike,
    ContinueMissionInfoLike,
    ContinueResult,
    ContinueStateChange,
    MissionCallbackLike,
    MissionDeviceInfoLike,
    MissionEvent,
    MissionParameterLike,
)
from .model import to_js

if TYPE_CHECKING:
    from .device import Device

__all__ = [
    "DistributedMissionManagerAPI",
    "AsyncDistributedMissionManagerAPI",
    "MissionEventStream",
    "LoopDeliver",
]

_MODULE = "distributedMissionManager."
_LISTENER_KEYS = ("notifyMissionsChanged", "notifySnapshot", "notifyNetDisconnect")
# callback(err, None): err is None on success.
VoidCallback = Callable[[Optional[BusinessError], None], Any]
ContinueStateCallback = Callable[[ContinueStateChange], Any]


def _none(payload: Any) -> None:
    return None


def _args(*args: Any) -> Tuple[Any, ...]:
    return args


def _continue_result(payload: Any) -> Tuple[ContinueResult]:
    return (ContinueResult.from_js(payload),)


def _state_change(payload: Any) -> Tuple[ContinueStateChange]:
    return (ContinueStateChange.from_js(payload),)


class LoopDeliver:
    """Deliver callbacks into an asyncio loop, many per wake-up.

    ``loop.call_soon_threadsafe`` writes to the loop's wake-up pipe on every
    call; a burst of listener events would pay that per event.  This queues
    them and schedules one drain per burst.  Only the dispatcher thread
    produces, so the flag needs no lock: the drain clears it before it
    starts, and a producer that saw it set appended before the drain began.
    """

    __slots__ = ("_loop", "_pending", "_scheduled")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._pending: Deque[Tuple[Callable[..., Any], Tuple[Any, ...]]] = collections.deque()
        self._scheduled = False

    def __call__(self, fn: Callable[..., Any], *args: Any) -> None:
        self._pending.append((fn, args))
        if not self._scheduled:
            self._scheduled = True
            try:
                self._loop.call_soon_threadsafe(self._drain)
            except RuntimeError:  # the loop is closed: the caller is gone
                self._pending.clear()

    def _drain(self) -> None:
        self._scheduled = False
        pending = self._pending
        while pending:
            fn, args = pending.popleft()
            try:
                fn(*args)
            except Exception as exc:  # noqa: BLE001 - one bad callback must not stop the rest
                _dispatch.report_callback_error(fn, exc)


class _Base:
    def __init__(self, device: "Device") -> None:
        self._device = device
        self._invoke = device._tracker.invoke  # notes listeners and publishes their events (device_tracking.py)
        # on(): the wrapper made for each user callback, so that registering
        # the same function twice is the no-op JS strict equality makes it.
        self._on_wrappers: Dict[Any, Callable[..., None]] = {}

    def __repr__(self) -> str:
        form = "asyncio" if type(self).__name__.startswith("Async") else "sync"
        return f"<ohbridge @ohos.distributedMissionManager ({form}) of {self._device!r}>"

    # -- argument shaping (what is not callable goes through untouched, so
    #    the core answers with the device's own 401 message) --------------
    @staticmethod
    def _listener_callbacks(callbacks: Any, deliver: Optional[_dispatch.Deliver]) -> Any:
        js = to_js(callbacks)
        if deliver is None or not isinstance(js, Mapping):
            return js
        out = dict(js)
        for key in _LISTENER_KEYS:
            fn = out.get(key)
            if callable(fn):
                out[key] = _dispatch.event(fn, _args, deliver)
        return out

    @staticmethod
    def _continue_options(options: Any, deliver: _dispatch.Deliver) -> Any:
        js = to_js(options)
        if not isinstance(js, Mapping):
            return js
        out = dict(js)
        fn = out.get("onContinueDone")
        if callable(fn):
            out["onContinueDone"] = _dispatch.event(fn, _continue_result, deliver)
        return out

    @staticmethod
    def _continue_completion(callback: Any, deliver: _dispatch.Deliver) -> Any:
        if not callable(callback):
            return callback

        def done(*args: Any) -> None:
            if len(args) == 1 and isinstance(args[0], Mapping) and "message" not in args[0]:
                # The bundle-name overload's completion: one plain {code}.
                deliver(callback, ContinueCompletion(int(args[0].get("code", -1))))
                return
            err = error_from_js(args[0]) if args and isinstance(args[0], Mapping) else None
            deliver(callback, err, None)

        done.__qualname__ = getattr(callback, "__qualname__", "callback")
        return done

    @staticmethod
    def _void_callback(callback: Any, deliver: _dispatch.Deliver) -> Any:
        if not callable(callback):
            return callback
        return _dispatch.completion(callback, _none, deliver)

    def _on_wrapper(self, callback: Any, deliver: _dispatch.Deliver) -> Any:
        if not callable(callback):
            return callback
        wrapper = self._on_wrappers.get(callback)
        if wrapper is None:
            wrapper = _dispatch.event(callback, _state_change, deliver)
            self._on_wrappers[callback] = wrapper
        return wrapper

    def _off_args(self, type: Any, callback: Any) -> List[Any]:
        args: List[Any] = [type]
        if callback is not None:
            args.append(self._on_wrappers.get(callback, callback) if callable(callback) else callback)
        return args


class DistributedMissionManagerAPI(_Base):
    """The sync form; pass ``callback=`` for the AsyncCallback form.

    With a callback the call returns ``None`` at once and ``callback(err,
    None)`` runs later on the dispatcher thread (``err`` is None on success).
    """

    def _call(self, method: str, args: List[Any], callback: Any, timeout: Optional[float] = None) -> None:
        if callback is not None:
            args.append(self._void_callback(callback, _dispatch.direct()))
        kind, payload = self._invoke(_MODULE + method, args)
        settle(kind, payload, _none, timeout)

    def register_mission_listener(self, device_info: MissionDeviceInfoLike, callbacks: MissionCallbackLike,
                                  callback: Optional[VoidCallback] = None) -> None:
        """Listen to the missions of ``device_info.deviceId``.

        One listener per device id: registering again replaces the three
        callbacks.  Nothing is notified until a sync runs.
        """
        # The callbacks go to the core as they are: it calls them on its
        # dispatcher thread with (deviceId[, missionId | state]).
        self._call("registerMissionListener", [device_info, callbacks], callback)

    def unregister_mission_listener(self, device_info: MissionDeviceInfoLike,
                                    callback: Optional[VoidCallback] = None) -> None:
        """Stop listening.  Fails with 401 while the device is offline (the registration stays)."""
        self._call("unRegisterMissionListener", [device_info], callback)

    def start_sync_remote_missions(self, parameter: MissionParameterLike,
                                   callback: Optional[VoidCallback] = None) -> None:
        """Start syncing the device's missions (a no-op without a listener, or once synced before)."""
        self._call("startSyncRemoteMissions", [parameter], callback)

    def stop_sync_remote_missions(self, device_info: MissionDeviceInfoLike,
                                  callback: Optional[VoidCallback] = None) -> None:
        """Stop syncing and drop the cached missions.  A later start is a no-op until re-registering."""
        self._call("stopSyncRemoteMissions", [device_info], callback)

    def continue_mission(
        self,
        parameter: Union[ContinueDeviceInfoLike, ContinueMissionInfoLike],
        options: Optional[ContinueCallbackLike] = None,
        callback: Optional[Callable[..., Any]] = None,
        *,
        timeout: Optional[float] = 60.0,
    ) -> None:
        """Continue a mission to another device.

        * ``(ContinueDeviceInfo, ContinueCallback[, callback])``: returns once
          DMS accepted; ``on_continue_done(ContinueResult)`` runs later.
        * ``(ContinueMissionInfo[, callback=fn])``: returns (or calls ``fn``)
          only when the continuation ends; ``fn`` gets one
          :class:`ContinueCompletion`.  ``timeout`` bounds the wait of the
          sync form: a duplicate request is dropped by DMS and never settles.
        """
        args: List[Any] = [parameter]
        if options is not None:
            args.append(self._continue_options(options, _dispatch.direct()))
        if callback is not None:
            args.append(self._continue_completion(callback, _dispatch.direct()))
        kind, payload = self._invoke(_MODULE + "continueMission", args)
        settle(kind, payload, _none, timeout)

    def on(self, type: str, callback: ContinueStateCallback) -> None:
        """``on("continueStateChange", cb)``: ``cb(ContinueStateChange)`` for nearby continuable missions."""
        self._invoke(_MODULE + "on", [type, self._on_wrapper(callback, _dispatch.direct())])

    def off(self, type: str, callback: Optional[ContinueStateCallback] = None) -> None:
        """Unsubscribe.  Removes every subscription, whichever callback is named; raises 16300501 if none."""
        self._invoke(_MODULE + "off", self._off_args(type, callback))
        self._on_wrappers.clear()


class MissionEventStream:
    """Listener events as an async iterator (``dev.aio.distributed_mission_manager.listen(...)``).

    ``async with`` registers the listener and unregisters it at exit; the
    events are :class:`MissionEvent` objects, in delivery order::

        async with dev.aio.distributed_mission_manager.listen({"deviceId": peer}) as events:
            await dev.aio.distributed_mission_manager.start_sync_remote_missions(...)
            async for event in events:
                ...

    Exiting while the device is offline cannot unregister (the device says
    401); the error is kept in :attr:`unregister_error` and the registration
    stays, as it would on a device.
    """

    _END = object()

    def __init__(self, api: "AsyncDistributedMissionManagerAPI", device_info: MissionDeviceInfoLike) -> None:
        self._api = api
        self._device_info = device_info
        self._queue: "Optional[asyncio.Queue[Any]]" = None
        self.unregister_error: Optional[BusinessError] = None

    async def __aenter__(self) -> "MissionEventStream":
        queue: "asyncio.Queue[Any]" = asyncio.Queue()
        self._queue = queue
        put = queue.put_nowait
        callbacks = {
            "notifyMissionsChanged": lambda d: put(MissionEvent("missionsChanged", d)),
            "notifySnapshot": lambda d, m: put(MissionEvent("snapshot", d, mission_id=m)),
            "notifyNetDisconnect": lambda d, s: put(MissionEvent("netDisconnect", d, state=s)),
        }
        await self._api.register_mission_listener(self._device_info, callbacks)
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        try:
            await self._api.unregister_mission_listener(self._device_info)
        except BusinessError as e:
            self.unregister_error = e
        if self._queue is not None:
            self._queue.put_nowait(self._END)

    def __aiter__(self) -> "MissionEventStream":
        return self

    async def __anext__(self) -> MissionEvent:
        if self._queue is None:
            raise RuntimeError("use the stream inside 'async with'")
        item = await self._queue.get()
        if item is self._END:
            self._queue.put_nowait(self._END)
            raise StopAsyncIteration
        assert isinstance(item, MissionEvent)
        return item

    async def get(self, timeout: Optional[float] = None) -> MissionEvent:
        """The next event; ``asyncio.TimeoutError`` if none comes in time."""
        return await asyncio.wait_for(self.__anext__(), timeout)


class AsyncDistributedMissionManagerAPI(_Base):
    """The asyncio form: the same names, returning awaitables.

    Argument errors raise at the call, as JS throws them synchronously.
    Listener and continuation callbacks run in the event loop that made the
    call.
    """

    def _call(self, method: str, args: List[Any]) -> Awaitable[None]:
        kind, payload = self._invoke(_MODULE + method, args)
        return Pending(kind, payload, _none)

    @staticmethod
    def _deliver() -> LoopDeliver:
        return LoopDeliver(asyncio.get_running_loop())

    def register_mission_listener(self, device_info: MissionDeviceInfoLike,
                                  callbacks: MissionCallbackLike) -> Awaitable[None]:
        return self._call("registerMissionListener",
                          [device_info, self._listener_callbacks(callbacks, self._deliver())])

    def unregister_mission_listener(self, device_info: MissionDeviceInfoLike) -> Awaitable[None]:
        return self._call("unRegisterMissionListener", [device_info])

    def start_sync_remote_missions(self, parameter: MissionParameterLike) -> Awaitable[None]:
        return self._call("startSyncRemoteMissions", [parameter])

    def stop_sync_remote_missions(self, device_info: MissionDeviceInfoLike) -> Awaitable[None]:
        return self._call("stopSyncRemoteMissions", [device_info])

    def continue_mission(
        self,
        parameter: Union[ContinueDeviceInfoLike, ContinueMissionInfoLike],
        options: Optional[ContinueCallbackLike] = None,
    ) -> Awaitable[None]:
        """Settles at acceptance (by missionId) or at completion (by bundle name)."""
        args: List[Any] = [parameter]
        if options is not None:
            args.append(self._continue_options(options, self._deliver()))
        return self._call("continueMission", args)

    def on(self, type: str, callback: ContinueStateCallback) -> None:
        """Subscribe; ``callback`` runs in the running event loop."""
        self._invoke(_MODULE + "on", [type, self._on_wrapper(callback, self._deliver())])

    def off(self, type: str, callback: Optional[ContinueStateCallback] = None) -> None:
        self._invoke(_MODULE + "off", self._off_args(type, callback))
        self._on_wrappers.clear()

    def listen(self, device_info: MissionDeviceInfoLike) -> MissionEventStream:
        """Register a listener whose events come as an async iterator (see :class:`MissionEventStream`)."""
        return MissionEventStream(self, device_info)
