"""A shared agent's lifetime (native/agent/admission.h, Admission::leaving / watch) and its own
token (native/agent/main.cpp, make_token / write_token_out), on a host agent process."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path
from typing import Iterator, List

import pytest

from ohbridge.agent_manager import agent_binary_path

from .test_protocol import rpc


class SharedAgent:
    def __init__(self, tmp: Path, idle_ms: int) -> None:
        self.state, self.token_file = tmp / "agent.state", tmp / "agent.token"
        self.proc = subprocess.Popen(
            [str(agent_binary_path()), "--stub", "--listen", "127.0.0.1:0", "--token-out", str(self.token_file),
             "--state-file", str(self.state), "--idle-exit-ms", str(idle_ms)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not self.state.exists():
            assert self.proc.poll() is None and time.monotonic() < deadline, "the agent did not start"
            time.sleep(0.01)
        self.port = int(dict(ln.split("=", 1) for ln in self.state.read_text().split())["port"])
        self.token = self.token_file.read_text().strip()

    def client(self) -> socket.socket:
        s = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        reply = rpc(s, [0, 1, "hello", [self.token, 1]])
        assert reply is not None and reply[2] is None, reply
        return s

    def exited(self, within: float = 15.0) -> bool:
        try:
            self.proc.wait(within)
        except subprocess.TimeoutExpired:
            return False
        return True


@pytest.fixture
def agents(tmp_path: Path) -> Iterator[List[SharedAgent]]:
    made: List[SharedAgent] = []
    yield made
    for a in made:
        if a.proc.poll() is None:
            a.proc.kill()
        a.proc.wait(10)


def test_the_agent_makes_a_0600_token_and_removes_it_with_the_state_on_exit(tmp_path: Path,
                                                                             agents: List[SharedAgent]) -> None:
    a = SharedAgent(tmp_path, 60_000)
    agents.append(a)
    assert len(a.token) == 64 and int(a.token, 16) >= 0
    assert a.token_file.stat().st_mode & 0o777 == 0o600
    s = a.client()
    assert rpc(s, [0, 2, "leave", []])[3] == {"stopping": True}  # type: ignore[index]
    assert a.exited()
    assert not a.token_file.exists() and not a.state.exists()


def test_leave_stops_the_agent_only_when_the_last_client_leaves(tmp_path: Path, agents: List[SharedAgent]) -> None:
    a = SharedAgent(tmp_path, 60_000)
    agents.append(a)
    one, two = a.client(), a.client()
    assert rpc(one, [0, 2, "leave", []])[3] == {"stopping": False}  # type: ignore[index]
    assert not a.exited(0.3)
    assert rpc(two, [0, 3, "ping", []])[3] is True  # type: ignore[index]
    assert rpc(two, [0, 4, "leave", []])[3] == {"stopping": True}  # type: ignore[index]
    assert a.exited()


def test_an_agent_on_its_way_out_admits_no_hello(tmp_path: Path, agents: List[SharedAgent]) -> None:
    a = SharedAgent(tmp_path, 60_000)
    agents.append(a)
    last = a.client()
    late = socket.create_connection(("127.0.0.1", a.port), timeout=10)  # connected, no hello yet
    assert rpc(last, [0, 2, "leave", []])[3] == {"stopping": True}  # type: ignore[index]
    try:
        reply = rpc(late, [0, 1, "hello", [a.token, 1]])
    except ConnectionError:
        reply = None
    assert reply is None or reply[2][0] == "Stopping", reply  # refused, or the agent already went
    assert a.exited()


def test_a_client_that_just_goes_is_counted_out_after_the_idle_time(tmp_path: Path,
                                                                    agents: List[SharedAgent]) -> None:
    a = SharedAgent(tmp_path, 200)
    agents.append(a)
    a.client().close()  # no leave: a host that died
    assert a.exited()


def test_an_agent_nobody_comes_to_stops_after_the_idle_time(tmp_path: Path, agents: List[SharedAgent]) -> None:
    a = SharedAgent(tmp_path, 200)
    agents.append(a)
    assert a.exited()


def test_token_file_and_token_out_exclude_each_other(tmp_path: Path) -> None:
    out = subprocess.run([str(agent_binary_path()), "--stub", "--listen", "127.0.0.1:0", "--token-file",
                          str(tmp_path / "a"), "--token-out", str(tmp_path / "b")], capture_output=True, text=True,
                         timeout=10)
    assert out.returncode == 2 and "give one of --token-file and --token-out" in out.stderr
