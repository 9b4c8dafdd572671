"""A fake hdc server on loopback that speaks the server side of the hdc client protocol (docs/transport.md).

It runs its own event loop on a background thread, so sync tests, asyncio tests and benchmarks
can all use it::

    with FakeHdcServer(["dev-1"]) as server:
        client = HdcClient(port=server.port)

Behaviour that matters to clients follows the real server (developtools_hdc src/host, checked
against a real server and hdcd by tests/transport/test_real_hdc.py): it speaks first with a 44-byte
handshake (or 108), every message is length-framed, a channel carries one command and the
server ends the answer by closing it (except after ``alive``), ``[Fail]`` texts for refusals,
server-side ``file send/recv`` and ``install``, forwards that outlive their channel.

This module is the server's lifecycle, its listener and its target registry; a channel's
protocol is in ``_connection``, the commands in ``_server_local`` and ``_device_commands``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import tempfile
import threading
from pathlib import Path
from types import TracebackType
from typing import Any, Coroutine, Iterable, TypeVar

from ._connection import ChannelProtocol, ReceivedCommand
from ._device_commands import DeviceCommands
from ._forward import ForwardTable
from ._processes import DeviceProcesses
from ._server_local import ServerLocalCommands
from ._target import DEFAULT_DEVICE_ROOTS, FakeTarget

__all__ = ["FakeHdcServer", "ReceivedCommand"]

T = TypeVar("T")


class FakeHdcServer:
    """The fake server. ``targets`` are serials (or :class:`FakeTarget` arguments via :meth:`add_target`)."""

    def __init__(
        self,
        targets: Iterable[str] = ("fake-device-0",),
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        root: str | os.PathLike[str] | None = None,
        handshake_size: int = 44,
        device_roots: Iterable[str] = DEFAULT_DEVICE_ROOTS,
    ) -> None:
        self.host = host
        self._requested_port = port
        self._own_root = root is None
        self.root = Path(tempfile.mkdtemp(prefix="ohbridge-fake-hdc-")) if root is None else Path(root)
        self.handshake_size = handshake_size
        self._device_roots = tuple(device_roots)
        self.targets: dict[str, FakeTarget] = {}
        #: every command received, in order (tests check what reached the "device")
        self.commands: list[ReceivedCommand] = []
        for serial in targets:
            self.add_target(serial)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.base_events.Server | None = None
        self._port = 0
        self._channels: set[asyncio.StreamWriter] = set()
        self._handlers: set[asyncio.Task[None]] = set()
        self._processes = DeviceProcesses()
        self._forwards = ForwardTable(host)
        self._stopped = False
        #: answer `shell` without a command with a refusal, as servers that disable it do
        self.refuse_interactive_shell = False
        self._protocol = ChannelProtocol(
            self.targets,
            self.commands,
            lambda: self.handshake_size,
            ServerLocalCommands(self.targets, self._add_tcp_target, self._forwards),
            DeviceCommands(self._processes, self._forwards, lambda: self.refuse_interactive_shell),
        )

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> FakeHdcServer:
        if self._thread is not None:
            return self
        loop = asyncio.new_event_loop()
        self._loop = loop
        self._thread = threading.Thread(target=loop.run_forever, name="fake-hdc-server", daemon=True)
        self._thread.start()
        self._call(self._listen())
        return self

    def stop(self) -> None:
        """Shut down: close channels and forwards, kill what commands left running, drop the sandbox."""
        self._shutdown()
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def kill(self) -> None:
        """Die abruptly, as a crashed server would: every open channel is cut mid-answer."""
        self._shutdown()

    def _shutdown(self) -> None:
        if self._loop is None or self._stopped:
            return
        self._stopped = True
        with contextlib.suppress(Exception):
            self._call(self._close_everything(), timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)
        self._loop.close()

    def __enter__(self) -> FakeHdcServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._port

    @property
    def address(self) -> str:
        return f"{self.host}:{self._port}"

    @property
    def env(self) -> dict[str, str]:
        """Environment that points hdc clients (ours and the real CLI) at this server."""
        return {"OHOS_HDC_SERVER_PORT": str(self._port)}

    # --- targets -------------------------------------------------------------------------------

    def add_target(
        self,
        serial: str,
        *,
        connection_type: str = "USB",
        state: str = "Connected",
        name: str | None = None,
        abi: str | None = None,
        uid: int | None = None,
        debuggable: bool | None = None,
    ) -> FakeTarget:
        """A new device; ``abi``/``uid``/``debuggable``: see :meth:`FakeTarget.set_device_profile`."""
        target = FakeTarget(
            serial,
            self.root,
            connection_type=connection_type,
            state=state,
            name=name,
            device_roots=self._device_roots,
        )
        target.set_device_profile(abi=abi, uid=uid, debuggable=debuggable)
        self.targets[serial] = target
        return target

    def _add_tcp_target(self, address: str) -> None:
        self.add_target(address, connection_type="TCP")

    def remove_target(self, serial: str) -> None:
        self.targets.pop(serial, None)

    def drop_device_link(self, serial: str) -> None:
        """What the server sees when a device's hdcd dies or its USB/TCP link drops: the
        target goes Offline and the forwards of its session end, live connections and all
        (forward tasks belong to the daemon session); processes on the device keep running."""
        self.targets[serial].state = "Offline"
        self._call(self._forwards.drop_device(serial))

    def restore_device_link(self, serial: str) -> None:
        """The device is back (hdcd restarted, cable plugged in again)."""
        self.targets[serial].state = "Connected"

    def target(self, serial: str | None = None) -> FakeTarget:
        """A target by serial; without one, the only target."""
        if serial is None:
            if len(self.targets) != 1:
                raise LookupError(f"{len(self.targets)} targets: name one")
            return next(iter(self.targets.values()))
        return self.targets[serial]

    @property
    def forward_rules(self) -> list[str]:
        return self._forwards.rules

    # --- loop plumbing -------------------------------------------------------------------------

    def _call(self, coro: Coroutine[Any, Any, T], timeout: float | None = 30) -> T:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._accept, self.host, self._requested_port)
        self._port = self._server.sockets[0].getsockname()[1]

    async def _close_everything(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for writer in list(self._channels):
            writer.transport.abort()
        self._processes.kill_all()
        for task in list(self._handlers):
            task.cancel()
        if self._handlers:
            await asyncio.gather(*self._handlers, return_exceptions=True)
        self._processes.kill_all()  # and the groups the cancelled handlers named meanwhile
        await self._processes.reap()
        await self._forwards.stop_all()
        if server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 5)

    # --- the listener: one handler task per channel ------------------------------------------

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        self._channels.add(writer)
        try:
            await self._protocol.serve(reader, writer)
            # The end of an answer is the end of the connection: flush, then close.
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
        except (ConnectionError, OSError):
            pass
        except asyncio.CancelledError:
            # Only _close_everything cancels handlers; swallowing it keeps asyncio's stream
            # callback (which calls task.exception()) from logging a spurious error.
            pass
        finally:
            writer.transport.abort()
            self._channels.discard(writer)
            self._handlers.discard(task)
