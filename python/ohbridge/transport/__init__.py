"""Transports: how ohbridge reaches a device (the hdc server protocol, or adb via adbutils).

``open_device(url)`` turns a device URL into a :class:`TransportDevice`; the hdc client lives in
:mod:`ohbridge.transport.hdc`; errors in :mod:`ohbridge.transport.errors`.
"""

from ._open import DeviceURL, open_device, parse_device_url
from .aio import AsyncHdcClient, AsyncHdcDevice
from .client import HdcClient, HdcDevice
from .device import ForwardHandle, TransportDevice
from .errors import (
    CommandFailedError,
    DeviceNotFoundError,
    FileTransferError,
    HdcConnectionError,
    HdcError,
    HdcOutputLimitError,
    HdcTimeoutError,
    InstallError,
)
from .quoting import hdc_quote, sh_join, sh_quote
from .types import ForwardRule, InstallResult, ShellResult, TargetInfo

__all__ = [
    "open_device",
    "parse_device_url",
    "DeviceURL",
    "TransportDevice",
    "ForwardHandle",
    "HdcClient",
    "HdcDevice",
    "AsyncHdcClient",
    "AsyncHdcDevice",
    "ShellResult",
    "TargetInfo",
    "ForwardRule",
    "InstallResult",
    "sh_quote",
    "sh_join",
    "hdc_quote",
    "HdcError",
    "HdcConnectionError",
    "HdcOutputLimitError",
    "HdcTimeoutError",
    "DeviceNotFoundError",
    "CommandFailedError",
    "FileTransferError",
    "InstallError",
]
