"""The fake server checked with a raw socket against the protocol a real server speaks
(developtools_hdc src/host/server_for_client.cpp; docs/transport.md), so that its protocol is verified without the client under test."""

from __future__ import annotations

import socket
import struct

import pytest

from ohbridge.testing import FakeHdcServer


def _exact(sock: socket.socket, n: int) -> bytes:
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError
        buf += chunk
    return buf


def _frames(sock: socket.socket) -> list[bytes]:
    out = []
    while True:
        try:
            (n,) = struct.unpack(">I", _exact(sock, 4))
        except EOFError:
            return out
        out.append(_exact(sock, n))


def _open(server: FakeHdcServer, key: str = "") -> tuple[socket.socket, bytes]:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    (n,) = struct.unpack(">I", _exact(sock, 4))
    hello = _exact(sock, n)
    reply = hello[:12] + key.encode().ljust(32, b"\0")
    sock.sendall(struct.pack(">I", len(reply)) + reply)
    return sock, hello


def _command(server: FakeHdcServer, cmd: str, key: str = "", nul: bool = True) -> list[bytes]:
    sock, _ = _open(server, key)
    with sock:
        payload = cmd.encode() + (b"\0" if nul else b"")
        sock.sendall(struct.pack(">I", len(payload)) + payload)
        return _frames(sock)


def test_handshake_is_44_bytes_banner_and_channel_id(server: FakeHdcServer) -> None:
    sock, hello = _open(server)
    sock.close()
    assert len(hello) == 44
    assert hello[:12] == b"OHOS HDC\0\0\0H"
    assert hello[16:] == bytes(28)


def test_handshake_108_when_configured() -> None:
    with FakeHdcServer(handshake_size=108) as srv:
        sock, hello = _open(srv)
        sock.close()
        assert len(hello) == 108 and hello[44:].startswith(b"Ver: ")


def test_empty_list_and_close(tmp_path: object) -> None:
    with FakeHdcServer([]) as srv:
        assert _command(srv, "list targets") == [b"[Empty]\r\n"]


def test_list_targets_verbose(server: FakeHdcServer) -> None:
    frames = _command(server, "list targets -v")
    assert frames == [b"fake-0\t\tUSB\tConnected\tfake-fake-0\n"]


def test_command_without_nul_is_accepted(server: FakeHdcServer) -> None:
    assert _command(server, "version", nul=False) == [b"Ver: 3.2.0f\n"]


def test_checkserver_carries_command_id(server: FakeHdcServer) -> None:
    assert _command(server, "checkserver") == [b"\x0d\x00Ver: 3.2.0f"]


def test_alive_keeps_the_channel_for_server_commands(server: FakeHdcServer) -> None:
    sock, _ = _open(server)
    with sock:
        for cmd in (b"alive\0", b"list targets\0", b"fport ls\0", b"list targets\0"):
            sock.sendall(struct.pack(">I", len(cmd)) + cmd)
        replies = []
        for _ in range(3):
            (n,) = struct.unpack(">I", _exact(sock, 4))
            replies.append(_exact(sock, n))
        assert replies == [b"fake-0\n", b"[Empty]\r\n", b"fake-0\n"]


def test_shell_merges_stderr_and_closes(server: FakeHdcServer) -> None:
    data = b"".join(_command(server, "shell echo a; echo b 1>&2; seq 1 3", key="fake-0"))
    assert data == b"a\nb\n1\n2\n3\n"


def test_shell_without_key_needs_connect_key(server: FakeHdcServer) -> None:
    frames = _command(server, "shell ls")
    assert frames[0].startswith(b"[Fail]ExecuteCommand need connect-key?")


def test_shell_unknown_key(server: FakeHdcServer) -> None:
    text = b"".join(_command(server, "shell ls", key="nope")).decode()
    assert text.startswith("[Fail]Not match target founded, check connect-key please")
    assert "[Fail]ExecuteCommand need connect-key?" in text


def test_any_key_binds_the_only_device(server: FakeHdcServer) -> None:
    assert b"".join(_command(server, "shell echo hi", key="any")) == b"hi\n"


def test_file_recv_missing(server: FakeHdcServer, tmp_path: object) -> None:
    frames = _command(server, f"file recv /data/nothing {tmp_path}/x", key="fake-0")
    assert frames[-1] == b"[Fail]Error opening file: no such file or directory, path:/data/nothing\r\n"


def test_fport_and_rm_strings(server: FakeHdcServer) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert _command(server, f"fport tcp:{port} tcp:9", key="fake-0") == [b"Forwardport result:OK\r\n"]
    assert _command(server, "fport ls") == [f"fake-0    tcp:{port} tcp:9    [Forward]\n".encode()]
    rm = _command(server, f"fport rm tcp:{port} tcp:9")
    assert rm == [f"Remove forward ruler success, ruler:tcp:{port} tcp:9\r\n".encode()]


def test_tconn_adds_a_tcp_target(server: FakeHdcServer) -> None:
    assert _command(server, "tconn 127.0.0.1:5555") == [b"Connect OK\r\n"]
    assert b"127.0.0.1:5555\t\tTCP\tConnected" in b"".join(_command(server, "list targets -v"))


@pytest.mark.parametrize("line, expected", [
    ('file send "/a b/c" /d', ["file", "send", "/a b/c", "/d"]),
    ("a\tb\r\nc", ["a", "b", "c"]),
    ('x""y "" z', ["xy", "", "z"]),
])
def test_hdc_argument_splitting(line: str, expected: list[str]) -> None:
    from ohbridge.testing.fake_hdc._argv import split_args

    assert split_args(line) == expected
