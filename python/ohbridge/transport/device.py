"""The device interface every transport provides (hdc, adb), as a structural type."""

from __future__ import annotations

import os
from types import TracebackType
from typing import Protocol, runtime_checkable

from .aio import PortSpec, Progress, ShellCommand
from .types import ForwardRule, ShellResult

__all__ = ["TransportDevice", "ForwardHandle"]


@runtime_checkable
class ForwardHandle(Protocol):
    """A port forward that exists until removed; leaving its ``with`` block removes it."""

    @property
    def local_port(self) -> int: ...

    @property
    def remote(self) -> str: ...

    def remove(self) -> None: ...

    def __enter__(self) -> ForwardHandle: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


@runtime_checkable
class TransportDevice(Protocol):
    """What the backends need from a device connection, whichever tool carries it.

    ``shell`` returns the merged output and the exit status and raises ``HdcTimeoutError`` past
    ``timeout``; ``check=True`` raises ``CommandFailedError`` on a non-zero status. Errors are the
    ``HdcError`` hierarchy for every transport.
    """

    @property
    def serial(self) -> str: ...

    def shell(self, cmd: ShellCommand, *, timeout: float | None = ..., check: bool = ...) -> ShellResult: ...

    def push(
        self,
        local: str | os.PathLike[str],
        remote: str,
        *,
        progress: Progress | None = ...,
        timeout: float | None = ...,
    ) -> int: ...

    def pull(
        self,
        remote: str,
        local: str | os.PathLike[str],
        *,
        progress: Progress | None = ...,
        timeout: float | None = ...,
    ) -> int: ...

    def forward(self, local: PortSpec, remote: PortSpec) -> ForwardHandle: ...

    def list_forwards(self) -> list[ForwardRule]: ...
