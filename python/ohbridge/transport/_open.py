"""``open_device(url)``: from a device URL to a connected transport device.

Accepted forms::

    None, "", "hdc"              the only connected device of the default hdc server
    "hdc:SERIAL"                 that device on the default hdc server (an ip:port serial that
                                 the server does not know yet is connected with tconn)
    "hdc://HOST:PORT/SERIAL"     that device on that server; no SERIAL: the only device
    "adb", "adb:SERIAL"          an adb device (through adbutils), the only one without SERIAL
    "adb://HOST:PORT/SERIAL"     the same through that adb server
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from .client import HdcClient
from .device import TransportDevice
from .errors import DeviceNotFoundError

__all__ = ["open_device", "parse_device_url", "DeviceURL"]

_IP_PORT = re.compile(r"^[\w.\-]+:\d+$|^\[[0-9a-fA-F:.]+\]:\d+$")


class DeviceURL:
    def __init__(self, scheme: str, serial: str | None, host: str | None, port: int | None) -> None:
        self.scheme = scheme
        self.serial = serial
        self.host = host
        self.port = port

    def __repr__(self) -> str:
        return f"DeviceURL({self.scheme!r}, serial={self.serial!r}, host={self.host!r}, port={self.port!r})"


def parse_device_url(url: str | None) -> DeviceURL:
    if url is None or url.strip() in ("", "hdc", "hdc:"):
        return DeviceURL("hdc", None, None, None)
    url = url.strip()
    if url in ("adb", "adb:"):
        return DeviceURL("adb", None, None, None)
    scheme, sep, rest = url.partition(":")
    if not sep or scheme not in ("hdc", "adb"):
        raise ValueError(f"not a device URL: {url!r} (expected hdc:SERIAL, hdc://host:port/SERIAL or adb:SERIAL)")
    if rest.startswith("//"):
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            raise ValueError(f"bad port in device URL {url!r}") from None
        serial = unquote(parts.path.lstrip("/")) or None
        return DeviceURL(scheme, serial, parts.hostname or None, port)
    return DeviceURL(scheme, rest or None, None, None)


def open_device(url: str | None = None) -> TransportDevice:
    """The device a URL names, checked to exist (see the module docstring for the forms)."""
    parsed = parse_device_url(url)
    if parsed.scheme == "adb":
        from .adb import open_adb_device

        return open_adb_device(parsed.serial, host=parsed.host, port=parsed.port)
    client = HdcClient(parsed.host, parsed.port)
    if parsed.serial is None:
        return client.device()
    known = {t.key: t for t in client.list_targets()}
    target = known.get(parsed.serial)
    if target is None and _IP_PORT.match(parsed.serial):
        return client.connect_tcp(parsed.serial)
    if target is None:
        listing = ", ".join(f"{k} [{t.state}]" for k, t in known.items()) or "none"
        raise DeviceNotFoundError(f"no device {parsed.serial!r} on the hdc server at {client.address} (known: {listing})")
    return client.device(parsed.serial)
