"""agent_manager and hdc_scripts/ against the loopback device."""

from __future__ import annotations

import pytest

from ohbridge import agent_manager as am
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
