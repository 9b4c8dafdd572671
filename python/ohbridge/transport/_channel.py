"""One hdc channel: a TCP connection to the server carrying one command (or, after ``alive``,
several server-local ones). The server ends a response by closing the connection."""

from __future__ import annotations

import asyncio
import logging
from types import TracebackType
from typing import Awaitable, Callable, TypeVar

from . import _wire
from ._framing import FrameProtocol
from ._address import PORT_ENV, ServerAddress
from ._deadline import DeadlineExceeded, within
from .errors import HdcConnectionError, HdcTimeoutError

__all__ = ["Channel", "open_channel"]

# `ohbridge -v` shows every command sent to the server (no secret travels in one: the agent's
# session token goes in a pushed file).
log = logging.getLogger("ohbridge.transport.hdc")

T = TypeVar("T")


def _no_server_message(address: ServerAddress, exc: BaseException) -> str:
    return (
        f"cannot reach an hdc server at {address} ({exc}); start one with `hdc start` "
        f"(or `hdc -m -s {address}`), or point the port argument / {PORT_ENV} at a running server"
    )


class Channel:
    """An open, handshaken channel. Always close it: ``async with`` or :meth:`close`."""

    def __init__(
        self,
        transport: asyncio.Transport,
        protocol: FrameProtocol,
        address: ServerAddress,
        command: str | None,
    ) -> None:
        self._transport = transport
        self._protocol = protocol
        self.address = address
        self.command = command
        self._closed = False

    async def send_command(self, command: str) -> None:
        self.command = command
        log.debug("hdc %s: %s", self.address, command)
        await self.send(_wire.encode_command(command))

    async def send(self, data: bytes) -> None:
        """Write bytes already framed (a command, or raw input frames of an interactive shell)."""
        try:
            if self._transport.is_closing():
                raise ConnectionResetError("the channel is closed")
            self._transport.write(data)
            await self._protocol.drain()
        except (ConnectionError, OSError) as exc:
            raise HdcConnectionError(f"hdc server {self.address} dropped the channel: {exc}", command=self.command) from exc

    async def read_frame(self) -> bytes | None:
        """The next response frame, or ``None`` once the server has closed the channel."""
        return await self._read(self._protocol.read_frame)

    async def read_available(self) -> bytes | None:
        """Every response byte that has arrived (at least one frame's), or ``None`` at the end."""
        frames = await self._read(self._protocol.take_all)
        if frames is None:
            return None
        return frames[0] if len(frames) == 1 else b"".join(frames)

    async def _read(self, how: Callable[[], Awaitable[T]]) -> T:
        try:
            return await how()
        except _wire.ProtocolError as exc:
            raise HdcConnectionError(f"hdc server {self.address}: {exc}", command=self.command) from exc
        except (ConnectionError, OSError) as exc:
            raise HdcConnectionError(f"hdc server {self.address} dropped the channel: {exc}", command=self.command) from exc

    def close(self) -> None:
        """Close at once, unread data or not: used on normal end, timeout and cancellation alike,
        because the server treats a closed channel as 'stop the command'."""
        if not self._closed:
            self._closed = True
            self._transport.abort()

    @property
    def closed(self) -> bool:
        return self._closed

    async def __aenter__(self) -> Channel:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _abort_connection(connection: tuple[asyncio.Transport, FrameProtocol]) -> None:
    """A connection made just as the caller gave up: nobody will use it."""
    connection[0].abort()


async def open_channel(
    address: ServerAddress,
    connect_key: str,
    command: str | None,
    *,
    connect_timeout: float,
) -> Channel:
    """Connect, do the handshake for ``connect_key`` and send ``command`` (if any)."""
    loop = asyncio.get_running_loop()
    pending: asyncio.Transport | None = None  # aborted by `finally` unless handed over
    try:
        try:
            transport, protocol = await within(
                loop.create_connection(FrameProtocol, address.host, address.port),
                connect_timeout,
                discard=_abort_connection,
            )
        except DeadlineExceeded:
            raise HdcTimeoutError(
                f"connecting to the hdc server at {address} took longer than {connect_timeout}s",
                command=command,
                timeout=connect_timeout,
            ) from None
        except OSError as exc:
            raise HdcConnectionError(_no_server_message(address, exc), command=command) from exc
        pending = transport
        try:
            hello = await within(protocol.read_frame(), connect_timeout)
        except DeadlineExceeded:
            raise HdcConnectionError(
                f"{address} accepted the connection but sent no hdc handshake within {connect_timeout}s "
                "(is it an hdc server?)",
                command=command,
            ) from None
        except (_wire.ProtocolError, ConnectionError, OSError) as exc:
            raise HdcConnectionError(f"{address} broke off the hdc handshake: {exc}", command=command) from exc
        if hello is None:
            raise HdcConnectionError(f"{address} closed the connection before the hdc handshake", command=command)
        try:
            reply = _wire.handshake_reply(hello, connect_key)
        except _wire.ProtocolError as exc:
            raise HdcConnectionError(f"{address} is not an hdc server: {exc}", command=command) from exc
        data = _wire.encode_frame(reply)
        if command is not None:
            # Handshake reply and command in one write: one round trip less per command.
            log.debug("hdc %s: %s", address, command)
            data += _wire.encode_command(command)
        channel = Channel(transport, protocol, address, command)
        await channel.send(data)
        pending = None
        return channel
    finally:
        if pending is not None:
            pending.abort()
