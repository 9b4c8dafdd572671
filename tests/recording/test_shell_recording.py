"""The shell backend's recordings hold the commands it ran and what they printed, so replay parses again."""

from __future__ import annotations

from pathlib import Path

import pytest

import ohbridge
from ohbridge.backends import shell as shell_backend
from ohbridge.backends.shell import ShellTools
from ohbridge.recording import ReplayDivergence, read_recording
from ohbridge.testing import FakeHdcServer
from ohbridge.testing.device_tools import install_device_tools

from .conftest import SERIAL


@pytest.fixture
def shell_recording(loopback: FakeHdcServer, tmp_path: Path) -> Path:
    install_device_tools(loopback.target(SERIAL))
    path = tmp_path / "shell.ohrec"
    dev = ohbridge.connect(f"hdc://127.0.0.1:{loopback.port}/{SERIAL}", backend="shell", record=path)
    try:
        assert dev.backend == "shell"
        missions = dev.missions.get_mission_infos("", 10)
        assert [m.mission_id for m in missions] == [3, 2, 1]
        assert len(ShellTools(dev.transport).pending_wants().records) > 0  # tools on device.transport too
    finally:
        dev.close()
    return path


def test_the_commands_and_their_outputs_are_in_the_recording(shell_recording: Path) -> None:
    recording = read_recording(shell_recording)
    assert recording.header["backend"] == "shell" and recording.header["device"]["model"] == "ohbridge-loopback"
    shells = [e for e in recording.events if e["e"] == "shell"]
    assert [e["command"] for e in shells] == ["aa dump -l", "aa dump -p"]
    assert "Mission ID #3" in shells[0]["stdout"] and shells[0]["exit_code"] == 0
    call, = recording.calls
    assert call["method"] == "missionManager.getMissionInfos" and call["n"] < shells[0]["n"]  # what it ran for
    assert [m["missionId"] for m in call["result"]["value"]] == [3, 2, 1]


def test_replay_of_a_shell_recording_parses_the_recorded_outputs_again(
        shell_recording: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = []
    real = shell_backend.parse_mission_list

    def counting(text: str):  # type: ignore[no-untyped-def]
        parsed.append(text)
        return real(text)

    monkeypatch.setattr(shell_backend, "parse_mission_list", counting)
    with ohbridge.connect(f"replay:{shell_recording}") as dev:
        assert dev.backend == "shell"
        assert [m.mission_id for m in dev.missions.get_mission_infos("", 10)] == [3, 2, 1]
        assert len(parsed) == 1 and "Mission ID #3" in parsed[0]  # the parser ran, on what the device printed
        assert len(ShellTools(dev.transport).pending_wants().records) > 0
        with pytest.raises(ReplayDivergence, match="not recorded"):
            dev.missions.get_mission_infos("", 10)  # a second call the recording does not have


def test_a_shared_shell_device_records_each_test_into_its_own_file(loopback: FakeHdcServer, tmp_path: Path) -> None:
    from ohbridge.recording import start_recording

    install_device_tools(loopback.target(SERIAL))
    shared = ohbridge.connect(f"hdc://127.0.0.1:{loopback.port}/{SERIAL}", backend="shell")
    try:
        for name in ("first", "second", "third"):
            dev = start_recording(shared, str(tmp_path / f"{name}.ohrec"), owns_device=False)
            dev.missions.get_mission_infos("", 10)
            dev.close()
    finally:
        shared.close()
    for name in ("first", "second", "third"):
        events = read_recording(tmp_path / f"{name}.ohrec").events
        assert [e["command"] for e in events if e["e"] == "shell"] == ["aa dump -l"], name
