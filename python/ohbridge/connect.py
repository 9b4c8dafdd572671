"""``ohbridge.connect``: one entry point that picks a backend from a device URL."""

from __future__ import annotations

import os
from typing import Optional, Union

from .device import Device

__all__ = ["connect", "BACKENDS"]

PathLike = Union[str, "os.PathLike[str]"]

# What a real device can be driven through (see shared/ARCHITECTURE.md).
BACKENDS = ("agent", "shell", "transport")


def connect(
    url: Optional[str] = None,
    *,
    scenario: Optional[PathLike] = None,
    api_version: Optional[int] = None,
    backend: str = "agent",
    stub: Optional[bool] = None,
) -> Device:
    """Connect to a device.

    * ``"stub"``: a simulated device in process (``scenario=`` a TOML world,
      ``api_version=`` the release to behave like; default the newest).
    * ``"hdc:SERIAL"``, ``"hdc://host:port/SERIAL"``, or ``None`` (the only
      device behind the local hdc server): a real device over hdc.
    * ``"adb:SERIAL"``: a device reachable over adb.

    For a real device, ``backend`` picks how API calls are served:

    * ``"agent"`` (default): the ohbridge-agent, pushed if missing or stale,
      started, and reached over a port forward (about 0.1 ms a call).  On a
      loopback/emulated Linux device it runs the simulated world (``stub``
      forces either way; ``scenario=`` and ``api_version=`` then apply to it).
    * ``"shell"``: parse ``aa``/``hidumper``/``bm``/``param`` output, one
      ``hdc shell`` per call; for devices where no agent can run.  Calls it
      cannot serve raise :class:`~ohbridge.errors.NotSupportedError`.
    * ``"transport"``: no API backend, only ``device.transport``.
    """
    if url == "stub" or (url is not None and url.startswith("stub:")):
        from .backends.stub import DEFAULT_API_VERSION, StubBackend

        device = Device(StubBackend(api_version=api_version or DEFAULT_API_VERSION), serial="stub")
        if scenario is not None:
            from .scenario import load_scenario

            load_scenario(device, scenario)
        return device
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
    from .transport import open_device

    transport = open_device(url)
    serial = str(getattr(transport, "serial", url))
    try:
        if backend == "agent":
            from .agent_manager import HdcAgentConnector
            from .backends.agent import AgentBackend

            connector = HdcAgentConnector(transport, stub=stub, api_version=api_version, close_transport=True)
            device = Device(AgentBackend(connector), serial=serial, transport=transport)
            if scenario is not None:
                from .scenario import load_scenario

                load_scenario(device, scenario)
            return device
        if backend == "shell":
            from .backends.shell import ShellBackend

            return Device(ShellBackend(transport, close_transport=True), serial=serial, transport=transport)
    except BaseException:
        close = getattr(transport, "close", None)
        if close is not None:
            close()
        raise
    from .backends.transport_only import TransportOnlyBackend

    return Device(TransportOnlyBackend(transport), serial=serial, transport=transport)
