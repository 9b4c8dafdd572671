"""A fake hdc server on loopback that speaks the server side of the hdc client protocol (docs/transport.md).

It runs its own event loop on a background thread, so sync tests, asyncio tests and benchmarks
can all use it::

    with FakeHdcServer(["dev-1"]) as server:
        client = HdcClient(port=server.port)

Behaviour that matters to clients follows the spec: the server speaks first with a 44-byte
handshake (or 108), every message is length-framed, a channel carries one command and the
server ends the answer by closing it (except after ``alive``), ``[Fail]`` texts for refusals,
server-side ``file send/recv`` and ``install``, forwards that outlive their channel.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import shutil
import signal
import struct
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Coroutine, Iterable, TypeVar

from . import _messages as msg
from ._argv import split_args
from ._commands import is_known_command
from ._forward import ForwardTask, tcp_node_ok
from ._pty_shell import run_interactive_shell
from ._frames import BadHandshake, connect_key_from_reply, frame, read_message, server_handshake
from ._target import DEFAULT_DEVICE_ROOTS, FakeTarget

__all__ = ["FakeHdcServer", "ReceivedCommand"]

T = TypeVar("T")
_CHUNK = 64 * 1024
_CMD_CHECK_SERVER = 13
# Commands the server answers itself, whatever the connect key (AutoConnectKey in the CLI).
_SERVER_LOCAL = ("list targets", "checkserver", "version", "tconn", "fport ls", "fport rm", "wait", "alive")


@dataclass(frozen=True)
class ReceivedCommand:
    """A command as the server received it: the connect key and the command text."""

    key: str
    text: str


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
        self._groups: set[int] = set()
        self._procs: set[asyncio.subprocess.Process] = set()
        self._forwards: dict[str, ForwardTask] = {}
        self._stopped = False
        #: answer `shell` without a command with a refusal, as servers that disable it do
        self.refuse_interactive_shell = False

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

    def remove_target(self, serial: str) -> None:
        self.targets.pop(serial, None)

    def drop_device_link(self, serial: str) -> None:
        """What the server sees when a device's hdcd dies or its USB/TCP link drops: the
        target goes Offline and the forwards of its session end, live connections and all
        (forward tasks belong to the daemon session); processes on the device keep running."""
        self.targets[serial].state = "Offline"
        self._call(self._drop_forwards(serial))

    def restore_device_link(self, serial: str) -> None:
        """The device is back (hdcd restarted, cable plugged in again)."""
        self.targets[serial].state = "Connected"

    async def _drop_forwards(self, serial: str) -> None:
        for rule, task in list(self._forwards.items()):
            if task.key == serial:
                del self._forwards[rule]
                await task.stop()

    def target(self, serial: str | None = None) -> FakeTarget:
        """A target by serial; without one, the only target."""
        if serial is None:
            if len(self.targets) != 1:
                raise LookupError(f"{len(self.targets)} targets: name one")
            return next(iter(self.targets.values()))
        return self.targets[serial]

    @property
    def forward_rules(self) -> list[str]:
        return [f"{t.key} {t.rule}" for t in list(self._forwards.values())]

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
        for pgid in list(self._groups):
            _kill_group(pgid)
        for task in list(self._handlers):
            task.cancel()
        if self._handlers:
            await asyncio.gather(*self._handlers, return_exceptions=True)
        await self._reap_processes()
        for fwd in list(self._forwards.values()):
            await fwd.stop()
        self._forwards.clear()
        if server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 5)

    async def _reap_processes(self) -> None:
        # A subprocess transport still open when the loop closes is closed later by the
        # garbage collector, which then calls into the closed loop: an unraisable
        # "Event loop is closed" inside whatever test runs next.  So every process is
        # waited for (its group was killed above) and its transport closed on this loop.
        procs, self._procs = list(self._procs), set()
        for proc in procs:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(proc.wait(), 5)
            transport = getattr(proc, "_transport", None)  # asyncio keeps it private
            if transport is not None:
                transport.close()

    # --- one channel ---------------------------------------------------------------------------

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        self._channels.add(writer)
        try:
            await self._channel(reader, writer)
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

    async def _channel(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(frame(server_handshake(random.getrandbits(32), self.handshake_size)))
        await writer.drain()
        reply = await read_message(reader)
        if reply is None:
            return
        try:
            key = connect_key_from_reply(reply)
        except BadHandshake:
            return
        target, notice = self._bind(key)
        if notice:
            await self._send(writer, notice)
        message = await read_message(reader)
        if message is None:
            return
        command = message.rstrip(b"\0").decode("utf-8", errors="replace")
        self.commands.append(ReceivedCommand(key, command))
        if command == "alive":
            await self._keep_alive(reader, writer)
            return
        local = await self._server_local(command)
        if local is not None:
            if local:  # a zero-length frame is a protocol error: say nothing, just close
                writer.write(frame(local))
                await writer.drain()
            return
        if target is None:
            await self._send(writer, msg.NEED_KEY if is_known_command(command) else msg.UNKNOWN)
            return
        await self._device_command(target, command, reader, writer)

    def _bind(self, key: str) -> tuple[FakeTarget | None, str]:
        """The target a connect key names, and what the server says about it right away."""
        if not key:
            return None, ""
        if key == "any":
            connected = [t for t in self.targets.values() if t.state == "Connected"]
            return (connected[0], "") if len(connected) == 1 else (None, msg.NO_MATCH)
        target = self.targets.get(key)
        if target is None:
            return None, msg.NO_MATCH
        if target.state == "Connected":
            return target, ""
        if target.state == "Unauthorized":
            return None, msg.AUTHENTICATING
        return None, msg.OFFLINE

    async def _send(self, writer: asyncio.StreamWriter, text: str) -> None:
        writer.write(frame(text.encode("utf-8")))
        await writer.drain()

    async def _keep_alive(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            message = await read_message(reader)
            if message is None:
                return
            command = message.rstrip(b"\0").decode("utf-8", errors="replace")
            self.commands.append(ReceivedCommand("", command))
            reply = await self._server_local(command)
            writer.write(frame(reply if reply is not None else msg.NEED_KEY.encode()))
            await writer.drain()

    # --- server-local commands ---------------------------------------------------------------------

    async def _server_local(self, command: str) -> bytes | None:
        """The whole reply of a command the server answers itself, or ``None`` if it is a device command."""
        if not command.startswith(_SERVER_LOCAL):
            return None
        args = split_args(command)
        if args[:2] == ["list", "targets"]:
            return self._list_targets(verbose="-v" in args[2:]).encode()
        if command == "checkserver":
            return struct.pack("<H", _CMD_CHECK_SERVER) + msg.VERSION.encode()
        if command == "version":
            return (msg.VERSION + "\n").encode()
        if args[0] == "tconn":
            return self._tconn(args[1:]).encode()
        if args[:2] == ["fport", "ls"]:
            return self._fport_ls().encode()
        if args[:2] == ["fport", "rm"]:
            return (await self._fport_rm(" ".join(args[2:]))).encode()
        if args[0] == "wait":
            connected = any(t.state == "Connected" for t in self.targets.values())
            return b"" if connected else msg.NO_TARGET.encode()
        return None

    def _list_targets(self, verbose: bool) -> str:
        targets = list(self.targets.values())
        if not targets:
            return msg.EMPTY
        if not verbose:
            return "".join(f"{t.serial}\n" for t in targets)
        return "".join(f"{t.serial}\t\t{t.connection_type}\t{t.state}\t{t.name}\n" for t in targets)

    def _tconn(self, args: list[str]) -> str:
        if not args:
            return msg.TCONN_BAD_ADDRESS
        address = args[0]
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit():
            return msg.TCONN_BAD_ADDRESS
        if "-remove" in args[1:]:
            self.targets.pop(address, None)
            return ""
        if address in self.targets:
            return msg.TCONN_REPEAT
        self.add_target(address, connection_type="TCP")
        return msg.CONNECT_OK

    def _fport_ls(self) -> str:
        if not self._forwards:
            return msg.EMPTY
        return "".join(f"{t.key}    {t.local} {t.remote}    [Forward]\n" for t in self._forwards.values())

    async def _fport_rm(self, rule: str) -> str:
        task = self._forwards.pop(rule, None)
        if task is None:
            return msg.FORWARD_RM_MISSING.format(rule=rule)
        await task.stop()
        return msg.FORWARD_REMOVED.format(rule=rule)

    # --- device commands -----------------------------------------------------------------------

    async def _interactive_shell(self, target: FakeTarget, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.refuse_interactive_shell:
            await self._send(writer, msg.UNSUPPORTED.format(what="interactive shell"))
            return
        await run_interactive_shell(target, reader, writer, self._groups)

    async def _device_command(
        self,
        target: FakeTarget,
        command: str,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        if command.startswith("shell "):
            body = command[len("shell ") :]
            if not body.strip():
                await self._interactive_shell(target, reader, writer)
            elif body.lstrip().startswith("-"):
                await self._send(writer, msg.UNSUPPORTED.format(what="shell with options"))
            else:
                await self._run_shell(target, body, reader, writer)
            return
        if command == "shell":
            await self._interactive_shell(target, reader, writer)
            return
        args = split_args(command)
        if args[:1] == ["hilog"]:
            # hdc's own hilog runs `hilog` (or `hilog -h`) and drops every other argument.
            await self._run_shell(target, "hilog -h" if "-h" in args[1:] else "hilog", reader, writer)
        elif args[:2] == ["file", "send"]:
            await self._send(writer, await self._file_send(target, args[2:]))
        elif args[:2] == ["file", "recv"]:
            await self._send(writer, await self._file_recv(target, args[2:]))
        elif args[:1] == ["install"]:
            for text in await self._install(target, args[1:]):
                await self._send(writer, text)
        elif args[:1] == ["uninstall"]:
            for text in await self._uninstall(target, args[1:]):
                await self._send(writer, text)
        elif args[:1] == ["fport"] and len(args) == 3:
            await self._send(writer, await self._fport(target, args[1], args[2]))
        else:
            await self._send(writer, msg.UNKNOWN)

    async def _spawn(self, target: FakeTarget, command: str) -> asyncio.subprocess.Process:
        proc = await asyncio.create_subprocess_exec(
            "/bin/sh",
            "-c",
            target.rewrite_command(command),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,  # hdc merges stderr into the one output stream
            cwd=str(target.root),
            env=target.shell_environment(),
            start_new_session=True,
        )
        # Remember the group: background jobs a command leaves behind (an agent started with
        # `&`) die with the server, as they would with a rebooted device.
        self._groups.add(proc.pid)
        self._procs.add(proc)
        return proc

    async def _run_shell(
        self,
        target: FakeTarget,
        command: str,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        proc = await self._spawn(target, command)
        finished = False

        def client_left(_: asyncio.Future[bytes]) -> None:
            # Closing the channel is how a client stops a command.
            if not finished:
                _kill_group(proc.pid)

        watcher = asyncio.ensure_future(reader.read())
        watcher.add_done_callback(client_left)
        try:
            assert proc.stdout is not None
            while True:
                chunk = await proc.stdout.read(_CHUNK)
                if not chunk:
                    break
                writer.write(frame(chunk))
                await writer.drain()
            await proc.wait()
            finished = True
            self._procs.discard(proc)
            self._forget_group_if_empty(proc.pid)
        finally:
            if not finished:
                _kill_group(proc.pid)
                # communicate(), not wait(): the pipe must be read to its end, or the
                # subprocess transport stays open and complains once the loop is gone.
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(proc.communicate(), 5)
                    self._procs.discard(proc)  # reaped: nothing left for the shutdown
                self._forget_group_if_empty(proc.pid)
            watcher.remove_done_callback(client_left)
            watcher.cancel()

    def _forget_group_if_empty(self, pgid: int) -> None:
        # A group id is a pid: once the group is empty it may be reused by an unrelated
        # process, which the shutdown must not kill.
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            self._groups.discard(pgid)

    async def _output_of(self, target: FakeTarget, command: str) -> str:
        proc = await self._spawn(target, command)
        out, _ = await proc.communicate()
        self._procs.discard(proc)
        self._forget_group_if_empty(proc.pid)
        return out.decode("utf-8", errors="replace")

    # --- file transfer (server-side mode: the server reads/writes the local file) -------------------

    def _transfer_args(self, args: list[str]) -> tuple[list[str], str | None, bool]:
        """Positional paths, the -cwd directory, and whether the client asked for "remote" mode."""
        paths: list[str] = []
        cwd: str | None = None
        remote_mode = False
        i = 0
        while i < len(args):
            arg = args[i]
            if arg == "-cwd" and i + 1 < len(args):
                cwd = args[i + 1]
                i += 2
                continue
            if arg == "-b" and i + 1 < len(args):
                i += 2
                continue
            if arg == "remote":
                remote_mode = True
            elif not arg.startswith("-"):  # -z -sync -a -m, install's -r -s ...
                paths.append(arg)
            i += 1
        return paths, cwd, remote_mode

    @staticmethod
    def _local_path(path: str, cwd: str | None) -> Path | None:
        if os.path.isabs(path):
            return Path(path)
        return Path(cwd) / path if cwd else None

    async def _copy(self, src: Path, dst: Path) -> tuple[int, float]:
        start = time.monotonic()
        loop = asyncio.get_running_loop()

        def copy() -> int:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
            return dst.stat().st_size

        size = await loop.run_in_executor(None, copy)
        return size, time.monotonic() - start

    @staticmethod
    def _done(size: int, seconds: float) -> str:
        ms = max(1, int(seconds * 1000))
        return msg.FILE_DONE.format(size=size, ms=ms, rate=size / 1024 / (ms / 1000))

    async def _file_send(self, target: FakeTarget, args: list[str]) -> str:
        paths, cwd, remote_mode = self._transfer_args(args)
        if remote_mode:
            return msg.UNSUPPORTED.format(what="client-side (remote) file transfer")
        if len(paths) != 2:
            return '[Fail]Invalid param for cmd "file send"\r\n'
        local = self._local_path(paths[0], cwd)
        if local is None or not local.is_file():
            return msg.FILE_OPEN_FAILED.format(path=paths[0])
        dst = target.device_path(paths[1])
        if dst.is_dir() or paths[1].endswith("/"):
            dst = dst / local.name
        elif not dst.parent.is_dir():  # the daemon opens the file; it makes no parent directories
            return msg.FILE_OPEN_FAILED.format(path=paths[1])
        try:
            size, seconds = await self._copy(local, dst)
        except OSError as exc:
            return f"[Fail]Error opening file: {exc.strerror}, path:{paths[1]}\r\n"
        return self._done(size, seconds)

    async def _file_recv(self, target: FakeTarget, args: list[str]) -> str:
        paths, cwd, remote_mode = self._transfer_args(args)
        if remote_mode:
            return msg.UNSUPPORTED.format(what="client-side (remote) file transfer")
        if len(paths) != 2:
            return '[Fail]Invalid param for cmd "file recv"\r\n'
        src = target.device_path(paths[0])
        if not src.is_file():
            return msg.FILE_OPEN_FAILED.format(path=paths[0])
        local = self._local_path(paths[1], cwd)
        if local is None:
            return msg.FILE_OPEN_FAILED.format(path=paths[1])
        if local.is_dir():
            local = local / src.name
        try:
            size, seconds = await self._copy(src, local)
        except OSError as exc:
            return f"[Fail]Error opening file: {exc.strerror}, path:{paths[1]}\r\n"
        return self._done(size, seconds)

    # --- apps: the server streams the package, the daemon runs bm ----------------------------------

    async def _install(self, target: FakeTarget, args: list[str]) -> list[str]:
        paths, cwd, _ = self._transfer_args(args)
        options = [a for a in args if a.startswith("-") and a != "-cwd"]
        replies: list[str] = []
        for path in paths:
            local = self._local_path(path, cwd)
            if local is None or not local.is_file():
                replies.append(msg.FILE_OPEN_FAILED.format(path=path))
                continue
            staged = target.root / "data" / "local" / "tmp" / f"{random.getrandbits(32):08x}" / local.name
            await self._copy(local, staged)
            flags = " ".join(o for o in options if o in ("-r", "-s", "-w", "-u"))
            out = await self._output_of(target, f"bm install {flags} -p '{staged}'")
            shutil.rmtree(staged.parent, ignore_errors=True)
            replies.append(msg.APP_RESULT.format(what="install", path=path, msg=" ".join(out.split())))
        replies.append(msg.APP_FINISH)
        return replies

    async def _uninstall(self, target: FakeTarget, args: list[str]) -> list[str]:
        bundles = [a for a in args if not a.startswith("-")]
        if not bundles:
            return ['[Fail]Invalid param for cmd "uninstall"\r\n']
        keep = " -k" if "-k" in args else ""
        out = await self._output_of(target, f"bm uninstall -n '{bundles[-1]}'{keep}")
        return [msg.APP_RESULT.format(what="uninstall", path=bundles[-1], msg=" ".join(out.split())), msg.APP_FINISH]

    # --- forwards -------------------------------------------------------------------------------------

    async def _fport(self, target: FakeTarget, local: str, remote: str) -> str:
        kind_l, _, port_l = local.partition(":")
        kind_r, _, port_r = remote.partition(":")
        if kind_l != "tcp" or kind_r != "tcp":
            return msg.UNSUPPORTED.format(what=f"forward {local} {remote}")
        if not tcp_node_ok(port_l) or not tcp_node_ok(port_r):
            return msg.FORWARD_BAD_NODE
        rule = f"{local} {remote}"
        if any(t.local == local for t in self._forwards.values()):
            return msg.FORWARD_LISTEN_FAILED.format(port=port_l)
        task = ForwardTask(target.serial, local, remote, int(port_l), int(port_r), self.host)
        try:
            await task.start()
        except OSError:
            return msg.FORWARD_LISTEN_FAILED.format(port=port_l)
        self._forwards[rule] = task
        return msg.FORWARD_OK


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)
