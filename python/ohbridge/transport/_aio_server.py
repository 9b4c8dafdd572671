"""A kept-alive channel to the hdc server, for polling server-local commands cheaply."""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import TYPE_CHECKING

from . import _replies
from ._channel import Channel
from ._deadline import DeadlineExceeded, within
from .errors import HdcConnectionError, HdcTimeoutError
from .types import ForwardRule, TargetInfo

if TYPE_CHECKING:
    from .aio import AsyncHdcClient

__all__ = ["AsyncServerSession"]


class AsyncServerSession:
    """A kept-alive channel: after ``alive``, each server-local command gets one reply frame."""

    def __init__(self, client: AsyncHdcClient) -> None:
        self._client = client
        self._channel: Channel | None = None
        self._lock = asyncio.Lock()

    async def __aenter__(self) -> AsyncServerSession:
        self._channel = await self._client._open("", "alive")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._channel is not None:
            self._channel.close()
            self._channel = None

    async def command(self, command: str, *, timeout: float | None = None) -> str:
        if self._channel is None:
            raise RuntimeError("the session is not open: use `async with client.server_session()`")
        channel = self._channel
        limit = timeout if timeout is not None else self._client.local_timeout
        async with self._lock:
            try:
                await channel.send_command(command)
                frame = await within(channel.read_frame(), limit)
            except DeadlineExceeded:
                self.close()
                raise HdcTimeoutError(f"no reply within {limit}s", command=command, timeout=limit) from None
            except BaseException:
                # A reply may still be in flight: the channel is out of step now.
                self.close()
                raise
        if frame is None:
            self.close()
            raise HdcConnectionError("the server closed the kept-alive channel", command=command)
        text = frame.decode("utf-8", errors="replace")
        error = _replies.failure(text, command=command, output=frame)
        if error is not None:
            raise error
        return text

    async def list_targets(self) -> list[TargetInfo]:
        return _replies.parse_targets(await self.command("list targets -v"))

    async def list_forwards(self) -> list[ForwardRule]:
        return _replies.parse_forwards(await self.command("fport ls"))
