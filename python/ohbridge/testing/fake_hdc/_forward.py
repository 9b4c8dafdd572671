"""``fport tcp:L tcp:R``: the server listens on L and pipes each connection to R on the device.

On the fake device the device's ports are the host's loopback ports.
"""

from __future__ import annotations

import asyncio
import contextlib

__all__ = ["ForwardTask", "tcp_node_ok"]

_MAX_IP_PORT = 65535

_CHUNK = 64 * 1024


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            data = await reader.read(_CHUNK)
            if not data:
                break
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except (ConnectionError, OSError):
        writer.transport.abort()


def tcp_node_ok(port: str) -> bool:
    """The port of a ``tcp:`` node as HdcForwardBase::CheckNodeInfo (src/common/forward.cpp)
    takes it: at most 5 characters whose value is in 1..65535, so ``tcp:0`` is refused. (It
    uses ``atoi``, so the real server takes ``tcp:12ab`` as 12; the fake refuses that.)"""
    return port.isdigit() and len(port) <= len(str(_MAX_IP_PORT)) and 0 < int(port) <= _MAX_IP_PORT


class ForwardTask:
    def __init__(self, key: str, local: str, remote: str, local_port: int, remote_port: int, host: str) -> None:
        self.key = key
        self.local = local
        self.remote = remote
        self._local_port = local_port
        self._remote_port = remote_port
        self._host = host
        self._server: asyncio.base_events.Server | None = None
        self._links: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def rule(self) -> str:
        return f"{self.local} {self.remote}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, self._host, self._local_port)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._links.add(task)
        self._writers.add(writer)
        peer_writer: asyncio.StreamWriter | None = None
        try:
            try:
                peer_reader, peer_writer = await asyncio.open_connection("127.0.0.1", self._remote_port)
            except OSError:
                return  # nothing listens on the device port: the real server drops the link too
            self._writers.add(peer_writer)
            await asyncio.gather(_pipe(reader, peer_writer), _pipe(peer_reader, writer))
        except asyncio.CancelledError:
            # Only stop() cancels links; ending normally keeps asyncio's stream callback
            # (which calls task.exception()) from logging the cancellation as an error.
            pass
        finally:
            for w in (writer, peer_writer):
                if w is not None:
                    self._writers.discard(w)
                    w.transport.abort()
            self._links.discard(task)

    async def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
        # Drop live links before waiting for the listener: newer Pythons' wait_closed() also
        # waits for every accepted connection.
        for w in list(self._writers):
            w.transport.abort()
        for task in list(self._links):
            task.cancel()
        if self._links:
            await asyncio.gather(*self._links, return_exceptions=True)
        if server is not None:
            with contextlib.suppress(Exception):
                await server.wait_closed()
