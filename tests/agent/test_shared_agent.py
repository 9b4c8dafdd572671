"""connect() to an installed agent in one device round trip, and one agent shared by processes.

Rules (ohbridge.agent_attach, ohbridge.shared_agent, hdc_scripts/connect.sh,
native/agent/admission.h): the probe, the version check and "attach or start" are one
``hdc shell``; a forward the hdc server already has to the agent is reused (``fport ls`` is
answered by the server alone: developtools_hdc ``src/host/server_for_client.cpp``,
``DoCommandLocal``, ``CMD_FORWARD_LIST``); a second process attaches with the token the agent
keeps in a 0600 file; the last client to leave stops the agent and removes its forwards; a
stale agent (dead, from before a reboot, an older build) is cleaned up at the next connect.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import ohbridge
from ohbridge.agent_attach import AgentReplyError, build_candidates, candidate_for_probe, parse_report
from ohbridge.backends.agent import AgentBackend
from ohbridge.device_probe import _MACHINE_ABI, DeviceProbe
from ohbridge.testing import FakeHdcServer
from ohbridge.testing.fake_hdc.round_trips import device_commands, device_round_trips
from ohbridge.transport import HdcClient

from .conftest import SERIAL, url_of

DIR = "/data/local/tmp/ohbridge"
REPO = Path(__file__).resolve().parents[2]


def _state(server: FakeHdcServer) -> Path:
    return server.target(SERIAL).device_path(f"{DIR}/agent.state")


def _state_values(server: FakeHdcServer) -> dict[str, str]:
    return dict(line.split("=", 1) for line in _state(server).read_text().split())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:
        return f.read().split(") ", 1)[1][0] != "Z"


def _wait_gone(pid: int, within: float = 15.0) -> bool:
    deadline = time.monotonic() + within
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not _alive(pid)


def _agent_pid(dev: ohbridge.Device) -> int:
    backend: AgentBackend = dev._backend  # type: ignore[assignment]
    return int(backend.info["pid"])


def test_connect_to_an_installed_current_agent_is_one_device_round_trip(loopback: FakeHdcServer) -> None:
    ohbridge.connect(url_of(loopback), backend="agent").close()  # installs it
    # Installed, not running: the one shell starts it; the forward is the second round trip.
    before = len(loopback.commands)
    first = ohbridge.connect(url_of(loopback), backend="agent")
    trips = device_commands(loopback.commands[before:])
    assert len(trips) == 2 and "ohbridge-connect.sh" in trips[0] and trips[1].startswith("fport tcp:"), trips
    # Running, forward in place: one hdc shell, nothing else reaches the device.
    before = len(loopback.commands)
    with ohbridge.connect(url_of(loopback), backend="agent") as second:
        assert device_round_trips(loopback.commands[before:]) == 1
        assert "fport ls" in [c.text for c in loopback.commands[before:]]
        assert _agent_pid(second) == _agent_pid(first)
        assert len(second.missions.get_mission_infos("", 10)) == 3
    first.close()


def test_the_unshared_path_costs_several_round_trips(loopback: FakeHdcServer) -> None:
    """share_agent=False: probe, health, token push, start, forward (the path before)."""
    ohbridge.connect(url_of(loopback), backend="agent").close()
    before = len(loopback.commands)
    with ohbridge.connect(url_of(loopback), backend="agent", share_agent=False) as dev:
        assert len(dev.missions.get_mission_infos("", 10)) == 3
    assert device_round_trips(loopback.commands[before:]) >= 5


def test_a_second_process_attaches_to_the_agent_the_first_started(loopback: FakeHdcServer) -> None:
    first = ohbridge.connect(url_of(loopback), backend="agent")
    pid = _agent_pid(first)
    child = (
        "import ohbridge, sys\n"
        "with ohbridge.connect(sys.argv[1], backend='agent') as dev:\n"
        "    print(dev._backend.info['pid'], len(dev.missions.get_mission_infos('', 10)))\n"
    )
    # The child imports the ohbridge under test, wherever it is (the source tree built in place,
    # or the installed package CI tests: the source tree has no extension there).
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(ohbridge.__file__)))
    out = subprocess.run([sys.executable, "-c", child, url_of(loopback)], capture_output=True, text=True,
                         timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [str(pid), "3"]
    # The child left, not last: the agent, the first process's link and the forward stay.
    assert _alive(pid)
    assert len(first.missions.get_mission_infos("", 10)) == 3
    assert len(loopback.forward_rules) == 1
    # The first process leaves last: the agent stops, its files and forwards go.
    first.close()
    assert _wait_gone(pid)
    assert not _state(loopback).exists()
    assert not loopback.target(SERIAL).device_path(f"{DIR}/agent.token").exists()
    assert loopback.forward_rules == []


def test_the_token_is_in_a_0600_file_and_never_on_a_command_line_or_in_a_log(
        loopback: FakeHdcServer, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        dev = ohbridge.connect(url_of(loopback), backend="agent")
    try:
        token_file = loopback.target(SERIAL).device_path(f"{DIR}/agent.token")
        token = token_file.read_text().strip()
        assert len(token) == 64 and oct(token_file.stat().st_mode & 0o777) == "0o600"
        pid = _agent_pid(dev)
        assert token.encode() not in Path(f"/proc/{pid}/cmdline").read_bytes()
        assert token.encode() not in Path(f"/proc/{pid}/environ").read_bytes()
        assert all(token not in c.text for c in loopback.commands)
        assert token not in caplog.text
        assert token not in repr(dev._backend._connector.session)  # type: ignore[attr-defined]
    finally:
        dev.close()


def test_a_client_that_goes_without_leave_is_counted_out_after_the_idle_time(loopback: FakeHdcServer) -> None:
    """admission.h: the agent stops once it has had no client for --idle-exit-ms."""
    from ohbridge import agent_attach

    old, agent_attach.IDLE_EXIT_MS = agent_attach.IDLE_EXIT_MS, 300
    try:
        dev = ohbridge.connect(url_of(loopback), backend="agent")
    finally:
        agent_attach.IDLE_EXIT_MS = old
    pid = _agent_pid(dev)
    backend: AgentBackend = dev._backend  # type: ignore[assignment]
    backend.drop_link()  # as if the process died: no leave
    assert _wait_gone(pid)
    assert not _state(loopback).exists()
    dev.close()


def test_a_dead_agent_is_forgotten_with_its_forwards(loopback: FakeHdcServer) -> None:
    dev = ohbridge.connect(url_of(loopback), backend="agent")
    pid, port = int(_state_values(loopback)["pid"]), int(_state_values(loopback)["port"])
    dev._backend.drop_link()  # type: ignore[attr-defined]
    os.kill(pid, 9)
    assert _wait_gone(pid)
    client = HdcClient(port=loopback.port)
    assert [r.remote for r in client.list_forwards()] == [f"tcp:{port}"]
    with ohbridge.connect(url_of(loopback), backend="agent") as again:
        assert _agent_pid(again) != pid
        assert f"tcp:{port}" not in [r.remote for r in client.list_forwards()]
        assert len(again.missions.get_mission_infos("", 10)) == 3
    dev.close()


def test_an_agent_from_before_a_reboot_is_never_signalled_nor_attached(loopback: FakeHdcServer) -> None:
    """The state file names another boot (kernel boot_id): its pid may be anyone's now."""
    stranger = subprocess.Popen(["sleep", "60"])
    try:
        state = _state(loopback)
        state.parent.mkdir(parents=True, exist_ok=True)
        first = ohbridge.connect(url_of(loopback), backend="agent")  # installed
        pid = _agent_pid(first)
        first.close()
        assert _wait_gone(pid)
        state.write_text(f"pid={stranger.pid}\nport=1\nversion=0\nboot_id=00000000-0000-0000-0000-000000000000\n")
        client = HdcClient(port=loopback.port)
        client.device(SERIAL).forward(0, "tcp:1")
        with ohbridge.connect(url_of(loopback), backend="agent") as dev:
            assert _agent_pid(dev) != stranger.pid
            assert len(dev.missions.get_mission_infos("", 10)) == 3
            assert "tcp:1" not in [r.remote for r in client.list_forwards()]
        assert stranger.poll() is None  # not killed
    finally:
        stranger.kill()
        stranger.wait(10)


def test_an_older_build_is_replaced_at_the_next_connect(loopback: FakeHdcServer) -> None:
    old = ohbridge.connect(url_of(loopback), backend="agent")
    pid = _agent_pid(old)
    binary = loopback.target(SERIAL).device_path(f"{DIR}/ohbridge-agent")
    other = binary.with_name("other-build")
    other.write_bytes(binary.read_bytes() + b"\0")  # another build than the host's: its sha256 differs
    other.chmod(0o755)
    other.replace(binary)  # moved over, as install.sh does: a running executable cannot be written
    before = len(loopback.commands)
    with ohbridge.connect(url_of(loopback), backend="agent") as dev:
        assert _agent_pid(dev) != pid
        assert any(t.startswith("file send") for t in device_commands(loopback.commands[before:]))
        assert len(dev.missions.get_mission_infos("", 10)) == 3
    assert not _alive(pid)
    old.close()


def test_another_world_than_the_running_one_restarts_it(loopback: FakeHdcServer) -> None:
    """The caller's explicit world wins: an agent launched with other options is replaced."""
    with ohbridge.connect(url_of(loopback), backend="agent") as b:
        pid = _agent_pid(b)
        with ohbridge.connect(url_of(loopback), backend="agent", api_version=12) as c:
            assert _agent_pid(c) != pid and _wait_gone(pid)
            assert c.stub.api_version == 12


def test_a_device_answering_garbage_gets_a_clear_error(loopback: FakeHdcServer) -> None:
    loopback.target(SERIAL).add_executable("sh", "#!/bin/sh\necho 'sh: syntax error: unexpected \"(\"'\n")
    with pytest.raises(AgentReplyError, match=r"did not answer the agent's connect script with its report "
                                              r"\(first line: 'sh: syntax error"):
        ohbridge.connect(url_of(loopback), backend="agent")


@pytest.mark.parametrize("text, why", [
    ("", "nothing"),
    ("machine=x86_64\nagent=started\n", "first line"),  # cut short: no status=done
    ("agent=started\nport=99999\ntoken=" + "a" * 64 + "\nstatus=done\n", "no agent port"),
    ("agent=attached\nport=5000\ntoken=short\nstatus=done\n", "no well-formed session token"),
    ("agent=exploded\nstatus=done\n", "first line"),
])
def test_parse_report_is_strict(text: str, why: str) -> None:
    with pytest.raises(AgentReplyError, match=why) as caught:
        parse_report(text)
    assert "short" not in str(caught.value) or why == "first line"
    assert "\n" not in str(caught.value)


def test_the_scripts_abi_names_are_device_probes() -> None:
    """connect.sh's abi_of() agrees with ohbridge.device_probe._MACHINE_ABI, name by name."""
    script = (REPO / "hdc_scripts" / "connect.sh").read_text()
    func = script[script.index("abi_of() {"):script.index("# A process that has exited")]
    for machine, abi in list(_MACHINE_ABI.items()) + [("mips", "")]:
        out = subprocess.run(["/bin/sh", "-c", func + 'abi_of "$1"', "sh", machine], capture_output=True,
                             text=True, timeout=10)
        assert out.stdout.strip() == abi, machine


def test_the_script_picks_the_build_the_host_would_pick(tmp_path: Path) -> None:
    build = tmp_path / "agent"
    build.write_bytes(b"\x7fELF")
    cands = build_candidates(build)
    oh = DeviceProbe(machine="aarch64", abilist=("arm64-v8a",), uid=0, debuggable=True, api_version=20)
    linux = DeviceProbe(machine="x86_64", abilist=(), uid=0, debuggable=None, api_version=None)
    oh_pick, linux_pick = candidate_for_probe(cands, oh), candidate_for_probe(cands, linux)
    assert oh_pick is not None and (oh_pick.key, oh_pick.options) == ("oh:*", ())
    assert linux_pick is not None and (linux_pick.key, linux_pick.options) == ("linux:*", ("--stub",))
