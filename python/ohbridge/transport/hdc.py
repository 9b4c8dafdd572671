"""The hdc transport: ``HdcClient`` (sync) and ``AsyncHdcClient`` (asyncio) and their devices.

    from ohbridge.transport.hdc import HdcClient
    device = HdcClient().device()            # the only connected device
    result = device.shell("param get const.product.model")
    print(result.returncode, result.stdout)
"""

from .aio import (
    DEFAULT_SHELL_TIMEOUT,
    AsyncForward,
    AsyncHdcClient,
    AsyncHdcDevice,
    AsyncServerSession,
    AsyncShellSessionPool,
    AsyncShellStream,
    PortSpec,
    Progress,
    ShellCommand,
)
from .client import Forward, HdcClient, HdcDevice, ServerSession, ShellSessionPool, ShellStream
from .errors import (
    CommandFailedError,
    DeviceNotFoundError,
    FileTransferError,
    HdcConnectionError,
    HdcError,
    HdcTimeoutError,
    InstallError,
)
from .types import ForwardRule, InstallResult, ShellResult, TargetInfo

__all__ = [
    "AsyncHdcClient",
    "AsyncHdcDevice",
    "AsyncShellStream",
    "AsyncForward",
    "AsyncServerSession",
    "AsyncShellSessionPool",
    "HdcClient",
    "HdcDevice",
    "ShellStream",
    "ShellSessionPool",
    "Forward",
    "ServerSession",
    "ShellResult",
    "TargetInfo",
    "ForwardRule",
    "InstallResult",
    "ShellCommand",
    "PortSpec",
    "Progress",
    "DEFAULT_SHELL_TIMEOUT",
    "HdcError",
    "HdcConnectionError",
    "HdcTimeoutError",
    "DeviceNotFoundError",
    "CommandFailedError",
    "FileTransferError",
    "InstallError",
]
