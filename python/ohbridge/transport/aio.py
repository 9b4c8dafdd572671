"""The asyncio hdc client: the core that the sync client runs on a private loop thread.

Every command is one TCP channel to the hdc server (docs/transport.md): connect, handshake with
the device's connect key, send the command text, read frames until the server closes. A deadline,
a cancellation or an error closes the channel, which is also how the server learns to stop the
command on the device.
"""

from __future__ import annotations

import asyncio
import os
import socket
from types import TracebackType
from typing import AsyncIterator, Awaitable, Callable, Generator, Sequence, Union

from . import _replies
from ._address import ServerAddress, resolve_server
from ._channel import Channel, open_channel
from ._deadline import DeadlineExceeded, within
from ._exitcode import ExitFilter, ExitMarker
from ._session import DEFAULT_STAGING_DIR, AsyncShellSessionPool
from ._wire import CMD_CHECK_SERVER, strip_command_id
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
from .quoting import hdc_quote, sh_join
from .types import ForwardRule, InstallResult, ShellResult, TargetInfo

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
    "DEFAULT_SHELL_TIMEOUT",
    "DEFAULT_MAX_OUTPUT",
]

#: A command as one shell string (used as is) or as an argument list (each one quoted).
ShellCommand = Union[str, Sequence[str]]
#: A forward endpoint: ``"tcp:8012"``, any other hdc endpoint string, or a TCP port number.
PortSpec = Union[str, int]
#: ``progress(bytes_done, bytes_total)``; total is -1 when unknown. Called on the event loop.
Progress = Callable[[int, int], None]

DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_SHELL_TIMEOUT = 60.0
#: What one call keeps of a command's output, in bytes: past it the channel is closed and
#: :class:`HdcOutputLimitError` carries the first this many bytes.  ``shell_stream`` for more.
DEFAULT_MAX_OUTPUT = 64 << 20
_PROGRESS_INTERVAL = 0.5
_FORWARD_PORT_ATTEMPTS = 8


def _as_shell_text(cmd: ShellCommand) -> str:
    if isinstance(cmd, str):
        return cmd
    return sh_join(list(cmd))


def _endpoint(spec: PortSpec) -> str:
    if isinstance(spec, int):
        return f"tcp:{spec}"
    return spec


def _free_local_port() -> int:
    # The server binds the local end itself; we can only propose a port that is free now and
    # retry if someone takes it before the server does.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


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
                frame = await asyncio.wait_for(channel.read_frame(), limit)
            except asyncio.TimeoutError:
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


class AsyncShellStream:
    """Output of a running shell command, chunk by chunk, as it arrives.

    Use it as ``async with device.shell_stream(cmd) as s: async for chunk in s: ...``; leaving
    the block closes the channel, which stops the command. ``returncode`` is set once the
    command has finished and its output has been read to the end.
    """

    def __init__(self, client: AsyncHdcClient, key: str, command: str) -> None:
        self._client = client
        self._key = key
        self.command = command
        self._marker = ExitMarker()
        self._filter: ExitFilter = self._marker.filter()
        self._channel: Channel | None = None
        self._done = False
        self._closed = False
        self._read_so_far = 0
        self._suspect = b""
        self._refusal = _RefusalWatch()

    @property
    def returncode(self) -> int | None:
        return self._filter.returncode if self._done else None

    async def open(self) -> AsyncShellStream:
        if self._closed:
            raise RuntimeError("the stream is closed")
        if self._channel is None:
            try:
                self._channel = await self._client._open(self._key, "shell " + self._marker.wrap(self.command))
            except HdcError as exc:
                exc.command = f"shell {self.command}"
                raise
        return self

    async def read(self, timeout: float | None = None) -> bytes:
        """The next chunk of output, or ``b""`` once the command has finished.

        ``timeout``: seconds to wait for it (``None``: as long as it takes); past it
        :class:`HdcTimeoutError`, and the stream is closed (which stops the command).
        """
        if self._done or self._closed:
            return b""
        channel = self._channel if self._channel is not None else (await self.open())._channel
        assert channel is not None
        while True:
            try:
                data = await within(channel.read_available(), timeout)
            except DeadlineExceeded:
                # The reader was stopped mid-read: the channel's
                # framing cannot be trusted after that, so the stream ends here.
                self.close()
                raise HdcTimeoutError(f"no output within {timeout}s", command=f"shell {self.command}",
                                      timeout=timeout) from None
            except HdcError as exc:
                self.close()
                exc.command = f"shell {self.command}"
                raise
            if data is None:
                return self._finish()
            chunk = self._filter.feed(data)
            if not chunk:
                continue
            # The server's refusals ("[Fail]...") arrive as ordinary frames. Until the stream
            # proves to be the command's output (more text, or the exit record), hold back
            # leading lines that look like one, so that a refusal raises instead of being yielded.
            if self._filter.returncode is None and not self._read_so_far and self._refusal.could_be(chunk):
                self._suspect += chunk
                continue
            chunk, self._suspect = self._suspect + chunk, b""
            self._read_so_far += len(chunk)
            return chunk

    def _finish(self) -> bytes:
        self._done = True
        rest = self._suspect + self._filter.finish()
        self._suspect = b""
        self.close()
        if self._filter.returncode is None:
            text = rest.decode("utf-8", errors="replace")
            error = _replies.failure(text, command=f"shell {self.command}", output=rest)
            if error is None or self._read_so_far:
                error = HdcConnectionError(
                    "the channel closed before the command reported its exit status",
                    command=f"shell {self.command}",
                    output=rest,
                )
            raise error
        return rest

    async def lines(self, encoding: str = "utf-8") -> AsyncIterator[str]:
        """Decoded lines without their line ends; a last line without one is yielded too."""
        pending = b""
        while True:
            chunk = await self.read()
            if not chunk:
                if pending:
                    yield pending.decode(encoding, errors="replace")
                return
            pending += chunk
            *complete, pending = pending.split(b"\n")
            for line in complete:
                yield line.rstrip(b"\r").decode(encoding, errors="replace")

    def close(self) -> None:
        self._closed = True
        if self._channel is not None:
            self._channel.close()

    async def aclose(self) -> None:
        self.close()

    def __aiter__(self) -> AsyncShellStream:
        return self

    async def __anext__(self) -> bytes:
        chunk = await self.read()
        if not chunk:
            raise StopAsyncIteration
        return chunk

    async def __aenter__(self) -> AsyncShellStream:
        return await self.open()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


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
        is a deadline for the whole command (``None``: none): past it the channel is closed (which
        stops the command) and :class:`HdcTimeoutError` carries the output read so far.  Output
        past ``max_output`` bytes closes the channel too, with :class:`HdcOutputLimitError`.
        """
        text = _as_shell_text(cmd)
        marker = ExitMarker()
        flt = marker.filter()
        data = await self._client._collect(
            self.serial,
            "shell " + marker.wrap(text),
            timeout,
            shown_command=f"shell {text}",
            on_frame=flt.feed,
            pending=flt.pending,
            max_output=max_output,
        )
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


class _RefusalWatch:
    """Whether a stream's output so far could be the server's refusal: at least one non-blank line,
    every one a ``[Fail]`` line.  Each finished line is looked at once (the whole output used to be
    rescanned on every chunk: O(n^2) on a flood of lines), and a refusal is a line or two: past
    ``LIMIT`` bytes it is output."""

    LIMIT = 64 * 1024

    def __init__(self) -> None:
        self._seen = 0
        self._partial = b""  # the last, unfinished line
        self._saw_line = False
        self._possible = True

    def could_be(self, chunk: bytes) -> bool:
        self._seen += len(chunk)
        if not self._possible or self._seen > self.LIMIT:
            self._possible = False
            return False
        *complete, self._partial = (self._partial + chunk).split(b"\n")
        for line in complete:
            text = line.decode("utf-8", errors="replace")
            if text.strip():
                if not _replies.is_failure(text):
                    self._possible = False
                    return False
                self._saw_line = True
        partial = self._partial.decode("utf-8", errors="replace")
        if partial.strip():
            return _replies.is_failure(partial)  # the partial line is judged as it stands, each time
        return self._saw_line


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
