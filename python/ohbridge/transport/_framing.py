"""The receiving half of an hdc channel as an asyncio protocol that cuts frames itself.

Why not ``asyncio.StreamReader``: its buffer limit (64 KiB by default) pauses the socket every
128 KiB, so a fast producer (``seq``, ``cat`` of a big file) waits on our reads instead of
streaming, and every frame costs two coroutine round trips (header, body). Here frames are cut
in ``data_received`` as the bytes arrive; the socket is paused only when several MiB wait
unread, and a reader can take every complete frame at once (:meth:`take_all`).
"""

from __future__ import annotations

import asyncio
import collections
import socket
from typing import Deque

from ._wire import MAX_FRAME, ProtocolError

__all__ = ["FrameProtocol", "HIGH_WATER"]

#: unread payload bytes past which the socket is paused (and resumed below a quarter of it)
HIGH_WATER = 8 * 1024 * 1024
_LOW_WATER = HIGH_WATER // 4


class FrameProtocol(asyncio.Protocol):
    def __init__(self) -> None:
        self._transport: asyncio.Transport | None = None
        self._partial = bytearray()
        self._frames: Deque[bytes] = collections.deque()
        self._unread = 0
        self._paused = False
        self._eof = False
        self._error: BaseException | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._drain_waiter: asyncio.Future[None] | None = None
        self._write_paused = False

    # --- asyncio.Protocol ----------------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            # asyncio already sets it on TCP sockets; say so explicitly, because a short request
            # or reply held back by Nagle behind a delayed ACK costs ~40 ms per exchange.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data: bytes) -> None:
        if self._error is not None:
            return
        if self._partial:
            self._partial += data
            buf: bytes | bytearray = self._partial
        else:
            buf = data
        view = memoryview(buf)
        pos, end = 0, len(buf)
        try:
            while end - pos >= 4:
                size = int.from_bytes(view[pos : pos + 4], "big")
                if size == 0 or size > MAX_FRAME:
                    self._fail(ProtocolError(f"invalid frame length {size}"))
                    return
                if end - pos - 4 < size:
                    break
                self._frames.append(view[pos + 4 : pos + 4 + size].tobytes())
                self._unread += size
                pos += 4 + size
        finally:
            view.release()
        if buf is self._partial:
            del self._partial[:pos]
        elif pos < end:
            self._partial += data[pos:]
        if self._frames:
            self._wake()
        if not self._paused and self._unread + len(self._partial) > HIGH_WATER and self._transport is not None:
            self._paused = True
            self._transport.pause_reading()

    def eof_received(self) -> bool:
        self._eof = True
        self._wake()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._eof = True
        if exc is not None and self._error is None:
            self._error = exc
        self._wake()
        if self._drain_waiter is not None and not self._drain_waiter.done():
            self._drain_waiter.set_result(None)

    def pause_writing(self) -> None:
        self._write_paused = True

    def resume_writing(self) -> None:
        self._write_paused = False
        if self._drain_waiter is not None and not self._drain_waiter.done():
            self._drain_waiter.set_result(None)

    # --- for the channel -----------------------------------------------------------------------

    async def drain(self) -> None:
        if self._error is not None:
            raise self._error
        if not self._write_paused:
            return
        self._drain_waiter = asyncio.get_running_loop().create_future()
        await self._drain_waiter
        if self._error is not None:
            raise self._error

    async def read_frame(self) -> bytes | None:
        """The next frame, or ``None`` once the peer has closed between frames."""
        await self._wait()
        if self._frames:
            return self._take(1)[0]
        self._raise_if_broken()
        return None

    async def take_all(self) -> list[bytes] | None:
        """Every complete frame received so far (at least one), or ``None`` at the end."""
        await self._wait()
        if self._frames:
            return self._take(len(self._frames))
        self._raise_if_broken()
        return None

    def _take(self, count: int) -> list[bytes]:
        taken = [self._frames.popleft() for _ in range(count)]
        self._unread -= sum(len(f) for f in taken)
        if self._paused and self._unread + len(self._partial) <= _LOW_WATER and self._transport is not None:
            self._paused = False
            self._transport.resume_reading()
        return taken

    def _raise_if_broken(self) -> None:
        """At the end of the stream: raise if it ended badly (an error, or inside a frame)."""
        if self._error is not None:
            raise self._error
        if self._partial:
            if len(self._partial) < 4:
                raise ProtocolError(f"connection closed inside a frame header ({len(self._partial)} of 4 bytes)")
            size = int.from_bytes(self._partial[:4], "big")
            raise ProtocolError(f"connection closed inside a frame ({len(self._partial) - 4} of {size} bytes)")

    async def _wait(self) -> None:
        while not self._frames and not self._eof and self._error is None:
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    def _fail(self, exc: BaseException) -> None:
        self._error = exc
        self._wake()
        if self._transport is not None:
            self._transport.abort()
