"""One device behind an hdc server: shell, persistent shells, streams, files, apps, forwards."""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING, Awaitable, Callable

from . import _replies
from ._aio_common import (
    _PROGRESS_INTERVAL,
    DEFAULT_MAX_OUTPUT,
    DEFAULT_SHELL_TIMEOUT,
    PortSpec,
    Progress,
    ShellCommand,
    _as_shell_text,
)
from ._aio_forward import AsyncForward
from ._aio_stream import AsyncShellStream
from ._exitcode import ExitMarker
from ._session import DEFAULT_STAGING_DIR, AsyncShellSessionPool
from ._stop_group import stop_process_group
from .errors import (
    DeviceNotFoundError,
    FileTransferError,
    HdcConnectionError,
    HdcError,
    HdcOutputLimitError,
    HdcTimeoutError,
    InstallError,
)
from .quoting import hdc_quote, sh_join
from .types import ForwardRule, InstallResult, ShellResult

if TYPE_CHECKING:
    from .aio import AsyncHdcClient

__all__ = ["AsyncHdcDevice"]


class AsyncHdcDevice:
    """One device (connect key) behind an hdc server."""

    def __init__(self, client: AsyncHdcClient, serial: str) -> None:
        self._client = client
        self.serial = serial

    def __repr__(self) -> str:
        return f"AsyncHdcDevice({self.serial!r} via {self._client.address})"

    @property
    def client(self) -> AsyncHdcClient:
        return self._client

    async def shell(
        self,
        cmd: ShellCommand,
        *,
        timeout: float | None = DEFAULT_SHELL_TIMEOUT,
        check: bool = False,
        max_output: int = DEFAULT_MAX_OUTPUT,
    ) -> ShellResult:
        """Run ``cmd`` with the device's ``/bin/sh`` and return its output and exit status.

        A list is quoted argument by argument; a string is passed to sh as written. ``timeout``
        is a deadline for the whole command (``None``: none): past it the channel is closed, the
        command's process group is stopped on the device, and :class:`HdcTimeoutError` carries
        the output read so far.  Output past ``max_output`` bytes (or a cancellation) does the
        same, with :class:`HdcOutputLimitError`.
        """
        text = _as_shell_text(cmd)
        marker = ExitMarker()
        flt = marker.filter()
        try:
            data = await self._client._collect(
                self.serial,
                "shell " + marker.wrap(text),
                timeout,
                shown_command=f"shell {text}",
                on_frame=flt.feed,
                pending=flt.pending,
                max_output=max_output,
            )
        except (HdcTimeoutError, HdcOutputLimitError, asyncio.CancelledError):
            # The channel is closed, but a real hdcd stops only the shell it forked, not what
            # the command started: stop its process group (see _stop_group).
            if flt.returncode is None:
                await stop_process_group(self._client, self.serial, flt.pid)
            raise
        data += flt.finish()
        if flt.returncode is None:
            reply = data.decode("utf-8", errors="replace")
            error = _replies.failure(reply, command=f"shell {text}", output=data)
            if error is not None:
                raise error
            raise HdcConnectionError(
                "the channel closed before the command reported its exit status",
                command=f"shell {text}",
                output=data,
            )
        result = ShellResult(command=text, returncode=flt.returncode, stdout_bytes=data)
        return result.check() if check else result

    def shell_session(self, *, size: int = 1, staging_dir: str = DEFAULT_STAGING_DIR) -> AsyncShellSessionPool:
        """Persistent shells for many short commands (see :mod:`._session`): ``await
        pool.shell(cmd)`` answers like :meth:`shell` without spawning a shell per call. Close it."""
        return AsyncShellSessionPool(self, size=size, staging_dir=staging_dir)

    def shell_stream(self, cmd: ShellCommand) -> AsyncShellStream:
        """Stream a command's output (see :class:`AsyncShellStream`); no deadline, close to stop."""
        return AsyncShellStream(self._client, self.serial, _as_shell_text(cmd))

    def hilog(self, *args: str) -> AsyncShellStream:
        """Stream ``hilog`` with ``args`` (e.g. ``"-T", "MyTag"``, or ``"-x"`` to dump and stop).

        It goes through ``shell hilog``: hdc's own ``hilog`` command drops every argument.
        """
        return self.shell_stream(["hilog", *args])

    async def param(self, name: str, *, timeout: float | None = DEFAULT_SHELL_TIMEOUT) -> str | None:
        """A system parameter's value (``param get``), or ``None`` if the device has no such parameter."""
        result = await self.shell(["param", "get", name], timeout=timeout)
        value = result.stdout.strip()
        if result.returncode != 0 or ("fail!" in value and "errNum" in value):
            return None
        return value

    async def _transfer(self, command: str, timeout: float | None) -> str:
        data = await self._client._collect(self.serial, command, timeout)
        text = data.decode("utf-8", errors="replace")
        for line in text.splitlines():
            error = _replies.failure(line, command=command, output=data)
            if isinstance(error, DeviceNotFoundError):
                raise error
            if error is not None:
                raise FileTransferError(line.strip(), command=command, output=data)
        if "FileTransfer finish" not in text:
            raise HdcConnectionError("the channel closed before the transfer reported its result", command=command, output=data)
        return text

    async def _poll_progress(self, progress: Progress, total: int, size_now: Callable[[], Awaitable[int]]) -> None:
        while True:
            await asyncio.sleep(_PROGRESS_INTERVAL)
            try:
                done = await size_now()
            except (HdcError, OSError):
                continue
            if done >= 0:
                progress(min(done, total) if total >= 0 else done, total)

    async def _with_progress(
        self,
        work: Awaitable[str],
        progress: Progress | None,
        total: int,
        size_now: Callable[[], Awaitable[int]],
    ) -> str:
        if progress is None:
            return await work
        progress(0, total)
        poller = asyncio.ensure_future(self._poll_progress(progress, total, size_now))
        try:
            return await work
        finally:
            poller.cancel()
            try:
                await poller
            except asyncio.CancelledError:
                pass

    async def _remote_size(self, remote: str) -> int:
        result = await self.shell(f"wc -c < {sh_join([remote])} 2>/dev/null", timeout=self._client.local_timeout)
        try:
            return int(result.stdout.split()[0]) if result.ok else -1
        except (IndexError, ValueError):
            return -1

    async def push(
        self,
        local: str | os.PathLike[str],
        remote: str,
        *,
        progress: Progress | None = None,
        timeout: float | None = None,
    ) -> int:
        """Copy a local file to the device (``file send``); returns its size in bytes.

        The hdc server reads the local file itself, so ``local`` must be readable by the server's
        user. ``progress(done, total)`` gets the start, the end, and the remote size polled in between.
        """
        path = os.path.abspath(os.fspath(local))
        if not os.path.isfile(path):
            raise FileTransferError(f"no such local file: {path}", command=f"file send {path} {remote}")
        total = os.path.getsize(path)
        command = f"file send {hdc_quote(path)} {hdc_quote(remote)}"
        await self._with_progress(self._transfer(command, timeout), progress, total, lambda: self._remote_size(remote))
        if progress is not None:
            progress(total, total)
        return total

    async def pull(
        self,
        remote: str,
        local: str | os.PathLike[str],
        *,
        progress: Progress | None = None,
        timeout: float | None = None,
    ) -> int:
        """Copy a device file to ``local`` (``file recv``); returns the local size in bytes.

        The hdc server writes the local file itself. ``progress(done, total)`` is fed from the
        local file's size (total from one remote ``wc -c``, or -1).
        """
        path = os.path.abspath(os.fspath(local))
        command = f"file recv {hdc_quote(remote)} {hdc_quote(path)}"

        async def local_size() -> int:
            return os.path.getsize(path) if os.path.exists(path) else 0

        total = await self._remote_size(remote) if progress is not None else -1
        await self._with_progress(self._transfer(command, timeout), progress, total, local_size)
        size = os.path.getsize(path) if os.path.isfile(path) else 0
        if progress is not None:
            progress(size, size)
        return size

    async def install(
        self,
        package: str | os.PathLike[str],
        *,
        replace: bool = True,
        timeout: float | None = None,
    ) -> InstallResult:
        """Install a .hap/.hsp (``install [-r] path``); :class:`InstallError` carries bm's reason."""
        path = os.path.abspath(os.fspath(package))
        if not os.path.isfile(path):
            raise InstallError(f"no such package file: {path}", reason="local file not found", command=f"install {path}")
        command = "install " + ("-r " if replace else "") + hdc_quote(path)
        return await self._app_command(command, timeout, "install")

    async def uninstall(self, bundle: str, *, keep_data: bool = False, timeout: float | None = None) -> InstallResult:
        command = "uninstall " + ("-k " if keep_data else "") + hdc_quote(bundle)
        return await self._app_command(command, timeout, "uninstall")

    async def _app_command(self, command: str, timeout: float | None, what: str) -> InstallResult:
        data = await self._client._collect(self.serial, command, timeout)
        text = data.decode("utf-8", errors="replace")
        error = _replies.failure(text, command=command, output=data)
        if isinstance(error, DeviceNotFoundError):
            raise error
        reason = _install_failure_reason(text)
        if reason is not None:
            raise InstallError(f"{what} failed: {reason}", reason=reason, command=command, output=data)
        if "AppMod finish" not in text and "successfully" not in text:
            raise HdcConnectionError(f"the channel closed before the {what} reported its result", command=command, output=data)
        return InstallResult(output=text)

    def forward(self, local: PortSpec, remote: PortSpec) -> AsyncForward:
        """Forward a local TCP port to a device endpoint (``fport``).

        ``async with device.forward(0, "tcp:8012") as fwd: fwd.local_port`` picks a free local
        port and removes the rule on exit; ``fwd = await device.forward(...)`` keeps it until
        ``await fwd.remove()``.
        """
        return AsyncForward(self, local, remote)

    async def list_forwards(self) -> list[ForwardRule]:
        return [rule for rule in await self._client.list_forwards() if rule.key == self.serial]

    async def remove_forward(self, local: PortSpec, remote: PortSpec) -> None:
        """Remove a rule this object did not create (e.g. one left by a process that died)."""
        await self._client.remove_forward(local, remote)


def _install_failure_reason(text: str) -> str | None:
    """bm's explanation from an install/uninstall reply, or ``None`` if it succeeded."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for i, line in enumerate(lines):
        body = line.split("msg:", 1)[1].strip() if "msg:" in line else line
        if line.startswith("[Fail]") or body.lower().startswith("error:") or "failed to install" in body or "failed to uninstall" in body:
            # bm prints "error: failed to install bundle." then "code:NNN" and "error: <why>"
            detail = [body] + [rest for rest in lines[i + 1 :] if rest != "AppMod finish"]
            reason = " ".join(detail)
            for prefix in ("error: failed to install bundle.", "error: failed to uninstall bundle."):
                if reason.startswith(prefix) and reason[len(prefix) :].strip():
                    reason = reason[len(prefix) :].strip()
            return reason
    return None
