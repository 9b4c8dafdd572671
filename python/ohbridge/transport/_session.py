"""A persistent shell: commands run one after another in one interactive ``shell`` channel.

Every ``hdc shell CMD`` makes the daemon spawn a shell (about 88 ms on a device). An interactive
``shell`` channel (a shell on a PTY, ``HdcShell`` in developtools_hdc src/daemon/shell.cpp) can
instead be kept open and fed one command per line. Done naively that is slow too: the terminal
echoes the line, the shell prints a prompt and the output comes in several small writes, and
each small write can sit behind Nagle's algorithm until a delayed ACK (~40 ms; hdc sets
``TCP_NODELAY`` only on forward sockets, src/common/forward.cpp). So the session:

* switches the terminal to raw mode without echo (``stty raw -echo``: no echo, no CR/LF
  translation either way, no signal characters, no 4 KiB line limit) and ``exec``s a shell
  whose stderr is not a terminal, which makes it non-interactive: no prompt, no line editing;
* runs each command as ``sh -c CMD`` (the same quoting and isolation as :meth:`shell`) with
  stdin from ``/dev/null`` (a command reading stdin would otherwise eat the next commands) and
  its output captured in a file of its own, appends the exit record to that file and writes
  the whole file with one ``cat``: the reply leaves the device in one piece;
* delimits the reply with ``\\x1e`` + a per-session random token + the command's sequence
  number + the status, so output cannot imitate it and a late byte of one command can never be
  taken for the answer of the next;
* on a timeout closes the channel (the daemon kills the shell, the terminal's hangup kills the
  command) and the pool opens a fresh session for the next caller.

A single byte ``0x03`` frame would be taken by the daemon for Ctrl+C (``HdcShell::SpecialSignal``);
every frame sent here is a whole command line, never that.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import secrets
from types import TracebackType
from typing import TYPE_CHECKING

from . import _replies
from ._channel import Channel
from ._deadline import DeadlineExceeded, within
from ._wire import encode_frame
from .errors import HdcConnectionError, HdcError, HdcTimeoutError
from .quoting import sh_quote
from .types import ShellResult

if TYPE_CHECKING:
    from .aio import AsyncHdcDevice, ShellCommand

__all__ = ["AsyncShellSession", "AsyncShellSessionPool", "DEFAULT_STAGING_DIR"]

#: where each command's output is captured; writable by the shell user on OpenHarmony
DEFAULT_STAGING_DIR = "/data/local/tmp"
DEFAULT_OPEN_TIMEOUT = 10.0
_STATUS = re.compile(rb"(-?\d{1,10})\n")
_LAST_STATUS = '"$?"'
_SWEEP_EVERY = 64
_CLOSE_GRACE = 2.0


class _SessionBroken(HdcError):
    """The session is unusable; the pool drops it."""


class AsyncShellSession:
    """One interactive shell channel. Not shared: the pool hands it to one caller at a time."""

    def __init__(self, device: AsyncHdcDevice, *, staging_dir: str = DEFAULT_STAGING_DIR) -> None:
        self._device = device
        self._token = secrets.token_hex(16)
        self._prefix = f"{staging_dir.rstrip('/')}/.ohbridge-sh-{secrets.token_hex(6)}"
        self._seq = 0
        self._channel: Channel | None = None
        self._buf = bytearray()
        #: capture files (a quoted glob) of a session closed mid-command, for the next one to remove
        self.left_behind: list[str] = []

    @property
    def open(self) -> bool:
        return self._channel is not None and not self._channel.closed

    def _record(self, seq: int) -> bytes:
        return b"\x1e" + f"{self._token}:{seq}:".encode("ascii")

    def _printf_record(self, seq: int, status: str) -> str:
        # printf's \036 is \x1e; the token is hex, so nothing in the format needs escaping.
        return f"printf '\\036{self._token}:{seq}:%d\\n' {status}"

    async def start(self, *, timeout: float = DEFAULT_OPEN_TIMEOUT, remove: list[str] | None = None) -> None:
        client = self._device.client
        try:
            self._channel = await client._open(self._device.serial, "shell")
            # Printing the first record just before `exec` proves the first shell has read the
            # setup line; only then is the probe sent, so no type-ahead can be swallowed by a
            # shell that is about to be replaced.
            await self._send(f"stty raw -echo 2>/dev/null; {self._printf_record(0, '0')}; exec sh 2>/dev/null\n")
            await within(self._until(0), timeout)
            stale = "".join(f" {p}" for p in remove or ())
            # `true`, not `:`: a redirection error on a special built-in (`:`) makes a
            # non-interactive shell exit (POSIX 2.8.1; dash does), and the probe would then
            # wait for an answer from a shell that is gone instead of reporting the directory.
            probe = f"{{ true >{self._file(1)} && rm -f {self._glob()}{stale}; }} 2>/dev/null; {self._printf_record(1, _LAST_STATUS)}\n"
            self._seq = 1
            await self._send(probe)
            _, status = await within(self._until(1), timeout)
        except DeadlineExceeded:
            # Not an HdcTimeoutError: no command of the caller's ran out of time; the device
            # just offers no usable interactive shell (callers fall back to one shell per call).
            self.close()
            raise HdcConnectionError(
                f"the device's interactive shell did not answer within {timeout}s",
                command="shell (persistent session)",
            ) from None
        except BaseException:
            self.close()
            raise
        if status != 0:
            self.close()
            raise HdcConnectionError(
                f"the persistent shell cannot write its capture files under {self._prefix.rsplit('/', 1)[0]}",
                command="shell (persistent session)",
            )

    def _file(self, seq: int) -> str:
        return sh_quote(f"{self._prefix}.{seq}")

    async def _send(self, line: str) -> None:
        assert self._channel is not None
        await self._channel.send(encode_frame(line.encode("utf-8")))

    async def _until(self, seq: int) -> tuple[bytes, int]:
        """Read until command ``seq``'s record; its output (what precedes it) and status."""
        assert self._channel is not None
        record = self._record(seq)
        searched = 0
        while True:
            idx = self._buf.find(record, searched)
            if idx >= 0:
                match = _STATUS.match(self._buf, idx + len(record))
                if match is not None:
                    output, status = bytes(self._buf[:idx]), int(match.group(1))
                    # Whatever follows the record belongs to no command: drop it with the record.
                    self._buf.clear()
                    return output, status
                if len(self._buf) - idx - len(record) > 12:
                    raise _SessionBroken("a malformed exit record from the persistent shell", output=bytes(self._buf))
            else:
                searched = max(0, len(self._buf) - len(record) + 1)
            data = await self._channel.read_available()
            if data is None:
                text = self._buf.decode("utf-8", errors="replace")
                refusal = _replies.failure(text, command="shell (persistent session)", output=bytes(self._buf))
                if refusal is not None:  # the server's answer: no such device, offline, ...
                    raise refusal
                raise _SessionBroken(
                    "the device closed the persistent shell channel", output=bytes(self._buf)
                )
            self._buf += data

    async def run(self, text: str, timeout: float | None) -> ShellResult:
        if not self.open:
            raise _SessionBroken("the persistent shell is closed")
        self._seq += 1
        seq, out = self._seq, self._file(self._seq)
        # Capture files are removed in batches, not one `rm` per command: a process less per
        # reply. The batch runs before the command, so the reply still leaves in one piece.
        sweep = f"rm -f {self._glob()}; " if seq % _SWEEP_EVERY == 0 else ""
        line = (
            f"{sweep}sh -c {sh_quote(text)} >{out} 2>&1 </dev/null; {self._printf_record(seq, _LAST_STATUS)} >>{out}; "
            f"cat {out}\n"
        )
        self._buf.clear()
        try:
            await self._send(line)
            if timeout is None:
                output, status = await self._until(seq)
            else:
                # within(), not asyncio.wait_for: up to 3.11 wait_for keeps an answer that lands
                # as the caller is cancelled and drops the cancellation (_deadline.py).
                output, status = await within(self._until(seq), timeout)
        except DeadlineExceeded:
            self._abandon()
            raise HdcTimeoutError(
                f"no complete answer within {timeout}s (the persistent shell was closed, which stops the command)",
                command=f"shell {text}",
                timeout=timeout,
            ) from None
        except BaseException:
            # Cancelled or broken half way: the channel is out of step with its commands now.
            self._abandon()
            raise
        return ShellResult(command=text, returncode=status, stdout_bytes=output)

    def _glob(self) -> str:
        return sh_quote(self._prefix) + ".*"

    def _abandon(self) -> None:
        """Close without the shell's help: its capture files are left for the next session."""
        if self.open:
            self.left_behind.append(self._glob())
        self.close()

    async def aclose(self) -> None:
        """Remove the capture files and end the shell, then close the channel."""
        if self.open:
            assert self._channel is not None
            with contextlib.suppress(HdcError, DeadlineExceeded):
                await self._send(f"rm -f {self._glob()}; exit\n")
                # The shell exiting closes the channel; closing it first would kill the rm.
                await within(self._drain_to_end(), _CLOSE_GRACE)
        self.close()

    async def _drain_to_end(self) -> None:
        assert self._channel is not None
        while await self._channel.read_available() is not None:
            pass

    def close(self) -> None:
        if self._channel is not None:
            self._channel.close()


class AsyncShellSessionPool:
    """Up to ``size`` persistent shells of one device; callers beyond that wait their turn (FIFO).

    A session that times out, is cancelled or breaks is closed and replaced by a fresh one on
    the next call. Output is captured on the device, so a timed-out command has no partial output.
    """

    def __init__(
        self,
        device: AsyncHdcDevice,
        *,
        size: int = 1,
        staging_dir: str = DEFAULT_STAGING_DIR,
        open_timeout: float = DEFAULT_OPEN_TIMEOUT,
    ) -> None:
        if size < 1:
            raise ValueError("a shell session pool needs at least one session")
        self._device = device
        self._staging_dir = staging_dir
        self._open_timeout = open_timeout
        self._slots = asyncio.Semaphore(size)
        self._idle: list[AsyncShellSession] = []
        self._busy: set[AsyncShellSession] = set()
        self._left_behind: list[str] = []
        self._closed = False

    async def shell(
        self,
        cmd: ShellCommand,
        *,
        timeout: float | None = 60.0,
        check: bool = False,
    ) -> ShellResult:
        """Like :meth:`AsyncHdcDevice.shell`, through a persistent session."""
        from ._aio_common import _as_shell_text

        text = _as_shell_text(cmd)
        async with self._slots:
            if self._closed:
                raise HdcConnectionError("the shell session pool is closed", command=f"shell {text}")
            session = self._idle.pop() if self._idle else await self._new_session()
            self._busy.add(session)
            try:
                result = await session.run(text, timeout)
            except _SessionBroken as exc:
                raise HdcConnectionError(exc.message, command=f"shell {text}", output=exc.output) from None
            finally:
                self._busy.discard(session)
                self._left_behind += session.left_behind
                session.left_behind.clear()
                if session.open and not self._closed:
                    self._idle.append(session)
                else:
                    session.close()
        return result.check() if check else result

    async def _new_session(self) -> AsyncShellSession:
        session = AsyncShellSession(self._device, staging_dir=self._staging_dir)
        stale, self._left_behind = self._left_behind, []
        try:
            await session.start(timeout=self._open_timeout, remove=stale)
        except BaseException:
            self._left_behind = stale + self._left_behind
            raise
        return session

    def close(self) -> None:
        """Close every session at once (a running command is stopped with its channel)."""
        self._closed = True
        for session in self._idle + list(self._busy):
            session.close()
        self._idle.clear()

    async def aclose(self) -> None:
        """Close, letting idle sessions remove their capture files first."""
        self._closed = True
        idle, self._idle = self._idle, []
        for session in idle:
            await session.aclose()
        self.close()

    async def __aenter__(self) -> AsyncShellSessionPool:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
