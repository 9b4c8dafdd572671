"""Each part of the path to the agent that can fail gives its own one-line message
(ohbridge.transport.diagnose): the hdc server, the device link (hdcd), the forward, the agent;
close() says when it could not stop the agent; the next connect cleans up what was left."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

import ohbridge
from ohbridge.agent_manager import AgentLeftRunningWarning
from ohbridge.backends.agent import AgentBackend, AgentConnectionError
from ohbridge.testing import FakeHdcServer
from ohbridge.testing.device_tools import install_device_tools
from ohbridge.transport import HdcClient
from ohbridge.transport.diagnose import DEVICE_LINK, FORWARD, PEER, SERVER, diagnose_link

from .conftest import SERIAL, pid_port, url_of


def _one_line(text: str) -> bool:
    return "\n" not in text and "\r" not in text and "[Fail]" not in text


def _wait_closed(backend: AgentBackend, link: object, within: float = 10.0) -> str:
    deadline = time.monotonic() + within
    while not link.closed and time.monotonic() < deadline:  # type: ignore[attr-defined]
        time.sleep(0.01)
    assert link.closed  # type: ignore[attr-defined]
    return str(link.close_reason)  # type: ignore[attr-defined]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:
        return f.read().split(") ", 1)[1][0] != "Z"


def test_the_agent_dying_is_blamed_on_the_agent(loopback: FakeHdcServer) -> None:
    with ohbridge.connect(url_of(loopback), backend="agent") as dev:
        backend: AgentBackend = dev._backend  # type: ignore[assignment]
        link = backend._link
        os.kill(pid_port(loopback)[0], signal.SIGKILL)
        reason = _wait_closed(backend, link)
        assert reason.startswith("the ohbridge-agent closed the connection;"), reason
        assert "the device link and the forward" in reason and _one_line(reason)


def test_a_removed_forward_is_blamed_on_the_forward(loopback: FakeHdcServer) -> None:
    with ohbridge.connect(url_of(loopback), backend="agent") as dev:
        backend: AgentBackend = dev._backend  # type: ignore[assignment]
        link = backend._link
        client = HdcClient(port=loopback.port)
        for rule in client.list_forwards():
            client.remove_forward(rule.local, rule.remote)
        reason = _wait_closed(backend, link)
        assert reason.startswith("the forward tcp:") and "is gone from the hdc server" in reason, reason
        assert len(dev.missions.get_mission_infos("", 10)) == 3  # and the next call reconnects


def test_hdcd_dying_is_blamed_on_the_device_link_and_close_says_the_agent_is_left(loopback: FakeHdcServer) -> None:
    dev = ohbridge.connect(url_of(loopback), backend="agent")
    backend: AgentBackend = dev._backend  # type: ignore[assignment]
    link = backend._link
    pid, _ = pid_port(loopback)
    loopback.drop_device_link(SERIAL)
    reason = _wait_closed(backend, link)
    assert reason.startswith(f"the device link is down: {SERIAL} is Offline on the hdc server"), reason
    with pytest.raises(AgentConnectionError) as caught:
        dev.missions.get_mission_infos("", 10)
    message = str(caught.value)
    assert message.startswith(f"cannot reach the ohbridge-agent: the device link is down: {SERIAL} is Offline")
    assert "closed the connection" not in message and _one_line(message)
    assert _alive(pid)  # the agent itself never died
    with pytest.warns(AgentLeftRunningWarning, match=f"could not stop the ohbridge-agent on {SERIAL}: the device link is down"):
        dev.close()
    # The device comes back: the agent left running is healthy and current, so the next connect
    # attaches to it (it is shared) through the forward the hdc server still has to it (here one
    # left by a process that died), and being its last client, stops it and its forwards on close.
    loopback.restore_device_link(SERIAL)
    client = HdcClient(port=loopback.port)
    left = client.device(SERIAL).forward(0, f"tcp:{pid_port(loopback)[1]}")
    before = len(loopback.commands)
    with ohbridge.connect(url_of(loopback), backend="agent") as again:
        assert again._backend.info["pid"] == pid  # type: ignore[attr-defined]
        assert not any(c.text.startswith("fport tcp:") for c in loopback.commands[before:])
        assert len(again.missions.get_mission_infos("", 10)) == 3
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not _alive(pid)
    assert left.local not in [r.local for r in client.list_forwards()]


def test_the_hdc_server_dying_is_blamed_on_the_server(tmp_path: Path) -> None:
    server = FakeHdcServer([SERIAL]).start()
    try:
        install_device_tools(server.target(SERIAL))
        dev = ohbridge.connect(url_of(server), backend="agent")
        backend: AgentBackend = dev._backend  # type: ignore[assignment]
        link = backend._link
        server.kill()
        reason = _wait_closed(backend, link)
        assert reason.startswith(f"the hdc server at 127.0.0.1:{server.port} is not answering"), reason
        with pytest.raises(AgentConnectionError) as caught:
            dev.missions.get_mission_infos("", 10)
        assert str(caught.value).startswith("cannot reach the ohbridge-agent: the hdc server at")
        assert _one_line(str(caught.value))
        with pytest.warns(AgentLeftRunningWarning, match="the hdc server at .* is not answering"):
            dev.close()
    finally:
        server.stop()


def test_diagnose_link_names_each_part(loopback: FakeHdcServer) -> None:
    """transport.diagnose.diagnose_link, part by part, nearest first."""
    client = HdcClient(port=loopback.port)
    dev = client.device(SERIAL)
    with dev.forward(0, "tcp:1") as fwd:
        assert diagnose_link(dev, forward=(fwd.local, fwd.remote)).part == PEER
        assert diagnose_link(dev, forward=("tcp:2", "tcp:3")).part == FORWARD
    loopback.target(SERIAL).state = "Unauthorized"
    found = diagnose_link(dev)
    assert (found.part, _one_line(found.message)) == (DEVICE_LINK, True)
    loopback.remove_target(SERIAL)
    assert "is no longer listed" in diagnose_link(dev).message
    loopback.kill()
    assert diagnose_link(dev).part == SERVER


def test_connect_to_an_installed_agent_skips_preparing_its_directory(loopback: FakeHdcServer) -> None:
    """agent_manager.start_agent(prepared=True): the agent found installed proves its
    directory exists, so a reconnecting unshared connect() spends no round trip on prepare.sh."""
    ohbridge.connect(url_of(loopback), backend="agent", share_agent=False).close()
    before = len(loopback.commands)
    with ohbridge.connect(url_of(loopback), backend="agent", share_agent=False) as dev:
        assert len(dev.missions.get_mission_infos("", 10)) == 3
    scripts = [c.text for c in loopback.commands[before:] if "ohbridge-" in c.text]
    assert any("ohbridge-start.sh" in t for t in scripts)
    assert not any("ohbridge-prepare.sh" in t for t in scripts)


@pytest.mark.parametrize("state", ["Offline", "Unauthorized"])
def test_connect_to_a_device_whose_link_is_down_names_the_device_link(loopback: FakeHdcServer, state: str) -> None:
    """agent_attach.run_connect_script: the transport error keeps its class, says which part
    failed in one line, and names the script rather than quoting pages of it."""
    loopback.target(SERIAL).state = state
    with pytest.raises(ohbridge.transport.HdcError) as caught:
        ohbridge.connect(url_of(loopback), backend="agent")
    message = str(caught.value)
    assert message.startswith(f"the device link is down: {SERIAL} is {state} on the hdc server"), message
    assert "<hdc_scripts/connect.sh>" in message and "#!/bin/sh" not in message and _one_line(message)


def test_connect_through_a_dead_server_names_the_server(loopback: FakeHdcServer) -> None:
    url = url_of(loopback)
    loopback.kill()
    with pytest.raises(ohbridge.transport.HdcError) as caught:
        ohbridge.connect(url, backend="agent")
    assert str(caught.value).startswith("cannot reach an hdc server at 127.0.0.1:") and _one_line(str(caught.value))
