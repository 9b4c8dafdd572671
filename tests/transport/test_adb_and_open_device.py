"""open_device URLs, and the adb transport against a loopback fake adb server."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path
from typing import Iterator

import pytest

from ohbridge.testing import FakeHdcServer
from ohbridge.transport import TransportDevice, open_device, parse_device_url
from ohbridge.transport.errors import DeviceNotFoundError, FileTransferError, HdcTimeoutError

adbutils = pytest.importorskip("adbutils", reason="the adb transport needs adbutils (pip install adbutils)")

from _fake_adb import FakeAdbServer  # noqa: E402  (tests/transport is on sys.path: no __init__)


@pytest.mark.parametrize("url, expected", [
    (None, ("hdc", None, None, None)),
    ("", ("hdc", None, None, None)),
    ("hdc", ("hdc", None, None, None)),
    ("hdc:ABC123", ("hdc", "ABC123", None, None)),
    ("hdc:192.168.0.5:5555", ("hdc", "192.168.0.5:5555", None, None)),
    ("hdc://10.0.0.1:8710/SER", ("hdc", "SER", "10.0.0.1", 8710)),
    ("hdc://10.0.0.1:8710/127.0.0.1%3A5555", ("hdc", "127.0.0.1:5555", "10.0.0.1", 8710)),
    ("hdc://[::1]:8710/", ("hdc", None, "::1", 8710)),
    ("adb:emulator-5554", ("adb", "emulator-5554", None, None)),
    ("adb", ("adb", None, None, None)),
])
def test_parse_device_url(url: str | None, expected: tuple[object, ...]) -> None:
    u = parse_device_url(url)
    assert (u.scheme, u.serial, u.host, u.port) == expected


@pytest.mark.parametrize("url", ["usb:1", "stub", "hdc://host:notaport/x"])
def test_parse_device_url_rejects(url: str) -> None:
    with pytest.raises(ValueError):
        parse_device_url(url)


def test_open_device_hdc_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    with FakeHdcServer(["dev-a"]) as server:
        monkeypatch.setenv("OHOS_HDC_SERVER_PORT", str(server.port))
        for url in (None, "hdc:dev-a", f"hdc://127.0.0.1:{server.port}/dev-a", f"hdc://127.0.0.1:{server.port}"):
            dev = open_device(url)
            assert isinstance(dev, TransportDevice)
            assert dev.serial == "dev-a" and dev.shell("echo ok").stdout == "ok\n"
        with pytest.raises(DeviceNotFoundError, match="dev-a"):
            open_device("hdc:missing")
        # an ip:port serial the server does not know yet is connected with tconn
        assert open_device("hdc:127.0.0.1:6666").serial == "127.0.0.1:6666"


@pytest.fixture
def adb_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAdbServer]:
    with FakeAdbServer() as srv:
        monkeypatch.setenv("ANDROID_ADB_SERVER_PORT", str(srv.port))
        yield srv


def test_adb_device_via_open_device(adb_server: FakeAdbServer, tmp_path: Path) -> None:
    dev = open_device(f"adb:{adb_server.serial}")
    assert isinstance(dev, TransportDevice)
    r = dev.shell("echo out; echo err >&2; exit 5")
    assert (r.returncode, r.stdout) == (5, "out\nerr\n")
    assert dev.shell(["printf", "%s", "a b'c"]).stdout == "a b'c"
    with pytest.raises(HdcTimeoutError) as info:
        dev.shell("echo part; sleep 30", timeout=0.5)
    assert info.value.partial_output == b"part\n"

    data = os.urandom(300_000)
    (tmp_path / "src").write_bytes(data)
    assert dev.push(tmp_path / "src", str(tmp_path / "remote")) == len(data)
    assert dev.pull(str(tmp_path / "remote"), tmp_path / "back") == len(data)
    assert (tmp_path / "back").read_bytes() == data
    with pytest.raises(FileTransferError):
        dev.pull(str(tmp_path / "missing"), tmp_path / "x")


def test_adb_forward(adb_server: FakeAdbServer) -> None:
    dev = open_device("adb")
    with socket.socket() as target:
        target.bind(("127.0.0.1", 0))
        target.listen()

        def answer() -> None:
            conn, _ = target.accept()
            with conn:
                conn.sendall(conn.recv(100).upper())

        t = threading.Thread(target=answer)
        t.start()
        with dev.forward(0, target.getsockname()[1]) as fwd:
            assert [r.local for r in dev.list_forwards()] == [fwd.local]
            with socket.create_connection(("127.0.0.1", fwd.local_port), timeout=10) as c:
                c.sendall(b"ping")
                assert c.recv(100) == b"PING"
        t.join(10)
        assert dev.list_forwards() == []


def test_adb_unknown_serial(adb_server: FakeAdbServer) -> None:
    with pytest.raises(DeviceNotFoundError):
        open_device("adb:nope")
