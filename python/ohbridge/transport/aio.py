"""The asyncio hdc client: the core that the sync client runs on a private loop thread.

Every command is one TCP channel to the hdc server (docs/transport.md): connect, handshake with
the device's connect key, send the command text, read frames until the server closes. A deadline,
a cancellation or an error closes the channel, which is also how the server learns to stop the
command on the device.
"""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import AsyncIterator, Callable

from . import _replies
from ._address import ServerAddress, resolve_server
from ._aio_common import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_OUTPUT,
    DEFAULT_SHELL_TIMEOUT,
    PortSpec,
    Progress,
    ShellCommand,
    _endpoint,
)
from ._aio_device import AsyncHdcDevice
from ._aio_forward import AsyncForward
from ._aio_server import AsyncServerSession
from ._aio_stream import AsyncShellStream, _RefusalWatch  # noqa: F401 - _RefusalWatch: read here by tests
from ._channel import Channel, open_channel
from ._deadline import DeadlineExceeded, within
from ._session import DEFAULT_STAGING_DIR, AsyncShellSessionPool
from ._wire import CMD_CHECK_SERVER, strip_command_id
from .errors import CommandFailedError, DeviceNotFoundError, HdcError, HdcOutputLimitError, HdcTimeoutError
from .quoting import hdc_quote
from .types import ForwardRule, TargetInfo

__all__ = [
    "AsyncHdcClient",
    "AsyncHdcDevice",
    "AsyncShellStream",
    "AsyncForward",
    "AsyncServerSession",
    "AsyncShellSessionPool",
    "DEFAULT_STAGING_DIR",
    "Progress",
    "ShellCommand",
    "PortSpec",
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_SHELL_TIMEOUT",
    "DEFAULT_MAX_OUTPUT",
]


class AsyncHdcClient:
    """A client of one hdc server.

    ``host``/``port`` default to ``127.0.0.1`` and ``$OHOS_HDC_SERVER_PORT`` or 8710. The client
    holds no connection between commands, so it needs no closing and can be shared freely.
    """

    def __init__(
        self,
        host: str | None = None,
        port: int | None = None,
        *,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    ) -> None:
        self.address: ServerAddress = resolve_server(host, port)
        self.connect_timeout = connect_timeout

    def __repr__(self) -> str:
        return f"AsyncHdcClient({self.address})"

    @property
    def local_timeout(self) -> float:
        """Deadline for quick commands (listings, fport, tconn): longer than the connect
        timeout, so that a server that never answers the handshake is reported as such."""
        return 2 * self.connect_timeout

    async def _open(self, key: str, command: str | None) -> Channel:
        return await open_channel(self.address, key, command, connect_timeout=self.connect_timeout)

    async def _collect(
        self,
        key: str,
        command: str,
        timeout: float | None,
        *,
        shown_command: str | None = None,
        on_frame: Callable[[bytes], bytes] | None = None,
        pending: Callable[[], bytes] | None = None,
        max_output: int = DEFAULT_MAX_OUTPUT,
    ) -> bytes:
        """All response bytes of one command (what ``on_frame`` keeps of each frame), at most
        ``max_output`` of them."""
        shown = shown_command if shown_command is not None else command
        received = bytearray()

        async def run() -> None:
            async with await self._open(key, command) as channel:
                while True:
                    data = await channel.read_available()
                    if data is None:
                        return
                    received.extend(on_frame(data) if on_frame is not None else data)
                    if len(received) > max_output:
                        raise HdcOutputLimitError(
                            f"the command printed more than max_output={max_output} bytes "
                            "(use shell_stream to read any amount)",
                            output=bytes(received[:max_output]),
                            max_output=max_output,
                        )

        try:
            await within(run(), timeout)
        except HdcError as exc:
            exc.command = shown
            if not exc.output:
                exc.output = bytes(received) + (pending() if pending else b"")
            raise
        except DeadlineExceeded:
            raise HdcTimeoutError(
                f"no complete answer within {timeout}s",
                command=shown,
                output=(bytes(received) + (pending() if pending else b""))[:max_output],
                timeout=timeout,
            ) from None
        return bytes(received)

    async def command(self, command: str, *, key: str = "", timeout: float | None = DEFAULT_SHELL_TIMEOUT) -> str:
        """Send a raw hdc command (CLI argument string, e.g. ``"fport ls"``) and return its text.

        ``key`` is the connect key (``""`` for server-local commands). Failure replies raise.
        """
        data = await self._collect(key, command, timeout)
        text = data.decode("utf-8", errors="replace")
        error = _replies.failure(text, command=command, output=data)
        if error is not None:
            raise error
        return text

    async def server_version(self) -> str:
        """The server's version string, e.g. ``"Ver: 3.2.0f"`` (``checkserver``)."""
        data = await self._collect("", "checkserver", self.local_timeout)
        return strip_command_id(data, CMD_CHECK_SERVER).decode("utf-8", errors="replace").strip("\0 \r\n")

    async def list_targets(self) -> list[TargetInfo]:
        """Every target the server knows, with connection type, state and name (``list targets -v``)."""
        return _replies.parse_targets(await self.command("list targets -v", timeout=self.local_timeout))

    async def device(self, serial: str | None = None) -> AsyncHdcDevice:
        """The device ``serial``; without one, the only connected device (error if none or several)."""
        if serial is not None:
            return AsyncHdcDevice(self, serial)
        targets = await self.list_targets()
        connected = [t for t in targets if t.connected]
        if len(connected) == 1:
            return AsyncHdcDevice(self, connected[0].key)
        if not connected:
            others = f" (known but not connected: {', '.join(f'{t.key} [{t.state}]' for t in targets)})" if targets else ""
            raise DeviceNotFoundError(f"no connected device on the hdc server at {self.address}{others}")
        keys = ", ".join(t.key for t in connected)
        raise DeviceNotFoundError(f"more than one connected device ({keys}); pass the serial of the one you want")

    async def connect_tcp(self, address: str) -> AsyncHdcDevice:
        """Ask the server to connect to a device daemon over TCP (``tconn ip:port``)."""
        text = await self.command(f"tconn {hdc_quote(address)}", timeout=self.local_timeout)
        if "Connect OK" not in text and "connected" not in text.lower():
            raise CommandFailedError(f"tconn {address} failed: {text.strip()}", command=f"tconn {address}")
        return AsyncHdcDevice(self, address)

    async def disconnect_tcp(self, address: str) -> None:
        await self.command(f"tconn {hdc_quote(address)} -remove", timeout=self.local_timeout)

    async def list_forwards(self) -> list[ForwardRule]:
        """All forward/reverse rules on the server (``fport ls``)."""
        return _replies.parse_forwards(await self.command("fport ls", timeout=self.local_timeout))

    async def remove_forward(self, local: PortSpec, remote: PortSpec) -> None:
        await self.command(f"fport rm {_endpoint(local)} {_endpoint(remote)}", timeout=self.local_timeout)

    def server_session(self) -> AsyncServerSession:
        """One channel for many server-local commands (``alive``): cheaper for polling."""
        return AsyncServerSession(self)

    async def watch_targets(self, interval: float = 1.0) -> AsyncIterator[list[TargetInfo]]:
        """Yield the target list now and whenever it changes, polling every ``interval`` seconds."""
        previous: list[TargetInfo] | None = None
        async with self.server_session() as session:
            while True:
                targets = await session.list_targets()
                if targets != previous:
                    previous = targets
                    yield targets
                await asyncio.sleep(interval)

    async def __aenter__(self) -> AsyncHdcClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None
