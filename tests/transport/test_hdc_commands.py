"""Every client command against the loopback server, sync and asyncio."""

from __future__ import annotations

import asyncio
import socket

import pytest

from ohbridge.testing import FakeHdcServer
from ohbridge.transport.errors import (
    CommandFailedError,
    DeviceNotFoundError,
    HdcConnectionError,
    HdcTimeoutError,
)
from ohbridge.transport.hdc import AsyncHdcClient, HdcClient, HdcDevice

SERIAL = "fake-0"  # as in conftest.py

LIMIT = 30  # seconds any single async test may take (the bound, never a timing assertion)


def run(coro: object) -> object:
    return asyncio.run(asyncio.wait_for(coro, LIMIT))  # type: ignore[arg-type]


def test_server_version(client: HdcClient) -> None:
    assert client.server_version() == "Ver: 3.2.0f"


def test_list_targets_parsed(server: FakeHdcServer, client: HdcClient) -> None:
    server.add_target("10.0.0.2:5555", connection_type="TCP", state="Offline", name="board")
    targets = {t.key: t for t in client.list_targets()}
    assert targets[SERIAL].connection_type == "USB" and targets[SERIAL].state == "Connected"
    assert targets[SERIAL].name == server.target(SERIAL).name
    board = targets["10.0.0.2:5555"]
    assert (board.connection_type, board.state, board.name, board.connected) == ("TCP", "Offline", "board", False)


def test_device_picks_the_only_connected_one(server: FakeHdcServer, client: HdcClient) -> None:
    server.add_target("off", state="Offline")
    assert client.device().serial == SERIAL


def test_device_none(client: HdcClient, server: FakeHdcServer) -> None:
    server.remove_target(SERIAL)
    with pytest.raises(DeviceNotFoundError, match="no connected device"):
        client.device()


def test_device_several(client: HdcClient, server: FakeHdcServer) -> None:
    server.add_target("second")
    with pytest.raises(DeviceNotFoundError, match="more than one"):
        client.device()


def test_unknown_serial(client: HdcClient) -> None:
    with pytest.raises(DeviceNotFoundError, match="Not match target") as info:
        client.device("nope").shell("true")
    assert info.value.command == "shell true"


def test_offline_device(server: FakeHdcServer, client: HdcClient) -> None:
    server.target(SERIAL).state = "Offline"
    with pytest.raises(DeviceNotFoundError, match="E001005"):
        client.device(SERIAL).shell("true")


def test_unauthorized_device_is_a_command_failure_with_code(server: FakeHdcServer, client: HdcClient) -> None:
    server.target(SERIAL).state = "Unauthorized"
    with pytest.raises(CommandFailedError) as info:
        client.device(SERIAL).shell("true")
    assert info.value.code == "E000004"


def test_shell_exit_codes(device: HdcDevice) -> None:
    assert device.shell("true").returncode == 0
    assert device.shell("false").returncode == 1
    r = device.shell("echo out; echo err >&2; exit 7")
    assert (r.returncode, r.stdout) == (7, "out\nerr\n")
    # a syntax error in the command still yields a status, not a lost record
    assert device.shell("if then fi").returncode != 0
    assert device.shell("set -e; false; echo not reached").stdout == ""


def test_shell_output_without_trailing_newline(device: HdcDevice) -> None:
    r = device.shell("printf abc")
    assert (r.stdout, r.returncode) == ("abc", 0)


def test_shell_output_that_imitates_the_record(device: HdcDevice) -> None:
    r = device.shell(r"printf '\036ohbrc:00000000000000000000000000000000:5\n'; exit 2")
    assert r.returncode == 2
    assert r.stdout_bytes == b"\x1eohbrc:00000000000000000000000000000000:5\n"


def test_shell_check(device: HdcDevice) -> None:
    with pytest.raises(CommandFailedError) as info:
        device.shell("echo nope; exit 3", check=True)
    assert info.value.returncode == 3 and info.value.output == b"nope\n"
    assert device.shell("true", check=True).ok


def test_shell_timeout_carries_partial_output(device: HdcDevice, server: FakeHdcServer) -> None:
    with pytest.raises(HdcTimeoutError) as info:
        device.shell("echo first; sleep 30; echo never", timeout=1.0)
    assert isinstance(info.value, TimeoutError)
    assert info.value.partial_output == b"first\n"
    assert info.value.command == "shell echo first; sleep 30; echo never"


def test_shell_timeout_stops_the_command(device: HdcDevice, server: FakeHdcServer) -> None:
    flag = server.target(SERIAL).root / "data" / "stopped"
    with pytest.raises(HdcTimeoutError):
        device.shell("sleep 2; touch /data/stopped", timeout=0.3)
    # the server killed it when the channel closed: the file never appears
    assert device.shell("sleep 2.5; test -e /data/stopped", timeout=10).returncode == 1
    assert not flag.exists()


def test_no_server_says_how_to_start_one() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(HdcConnectionError, match="hdc start"):
        HdcClient(port=port).list_targets()


def test_not_an_hdc_server() -> None:
    async def main() -> None:
        async def speak_http(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            writer.write(b"\0\0\0\x10HTTP/1.1 200 OK\r\n")
            writer.close()

        srv = await asyncio.start_server(speak_http, "127.0.0.1", 0)
        async with srv:
            client = AsyncHdcClient(port=srv.sockets[0].getsockname()[1])
            with pytest.raises(HdcConnectionError, match="not an hdc server"):
                await client.list_targets()

    run(main())


def test_silent_server_is_a_connection_error() -> None:
    async def main() -> None:
        async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await reader.read()
            writer.close()

        srv = await asyncio.start_server(silent, "127.0.0.1", 0)
        async with srv:
            client = AsyncHdcClient(port=srv.sockets[0].getsockname()[1], connect_timeout=0.3)
            with pytest.raises(HdcConnectionError, match="no hdc handshake"):
                await client.list_targets()

    run(main())


def test_env_port(monkeypatch: pytest.MonkeyPatch, server: FakeHdcServer) -> None:
    monkeypatch.setenv("OHOS_HDC_SERVER_PORT", str(server.port))
    assert HdcClient().address == f"127.0.0.1:{server.port}"
    assert HdcClient().device().serial == SERIAL


def test_param(server: FakeHdcServer, device: HdcDevice) -> None:
    server.target(SERIAL).set_param("const.product.model", "rk3568")
    assert device.param("const.product.model") == "rk3568"
    assert device.param("no.such.param") is None


def test_connect_tcp(client: HdcClient) -> None:
    dev = client.connect_tcp("127.0.0.1:5555")
    assert dev.serial == "127.0.0.1:5555"
    assert any(t.key == "127.0.0.1:5555" and t.connection_type == "TCP" for t in client.list_targets())
    assert dev.shell("echo via tcp").stdout == "via tcp\n"
    client.disconnect_tcp("127.0.0.1:5555")
    assert all(t.key != "127.0.0.1:5555" for t in client.list_targets())


def test_connect_tcp_bad_address(client: HdcClient) -> None:
    with pytest.raises(CommandFailedError):
        client.connect_tcp("not-an-address")


def test_server_session_uses_alive(server: FakeHdcServer, client: HdcClient) -> None:
    with client.server_session() as session:
        for _ in range(3):
            assert [t.key for t in session.list_targets()] == [SERIAL]
        assert session.list_forwards() == []
    keys = [c.text for c in server.commands]
    assert keys == ["alive", "list targets -v", "list targets -v", "list targets -v", "fport ls"]


def test_watch_targets_reports_changes(server: FakeHdcServer) -> None:
    async def main() -> list[list[str]]:
        seen: list[list[str]] = []
        watcher = AsyncHdcClient(port=server.port).watch_targets(interval=0.05)
        async for targets in watcher:
            seen.append([t.key for t in targets])
            if len(seen) == 1:
                server.add_target("new")
            else:
                break
        await watcher.aclose()  # type: ignore[attr-defined]
        return seen

    assert run(main()) == [[SERIAL], [SERIAL, "new"]]


def test_async_shell_and_device(server: FakeHdcServer) -> None:
    async def main() -> None:
        async with AsyncHdcClient(port=server.port) as client:
            dev = await client.device()
            r = await dev.shell(["echo", "hello world"])
            assert (r.stdout, r.returncode) == ("hello world\n", 0)
            with pytest.raises(HdcTimeoutError) as info:
                await dev.shell("printf part; sleep 30", timeout=0.5)
            assert info.value.partial_output == b"part"

    run(main())


def test_cancellation_closes_the_channel(server: FakeHdcServer) -> None:
    async def main() -> None:
        dev = await AsyncHdcClient(port=server.port).device()
        task = asyncio.ensure_future(dev.shell("sleep 30"))
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # the server sees the close and kills the command: nothing keeps running
        for _ in range(100):
            if not server._handlers:
                break
            await asyncio.sleep(0.05)
        assert not server._handlers

    run(main())
