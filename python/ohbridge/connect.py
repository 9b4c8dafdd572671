"""``ohbridge.connect``: one entry point that picks a backend from a device URL."""

from __future__ import annotations

import os
from typing import Optional, Union

from .device import Device

__all__ = ["connect"]

PathLike = Union[str, "os.PathLike[str]"]


def connect(
    url: Optional[str] = None,
    *,
    scenario: Optional[PathLike] = None,
    api_version: Optional[int] = None,
) -> Device:
    """Connect to a device.

    * ``"stub"``: a simulated device in process (``scenario=`` a TOML world,
      ``api_version=`` the release to behave like; default the newest).
    * ``"hdc:SERIAL"``, ``"hdc://host:port/SERIAL"``, or ``None`` (the only
      device behind the local hdc server): a real device over hdc.
    * ``"adb:SERIAL"``: a device reachable over adb.
    """
    if url == "stub" or (url is not None and url.startswith("stub:")):
        from .backends.stub import DEFAULT_API_VERSION, StubBackend

        backend = StubBackend(api_version=api_version or DEFAULT_API_VERSION)
        device = Device(backend, serial="stub")
        if scenario is not None:
            from .scenario import load_scenario

            load_scenario(device, scenario)
        return device
    from .transport import open_device

    transport = open_device(url)
    from .backends.transport_only import TransportOnlyBackend

    return Device(TransportOnlyBackend(transport), serial=str(getattr(transport, "serial", url)), transport=transport)
