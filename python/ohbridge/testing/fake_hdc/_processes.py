"""The processes commands start on a fake device: spawning, streaming their output, killing their
process groups, and reaping them before the server's event loop closes."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal

from ._frames import frame
from ._target import FakeTarget

__all__ = ["DeviceProcesses", "kill_group"]

_CHUNK = 64 * 1024


def kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


class DeviceProcesses:
    """Every process group and subprocess commands left on the fake devices of one server."""

    def __init__(self) -> None:
        #: process groups of commands (and the interactive shell), killed at shutdown
        self.groups: set[int] = set()
        self._procs: set[asyncio.subprocess.Process] = set()

    async def spawn(self, target: FakeTarget, command: str) -> asyncio.subprocess.Process:
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
        self.groups.add(proc.pid)
        self._procs.add(proc)
        return proc

    async def stream(
        self,
        target: FakeTarget,
        command: str,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        """Run ``command`` and send its output to the channel as it comes, until it ends or the client leaves."""
        proc = await self.spawn(target, command)
        finished = False

        def client_left(_: asyncio.Future[bytes]) -> None:
            # Closing the channel is how a client stops a command.
            if not finished:
                kill_group(proc.pid)

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
                kill_group(proc.pid)
                # communicate(), not wait(): the pipe must be read to its end, or the
                # subprocess transport stays open and complains once the loop is gone.
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(proc.communicate(), 5)
                    self._procs.discard(proc)  # reaped: nothing left for the shutdown
                self._forget_group_if_empty(proc.pid)
            watcher.remove_done_callback(client_left)
            watcher.cancel()

    async def output_of(self, target: FakeTarget, command: str) -> str:
        """The whole output of ``command``, once it has ended."""
        proc = await self.spawn(target, command)
        out, _ = await proc.communicate()
        self._procs.discard(proc)
        self._forget_group_if_empty(proc.pid)
        return out.decode("utf-8", errors="replace")

    def kill_all(self) -> None:
        for pgid in list(self.groups):
            kill_group(pgid)

    async def reap(self) -> None:
        # A subprocess transport still open when the loop closes is closed later by the
        # garbage collector, which then calls into the closed loop: an unraisable
        # "Event loop is closed" inside whatever test runs next.  So every process is
        # waited for (its group was killed by kill_all) and its transport closed on this loop.
        procs, self._procs = list(self._procs), set()
        for proc in procs:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(proc.wait(), 5)
            transport = getattr(proc, "_transport", None)  # asyncio keeps it private
            if transport is not None:
                transport.close()

    def _forget_group_if_empty(self, pgid: int) -> None:
        # A group id is a pid: once the group is empty it may be reused by an unrelated
        # process, which the shutdown must not kill.
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            self.groups.discard(pgid)
