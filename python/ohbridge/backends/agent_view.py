"""Several device views of one agent's simulated world.

An ``ohbridge-agent --stub`` runs one world of several devices.  Each RPC session
calls from one of them: the world's default device, or the one its
``world.select`` request names (by name or networkId).  A view is a second
session to the same agent, so each has its own callbacks and its own app
process on its device, as :func:`ohbridge.simulate` views have in process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from ..device import Device
    from ._agent_link import _Link
    from .agent import AgentBackend, AgentEndpoint

__all__ = ["open_agent_view", "select_view"]


def select_view(link: "_Link", name: str, timeout: Optional[float]) -> str:
    """Make ``link``'s session call from device ``name``; returns its networkId."""
    from ..world import UnknownDeviceError
    from .agent import AgentError

    try:
        return str(link.request("world.select", [name], timeout, f"select device {name!r}"))
    except ValueError as e:  # the agent's "no simulated device named ..., the world has: ..."
        link.close("no such device")
        raise UnknownDeviceError(str(e)) from None
    except AgentError:
        link.close("device selection failed")
        raise


class _SameAgent:
    """The connector of a second session: the endpoint the first one reached, left running on close."""

    def __init__(self, primary: "AgentBackend") -> None:
        self._primary = primary

    def endpoint(self, *, restart: bool) -> "AgentEndpoint":
        endpoint = self._primary.endpoint
        if endpoint is None or restart:
            # Only the device's own connection may (re)start the agent.
            self._primary.ping()
            endpoint = self._primary.endpoint
        assert endpoint is not None
        return endpoint

    def close(self) -> None:
        pass  # the agent and its forward belong to the device's own connection


def open_agent_view(device: "Device", name_or_network_id: str) -> "Device":
    """A :class:`~ohbridge.Device` calling from another device of the world that ``device``'s
    agent simulates.  Close it before ``device`` (which owns the agent and its forward)."""
    from ..device import Device
    from ..errors import NotSupportedError
    from .agent import AgentBackend

    primary: Any = device._backend
    if not isinstance(primary, AgentBackend) or primary.info.get("backend") != "stub":
        raise NotSupportedError(f"device {device.serial!r}: other device views need an agent running the "
                                "simulated world (connect(..., stub=True)) or ohbridge.simulate()")
    backend = AgentBackend(_SameAgent(primary), call_timeout=primary.call_timeout,
                           connect_timeout=primary.connect_timeout, view=name_or_network_id)
    return Device(backend, serial=f"{device.serial}:{name_or_network_id}")
