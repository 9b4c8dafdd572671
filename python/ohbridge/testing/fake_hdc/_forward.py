"""``fport tcp:L tcp:R``: the server listens on L and pipes each connection to R on the device;
``fport ls`` / ``fport rm`` list and end the forwards the server holds.

On the fake device the device's ports are the host's loopback ports.
"""

from __future__ import annotations

import asyncio
import contextlib

from . import _messages as msg

__all__ = ["ForwardTask", "ForwardTable", "tcp_node_ok"]

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


class ForwardTable:
    """The forwards a server holds, by rule (``"tcp:L tcp:R"``); they outlive the channel that made them."""

    def __init__(self, host: str) -> None:
        self._host = host
        self._tasks: dict[str, ForwardTask] = {}

    @property
    def rules(self) -> list[str]:
        return [f"{t.key} {t.rule}" for t in list(self._tasks.values())]

    async def add(self, serial: str, local: str, remote: str) -> str:
        kind_l, _, port_l = local.partition(":")
        kind_r, _, port_r = remote.partition(":")
        if kind_l != "tcp" or kind_r != "tcp":
            return msg.UNSUPPORTED.format(what=f"forward {local} {remote}")
        if not tcp_node_ok(port_l) or not tcp_node_ok(port_r):
            return msg.FORWARD_BAD_NODE
        rule = f"{local} {remote}"
        if any(t.local == local for t in self._tasks.values()):
            return msg.FORWARD_LISTEN_FAILED.format(port=port_l)
        task = ForwardTask(serial, local, remote, int(port_l), int(port_r), self._host)
        try:
            await task.start()
        except OSError:
            return msg.FORWARD_LISTEN_FAILED.format(port=port_l)
        self._tasks[rule] = task
        return msg.FORWARD_OK

    def listing(self) -> str:
        if not self._tasks:
            return msg.EMPTY
        return "".join(f"{t.key}    {t.local} {t.remote}    [Forward]\n" for t in self._tasks.values())

    async def remove(self, rule: str) -> str:
        task = self._tasks.pop(rule, None)
        if task is None:
            return msg.FORWARD_RM_MISSING.format(rule=rule)
        await task.stop()
        return msg.FORWARD_REMOVED.format(rule=rule)

    async def drop_device(self, serial: str) -> None:
        """End the forwards of one device's session (its link dropped)."""
        for rule, task in list(self._tasks.items()):
            if task.key == serial:
                del self._tasks[rule]
                await task.stop()

    async def stop_all(self) -> None:
        for task in list(self._tasks.values()):
            await task.stop()
        self._tasks.clear()
