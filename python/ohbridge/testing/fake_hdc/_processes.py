"""The processes commands start on a fake device: spawning, streaming their output, stopping them
when the client leaves, and killing their process groups before the server's event loop closes.

A command runs as a real hdcd runs it (developtools_hdc ``src/common/async_cmd.cpp``,
``AsyncCmd::Popen``): ``sh -c CMD`` in a new session, so it leads its own process group.  When the
client closes the channel, ``AsyncCmd::DoRelease`` sends SIGTERM to that shell's pid, not to its
group, and so does the fake: what the command started keeps running until someone kills the group
(ohbridge's client does, ``transport/_stop_group``) or the server shuts down.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal

from ._frames import frame
from ._target import FakeTarget

__all__ = ["DeviceProcesses", "kill_group", "release_shell"]

_CHUNK = 64 * 1024


def kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def release_shell(pid: int) -> None:
    """``AsyncCmd::DoRelease``: ``uv_kill(pid, SIGTERM)`` to the shell alone."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signal.SIGTERM)


def _close_output_pipe(proc: asyncio.subprocess.Process) -> None:
    # The command's children still hold the pipe's write end, so it would never reach EOF:
    # stop reading it, as hdcd does when it frees the channel's fd.
    transport = getattr(proc, "_transport", None)  # asyncio keeps it private
    pipe = transport.get_pipe_transport(1) if transport is not None else None
    if pipe is not None:
        pipe.close()


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
            # Closing the channel is how a client stops a command: hdcd SIGTERMs its shell.
            if not finished:
                release_shell(proc.pid)
                _close_output_pipe(proc)  # ends the read below, though children hold the pipe

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
                release_shell(proc.pid)
                _close_output_pipe(proc)
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(proc.wait(), 5)
                    self._procs.discard(proc)  # reaped: nothing left for the shutdown
                # The group stays listed while the command's children run: the shutdown kills it.
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
