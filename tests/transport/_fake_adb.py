"""A minimal fake adb server for the adb transport's tests (host protocol as in AOSP
adb/SERVICES.TXT and SYNC.TXT): host:version, host:devices[-l], host:tport/transport,
shell:, sync: SEND/RECV, forward, list-forward, killforward. Device paths are host paths."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import struct
import threading
from typing import Any


class FakeAdbServer:
    def __init__(self, serial: str = "adb-fake-0") -> None:
        self.serial = serial
        self.port = 0
        self.forwards: dict[str, tuple[str, asyncio.base_events.Server]] = {}
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: Any = None
        self._connections: set[asyncio.Task[Any]] = set()

    def __enter__(self) -> FakeAdbServer:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _stop(self) -> None:
        for _, srv in self.forwards.values():
            srv.close()
        self._server.close()
        # Connections still served (a client that timed out mid-request) end here, on the running
        # loop: left to the loop's close, their coroutines were never finished ("coroutine
        # FakeAdbServer._serve was never awaited", an unraisable exception in a later test).
        pending = [t for t in self._connections if not t.done()]
        for t in pending:
            t.cancel()
        if pending:
            await asyncio.wait(pending, timeout=5)

    @staticmethod
    def _block(text: str) -> bytes:
        data = text.encode()
        return b"OKAY" + b"%04x" % len(data) + data

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._connections.add(task)
            task.add_done_callback(self._connections.discard)
        try:
            while True:
                try:
                    size = int(await reader.readexactly(4), 16)
                except asyncio.IncompleteReadError:
                    return
                req = (await reader.readexactly(size)).decode()
                if not await self._request(req, reader, writer):
                    return
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    async def _request(self, req: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        prefix = f"host-serial:{self.serial}:"
        if req == "host:version":
            writer.write(self._block("0029"))
        elif req in ("host:devices", "host:devices-l"):
            writer.write(self._block(f"{self.serial}\tdevice\n"))
        elif req == f"host:tport:serial:{self.serial}":
            writer.write(b"OKAY" + struct.pack("<Q", 1))
            return True
        elif req == f"host:transport:{self.serial}":
            writer.write(b"OKAY")
            return True
        elif req.startswith(("host:tport:", "host:transport:")):
            msg = "device not found"
            writer.write(b"FAIL" + b"%04x" % len(msg) + msg.encode())
        elif req.startswith(prefix + "forward:"):
            local, remote = req[len(prefix + "forward:") :].split(";")
            await self._forward(local, remote)
            writer.write(b"OKAYOKAY")
        elif req in (prefix + "list-forward", "host:list-forward"):
            writer.write(self._block("".join(f"{self.serial} {l} {r}\n" for l, (r, _) in self.forwards.items())))
        elif req.startswith(prefix + "killforward:"):
            entry = self.forwards.pop(req[len(prefix + "killforward:") :], None)
            if entry:
                entry[1].close()
            writer.write(b"OKAYOKAY")
        elif req.startswith("shell:"):
            writer.write(b"OKAY")
            # Its own process group: the kill below reaches the command's children too, which
            # would otherwise hold the pipe open (and its transport alive past the loop).
            proc = await asyncio.create_subprocess_exec(
                "/bin/sh", "-c", req[6:], stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
                start_new_session=True,
            )
            assert proc.stdout is not None
            try:
                while chunk := await proc.stdout.read(65536):
                    writer.write(chunk)
                    await writer.drain()
            finally:
                # The whole group (a `sleep` the shell started holds the pipe open too), and
                # os.killpg, not proc.kill(): Popen.send_signal polls first and can reap the
                # child behind asyncio's watcher, and then communicate() never returns.
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(proc.pid, signal.SIGKILL)
                await proc.communicate()
        elif req == "sync:":
            writer.write(b"OKAY")
            await self._sync(reader, writer)
        else:
            msg = f"unknown request {req}"
            writer.write(b"FAIL" + b"%04x" % len(msg) + msg.encode())
        await writer.drain()
        return False

    async def _forward(self, local: str, remote: str) -> None:
        rport = int(remote.split(":")[1])

        async def link(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
            pr, pw = await asyncio.open_connection("127.0.0.1", rport)

            async def pipe(a: asyncio.StreamReader, b: asyncio.StreamWriter) -> None:
                while data := await a.read(65536):
                    b.write(data)
                    await b.drain()
                b.close()

            await asyncio.gather(pipe(r, pw), pipe(pr, w), return_exceptions=True)

        srv = await asyncio.start_server(link, "127.0.0.1", int(local.split(":")[1]))
        self.forwards[local] = (remote, srv)

    async def _sync(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        cmd = await reader.readexactly(4)
        (n,) = struct.unpack("<I", await reader.readexactly(4))
        arg = (await reader.readexactly(n)).decode()
        if cmd == b"STAT":
            import os

            try:
                st = os.stat(arg)
                writer.write(b"STAT" + struct.pack("<III", st.st_mode, st.st_size, int(st.st_mtime)))
            except OSError:
                writer.write(b"STAT" + bytes(12))
        elif cmd == b"SEND":
            path = arg.rsplit(",", 1)[0]
            with open(path, "wb") as f:
                while True:
                    kind = await reader.readexactly(4)
                    (size,) = struct.unpack("<I", await reader.readexactly(4))
                    if kind == b"DONE":
                        break
                    f.write(await reader.readexactly(size))
            writer.write(b"OKAY\0\0\0\0")
        elif cmd == b"RECV":
            try:
                with open(arg, "rb") as f:
                    while chunk := f.read(65536):
                        writer.write(b"DATA" + struct.pack("<I", len(chunk)) + chunk)
                writer.write(b"DONE\0\0\0\0")
            except OSError as exc:
                msg = exc.strerror.encode()
                writer.write(b"FAIL" + struct.pack("<I", len(msg)) + msg)
