"""The agent's RPC server on its own: the token gate, loopback only, and bad input."""

from __future__ import annotations

import errno
import random
import socket
import subprocess
from pathlib import Path

import msgpack
import pytest

from ohbridge.agent_manager import agent_binary_path
from ohbridge.backends.agent import AgentAuthError, AgentBackend, TcpConnector

from .conftest import LocalAgent


def rpc(sock: socket.socket, msg: object) -> object:
    sock.sendall(msgpack.packb(msg))
    unpacker = msgpack.Unpacker(raw=False, strict_map_key=False)
    while True:
        data = sock.recv(65536)
        if not data:
            return None
        unpacker.feed(data)
        for m in unpacker:
            if m[0] == 1:
                return m


def test_wrong_token_is_refused_and_the_right_one_works(local_agent: LocalAgent) -> None:
    with pytest.raises(AgentAuthError):
        AgentBackend(TcpConnector("127.0.0.1", local_agent.port, "not-the-token"))
    b = AgentBackend(TcpConnector("127.0.0.1", local_agent.port, local_agent.token))
    try:
        assert b.info["backend"] == "stub" and b.ping()
    finally:
        b.close()


def test_calls_before_hello_are_refused(local_agent: LocalAgent) -> None:
    with socket.create_connection(("127.0.0.1", local_agent.port), timeout=10) as s:
        reply = rpc(s, [0, 1, "invoke", ["missionManager.getMissionInfos", ["", 10]]])
        assert reply is not None and reply[2][0] == "Unauthorized"
        assert s.recv(10) == b""  # and the connection is closed


def test_token_never_printed(tmp_path: Path) -> None:
    agent = LocalAgent(tmp_path)
    try:
        b = AgentBackend(TcpConnector("127.0.0.1", agent.port, agent.token))
        assert agent.token not in repr(b.info) and agent.token not in repr(b._connector._endpoint)  # type: ignore[attr-defined]
        b.close()
    finally:
        agent.stop()


def test_refuses_a_non_loopback_address_and_a_missing_token(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("x")
    r = subprocess.run([str(agent_binary_path()), "--stub", "--listen", "0.0.0.0:0", "--token-file", str(token_file)],
                       env={}, capture_output=True, text=True, timeout=10)
    assert r.returncode == 2 and "non-loopback" in r.stderr
    r = subprocess.run([str(agent_binary_path()), "--stub", "--listen", "127.0.0.1:0"], env={},
                       capture_output=True, text=True, timeout=10)
    assert r.returncode == 2 and "token" in r.stderr


def test_stdio_mode() -> None:
    p = subprocess.run([str(agent_binary_path()), "--stub", "--stdio"],
                       input=msgpack.packb([0, 1, "hello", ["", 1]]) + msgpack.packb([0, 2, "ping", []]),
                       capture_output=True, timeout=10)
    replies = list(msgpack.Unpacker(__import__("io").BytesIO(p.stdout), raw=False))
    assert replies[0][3]["backend"] == "stub" and replies[1] == [1, 2, None, True]


def test_garbage_never_takes_the_agent_down(local_agent: LocalAgent) -> None:
    rng = random.Random(1234)
    hello = msgpack.packb([0, 1, "hello", [local_agent.token, 1]])
    valid = msgpack.packb([0, 2, "invoke", ["wantAgent.getWantAgent", [{"wants": [{"bundleName": "a"}]}]]])
    payloads = [
        b"\xc1" * 10,  # never-used msgpack byte
        b"\xdd\xff\xff\xff\xff",  # an array claiming 4G elements
        b"\xdb\xff\xff\xff\xff" + b"x" * 10,  # a 4 GB string, truncated
        b"\x91" * 5000 + b"\xc0",  # nesting far past the limit
        msgpack.packb([0, "id", 3, None]),
        msgpack.packb([2, "release", ["x", -1, 2**63]]),
        msgpack.packb([0, 3, "invoke", ["wantAgent.getBundleName", [msgpack.ExtType(3, b"\x00" * 8)]]]),
        msgpack.packb([0, 4, "invoke", ["x", "not a list"]]),
        msgpack.packb([0, 5, "control", ["no_such_control", [], {}]]),
        msgpack.packb([0, 6, "invoke", ["missionManager.getMissionInfos", [msgpack.ExtType(99, b"z"), {1: 2}]]]),
    ]
    for _ in range(40):
        cut = rng.randrange(len(valid))
        mutated = bytearray(valid)
        for _ in range(rng.randrange(1, 6)):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        payloads.append(valid[:cut])
        payloads.append(bytes(mutated))
    for payload in payloads:
        with socket.create_connection(("127.0.0.1", local_agent.port), timeout=10) as s:
            try:
                s.sendall(hello + payload)
                s.shutdown(socket.SHUT_WR)
                while s.recv(65536):
                    pass  # the agent answers or drops the connection; either is fine
            except OSError as exc:
                # Dropped with input unread: a reset, or (when the drop beats our shutdown) a
                # socket that is no longer connected.  Anything else is a real failure.
                if exc.errno not in (errno.ECONNRESET, errno.EPIPE, errno.ENOTCONN):
                    raise
        assert local_agent.proc.poll() is None, f"the agent died on {payload[:40]!r}"
    b = AgentBackend(TcpConnector("127.0.0.1", local_agent.port, local_agent.token))
    try:
        assert b.ping()
    finally:
        b.close()


def test_silent_client_is_dropped_after_the_handshake_timeout(local_agent: LocalAgent) -> None:
    # Checked indirectly: many idle connections do not stop a real client from being served.
    idle = [socket.create_connection(("127.0.0.1", local_agent.port), timeout=10) for _ in range(8)]
    try:
        b = AgentBackend(TcpConnector("127.0.0.1", local_agent.port, local_agent.token))
        assert b.ping()
        b.close()
    finally:
        for s in idle:
            s.close()


@pytest.mark.parametrize("port", ["99999", "-1", "abc", "", "80x", "65536"])
def test_listen_refuses_a_port_that_is_not_a_whole_number_in_range(tmp_path: Path, port: str) -> None:
    # atoi() read 99999 as 34463 (mod 65536), -1 as 65535 and abc as 0 (any port).
    token_file = tmp_path / "token"
    token_file.write_text("x")
    r = subprocess.run([str(agent_binary_path()), "--stub", "--listen", f"127.0.0.1:{port}",
                        "--token-file", str(token_file)], env={}, capture_output=True, text=True, timeout=10)
    assert r.returncode == 2 and "--listen port takes a whole number from 0 to 65535" in r.stderr


@pytest.mark.parametrize("flag", ["--max-clients", "--api-version", "--hello-timeout-ms"])
def test_numeric_flags_refuse_what_is_not_a_number(flag: str) -> None:
    r = subprocess.run([str(agent_binary_path()), "--stub", flag, "12abc", "--stdio"], env={},
                       capture_output=True, text=True, timeout=10)
    assert r.returncode == 2 and f"{flag} takes a whole number" in r.stderr


def test_the_token_is_never_taken_from_the_environment(tmp_path: Path) -> None:
    # unsetenv() does not scrub the initial environment block: a token there
    # stayed readable in /proc/PID/environ while the agent ran.
    r = subprocess.run([str(agent_binary_path()), "--stub", "--listen", "127.0.0.1:0"],
                       env={"OHBRIDGE_AGENT_TOKEN": "secret"}, capture_output=True, text=True, timeout=10)
    assert r.returncode == 2 and "--token-file" in r.stderr and "secret" not in r.stderr + r.stdout
