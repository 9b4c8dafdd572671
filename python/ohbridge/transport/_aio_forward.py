"""Port forwards (``fport``) as objects whose ``async with`` removes the rule."""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import TYPE_CHECKING, Generator

from ._aio_common import _FORWARD_PORT_ATTEMPTS, PortSpec, _endpoint, _free_local_port
from .errors import CommandFailedError
from .quoting import hdc_quote

if TYPE_CHECKING:
    from ._aio_device import AsyncHdcDevice

__all__ = ["AsyncForward"]


class AsyncForward:
    """A forward rule (``fport``) on the server; ``async with`` removes it on exit.

    The rule lives in the server, not in this object: it outlives the channel that created it,
    so it must be removed explicitly (:meth:`remove`), which the context manager does.
    """

    def __init__(self, device: AsyncHdcDevice, local: PortSpec, remote: PortSpec) -> None:
        self._device = device
        self._requested_local = local
        self.remote = _endpoint(remote)
        self.local = _endpoint(local)
        self._active = False

    @property
    def local_port(self) -> int:
        """The local TCP port, for ``tcp:`` rules."""
        kind, _, value = self.local.partition(":")
        if kind != "tcp":
            raise ValueError(f"{self.local} is not a TCP endpoint")
        return int(value)

    @property
    def active(self) -> bool:
        return self._active

    async def create(self) -> AsyncForward:
        if self._active:
            return self
        auto = self._requested_local in (0, "tcp:0")
        attempts = _FORWARD_PORT_ATTEMPTS if auto else 1
        for attempt in range(attempts):
            if auto:
                self.local = f"tcp:{_free_local_port()}"
            command = f"fport {hdc_quote(self.local)} {hdc_quote(self.remote)}"
            try:
                text = await self._device._client.command(
                    command, key=self._device.serial, timeout=self._device._client.local_timeout
                )
            except CommandFailedError:
                if attempt + 1 < attempts:
                    continue
                raise
            if "OK" not in text:
                raise CommandFailedError(f"unexpected fport reply: {text.strip()}", command=command)
            self._active = True
            return self
        raise AssertionError("unreachable")

    async def remove(self) -> None:
        """Remove the rule (idempotent)."""
        if not self._active:
            return
        self._active = False
        await self._device._client.remove_forward(self.local, self.remote)

    def __await__(self) -> Generator[object, None, AsyncForward]:
        return self.create().__await__()

    async def __aenter__(self) -> AsyncForward:
        return await self.create()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Removal must happen even when the block was cancelled; shield it so that a second
        # cancellation cannot leave the rule behind in the server.
        await asyncio.shield(self.remove())

    def __repr__(self) -> str:
        return f"AsyncForward({self.local} -> {self._device.serial} {self.remote}, active={self._active})"
