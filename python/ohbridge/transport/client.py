"""The sync hdc client: the asyncio core (:mod:`.aio`) run on a private loop thread.

Same names and result types as the asyncio classes, without ``await``. Any number of threads
may use one client or one device at once: each call is its own channel on the shared loop.
Progress callbacks run on the loop thread and must not call back into a sync client.
"""

from __future__ import annotations

import os
from types import TracebackType
from typing import Iterator

from . import _loop
from .aio import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_OUTPUT,
    DEFAULT_SHELL_TIMEOUT,
    AsyncForward,
    AsyncHdcClient,
    AsyncHdcDevice,
    AsyncServerSession,
    AsyncShellStream,
    DEFAULT_STAGING_DIR,
    AsyncShellSessionPool,
    PortSpec,
    Progress,
    ShellCommand,
)
from .types import ForwardRule, InstallResult, ShellResult, TargetInfo

__all__ = ["HdcClient", "HdcDevice", "ShellStream", "ShellSessionPool", "Forward", "ServerSession"]


class HdcClient:
    """A client of one hdc server (see :class:`~ohbridge.transport.aio.AsyncHdcClient`)."""

    def __init__(
        self,
        host: str | None = None,
        port: int | None = None,
        *,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    ) -> None:
        self.aio = AsyncHdcClient(host, port, connect_timeout=connect_timeout)

    @property
    def address(self) -> str:
        return str(self.aio.address)

    def __repr__(self) -> str:
        return f"HdcClient({self.aio.address})"

    def command(self, command: str, *, key: str = "", timeout: float | None = DEFAULT_SHELL_TIMEOUT) -> str:
        return _loop.run(self.aio.command(command, key=key, timeout=timeout))

    def server_version(self) -> str:
        return _loop.run(self.aio.server_version())

    def list_targets(self) -> list[TargetInfo]:
        return _loop.run(self.aio.list_targets())

    def device(self, serial: str | None = None) -> HdcDevice:
        return HdcDevice(_loop.run(self.aio.device(serial)))

    def connect_tcp(self, address: str) -> HdcDevice:
        return HdcDevice(_loop.run(self.aio.connect_tcp(address)))

    def disconnect_tcp(self, address: str) -> None:
        _loop.run(self.aio.disconnect_tcp(address))

    def list_forwards(self) -> list[ForwardRule]:
        return _loop.run(self.aio.list_forwards())

    def remove_forward(self, local: PortSpec, remote: PortSpec) -> None:
        _loop.run(self.aio.remove_forward(local, remote))

    def server_session(self) -> ServerSession:
        return ServerSession(self.aio.server_session())

    def __enter__(self) -> HdcClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None


class ServerSession:
    """Sync twin of :class:`~ohbridge.transport.aio.AsyncServerSession`."""

    def __init__(self, session: AsyncServerSession) -> None:
        self.aio = session

    def __enter__(self) -> ServerSession:
        _loop.run(self.aio.__aenter__())
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        async def close() -> None:
            self.aio.close()

        _loop.run(close())

    def command(self, command: str, *, timeout: float | None = None) -> str:
        return _loop.run(self.aio.command(command, timeout=timeout))

    def list_targets(self) -> list[TargetInfo]:
        return _loop.run(self.aio.list_targets())

    def list_forwards(self) -> list[ForwardRule]:
        return _loop.run(self.aio.list_forwards())


class ShellStream:
    """Sync twin of :class:`~ohbridge.transport.aio.AsyncShellStream`: ``with`` it, iterate it."""

    def __init__(self, stream: AsyncShellStream) -> None:
        self.aio = stream

    @property
    def command(self) -> str:
        return self.aio.command

    @property
    def returncode(self) -> int | None:
        return self.aio.returncode

    def open(self) -> ShellStream:
        _loop.run(self.aio.open())
        return self

    def read(self, timeout: float | None = None) -> bytes:
        return _loop.run(self.aio.read(timeout))

    def __iter__(self) -> Iterator[bytes]:
        while True:
            chunk = self.read()
            if not chunk:
                return
            yield chunk

    def lines(self, encoding: str = "utf-8") -> Iterator[str]:
        pending = b""
        for chunk in self:
            pending += chunk
            *complete, pending = pending.split(b"\n")
            for line in complete:
                yield line.rstrip(b"\r").decode(encoding, errors="replace")
        if pending:
            yield pending.decode(encoding, errors="replace")

    def close(self) -> None:
        _loop.run(self.aio.aclose())

    def __enter__(self) -> ShellStream:
        return self.open()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class ShellSessionPool:
    """Sync twin of :class:`~ohbridge.transport.aio.AsyncShellSessionPool`; any thread may call it."""

    def __init__(self, pool: AsyncShellSessionPool) -> None:
        self.aio = pool

    def shell(self, cmd: ShellCommand, *, timeout: float | None = DEFAULT_SHELL_TIMEOUT, check: bool = False) -> ShellResult:
        return _loop.run(self.aio.shell(cmd, timeout=timeout, check=check))

    def close(self) -> None:
        _loop.run(self.aio.aclose())

    def __enter__(self) -> ShellSessionPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class Forward:
    """Sync twin of :class:`~ohbridge.transport.aio.AsyncForward`; the rule exists once created."""

    def __init__(self, forward: AsyncForward) -> None:
        self.aio = forward

    @property
    def local(self) -> str:
        return self.aio.local

    @property
    def remote(self) -> str:
        return self.aio.remote

    @property
    def local_port(self) -> int:
        return self.aio.local_port

    @property
    def active(self) -> bool:
        return self.aio.active

    def remove(self) -> None:
        _loop.run(self.aio.remove())

    def __enter__(self) -> Forward:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.remove()

    def __repr__(self) -> str:
        return repr(self.aio).replace("AsyncForward", "Forward", 1)


class HdcDevice:
    """One device behind an hdc server (see :class:`~ohbridge.transport.aio.AsyncHdcDevice`)."""

    def __init__(self, device: AsyncHdcDevice) -> None:
        self.aio = device

    @property
    def serial(self) -> str:
        return self.aio.serial

    def __repr__(self) -> str:
        return repr(self.aio).replace("AsyncHdcDevice", "HdcDevice", 1)

    def shell(
        self,
        cmd: ShellCommand,
        *,
        timeout: float | None = DEFAULT_SHELL_TIMEOUT,
        check: bool = False,
        max_output: int = DEFAULT_MAX_OUTPUT,
    ) -> ShellResult:
        return _loop.run(self.aio.shell(cmd, timeout=timeout, check=check, max_output=max_output))

    def shell_session(self, *, size: int = 1, staging_dir: str = DEFAULT_STAGING_DIR) -> ShellSessionPool:
        """Persistent shells: ``pool.shell(cmd)`` without a shell spawned per call (close the pool)."""
        return ShellSessionPool(self.aio.shell_session(size=size, staging_dir=staging_dir))

    def shell_stream(self, cmd: ShellCommand) -> ShellStream:
        return ShellStream(self.aio.shell_stream(cmd))

    def hilog(self, *args: str) -> ShellStream:
        return ShellStream(self.aio.hilog(*args))

    def param(self, name: str, *, timeout: float | None = DEFAULT_SHELL_TIMEOUT) -> str | None:
        return _loop.run(self.aio.param(name, timeout=timeout))

    def push(
        self,
        local: str | os.PathLike[str],
        remote: str,
        *,
        progress: Progress | None = None,
        timeout: float | None = None,
    ) -> int:
        return _loop.run(self.aio.push(local, remote, progress=progress, timeout=timeout))

    def pull(
        self,
        remote: str,
        local: str | os.PathLike[str],
        *,
        progress: Progress | None = None,
        timeout: float | None = None,
    ) -> int:
        return _loop.run(self.aio.pull(remote, local, progress=progress, timeout=timeout))

    def install(
        self,
        package: str | os.PathLike[str],
        *,
        replace: bool = True,
        timeout: float | None = None,
    ) -> InstallResult:
        return _loop.run(self.aio.install(package, replace=replace, timeout=timeout))

    def uninstall(self, bundle: str, *, keep_data: bool = False, timeout: float | None = None) -> InstallResult:
        return _loop.run(self.aio.uninstall(bundle, keep_data=keep_data, timeout=timeout))

    def forward(self, local: PortSpec, remote: PortSpec) -> Forward:
        """Create the rule now; ``with device.forward(0, "tcp:8012") as fwd:`` removes it on exit."""
        return Forward(_loop.run(self.aio.forward(local, remote).create()))

    def list_forwards(self) -> list[ForwardRule]:
        return _loop.run(self.aio.list_forwards())

    def remove_forward(self, local: PortSpec, remote: PortSpec) -> None:
        """Remove a rule this object did not create (e.g. one left by a process that died)."""
        _loop.run(self.aio.remove_forward(local, remote))
