"""The per-test reset on real devices (python/ohbridge/pytest_plugin/_reset.py), with pytester, on
the loopback device served by the agent (a real device to the plugin: one connection for the
session, so what a test leaves there would reach the next test)."""

from __future__ import annotations

from typing import Iterator

import pytest

from ohbridge.testing import FakeHdcServer
from ohbridge.testing.device_apps import install_app_lifecycle
from ohbridge.testing.device_tools import install_device_tools

from .conftest import plugin_args

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.timeout(180)

SERIAL = "reset-0"

LEAVES_STATE = '''
import pytest

PEER = "PEER1000000000000000000000000000000000000000000000000000000000B"
INFO = {"wants": [{"bundleName": "com.example.myapplication", "abilityName": "EntryAbility"}],
        "operationType": 1, "requestCode": 3, "wantAgentFlags": [2]}
before = {}

def noop(*args):
    pass

def test_a_starts_registers_and_creates(ohos_device):
    d = ohos_device
    assert d.backend == "agent"
    before["pending"] = d.stub.pending_want_count
    d.start_ability("com.ohos.camera", "MainAbility")
    d.distributed_mission_manager.register_mission_listener(
        {"deviceId": PEER}, {"notifyMissionsChanged": noop, "notifySnapshot": noop, "notifyNetDisconnect": noop})
    d.distributed_mission_manager.on("continueStateChange", noop)
    d.want_agent.get_want_agent(INFO)
    assert d.stub.mission_listener_count == 1 and d.stub.continue_state_listener_count == 1
    assert d.stub.pending_want_count == before["pending"] + 1

def test_b_finds_it_all_undone(ohos_device):
    d = ohos_device
    assert d.stub.mission_listener_count == 0
    assert d.stub.continue_state_listener_count == 0
    assert d.stub.pending_want_count == before["pending"]
    front = d.foreground()
    assert front is None or front.want.bundle_name != "com.ohos.camera"

@pytest.mark.ohos_keep_state
def test_c_keeps_its_state(ohos_device):
    ohos_device.start_ability("com.ohos.settings", "EntryAbility")
    ohos_device.distributed_mission_manager.register_mission_listener(
        {"deviceId": PEER}, {"notifyMissionsChanged": noop, "notifySnapshot": noop, "notifyNetDisconnect": noop})

def test_d_finds_it_kept_and_leaves_it(ohos_device):
    d = ohos_device
    assert d.stub.mission_listener_count == 1
    assert d.foreground().want.bundle_name == "com.ohos.settings"
'''


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHdcServer]:
    with FakeHdcServer([SERIAL]) as server:
        install_device_tools(server.target(SERIAL))
        install_app_lifecycle(server.target(SERIAL))
        for name, value in server.env.items():
            monkeypatch.setenv(name, value)
        yield server


def test_what_a_test_did_on_a_real_device_is_undone_unless_it_keeps_its_state(
        pytester: pytest.Pytester, loopback: FakeHdcServer) -> None:
    pytester.makepyfile(test_leaves_state=LEAVES_STATE)
    result = pytester.runpytest_inprocess(*plugin_args(), "-p", "no:randomly", "--ohos-device", f"hdc:{SERIAL}",
                                          "--ohos-backend", "agent")
    result.assert_outcomes(passed=4)


def test_an_undo_that_fails_is_a_warning_on_the_test_not_a_failure(
        pytester: pytest.Pytester, loopback: FakeHdcServer) -> None:
    pytester.makepyfile(test_undo_fails='''
def test_starts_then_the_stop_fails(ohos_device):
    ohos_device.start_ability("com.ohos.camera", "MainAbility")
    ohos_device.stub.fail_next("app.forceStop", 2097174)  # AMS KILL_PROCESS_FAILED
''')
    result = pytester.runpytest_inprocess(*plugin_args(), "--ohos-device", f"hdc:{SERIAL}", "--ohos-backend", "agent")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*OhosResetWarning*could not force-stop com.ohos.camera: [[]10106401[]] kill process failed*"])


def test_a_simulated_device_needs_no_reset_it_is_fresh_per_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_stub_fresh='''
def test_a(ohos_device):
    ohos_device.start_ability("com.ohos.camera", "MainAbility")
    assert ohos_device.foreground().want.bundle_name == "com.ohos.camera"

def test_b(ohos_device):
    assert ohos_device.foreground().want.bundle_name == "com.example.myapplication"
''')
    result = pytester.runpytest_inprocess(*plugin_args(), "-p", "no:randomly", "--ohos-stub")
    result.assert_outcomes(passed=2)
