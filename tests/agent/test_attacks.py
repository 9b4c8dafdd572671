"""An attacker on the agent's loopback port, without the token.

Rules (native/agent/wire_reader.h, admission.h, session.cpp ``read_hello``):
before the hello is accepted a connection may send one small message, bounded
in bytes and depth as it is read; after it, every container header is charged
against a per-message budget before it is reserved; strangers have a total
deadline for their hello and are counted apart from authenticated clients, so
the owner always gets in.
"""

from __future__ import annotations

import os
import socket
import struct
import threading
import time
from pathlib import Path
from typing import Iterator, List

import msgpack
import pytest

from ohbridge.backends.agent import AgentBackend, TcpConnector

from .conftest import LocalAgent

MB = 1 << 20
# Under a sanitizer (.ci/sanitizers preloads its runtime) the agent maps terabytes of shadow
# memory and keeps freed blocks in quarantine: its memory figures say nothing about its buffers.
SANITIZED = any(name in os.environ.get("LD_PRELOAD", "") for name in ("libasan", "libtsan"))


def assert_memory_below(agent: LocalAgent, field: str, limit_kb: int) -> None:
    """``field`` of the agent's /proc status (VmHWM: peak RSS, VmPeak: peak virtual) below the limit."""
    if SANITIZED:
        return
    for line in Path(f"/proc/{agent.proc.pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            assert int(line.split()[1]) < limit_kb, line
            return
    raise AssertionError(f"no {field} in /proc status")


def stream_until_dropped(sock: socket.socket, header: bytes, body_bytes: int) -> int:
    """Sends header then body_bytes of body; returns how much went before the agent dropped the connection."""
    sent = 0
    chunk = b"x" * (256 * 1024)
    try:
        sock.sendall(header)
        while sent < body_bytes:
            sock.sendall(chunk)
            sent += len(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass
    return sent


@pytest.fixture
def agent(tmp_path: Path) -> Iterator[LocalAgent]:
    a = LocalAgent(tmp_path, "--hello-timeout-ms", "1500")
    try:
        yield a
    finally:
        a.stop()


def owner_pings(agent: LocalAgent) -> bool:
    # The owner must get in at once, not after a stranger's deadline: a
    # connect timeout of one second, below the 1.5 s hello deadline.
    b = AgentBackend(TcpConnector("127.0.0.1", agent.port, agent.token), connect_timeout=1.0, call_timeout=1.0)
    try:
        return b.ping()
    finally:
        b.close()


def test_an_oversized_string_before_the_hello_is_refused_as_it_is_read(agent: LocalAgent) -> None:
    # A str32 header far above any limit, then a streamed body: the agent
    # used to buffer the whole body before looking at the size.
    with socket.create_connection(("127.0.0.1", agent.port), timeout=10) as s:
        sent = stream_until_dropped(s, b"\xdb" + struct.pack(">I", 0xFFFFFFF0), 96 * MB)
    assert sent < 96 * MB, "the agent kept reading a message far past the pre-hello limit"
    assert_memory_below(agent, "VmHWM", 64 * 1024)
    assert owner_pings(agent)


def test_nested_container_headers_before_the_hello_reserve_nothing_large(agent: LocalAgent) -> None:
    # 4 KB of nested 1M-element array headers used to reserve 25.6 GB.
    headers = (b"\xdd" + struct.pack(">I", 1 << 20)) * 800
    with socket.create_connection(("127.0.0.1", agent.port), timeout=10) as s:
        stream_until_dropped(s, headers, 0)
        s.settimeout(5)
        try:
            assert s.recv(100) == b""
        except ConnectionResetError:
            pass
    assert_memory_below(agent, "VmPeak", 1024 * 1024)
    assert owner_pings(agent)


def test_nested_container_headers_after_the_hello_are_charged_as_each_header_is_read(agent: LocalAgent) -> None:
    hello = msgpack.packb([0, 1, "hello", [agent.token, 1]])
    headers = (b"\xdd" + struct.pack(">I", 1 << 20)) * 200
    with socket.create_connection(("127.0.0.1", agent.port), timeout=10) as s:
        stream_until_dropped(s, hello + headers, 0)
        s.settimeout(5)
        got = b""
        try:
            while chunk := s.recv(65536):
                got += chunk
        except ConnectionResetError:
            pass
    reply = msgpack.unpackb(got, raw=False) if got else None
    assert reply is not None and reply[2] is None, "the hello itself was accepted"
    assert_memory_below(agent, "VmPeak", 1024 * 1024)
    assert owner_pings(agent)


def test_an_oversized_string_after_the_hello_is_refused_before_its_body_is_buffered(agent: LocalAgent) -> None:
    hello = msgpack.packb([0, 1, "hello", [agent.token, 1]])
    with socket.create_connection(("127.0.0.1", agent.port), timeout=10) as s:
        sent = stream_until_dropped(s, hello + b"\x91\xdb" + struct.pack(">I", 0xFFFFFFF0), 160 * MB)
    assert sent < 160 * MB
    assert owner_pings(agent)


def test_only_one_message_before_the_hello(agent: LocalAgent) -> None:
    ping = msgpack.packb([0, 1, "ping", []])
    with socket.create_connection(("127.0.0.1", agent.port), timeout=10) as s:
        s.sendall(ping + msgpack.packb([0, 2, "hello", [agent.token, 1]]))
        s.settimeout(5)
        unpacker = msgpack.Unpacker(raw=False)
        replies: List[object] = []
        while chunk := s.recv(65536):
            unpacker.feed(chunk)
            replies.extend(unpacker)
    assert len(replies) == 1 and replies[0][2][0] == "Unauthorized"  # type: ignore[index]


def test_a_stranger_dripping_bytes_is_dropped_at_the_hello_deadline(agent: LocalAgent) -> None:
    # The deadline is total: each byte used to restart the idle timeout.
    hello = msgpack.packb([0, 1, "hello", ["x" * 200, 1]])
    with socket.create_connection(("127.0.0.1", agent.port), timeout=10) as s:
        dropped = False
        for i in range(len(hello)):  # 200 bytes at 50 ms: 10 s, far past the 1.5 s deadline
            try:
                s.sendall(hello[i:i + 1])
            except (BrokenPipeError, ConnectionResetError):
                dropped = True
                break
            time.sleep(0.05)
            s.setblocking(False)
            try:
                if s.recv(1) == b"":
                    dropped = True
                    break
            except BlockingIOError:
                pass
            except ConnectionResetError:
                dropped = True
                break
            finally:
                s.setblocking(True)
    assert dropped


def test_sixteen_silent_and_sixteen_dripping_strangers_do_not_lock_the_owner_out(agent: LocalAgent) -> None:
    stop = threading.Event()
    strangers = [socket.create_connection(("127.0.0.1", agent.port), timeout=10) for _ in range(32)]

    def drip() -> None:
        while not stop.is_set():
            for s in strangers[16:]:
                try:
                    s.send(b"\x94")
                except OSError:
                    pass
            stop.wait(0.2)

    dripper = threading.Thread(target=drip, daemon=True)
    dripper.start()
    try:
        time.sleep(0.3)
        assert owner_pings(agent)
        assert owner_pings(agent)
    finally:
        stop.set()
        dripper.join(5)
        for s in strangers:
            s.close()
    assert_memory_below(agent, "VmHWM", 64 * 1024)


def test_authenticated_clients_past_max_clients_are_told_busy(tmp_path: Path) -> None:
    agent = LocalAgent(tmp_path, "--max-clients", "1")
    try:
        first = AgentBackend(TcpConnector("127.0.0.1", agent.port, agent.token))
        try:
            with socket.create_connection(("127.0.0.1", agent.port), timeout=10) as s:
                s.sendall(msgpack.packb([0, 1, "hello", [agent.token, 1]]))
                reply = msgpack.Unpacker(raw=False)
                reply.feed(s.recv(65536))
                assert next(reply)[2][0] == "Busy"
            assert first.ping()
        finally:
            first.close()
    finally:
        agent.stop()
