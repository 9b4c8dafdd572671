"""A connected device: the API modules over one backend, in sync and asyncio forms."""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import TYPE_CHECKING, Optional, Type

from ._call import Backend
from .device_lifecycle import AsyncLifecycleMixin, LifecycleMixin
from .device_tracking import EventLog, StateTracker
from .errors import NotSupportedError, error_for
from .distributed_mission_manager import AsyncDistributedMissionManagerAPI, DistributedMissionManagerAPI
from .missions import AsyncMissionsAPI, MissionsAPI
from .want_agent import AsyncWantAgentAPI, WantAgentAPI

if TYPE_CHECKING:
    from .backends.stub import StubControl
    from .transport.device import TransportDevice

__all__ = ["Device", "AsyncDevice"]

# The longest flush, in seconds: native/include/ohbridge/dispatcher.h kMaxFlushMs.
_MAX_FLUSH_S = 24 * 60 * 60


class Device(LifecycleMixin):
    """One OpenHarmony device (real or simulated), as the JS modules see it.

    ``device.want_agent`` is ``@ohos.app.ability.wantAgent``,
    ``device.distributed_mission_manager`` is ``@ohos.distributedMissionManager``
    and ``device.missions`` the mission list; ``device.aio`` is the asyncio
    twin with the same names.  The app lifecycle (``start_ability``,
    ``force_stop``, ``foreground``, ``wait_for_mission``, ``events``,
    ``wait_event``) is :class:`~ohbridge.device_lifecycle.LifecycleMixin`'s.
    Use it as a context manager, or call :meth:`close`.
    """

    def __init__(self, backend: Backend, serial: str, transport: "Optional[TransportDevice]" = None) -> None:
        self._backend = backend
        self.serial = serial
        #: the hdc/adb connection to a real device (None for a simulated one)
        self.transport: "Optional[TransportDevice]" = transport
        self._events = EventLog()
        # What this Device started, registered and got (device_tracking.py): the API modules that
        # can leave state behind call through it; the mission list reads go straight to the backend.
        self._tracker = StateTracker(backend, self._events)
        self._closed = False
        self.want_agent = WantAgentAPI(self)
        self.distributed_mission_manager = DistributedMissionManagerAPI(self)
        self.missions = MissionsAPI(self)
        self.aio = AsyncDevice(self)

    @property
    def backend(self) -> str:
        """Which backend serves this device: ``"stub"``, ``"agent"`` or ``"shell"``."""
        return self._backend.kind

    @property
    def stub(self) -> "StubControl":
        """World controls of a simulated device (:class:`ohbridge.backends.stub.StubControl`)."""
        from .backends.stub import StubBackend, StubControl

        remote = getattr(self._backend, "stub_control", None)
        if remote is not None:
            controls: StubControl = remote()  # an agent running the stub world: the same controls over RPC
            return controls
        if not isinstance(self._backend, StubBackend):
            raise NotSupportedError(f"device {self.serial!r} is not simulated: stub controls need connect('stub')")
        return StubControl(self._backend)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every callback due so far has run; False on timeout.

        ``timeout`` is in seconds, from 0 to a day (as the core's
        ``Dispatcher::kMaxFlushMs``); anything else is a ParameterError (401).
        """
        if not (isinstance(timeout, (int, float)) and 0 <= timeout <= _MAX_FLUSH_S):  # also rejects nan
            raise error_for(401, f"Parameter error. The flush timeout must be from 0 to {_MAX_FLUSH_S} seconds.")
        return self._backend.flush(timeout)

    def close(self) -> None:
        """Deliver pending callbacks, then release the connection."""
        self._closed = True
        self._backend.close()

    @property
    def closed(self) -> bool:
        """True once :meth:`close` ran."""
        return self._closed

    def __enter__(self) -> "Device":
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = " closed" if self._closed else ""
        return f"<ohbridge.Device {self.serial!r} backend={self.backend}{state}>"


class AsyncDevice(AsyncLifecycleMixin):
    """The asyncio view of a :class:`Device` (``device.aio``, or what ``ohbridge.aconnect`` gives).

    The same API modules and app lifecycle as the device, each method a coroutine function;
    ``.device`` is the sync view of the same connection.
    """

    device: Device

    def __init__(self, device: Device) -> None:
        self.device = device
        self.want_agent = AsyncWantAgentAPI(device)
        self.distributed_mission_manager = AsyncDistributedMissionManagerAPI(device)
        self.missions = AsyncMissionsAPI(device)

    @property
    def serial(self) -> str:
        return self.device.serial

    @property
    def backend(self) -> str:
        return self.device.backend

    async def flush(self, timeout: float = 10.0) -> bool:
        """:meth:`Device.flush`, waited for in a worker thread (it waits for the dispatcher)."""
        return await asyncio.to_thread(self.device.flush, timeout)

    async def aclose(self) -> None:
        """Close the device; the teardown (delivering what is due, joining threads) runs off the loop."""
        await asyncio.to_thread(self.device.close)

    def __repr__(self) -> str:
        state = " closed" if self.device.closed else ""
        return f"<ohbridge.AsyncDevice {self.device.serial!r} backend={self.device.backend}{state} (device.aio)>"

    async def __aenter__(self) -> "AsyncDevice":
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        await self.aclose()
