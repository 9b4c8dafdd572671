"""One simulated world, several devices: ``ohbridge.simulate``.

``connect("stub")`` gives one device of a world of its own.  A distributed test
needs several devices of *one* world, each calling the API from its own side::

    with ohbridge.simulate(scenario="examples/scenarios/living_room.toml") as world:
        phone, tablet = world.device("My Phone"), world.device("Tablet")
        # a continuation from the phone arrives in the tablet's mission list,
        # the tablet's listener hears the phone go offline, ...

Each device runs its own services, as on a real super device: its caller
identity, its DMS (mission listeners, synced caches), its AMS
(PendingWantManager records) and its mission list.  What the network shares,
the world shares: presence, mission lists seen by syncing peers,
continuations, the simulated clock.  World controls (``world.stub``, or
``device.stub`` of any view) act on the shared world.

Views and the world may be closed or dropped in any order: a view keeps its
world alive, and closing one view leaves the others working.
"""

from __future__ import annotations

import os
import threading
import weakref
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, List, Optional, Type, Union

from ._error_base import Error
from . import _native
from .device import Device

if TYPE_CHECKING:
    from .backends.stub import StubControl

__all__ = ["simulate", "SimulatedWorld", "SimulatedDevice", "UnknownDeviceError"]

PathLike = Union[str, "os.PathLike[str]"]


class UnknownDeviceError(Error, ValueError):
    """No device of the simulated world has that name or networkId."""


@dataclass(frozen=True)
class SimulatedDevice:
    """One device of a simulated world, as ``world.devices`` lists it."""

    name: str
    network_id: str
    online: bool
    device_type: str


class SimulatedWorld:
    """A simulated super device; :func:`simulate` makes one."""

    def __init__(self, *, scenario: Optional[PathLike] = None, api_version: Optional[int] = None) -> None:
        from .backends.stub import DEFAULT_API_VERSION, StubBackend

        self._native = _native.StubWorld(api_version=api_version or DEFAULT_API_VERSION)
        self._lock = threading.Lock()
        self._views: "weakref.WeakSet[Device]" = weakref.WeakSet()
        self._closed = False
        # The world's own view: controls and scenario loading act through it.
        self._control = Device(StubBackend(world=self._native), serial="stub")
        if scenario is not None:
            from .scenario import load_scenario

            try:
                load_scenario(self._control, scenario)
            except BaseException:
                self._control.close()
                raise
        if api_version is not None:
            self._control.stub.api_version = api_version  # an explicit level wins over the scenario's

    @property
    def stub(self) -> "StubControl":
        """World controls (:class:`ohbridge.backends.stub.StubControl`) on the world's default device."""
        from .backends.stub import StubControl

        self._check_open()
        return StubControl(self._control._backend)  # type: ignore[arg-type]  # always a StubBackend

    @property
    def devices(self) -> List[SimulatedDevice]:
        """Every device of the world, local or not."""
        self._check_open()
        return [SimulatedDevice(name=d["name"], network_id=d["network_id"], online=d["online"],
                                device_type=d["device_type"]) for d in self._control.stub.devices()]

    def resolve(self, name_or_network_id: str) -> SimulatedDevice:
        """The device with this networkId, or the one device with this name."""
        devices = self.devices
        for d in devices:
            if d.network_id == name_or_network_id:
                return d
        named = [d for d in devices if d.name == name_or_network_id]
        if len(named) == 1:
            return named[0]
        have = ", ".join(f"{d.name!r} ({d.network_id})" for d in devices)
        if named:
            raise UnknownDeviceError(f"{len(named)} simulated devices are named {name_or_network_id!r}: "
                                     f"name one by networkId ({have})")
        raise UnknownDeviceError(f"no simulated device named {name_or_network_id!r}; the world has: {have}")

    def device(self, name_or_network_id: str, *, serial: Optional[str] = None) -> Device:
        """A :class:`~ohbridge.Device` calling the API from that device of this world.

        Each call opens a new view (a new app process on that device); close it
        when done, or let :meth:`close` close every view.
        """
        from .backends.stub import StubBackend

        self._check_open()
        target = self.resolve(name_or_network_id)
        backend = StubBackend(world=self._native, local_id=target.network_id)
        device = Device(backend, serial=serial or f"stub:{target.name}")
        with self._lock:
            self._views.add(device)
        return device

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Close every view this world opened (delivering their pending callbacks)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            views = list(self._views)
        for view in views:
            view.close()
        self._control.close()

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("this simulated world is closed")

    def __enter__(self) -> "SimulatedWorld":
        return self

    def __exit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException],
                 tb: Optional[TracebackType]) -> None:
        self.close()

    def __repr__(self) -> str:
        if self._closed:
            return "<SimulatedWorld closed>"
        names = ", ".join(repr(d.name) for d in self.devices)
        return f"<SimulatedWorld devices=[{names}]>"


def simulate(*, scenario: Optional[PathLike] = None, api_version: Optional[int] = None) -> SimulatedWorld:
    """A simulated world (the default one, or a TOML ``scenario``) whose devices you open with
    :meth:`SimulatedWorld.device`."""
    return SimulatedWorld(scenario=scenario, api_version=api_version)
