from __future__ import annotations

import secrets
import subprocess
import time
from pathlib import Path
from typing import Iterator, Tuple

import pytest

from ohbridge.agent_manager import agent_binary_path
from ohbridge.testing import FakeHdcServer
from ohbridge.testing.device_tools import install_device_tools

SERIAL = "agent-0"


class LocalAgent:
    """An agent process on this host's loopback (no hdc), for protocol tests."""

    def __init__(self, tmp: Path, *extra: str) -> None:
        self.token = secrets.token_hex(16)
        self.state = tmp / "agent.state"
        token_file = tmp / "agent.token"
        token_file.write_text(self.token)
        token_file.chmod(0o600)
        self.proc = subprocess.Popen(
            [str(agent_binary_path()), "--stub", "--listen", "127.0.0.1:0", "--token-file", str(token_file),
             "--state-file", str(self.state), *extra],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not self.state.exists():
            assert self.proc.poll() is None, "the agent exited at start"
            assert time.monotonic() < deadline, "the agent did not start"
            time.sleep(0.01)
        kv = dict(line.split("=", 1) for line in self.state.read_text().split())
        self.port = int(kv["port"])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)


@pytest.fixture
def local_agent(tmp_path: Path) -> Iterator[LocalAgent]:
    a = LocalAgent(tmp_path)
    try:
        yield a
    finally:
        a.stop()


@pytest.fixture
def loopback() -> Iterator[FakeHdcServer]:
    with FakeHdcServer([SERIAL]) as server:
        install_device_tools(server.target(SERIAL))
        yield server


def url_of(server: FakeHdcServer) -> str:
    return f"hdc://127.0.0.1:{server.port}/{SERIAL}"


def pid_port(server: FakeHdcServer) -> Tuple[int, int]:
    state = server.target(SERIAL).device_path("/data/local/tmp/ohbridge/agent.state")
    kv = dict(line.split("=", 1) for line in state.read_text().split())
    return int(kv["pid"]), int(kv["port"])
