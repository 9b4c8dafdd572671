"""The fake daemon's interactive ``shell``: a shell on a pseudo-terminal, fed by the channel.

It follows ``HdcShell`` (openharmony/developtools_hdc, src/daemon/shell.cpp):

* ``StartShell``/``CreateSubProcessPTY``: open a PTY master, fork, ``setsid()``, open the slave
  (which makes it the controlling terminal), dup it onto stdin/stdout/stderr, ``chdir($HOME)``
  or ``/``, and ``execl(shell, shell, "-")``;
* ``ChildReadCallback``: whatever one read of the master returns goes to the client as one
  frame (``CMD_KERNEL_ECHO_RAW``), so the terminal's echo, the prompt and the output arrive as
  the shell happens to write them;
* ``CommandDispatch(CMD_SHELL_DATA)``: every client frame is written to the master as is,
  except a frame of exactly one byte ``0x03`` (``SpecialSignal``), which sends ``SIGINT`` to the
  terminal's foreground process group instead;
* ``StopTask`` (the client closed the channel): ``kill(pidShell, SIGKILL)`` and close the master;
  the kernel's hangup then sends ``SIGHUP`` to the terminal's foreground process group;
* the shell exiting ends the task, and the server closes the channel.

Deviation (as for every fake command): device paths in the input text are mapped into the
target's sandbox before the shell reads them (and $HOME is the sandbox's /data/local/tmp).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import os
import signal
import termios

from ._frames import frame, read_message
from ._target import FakeTarget

__all__ = ["run_interactive_shell"]

_READ_SIZE = 64 * 1024
_ETX = b"\x03"


def _become_terminal_session_leader() -> None:
    # Runs in the child between fork and exec: setsid(), then take the slave (fd 0) as the
    # controlling terminal, as opening it after setsid() does in HdcShell::ShellFork.
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    # A device's shell starts with the default hangup action; ours would inherit whatever the
    # test process has (SIG_IGN under nohup), and a hung-up command would then outlive its
    # session, as it never does on a device.  A shell cannot undo an ignored signal itself.
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


async def _write_all(loop: asyncio.AbstractEventLoop, fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except BlockingIOError:
            ready: asyncio.Future[None] = loop.create_future()

            def writable() -> None:
                if not ready.done():
                    ready.set_result(None)

            loop.add_writer(fd, writable)
            try:
                await ready
            finally:
                loop.remove_writer(fd)
            continue
        view = view[written:]


async def run_interactive_shell(
    target: FakeTarget,
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    groups: set[int],
) -> None:
    """Serve one interactive shell channel until the shell exits or the client closes it."""
    loop = asyncio.get_running_loop()
    master, slave = os.openpty()
    env = target.shell_environment()
    try:
        proc = await asyncio.create_subprocess_exec(
            "/bin/sh",
            "-",
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=env["HOME"],  # ChildForkDo: chdir($HOME)
            env=env,
            preexec_fn=_become_terminal_session_leader,
        )
    except BaseException:
        os.close(master)
        os.close(slave)
        raise
    os.close(slave)
    groups.add(proc.pid)
    os.set_blocking(master, False)
    output: asyncio.Queue[bytes | None] = asyncio.Queue()

    def readable() -> None:
        try:
            data = os.read(master, _READ_SIZE)
        except BlockingIOError:
            return
        except OSError as exc:  # EIO: every slave end is closed, the shell has exited
            if exc.errno != errno.EIO:
                raise
            data = b""
        if not data:
            loop.remove_reader(master)
            output.put_nowait(None)
            return
        output.put_nowait(data)

    async def to_client() -> None:
        while True:
            data = await output.get()
            if data is None:
                return
            writer.write(frame(data))
            await writer.drain()

    async def from_client() -> None:
        while True:
            message = await read_message(reader)
            if message is None:
                return
            if message == _ETX:
                with contextlib.suppress(OSError):
                    os.killpg(os.tcgetpgrp(master), signal.SIGINT)
                continue
            text = message.decode("utf-8", errors="surrogateescape")
            data = target.rewrite_command(text).encode("utf-8", errors="surrogateescape")
            await _write_all(loop, master, data)

    loop.add_reader(master, readable)
    sending = asyncio.ensure_future(to_client())
    receiving = asyncio.ensure_future(from_client())
    try:
        await asyncio.wait({sending, receiving}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (sending, receiving):
            task.cancel()
        await asyncio.gather(sending, receiving, return_exceptions=True)
        loop.remove_reader(master)
        # The group the kernel's hangup goes to (disassociate_ctty: the terminal's foreground
        # group), read while the terminal still has its session: with job control on, the
        # interactive sh runs each command as a job in a group of its own, not in the shell's.
        # Remembered before any await: a server shutdown that cancels this task still kills it.
        foreground = _foreground_group(master, proc.pid)
        groups.add(foreground)
        if proc.returncode is None:
            # StopTask: SIGKILL to the shell alone. os.kill, not proc.kill(): Popen.send_signal
            # polls first and would reap a shell that just exited behind asyncio's child watcher.
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signal.SIGKILL)
        try:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(proc.wait(), 5)
        finally:
            os.close(master)  # the hangup reaches what the shell left in the foreground group
        # The kernel's hangup of a dead session's terminal can race the group's last exec;
        # say it once more, to the same group (a nohup'ed job still survives it, as on a device).
        for pgid in {proc.pid, foreground}:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pgid, signal.SIGHUP)
            try:
                os.killpg(pgid, 0)  # something still runs in it: the server's shutdown kills it
            except (ProcessLookupError, PermissionError):
                groups.discard(pgid)


def _foreground_group(master: int, shell_pid: int) -> int:
    try:
        pgid = os.tcgetpgrp(master)
    except OSError:
        return shell_pid
    # A terminal without a foreground group reports 0, and killpg(0) is the caller's own
    # group: the test process itself.
    return pgid if pgid > 1 and pgid != os.getpgrp() else shell_pid
