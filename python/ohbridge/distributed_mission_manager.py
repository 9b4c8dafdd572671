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
from ._call import settle
from ._dispatch import LoopDeliver
from ._forms import AsyncForm, Call, coroutine_form, invoke_sync, run_sync
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
from .transport._deadline import DeadlineExceeded, within

if TYPE_CHECKING:
    from .device import Device

__all__ = [
    "DistributedMissionCalls",
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


class DistributedMissionCalls:
    """Each ``@ohos.distributedMissionManager`` call, declared once; the forms run them.

    What is not callable goes through untouched, so the core answers with the
    device's own 401 message.
    """

    def __init__(self) -> None:
        # on(): the wrapper made for each user callback, so that registering
        # the same function twice is the no-op JS strict equality makes it.
        self._on_wrappers: Dict[Any, Callable[..., None]] = {}

    # -- argument shaping ---------------------------------------------------
    @staticmethod
    def _listener_callbacks(callbacks: Any, deliver: _dispatch.Deliver) -> Any:
        js = to_js(callbacks)
        if deliver is _dispatch.direct() or not isinstance(js, Mapping):
            # The sync form: the callbacks go to the core as they are, and it
            # calls them on its dispatcher thread with (deviceId[, missionId | state]).
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
    def continue_completion(callback: Any, deliver: _dispatch.Deliver) -> Any:
        """The sync form's ``continue_mission(..., callback)``: an AsyncCallback, or the bundle overload's {code}."""
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

    def _on_wrapper(self, callback: Any, deliver: _dispatch.Deliver) -> Any:
        if not callable(callback):
            return callback
        wrapper = self._on_wrappers.get(callback)
        if wrapper is None:
            wrapper = _dispatch.event(callback, _state_change, deliver)
            self._on_wrappers[callback] = wrapper
        return wrapper

    def _forget_wrappers(self, payload: Any) -> None:
        self._on_wrappers.clear()

    # -- the calls --------------------------------------------------------------
    def register_mission_listener(self, device_info: MissionDeviceInfoLike,
                                  callbacks: MissionCallbackLike) -> Call[None]:
        """Listen to the missions of ``device_info.deviceId``.

        One listener per device id: registering again replaces the three
        callbacks.  Nothing is notified until a sync runs.
        """
        return Call(_MODULE + "registerMissionListener",
                    lambda deliver: [device_info, self._listener_callbacks(callbacks, deliver)], _none)

    def unregister_mission_listener(self, device_info: MissionDeviceInfoLike) -> Call[None]:
        """Stop listening.  Fails with 401 while the device is offline (the registration stays)."""
        return Call(_MODULE + "unRegisterMissionListener", [device_info], _none)

    def start_sync_remote_missions(self, parameter: MissionParameterLike) -> Call[None]:
        """Start syncing the device's missions (a no-op without a listener, or once synced before)."""
        return Call(_MODULE + "startSyncRemoteMissions", [parameter], _none)

    def stop_sync_remote_missions(self, device_info: MissionDeviceInfoLike) -> Call[None]:
        """Stop syncing and drop the cached missions.  A later start is a no-op until re-registering."""
        return Call(_MODULE + "stopSyncRemoteMissions", [device_info], _none)

    def continue_mission(
        self,
        parameter: Union[ContinueDeviceInfoLike, ContinueMissionInfoLike],
        options: Optional[ContinueCallbackLike] = None,
    ) -> Call[None]:
        """Continue a mission: settles at acceptance (by missionId) or at completion (by bundle name)."""

        def shape(deliver: _dispatch.Deliver) -> List[Any]:
            args: List[Any] = [parameter]
            if options is not None:
                args.append(self._continue_options(options, deliver))
            return args

        return Call(_MODULE + "continueMission", shape, _none)

    def on(self, type: str, callback: ContinueStateCallback) -> Call[None]:
        """``on("continueStateChange", cb)``: ``cb(ContinueStateChange)`` for nearby continuable missions."""
        return Call(_MODULE + "on", lambda deliver: [type, self._on_wrapper(callback, deliver)], _none)

    def off(self, type: str, callback: Optional[ContinueStateCallback] = None) -> Call[None]:
        """Unsubscribe.  Removes every subscription, whichever callback is named; raises 16300501 if none."""

        def shape(deliver: _dispatch.Deliver) -> List[Any]:
            args: List[Any] = [type]
            if callback is not None:
                args.append(self._on_wrappers.get(callback, callback) if callable(callback) else callback)
            return args

        return Call(_MODULE + "off", shape, self._forget_wrappers)


class DistributedMissionManagerAPI:
    """The sync form; pass ``callback=`` for the AsyncCallback form.

    With a callback the call returns ``None`` at once and ``callback(err,
    None)`` runs later on the dispatcher thread (``err`` is None on success).
    """

    def __init__(self, device: "Device") -> None:
        self._device = device
        self._backend = device._tracker
        self._calls = DistributedMissionCalls()

    title = "@ohos.distributedMissionManager"

    def __repr__(self) -> str:
        return f"<ohbridge {self.title} (sync) of {self._device!r}>"

    def register_mission_listener(self, device_info: MissionDeviceInfoLike, callbacks: MissionCallbackLike,
                                  callback: Optional[VoidCallback] = None) -> None:
        """Listen to the missions of ``device_info.deviceId``.

        One listener per device id: registering again replaces the three
        callbacks.  Nothing is notified until a sync runs.
        """
        run_sync(self._backend, self._calls.register_mission_listener(device_info, callbacks), callback)

    def unregister_mission_listener(self, device_info: MissionDeviceInfoLike,
                                    callback: Optional[VoidCallback] = None) -> None:
        """Stop listening.  Fails with 401 while the device is offline (the registration stays)."""
        run_sync(self._backend, self._calls.unregister_mission_listener(device_info), callback)

    def start_sync_remote_missions(self, parameter: MissionParameterLike,
                                   callback: Optional[VoidCallback] = None) -> None:
        """Start syncing the device's missions (a no-op without a listener, or once synced before)."""
        run_sync(self._backend, self._calls.start_sync_remote_missions(parameter), callback)

    def stop_sync_remote_missions(self, device_info: MissionDeviceInfoLike,
                                  callback: Optional[VoidCallback] = None) -> None:
        """Stop syncing and drop the cached missions.  A later start is a no-op until re-registering."""
        run_sync(self._backend, self._calls.stop_sync_remote_missions(device_info), callback)

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
        call = self._calls.continue_mission(parameter, options)
        args = call.shape(_dispatch.direct())
        if callback is not None:
            args.append(self._calls.continue_completion(callback, _dispatch.direct()))
        kind, payload = self._backend.invoke(call.method, args)
        settle(kind, payload, _none, timeout)

    def on(self, type: str, callback: ContinueStateCallback) -> None:
        """``on("continueStateChange", cb)``: ``cb(ContinueStateChange)`` for nearby continuable missions."""
        invoke_sync(self._backend, self._calls.on(type, callback))

    def off(self, type: str, callback: Optional[ContinueStateCallback] = None) -> None:
        """Unsubscribe.  Removes every subscription, whichever callback is named; raises 16300501 if none."""
        invoke_sync(self._backend, self._calls.off(type, callback))
        self._calls._forget_wrappers(None)


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
        # An event taken off the queue as the caller of get() was cancelled: the next read's.
        self._held: Deque[MissionEvent] = collections.deque()
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
        if self._held:
            return self._held.popleft()
        item = await self._queue.get()
        if item is self._END:
            self._queue.put_nowait(self._END)
            raise StopAsyncIteration
        assert isinstance(item, MissionEvent)
        return item

    async def get(self, timeout: Optional[float] = None) -> MissionEvent:
        """The next event; ``asyncio.TimeoutError`` if none comes in time.

        No event is lost at the edges: one that arrives as the timeout passes is returned, and
        one that arrives as the caller is cancelled is kept for the next read (``within``, not
        ``asyncio.wait_for``, which up to Python 3.11 can drop either, CPython gh-86296).
        """
        try:
            return await within(self.__anext__(), timeout, discard=self._held.appendleft)
        except DeadlineExceeded:
            raise asyncio.TimeoutError(f"no mission event within {timeout}s") from None


class AsyncDistributedMissionManagerAPI(AsyncForm):
    """The asyncio form: the same names, each a coroutine function (``async def``).

    A JS throw (a 401 for a bad argument shape) is raised where the call is
    awaited.  Listener, continuation and ``on`` callbacks run in the event
    loop that made the call.
    """

    title = "@ohos.distributedMissionManager"

    def __init__(self, device: "Device") -> None:
        super().__init__(device, DistributedMissionCalls(), backend=device._tracker)

    register_mission_listener = coroutine_form(DistributedMissionCalls.register_mission_listener)
    unregister_mission_listener = coroutine_form(DistributedMissionCalls.unregister_mission_listener)
    start_sync_remote_missions = coroutine_form(DistributedMissionCalls.start_sync_remote_missions)
    stop_sync_remote_missions = coroutine_form(DistributedMissionCalls.stop_sync_remote_missions)
    continue_mission = coroutine_form(DistributedMissionCalls.continue_mission)
    on = coroutine_form(DistributedMissionCalls.on)
    off = coroutine_form(DistributedMissionCalls.off)

    def listen(self, device_info: MissionDeviceInfoLike) -> MissionEventStream:
        """Register a listener whose events come as an async iterator (see :class:`MissionEventStream`)."""
        return MissionEventStream(self, device_info)
