"""A shell command's output as a stream of chunks (``AsyncHdcDevice.shell_stream``)."""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import TYPE_CHECKING, AsyncIterator

from . import _replies
from ._channel import Channel
from ._deadline import DeadlineExceeded, within
from ._exitcode import ExitFilter, ExitMarker
from ._stop_group import stop_process_group
from .errors import HdcConnectionError, HdcError, HdcTimeoutError

if TYPE_CHECKING:
    from .aio import AsyncHdcClient

__all__ = ["AsyncShellStream"]


class AsyncShellStream:
    """Output of a running shell command, chunk by chunk, as it arrives.

    Use it as ``async with device.shell_stream(cmd) as s: async for chunk in s: ...``; leaving
    the block closes the channel and, if the command has not finished, stops its process group
    on the device (a real hdcd stops only the shell it forked, see ``_stop_group``).
    ``returncode`` is set once the command has finished and its output has been read to the end.
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
        self._stopping: asyncio.Task[None] | None = None

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
                await self.aclose()
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
        """Close the channel; a command still running is stopped in the background (``aclose``
        waits for that)."""
        self._closed = True
        if self._channel is not None:
            self._channel.close()
        pgid = None if self._done or self._filter.returncode is not None else self._filter.pid
        if pgid is not None and self._stopping is None:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return  # no loop to run the stop on (the stream is being collected)
            self._stopping = loop.create_task(stop_process_group(self._client, self._key, pgid))
            _STOPPING.add(self._stopping)
            self._stopping.add_done_callback(_STOPPING.discard)

    async def aclose(self) -> None:
        """Close the channel and wait until a command still running has been stopped."""
        self.close()
        if self._stopping is not None:
            await self._stopping

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
        await self.aclose()


# Stops started by a plain close(): the loop keeps only weak references to tasks.
_STOPPING: set[asyncio.Task[None]] = set()


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
