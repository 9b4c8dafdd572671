"""The agent backend when the path to the device breaks: a clear error or a
transparent reconnect, never a hang.  Every test is bounded by its own
timeouts and by pytest-timeout."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any, List

import pytest

import ohbridge
from ohbridge.backends.agent import AgentBackend, AgentConnectionError, AgentTimeoutError
from ohbridge.testing import FakeHdcServer
from ohbridge.testing.device_tools import install_device_tools

from .conftest import SERIAL, pid_port, url_of

INFO = {"wants": [{"bundleName": "com.example.myapplication", "abilityName": "EntryAbility"}],
        "operationType": 1, "requestCode": 0}


def call_in_thread(fn: Any) -> List[Any]:
    out: List[Any] = []

    def run() -> None:
        try:
            out.append(fn())
        except BaseException as exc:  # noqa: BLE001
            out.append(exc)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    out.append(t)
    return out


def stop_process(pid: int) -> None:
    """SIGSTOP ``pid`` and wait until it is stopped: the signal is acted on only when the
    process next runs, so a request sent at once could still be answered."""
    os.kill(pid, signal.SIGSTOP)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with open(f"/proc/{pid}/stat") as f:
            if f.read().rsplit(") ", 1)[1].startswith(("T", "t")):
                return
        time.sleep(0.005)
    raise AssertionError(f"process {pid} did not stop")


def test_killing_the_agent_mid_call_fails_the_call_then_reconnects(loopback: FakeHdcServer) -> None:
    with ohbridge.connect(url_of(loopback)) as dev:
        dev.want_agent.get_want_agent(INFO)
        pid, _ = pid_port(loopback)
        stop_process(pid)  # the call below is now in flight, unanswered
        try:
            result = call_in_thread(lambda: dev.missions.get_mission_infos("", 10))
            time.sleep(0.2)
            assert len(result) == 1, "the call cannot have finished: the agent is stopped"
            os.kill(pid, signal.SIGKILL)
        finally:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
        result[0].join(10)
        assert isinstance(result[1], AgentConnectionError)
        assert "dropped while the call was in flight" in str(result[1])
        # The next call brings up a new agent (a fresh world: the agent was lost).
        assert [m.mission_id for m in dev.missions.get_mission_infos("", 10)] == [3, 2, 1]
        assert dev._backend.reconnects == 1  # type: ignore[attr-defined]
        assert pid_port(loopback)[0] != pid


def test_killing_the_forward_reconnects_to_the_same_agent(loopback: FakeHdcServer) -> None:
    with ohbridge.connect(url_of(loopback)) as dev:
        dev.want_agent.get_want_agent(INFO)
        assert dev.stub.pending_want_count == 1
        pid, port = pid_port(loopback)
        client = ohbridge.transport.HdcClient(port=loopback.port)
        for rule in client.list_forwards():
            client.remove_forward(rule.local, rule.remote)
        # The link went with the forward; the agent and its world did not.
        deadline = time.monotonic() + 5
        while not dev._backend._link.closed and time.monotonic() < deadline:  # type: ignore[attr-defined]
            time.sleep(0.01)
        assert dev.stub.pending_want_count == 1
        assert pid_port(loopback)[0] == pid
        assert dev._backend.reconnects == 1  # type: ignore[attr-defined]


def test_a_stalled_agent_times_out_instead_of_hanging(loopback: FakeHdcServer) -> None:
    with ohbridge.connect(url_of(loopback)) as dev:
        backend: AgentBackend = dev._backend  # type: ignore[assignment]
        backend.call_timeout = 1.0
        pid, _ = pid_port(loopback)
        stop_process(pid)
        try:
            # Raising at all is the point (a hang would meet the test's own timeout); how soon
            # is the benchmark's business, not a wall-clock assert on a shared machine.
            with pytest.raises(AgentTimeoutError):
                dev.missions.get_mission_infos("", 10)
        finally:
            os.kill(pid, signal.SIGCONT)
        backend.call_timeout = 30.0
        assert len(dev.missions.get_mission_infos("", 10)) == 3  # reconnected to the same agent


def test_restarting_the_hdc_server_is_an_error_then_a_transparent_reconnect(tmp_path: Path) -> None:
    server = FakeHdcServer([SERIAL]).start()
    port = server.port
    try:
        install_device_tools(server.target(SERIAL))
        dev = ohbridge.connect(url_of(server))
        assert len(dev.missions.get_mission_infos("", 10)) == 3
        server.kill()  # the agent, the forward and the link die with it
        with pytest.raises(AgentConnectionError):
            dev.missions.get_mission_infos("", 10)  # no server: a clear error, at once
        server = FakeHdcServer([SERIAL], port=port).start()
        install_device_tools(server.target(SERIAL))
        # A new server, a new (empty) device: pushed, started and forwarded again.
        assert len(dev.missions.get_mission_infos("", 10)) == 3
        dev.close()
    finally:
        server.stop()


def test_callbacks_registered_are_released_when_the_agent_drops_them(loopback: FakeHdcServer) -> None:
    with ohbridge.connect(url_of(loopback)) as dev:
        backend: AgentBackend = dev._backend  # type: ignore[assignment]
        tablet = dev.stub.peer_ids[0]
        dmm = dev.distributed_mission_manager
        dmm.register_mission_listener({"deviceId": tablet}, {"notifyMissionsChanged": lambda *a: None,
                                                             "notifySnapshot": lambda *a: None,
                                                             "notifyNetDisconnect": lambda *a: None})
        assert backend.held_functions >= 3
        dmm.unregister_mission_listener({"deviceId": tablet})
        for _ in range(20):
            dev.missions.get_mission_infos("", 1, lambda e, d: None)
        assert dev.flush(10)
        dev.missions.get_mission_infos("", 1)  # carries the last drops
        assert backend.held_functions == 0


def test_interpreter_exits_cleanly_with_an_agent_connection_open(loopback: FakeHdcServer) -> None:
    script = textwrap.dedent(f"""
        import threading, ohbridge
        dev = ohbridge.connect({url_of(loopback)!r})
        wa = dev.want_agent.get_want_agent({INFO!r})
        done = threading.Event()
        dev.want_agent.trigger(wa, {{"code": 1}}, lambda e, d: done.set())
        done.wait(10)
        print("ok")
        # no close(): exit must neither hang nor crash
    """)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "ok"


def test_closing_a_link_leaves_its_descriptor_to_the_reader_thread(loopback: FakeHdcServer) -> None:
    # _Link.close used to close the socket while its reader thread sat in
    # recv() on it (TSan: socket.close races recv): the descriptor number
    # could be reused by another socket and read from.  close() now only
    # shuts the socket down; the reader closes it when its recv() returns.
    with ohbridge.connect(url_of(loopback)) as dev:
        backend: AgentBackend = dev._backend  # type: ignore[assignment]
        dev.missions.get_mission_infos("", 10)
        link = backend._link  # type: ignore[attr-defined]
        closers: List[Any] = []
        real = link.sock

        class RecordingSocket:
            def __getattr__(self, name: str) -> Any:
                return getattr(real, name)

            def close(self) -> None:
                me = threading.current_thread()
                closers.append((me.name, me is link._reader or not link._reader.is_alive()))
                real.close()

        link.sock = RecordingSocket()
        link.close("test")
        link._reader.join(10)
        assert not link._reader.is_alive()
        assert ("ohbridge-agent-reader", True) in closers  # the reader closes it when recv() returns
        assert all(safe for _, safe in closers)  # nobody else while the reader may be in recv()
        assert real.fileno() == -1
