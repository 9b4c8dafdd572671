"""A connected device: the API modules over one backend, in sync and asyncio forms."""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Any, Optional, Type

from ._call import Backend
from .errors import NotSupportedError, error_for
from .distributed_mission_manager import AsyncDistributedMissionManagerAPI, DistributedMissionManagerAPI
from .missions import AsyncMissionsAPI, MissionsAPI
from .want_agent import AsyncWantAgentAPI, WantAgentAPI

__all__ = ["Device", "AsyncDevice"]

# The longest flush, in seconds: native/include/ohbridge/dispatcher.h kMaxFlushMs.
_MAX_FLUSH_S = 24 * 60 * 60


class Device:
    """One OpenHarmony device (real or simulated), as the JS modules see it.

    ``device.want_agent`` is ``@ohos.app.ability.wantAgent``,
    ``device.distributed_mission_manager`` is ``@ohos.distributedMissionManager``
    and ``device.missions`` the mission list; ``device.aio`` is the asyncio
    twin with the same names.  Use it as a context manager, or
    call :meth:`close`.
    """

    def __init__(self, backend: Backend, serial: str, transport: Any = None) -> None:
        self._backend = backend
        self.serial = serial
        self.transport = transport
        self.want_agent = WantAgentAPI(self)
        self.distributed_mission_manager = DistributedMissionManagerAPI(self)
        self.missions = MissionsAPI(self)
        self.aio = AsyncDevice(self)

    @property
    def backend(self) -> str:
        """Which backend serves this device: ``"stub"``, ``"agent"`` or ``"shell"``."""
        return self._backend.kind

    @property
    def stub(self) -> Any:
        """World controls of a simulated device (:class:`ohbridge.backends.stub.StubControl`)."""
        from .backends.stub import StubBackend, StubControl

        remote = getattr(self._backend, "stub_control", None)
        if remote is not None:
            return remote()  # an agent running the stub world: the same controls over RPC
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
        self._backend.close()

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
        return f"<Device {self.serial!r} backend={self.backend}>"


class AsyncDevice:
    """The asyncio view of a :class:`Device` (``device.aio``, or what ``ohbridge.aconnect`` gives).

    The same API modules as the device, each method a coroutine function;
    ``.device`` is the sync view of the same connection.
    """

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

    async def __aenter__(self) -> "AsyncDevice":
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"<AsyncDevice {self.device.serial!r} backend={self.device.backend}>"
