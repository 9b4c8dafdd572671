"""agent_manager and hdc_scripts/ against the loopback device."""

from __future__ import annotations

from pathlib import Path

import pytest

from ohbridge import agent_manager as am
from ohbridge.device_probe import DeviceProbe
from ohbridge.testing import FakeHdcServer
from ohbridge.transport import open_device

from .conftest import SERIAL, url_of


def test_install_start_status_stop(loopback: FakeHdcServer) -> None:
    t = open_device(url_of(loopback))
    st = am.agent_status(t)
    assert (st.installed, st.running, st.up_to_date) == (False, False, False)
    seen = []
    st = am.install_agent(t, progress=lambda done, total: seen.append(done))
    assert st.installed and st.up_to_date and not st.running and st.version
    assert am.install_agent(t) == st  # up to date: nothing pushed
    session = am.start_agent(t)
    assert session.device_port > 0 and len(session.token) == 64
    assert session.token not in repr(session)
    st = am.agent_status(t)
    assert st.running and st.pid == session.pid and st.port == session.device_port
    # The token file was consumed: nothing on the device holds the token.
    tokens = list(loopback.target(SERIAL).device_path(am.DEVICE_DIR).glob("token.*"))
    assert tokens == []
    am.stop_agent(t)
    assert not am.agent_status(t).running
    am.stop_agent(t)  # idempotent


def test_a_stale_agent_is_replaced(loopback: FakeHdcServer) -> None:
    t = open_device(url_of(loopback))
    am.install_agent(t)
    agent = loopback.target(SERIAL).device_path(am.DEVICE_AGENT)
    agent.write_bytes(b"#!/bin/sh\necho 'ohbridge-agent 0.0.1'\n")
    agent.chmod(0o755)
    st = am.agent_status(t)
    assert st.installed and st.version == "0.0.1" and not st.up_to_date
    assert am.install_agent(t).up_to_date


def test_missing_binary_for_a_target_is_a_clear_error() -> None:
    with pytest.raises(am.AgentNotFoundError, match="ohos-toolchain"):
        am.agent_binary_path("ohos-riscv64")


def test_diagnostics_collects_every_section(loopback: FakeHdcServer) -> None:
    t = open_device(url_of(loopback))
    loopback.target(SERIAL).add_log("01-01 00:00:00.000  1  1 I A00001/MyTag: hello from hilog")
    am.install_agent(t)
    am.start_agent(t)
    text = am.collect_diagnostics(t)
    for section in ("== agent state ==", "== agent log ==", "== aa dump -a ==", "== focus window ==", "== hilog =="):
        assert section in text
    assert "Focus window: 3" in text and "Mission ID #3" in text and "PendWantRecord ID #1" in text
    assert "listening on 127.0.0.1:" in text and "ohbridge-loopback" in text
    assert "hello from hilog" in text
    am.stop_agent(t)


def _probe(abilist: tuple[str, ...] = (), machine: str = "aarch64", uid: int = 0) -> DeviceProbe:
    return DeviceProbe(machine=machine, abilist=abilist, uid=uid, debuggable=True, api_version=12)


def _fake_build(where: Path) -> Path:
    where.parent.mkdir(parents=True, exist_ok=True)
    where.write_bytes(b"#!/bin/sh\necho 'ohbridge-agent 9.9.9'\n")
    where.chmod(0o755)
    return where


def test_packaged_agents_are_found_by_abi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OHBRIDGE_AGENT", raising=False)
    monkeypatch.setattr(am, "_BIN_DIR", tmp_path)
    build = _fake_build(tmp_path / "arm64-v8a" / "ohbridge-agent")
    found = am.find_agent(_probe(("arm64-v8a", "armeabi-v7a")))
    assert (found.path, found.abi, found.source, found.world) == (build, "arm64-v8a", "packaged", "device")
    assert am.agent_binary_path("arm64-v8a") == build and am.agent_binary_path("ohos-aarch64") == build
    with pytest.raises(am.AgentNotFoundError, match="armeabi-v7a.*ohos-toolchain"):
        am.find_agent(_probe(("armeabi-v7a",), machine="armv7l"))


def test_a_named_build_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(am, "_BIN_DIR", tmp_path)
    _fake_build(tmp_path / "arm64-v8a" / "ohbridge-agent")
    from_env = _fake_build(tmp_path / "env-agent")
    given = _fake_build(tmp_path / "given-agent")
    monkeypatch.setenv("OHBRIDGE_AGENT", str(from_env))
    assert am.find_agent(_probe(("arm64-v8a",))).source == "$OHBRIDGE_AGENT"
    chosen = am.find_agent(_probe(("arm64-v8a",)), given)
    assert (chosen.path, chosen.source) == (given, "agent_path=")
    monkeypatch.setenv("OHBRIDGE_AGENT", str(tmp_path / "typo"))
    with pytest.raises(am.AgentPathError, match="OHBRIDGE_AGENT.*not a file"):
        am.find_agent(_probe(("arm64-v8a",)))


def test_only_a_device_that_is_not_openharmony_gets_the_host_build(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from ohbridge.device_probe import host_abi

    monkeypatch.delenv("OHBRIDGE_AGENT", raising=False)
    monkeypatch.setattr(am, "_BIN_DIR", tmp_path)
    _fake_build(tmp_path / "ohbridge-agent")
    abi = host_abi()
    assert abi is not None
    machine = {"arm64-v8a": "aarch64", "armeabi-v7a": "armv7l"}.get(abi, abi)
    loopback = am.find_agent(_probe(machine=machine))
    assert (loopback.path, loopback.source, loopback.world) == (am.agent_binary_path(), "host build", "stub")
    # An OpenHarmony device of the host's ABI runs musl and its own services: the glibc
    # host build is no agent for it.
    with pytest.raises(am.AgentNotFoundError):
        am.find_agent(_probe((abi,), machine=machine))


def test_a_build_where_the_toolchain_notes_put_it_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OHBRIDGE_AGENT", raising=False)
    monkeypatch.setattr(am, "_BIN_DIR", tmp_path)
    build = _fake_build(tmp_path / "ohos-aarch64" / "ohbridge-agent")
    assert am.find_agent(_probe(("arm64-v8a",))).path == build
