"""Forwards, argument quoting as the device receives it, thread safety, and socket leaks."""

from __future__ import annotations

import asyncio
import os
import socket
import threading
from pathlib import Path

import pytest

from ohbridge.testing import FakeHdcServer
from ohbridge.transport.errors import HdcTimeoutError
from ohbridge.transport.hdc import AsyncHdcClient, HdcClient, HdcDevice

SERIAL = "fake-0"  # as in conftest.py
LIMIT = 120


def run(coro: object) -> object:
    return asyncio.run(asyncio.wait_for(coro, LIMIT))  # type: ignore[arg-type]


async def _echo_server() -> tuple[asyncio.base_events.Server, int]:
    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
        writer.close()

    srv = await asyncio.start_server(echo, "127.0.0.1", 0)
    return srv, srv.sockets[0].getsockname()[1]


def test_forward_round_trip_and_removal(server: FakeHdcServer) -> None:
    async def main() -> None:
        echo, device_port = await _echo_server()
        async with echo:
            dev = await AsyncHdcClient(port=server.port).device()
            async with dev.forward(0, device_port) as fwd:
                assert [(r.local, r.remote) for r in await dev.list_forwards()] == [(fwd.local, f"tcp:{device_port}")]
                reader, writer = await asyncio.open_connection("127.0.0.1", fwd.local_port)
                writer.write(b"ping through the forward")
                await writer.drain()
                assert await reader.readexactly(24) == b"ping through the forward"
                writer.close()
            assert await dev.list_forwards() == []
            with pytest.raises(OSError):  # nobody listens on the local port any more
                _, w = await asyncio.open_connection("127.0.0.1", fwd.local_port)
                w.close()

    run(main())


def test_sync_forward_is_removed_on_exit(server: FakeHdcServer, device: HdcDevice) -> None:
    with device.forward("tcp:0", "tcp:9") as fwd:
        assert fwd.active and device.list_forwards()[0].local == fwd.local
    assert device.list_forwards() == [] and not fwd.active


def test_forward_outlives_its_channel_until_removed(server: FakeHdcServer, device: HdcDevice) -> None:
    fwd = device.forward(0, 9)
    assert server.forward_rules == [f"{SERIAL} {fwd.local} tcp:9"]
    fwd.remove()
    fwd.remove()  # idempotent
    assert server.forward_rules == []


def test_forward_to_an_occupied_local_port_fails(device: HdcDevice) -> None:
    from ohbridge.transport.errors import CommandFailedError

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with pytest.raises(CommandFailedError):
            device.forward(busy.getsockname()[1], 9)


NASTY = [
    "plain",
    "",
    " leading and trailing ",
    "it's",
    'double "quotes"',
    "$(touch pwned) `touch pwned2` ${HOME} $OHB_FAKE_ROOT",
    "semi; rm -rf / && echo | cat > x < y & bg",
    "glob * ? [a-z] ~ ~root",
    "new\nline\nand\ttab\r\n",
    "back\\slash \\n \\'",
    "héllo 世界 🚀 ünïcødé",
    "-n",
    "--option=value",
    "#not a comment",
    "!bang !! !$",
    "\x01\x1b[31mcontrol\x7f",
    "'",
    '"',
    "\\",
]


def test_every_argument_reaches_the_device_exactly(server: FakeHdcServer, device: HdcDevice) -> None:
    target = server.target(SERIAL)
    # A device tool that records its argv, one argument per NUL-terminated record.
    target.add_executable("argdump", '#!/bin/sh\nfor a in "$@"; do printf "%s\\0" "$a"; done > "$OHB_FAKE_ROOT/args"\n')
    r = device.shell(["argdump", *NASTY])
    assert r.returncode == 0, r.stdout
    received = (target.root / "args").read_bytes().split(b"\0")[:-1]
    assert [a.decode("utf-8") for a in received] == NASTY
    assert not (target.root / "pwned").exists() and not (target.root / "pwned2").exists()


def test_param_name_is_quoted(server: FakeHdcServer, device: HdcDevice) -> None:
    assert device.param("x; touch /data/pwned") is None
    assert not (server.target(SERIAL).root / "data" / "pwned").exists()


def test_sync_client_from_many_threads(server: FakeHdcServer) -> None:
    client = HdcClient(port=server.port)
    dev = client.device(SERIAL)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(5):
                assert dev.shell(["echo", f"{n}-{i}"]).stdout == f"{n}-{i}\n"
                assert [t.key for t in client.list_targets()] == [SERIAL]
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(LIMIT)
    assert not errors


def test_sync_call_from_the_loop_thread_is_refused(server: FakeHdcServer, device: HdcDevice, tmp_path: Path) -> None:
    src = tmp_path / "f"
    src.write_bytes(b"x")
    seen: list[BaseException] = []

    def progress(done: int, total: int) -> None:
        try:
            device.shell("true")
        except RuntimeError as exc:
            seen.append(exc)

    device.push(src, "/data/local/tmp/f", progress=progress)
    assert seen and "loop thread" in str(seen[0])


def _open_sockets() -> int:
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}").startswith("socket:"):
                count += 1
        except OSError:
            pass
    return count


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc to count sockets")
# A transport that is garbage-collected unclosed would free its socket too, hiding a leak from
# the count; asyncio reports it with a ResourceWarning, which this makes fatal.
@pytest.mark.filterwarnings("error::ResourceWarning")
def test_no_socket_leaks_after_10000_commands(server: FakeHdcServer) -> None:
    """10,000 commands, including timeouts and cancellations: no socket is left behind,
    in the client nor in the (in-process) server."""

    async def main() -> None:
        client = AsyncHdcClient(port=server.port)
        dev = await client.device(SERIAL)
        await client.list_targets()
        await asyncio.sleep(0.1)
        before = _open_sockets()
        done = 0
        while done < 9_900:
            batch = [client.list_targets() for _ in range(100)]
            await asyncio.gather(*batch)
            done += len(batch)
        for _ in range(50):
            with pytest.raises(HdcTimeoutError):
                await dev.shell("sleep 10", timeout=0.01)
            task = asyncio.ensure_future(dev.shell("sleep 10"))
            await asyncio.sleep(0.01)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            done += 2
        assert done == 10_000
        for _ in range(200):
            await asyncio.sleep(0.05)
            if _open_sockets() <= before and not server._handlers:
                break
        assert _open_sockets() <= before

    run(main())
