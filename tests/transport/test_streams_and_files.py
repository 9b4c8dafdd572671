"""Long output, streams, a server dying mid-stream, file transfer and install."""

from __future__ import annotations

import asyncio
import os
import zipfile
from pathlib import Path

import pytest

from ohbridge.testing import FakeHdcServer
from ohbridge.transport.errors import (
    DeviceNotFoundError,
    FileTransferError,
    HdcConnectionError,
    InstallError,
)
from ohbridge.transport.hdc import AsyncHdcClient, HdcDevice

SERIAL = "fake-0"  # as in conftest.py
LIMIT = 60


def run(coro: object) -> object:
    return asyncio.run(asyncio.wait_for(coro, LIMIT))  # type: ignore[arg-type]


def test_200000_lines_arrive_whole(device: HdcDevice) -> None:
    r = device.shell("seq 1 200000", timeout=LIMIT)
    assert r.returncode == 0
    assert r.stdout == "".join(f"{i}\n" for i in range(1, 200001))


def test_stream_lines_and_returncode(device: HdcDevice) -> None:
    with device.shell_stream("seq 1 3; exit 4") as stream:
        assert list(stream.lines()) == ["1", "2", "3"]
        assert stream.returncode == 4


def test_async_stream_is_closed_when_left(server: FakeHdcServer) -> None:
    async def main() -> None:
        dev = await AsyncHdcClient(port=server.port).device()
        async with dev.shell_stream("yes line") as stream:
            async for chunk in stream:
                assert chunk.startswith(b"line\n")
                break
        assert stream.returncode is None
        for _ in range(100):  # the server noticed the close and killed `yes`
            if not server._handlers:
                break
            await asyncio.sleep(0.05)
        assert not server._handlers

    run(main())


def test_stream_delivers_lines_before_the_command_ends(server: FakeHdcServer) -> None:
    async def main() -> None:
        dev = await AsyncHdcClient(port=server.port).device()
        async with dev.shell_stream("echo ready; sleep 30") as stream:
            first = await asyncio.wait_for(stream.read(), 10)
            assert first == b"ready\n"

    run(main())


def test_stream_refusal_raises(server: FakeHdcServer) -> None:
    async def main() -> None:
        dev = await AsyncHdcClient(port=server.port).device("nope")
        with pytest.raises(DeviceNotFoundError):
            async with dev.shell_stream("echo x") as stream:
                async for _ in stream:
                    pytest.fail("a refusal must not be yielded as output")

    run(main())


def test_stream_output_that_looks_like_a_refusal_is_output(device: HdcDevice) -> None:
    with device.shell_stream("echo '[Fail]from the command'") as stream:
        assert list(stream.lines()) == ["[Fail]from the command"]
        assert stream.returncode == 0


def test_hilog_streams_through_shell(server: FakeHdcServer, device: HdcDevice) -> None:
    server.target(SERIAL).add_log("01-01 00:00:00.000  1  1 I A00001/Mine: hello", "01-01 00:00:00.001  1  1 I A00002/Other: skip")
    with device.hilog("-x", "-T", "Mine") as stream:
        assert list(stream.lines()) == ["01-01 00:00:00.000  1  1 I A00001/Mine: hello"]
    with device.hilog("-T", "Mine") as stream:  # endless: take one line and leave
        lines = stream.lines()
        assert "hello" in next(lines)


def test_server_dying_mid_stream_is_a_connection_error(server: FakeHdcServer) -> None:
    async def main() -> None:
        dev = await AsyncHdcClient(port=server.port).device()
        with pytest.raises(HdcConnectionError) as info:
            async with dev.shell_stream("echo started; sleep 30") as stream:
                assert await stream.read() == b"started\n"
                await asyncio.get_running_loop().run_in_executor(None, server.kill)
                while await stream.read():
                    pass
        assert info.value.command == "shell echo started; sleep 30"

    run(main())


def test_server_dying_during_shell_is_a_connection_error(server: FakeHdcServer, device: HdcDevice) -> None:
    import threading

    timer = threading.Timer(0.5, server.kill)
    timer.start()
    try:
        with pytest.raises(HdcConnectionError) as info:
            device.shell("echo partial; sleep 30", timeout=LIMIT)
        assert info.value.output == b"partial\n"
    finally:
        timer.join()


def test_push_pull_3mb_round_trip(device: HdcDevice, server: FakeHdcServer, tmp_path: Path) -> None:
    data = os.urandom(3 * 1024 * 1024)
    src = tmp_path / "src.bin"
    src.write_bytes(data)
    seen: list[tuple[int, int]] = []
    assert device.push(src, "/data/local/tmp/blob.bin", progress=lambda d, t: seen.append((d, t))) == len(data)
    assert seen[0] == (0, len(data)) and seen[-1] == (len(data), len(data))
    assert (server.target(SERIAL).root / "data/local/tmp/blob.bin").read_bytes() == data
    assert device.shell("wc -c < /data/local/tmp/blob.bin").stdout.strip() == str(len(data))
    back = tmp_path / "back.bin"
    assert device.pull("/data/local/tmp/blob.bin", back) == len(data)
    assert back.read_bytes() == data


def test_push_path_with_spaces_and_unicode(device: HdcDevice, tmp_path: Path) -> None:
    src = tmp_path / "a dir" / "fichier é.txt"
    src.parent.mkdir()
    src.write_text("x")
    device.push(src, "/data/local/tmp/with space é.txt")
    assert device.shell(["cat", "/data/local/tmp/with space é.txt"]).stdout == "x"


def test_pushed_file_runs_on_the_device(device: HdcDevice, tmp_path: Path) -> None:
    script = tmp_path / "agent.sh"
    script.write_text("#!/bin/sh\necho agent running with $1\n")
    device.push(script, "/data/local/tmp/agent")
    r = device.shell("chmod 755 /data/local/tmp/agent && /data/local/tmp/agent --port", check=True)
    assert r.stdout == "agent running with --port\n"


def test_pull_missing_file(device: HdcDevice, tmp_path: Path) -> None:
    with pytest.raises(FileTransferError, match="no such file or directory") as info:
        device.pull("/data/missing", tmp_path / "x")
    assert info.value.command is not None and "file recv" in info.value.command


def test_push_missing_local_file(device: HdcDevice, tmp_path: Path) -> None:
    with pytest.raises(FileTransferError, match="no such local file"):
        device.push(tmp_path / "nope", "/data/local/tmp/x")


def test_transfer_to_unknown_device(client: object, server: FakeHdcServer, tmp_path: Path) -> None:
    from ohbridge.transport.hdc import HdcClient

    src = tmp_path / "f"
    src.write_text("x")
    with pytest.raises(DeviceNotFoundError):
        HdcClient(port=server.port).device("ghost").push(src, "/data/x")


def test_install_and_uninstall(device: HdcDevice, tmp_path: Path) -> None:
    hap = tmp_path / "com.example.demo.hap"
    with zipfile.ZipFile(hap, "w") as z:
        z.writestr("module.json", "{}")
    result = device.install(hap)
    assert "install bundle successfully" in result.output
    assert "com.example.demo" in device.shell("bm dump").stdout
    device.uninstall("com.example.demo")
    with pytest.raises(InstallError) as info:
        device.uninstall("com.example.demo")
    assert "9568386" in info.value.reason


def test_install_failure_has_the_reason(device: HdcDevice, tmp_path: Path) -> None:
    bad = tmp_path / "bad.hap"
    bad.write_bytes(b"not a zip")
    with pytest.raises(InstallError) as info:
        device.install(bad)
    assert info.value.reason.startswith("code:9568273")
    assert "not a valid hap" in info.value.reason
