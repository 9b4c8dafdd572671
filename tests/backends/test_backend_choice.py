"""connect() serves a device through what it can run: the agent where one can, else the shell
backend with one warning; backend="agent" where it cannot is an error, never a fallback.

The loopback device plays the other kinds of device with FakeTarget.set_device_profile: an
OpenHarmony ABI (``uname -m``, ``const.product.cpu.abilist``), the uid of the hdc shell, and
``const.debuggable`` (hdcd keeps root only on a debuggable build: developtools_hdc,
src/daemon/main.cpp, NeedDropRootPrivileges).
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Iterator, List

import pytest

import ohbridge
from ohbridge.agent_manager import AgentPathError, agent_binary_path
from ohbridge.backend_choice import AgentUnavailableError, BackendFallbackWarning, choose_backend
from ohbridge.device_probe import probe_device
from ohbridge.errors import NotSupportedError
from ohbridge.testing import FakeHdcServer
from ohbridge.testing.device_tools import install_device_tools
from ohbridge.transport import open_device

SERIAL = "choice-0"


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHdcServer]:
    monkeypatch.delenv("OHBRIDGE_AGENT", raising=False)
    with FakeHdcServer([SERIAL]) as s:
        install_device_tools(s.target(SERIAL))
        yield s


def url(server: FakeHdcServer) -> str:
    return f"hdc://127.0.0.1:{server.port}/{SERIAL}"


def connect_recording(*args: object, **kwargs: object) -> "tuple[ohbridge.Device, List[warnings.WarningMessage]]":
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        device = ohbridge.connect(*args, **kwargs)  # type: ignore[arg-type]
    return device, [w for w in caught if issubclass(w.category, BackendFallbackWarning)]


def test_an_aarch64_device_is_served_by_the_shell_backend_with_one_warning(
        server: FakeHdcServer, caplog: pytest.LogCaptureFixture) -> None:
    server.target(SERIAL).set_device_profile(abi="arm64-v8a", uid=0, debuggable=True)
    with caplog.at_level(logging.WARNING, logger="ohbridge.connect"):
        device, caught = connect_recording(url(server))
    with device:
        assert device.backend == "shell"
        assert len(caught) == 1
        assert caught[0].filename == __file__  # the warning points at the caller's line
        message = str(caught[0].message)
        assert "arm64-v8a" in message and "no ohbridge-agent" in message
        assert message.count("no ohbridge-agent") == 1  # said once, not once per attempt
        assert "distributed mission manager" in message and "NotSupportedError" in message
        assert [r.getMessage() for r in caplog.records if r.name == "ohbridge.connect"] == [message]
        # The API is served: the mission list comes from aa dump -l, most recent first.
        assert [m.mission_id for m in device.missions.get_mission_infos("", 10)] == [3, 2, 1]
        with pytest.raises(NotSupportedError):
            device.distributed_mission_manager.start_sync_remote_missions(
                {"deviceId": "x", "fixConflict": False, "tag": 0})


def test_probing_costs_one_quoted_hdc_shell(server: FakeHdcServer) -> None:
    server.target(SERIAL).set_device_profile(abi="arm64-v8a")
    before = len(server.commands)
    device, _ = connect_recording(url(server))
    device.close()
    shells = [c.text for c in server.commands[before:] if c.text.startswith("shell ")]
    assert len(shells) == 1
    # After the wrapper's pid record (transport/_exitcode), the script and its name travel quoted.
    assert shells[0].startswith("shell printf ") and "; sh -c 'sh -c '" in shells[0]


def test_asking_for_the_agent_where_none_is_built_is_an_error(server: FakeHdcServer) -> None:
    server.target(SERIAL).set_device_profile(abi="armeabi-v7a")
    with pytest.raises(AgentUnavailableError) as info:
        ohbridge.connect(url(server), backend="agent")
    assert "armeabi-v7a" in str(info.value) and str(info.value).count("no ohbridge-agent") == 1


@pytest.mark.parametrize("debuggable, fix", [(True, "hdc smode"), (False, "user build")])
def test_not_root_means_no_token_so_the_shell_backend(server: FakeHdcServer, debuggable: bool, fix: str) -> None:
    server.target(SERIAL).set_device_profile(abi="x86_64", uid=2000, debuggable=debuggable)
    agent = str(agent_binary_path())
    device, caught = connect_recording(url(server), agent_path=agent)
    with device:
        assert device.backend == "shell"
        assert len(caught) == 1 and "uid 2000" in str(caught[0].message) and fix in str(caught[0].message)
    with pytest.raises(AgentUnavailableError) as info:
        ohbridge.connect(url(server), backend="agent", agent_path=agent)
    assert "uid 2000" in info.value.reason and fix in str(info.value)


def test_the_simulated_world_needs_no_token(server: FakeHdcServer) -> None:
    server.target(SERIAL).set_device_profile(abi="x86_64", uid=2000, debuggable=False)
    device, caught = connect_recording(url(server), agent_path=str(agent_binary_path()), stub=True)
    with device:
        assert device.backend == "agent" and caught == []
        assert device.want_agent is not None and device.stub.api_version > 0


def test_an_agent_that_refuses_to_start_falls_back_once(server: FakeHdcServer,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # The Linux build on an OpenHarmony device is asked to serve the device's own services,
    # which it has no backend for: it exits at start, as a blocked or wrong binary would.
    server.target(SERIAL).set_device_profile(abi="x86_64", uid=0, debuggable=True)
    monkeypatch.setenv("OHBRIDGE_AGENT", str(agent_binary_path()))
    device, caught = connect_recording(url(server))
    with device:
        assert device.backend == "shell"
        assert len(caught) == 1 and "did not start" in str(caught[0].message)
        assert "no OpenHarmony backend" in str(caught[0].message)  # the agent's own words
    with pytest.raises(ohbridge.agent_manager.AgentStartError):
        ohbridge.connect(url(server), backend="agent")


def test_a_mistyped_agent_path_is_an_error_not_a_fallback(server: FakeHdcServer) -> None:
    with pytest.raises(AgentPathError, match="not a file"):
        ohbridge.connect(url(server), agent_path="/nonexistent/ohbridge-agent")


def test_the_loopback_device_runs_the_host_build_of_the_agent(server: FakeHdcServer) -> None:
    device, caught = connect_recording(url(server))
    with device:
        assert device.backend == "agent" and caught == []


def test_shell_and_transport_need_no_probe(server: FakeHdcServer) -> None:
    transport = open_device(url(server))
    before = len(server.commands)
    assert choose_backend(transport, "shell").backend == "shell"
    assert choose_backend(transport, "transport").backend == "transport"
    assert len(server.commands) == before
    with pytest.raises(ValueError, match="backend must be one of"):
        choose_backend(transport, "telepathy")


@pytest.mark.parametrize("abi, machine", [("arm64-v8a", "aarch64"), ("armeabi-v7a", "armv7l"), ("x86_64", "x86_64")])
def test_the_probe_reads_the_abi_the_uid_and_debuggable(server: FakeHdcServer, abi: str, machine: str) -> None:
    server.target(SERIAL).set_device_profile(abi=abi, uid=2000, debuggable=False)
    probe = probe_device(open_device(url(server)))
    assert (probe.abi, probe.machine, probe.uid, probe.root, probe.debuggable) == (abi, machine, 2000, False, False)
    assert probe.openharmony and probe.abilist == (abi,)


def test_a_device_that_says_default_is_named_by_its_machine(server: FakeHdcServer) -> None:
    target = server.target(SERIAL)
    target.set_device_profile(abi="arm64-v8a")
    target.set_param("const.product.cpu.abilist", "default")
    probe = probe_device(open_device(url(server)))
    assert probe.openharmony and probe.abi == "arm64-v8a"


def test_a_target_can_be_added_with_its_profile(server: FakeHdcServer) -> None:
    server.add_target("arm-1", abi="armeabi-v7a", uid=2000, debuggable=True)
    probe = probe_device(open_device(f"hdc://127.0.0.1:{server.port}/arm-1"))
    assert (probe.abi, probe.machine, probe.root, probe.debuggable) == ("armeabi-v7a", "armv7l", False, True)
    with pytest.raises(ValueError, match="unknown ABI"):
        server.target("arm-1").set_device_profile(abi="mips")


def test_a_failed_reconnect_says_each_reason_once(server: FakeHdcServer) -> None:
    from ohbridge.agent_manager import AgentStartError
    from ohbridge.backends.agent import AgentBackend, AgentConnectionError

    class Refusing:
        def endpoint(self, *, restart: bool) -> object:
            raise AgentStartError("the device said no")

        def close(self) -> None:
            pass

    device = ohbridge.connect(url(server))
    backend = device._backend
    assert isinstance(backend, AgentBackend)
    real, backend._connector = backend._connector, Refusing()
    try:
        backend.drop_link()
        with pytest.raises(AgentConnectionError) as info:
            device.missions.get_mission_infos("", 10)
        assert str(info.value).count("the device said no") == 1  # the same reason for both attempts
    finally:
        backend._connector = real
        device.close()


def test_a_scenario_where_no_simulated_world_runs_is_an_error(server: FakeHdcServer, tmp_path: Path) -> None:
    server.target(SERIAL).set_device_profile(abi="arm64-v8a")
    world = tmp_path / "world.toml"
    world.write_text("")
    with pytest.raises(NotSupportedError, match="scenario= needs the agent.*no ohbridge-agent"):
        ohbridge.connect(url(server), scenario=world)
