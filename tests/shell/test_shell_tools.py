"""ShellTools and the shell backend against the loopback device's fake aa/hidumper/bm/param."""

from __future__ import annotations

from typing import Iterator

import pytest

import ohbridge
from ohbridge.backends.shell import ShellCommandError, ShellTools
from ohbridge.testing import FakeHdcServer
from ohbridge.testing.device_tools import LEGACY_SAMPLE, install_device_tools, set_focus, set_mission_dump
from ohbridge.transport import open_device

SERIAL = "shell-0"


@pytest.fixture
def server() -> Iterator[FakeHdcServer]:
    with FakeHdcServer([SERIAL]) as s:
        install_device_tools(s.target(SERIAL))
        yield s


@pytest.fixture
def tools(server: FakeHdcServer) -> ShellTools:
    return ShellTools(open_device(f"hdc://127.0.0.1:{server.port}/{SERIAL}"))


def test_focused_mission_joins_wms_focus_and_the_mission_list(server: FakeHdcServer, tools: ShellTools) -> None:
    m = tools.focused_mission()
    assert m is not None and m.bundle_name == "com.example.myapplication" and m.foreground
    set_focus(server.target(SERIAL), 2)
    m = tools.focused_mission()
    assert m is not None and m.bundle_name == "com.ohos.camera"


def test_start_and_force_stop_judge_the_text_since_aa_exits_0(server: FakeHdcServer, tools: ShellTools) -> None:
    assert tools.start_ability("com.ohos.camera", "MainAbility").ok
    started = server.target(SERIAL).device_path("/data/x").parent.parent / ".aa_started"
    assert started.read_text().split() == ["com.ohos.camera/MainAbility"]
    with pytest.raises(ShellCommandError) as e:
        tools.start_ability("com.nope", "X; rm -rf /data")  # quoted: reaches aa as one argument
    assert e.value.code == 10104001 and "does not exist" in str(e.value)
    assert tools.force_stop("com.ohos.camera").ok
    with pytest.raises(ShellCommandError) as e:
        tools.force_stop("com.nope")
    assert e.value.code == 10104002


def test_pending_wants_bundles_uids_and_device_info(tools: ShellTools) -> None:
    records = tools.pending_wants().records
    assert [(r.record_id, r.operation_type) for r in records] == [(1, 1), (2, 4)]
    assert tools.bundles() == ["com.example.myapplication", "com.ohos.camera", "com.ohos.settings"]
    assert tools.bundle_uid("com.ohos.camera") == 20010023
    assert tools.bundle_uid("com.nope") is None
    info = tools.device_info()
    assert info["const.product.model"] == "ohbridge-loopback" and info["const.ohos.apiversion"] == "20"
    assert info["const.product.brand"] is None  # unset on the device: "fail", so no value
    assert tools.param("const.ohos.fullname") == "OpenHarmony-6.0.0.0"


def test_shell_backend_reads_the_legacy_layout_too(server: FakeHdcServer) -> None:
    set_mission_dump(server.target(SERIAL), LEGACY_SAMPLE)
    with ohbridge.connect(f"hdc://127.0.0.1:{server.port}/{SERIAL}", backend="shell") as dev:
        infos = dev.missions.get_mission_infos("", 10)
        assert [(m.mission_id, m.want.bundle_name) for m in infos] == [(12, "com.example.demo"),
                                                                       (1, "com.ohos.launcher")]


def test_shell_backend_says_when_the_dump_is_not_understood(server: FakeHdcServer) -> None:
    set_mission_dump(server.target(SERIAL), "something else entirely\n")
    with ohbridge.connect(f"hdc://127.0.0.1:{server.port}/{SERIAL}", backend="shell") as dev:
        with pytest.raises(ohbridge.errors.BusinessError) as e:
            dev.missions.get_mission_infos("", 10)
        assert e.value.code == 16000050
        assert any("not a mission list dump" in p for p in dev._backend.last_problems)  # type: ignore[attr-defined]


def test_unknown_backend_name_is_refused(server: FakeHdcServer) -> None:
    with pytest.raises(ValueError, match="backend must be one of"):
        ohbridge.connect(f"hdc://127.0.0.1:{server.port}/{SERIAL}", backend="telepathy")


def test_start_ability_queued_by_ams_is_returned_as_queued_not_raised(server: FakeHdcServer, tools: ShellTools) -> None:
    # ability_command.cpp RunAsStartAbility: START_ABILITY_WAITING ("start ability successfully.
    # waiting..." up to 5.0.0, the 10106101 block from 5.1.0) is not a failure.
    from .source_samples import AA_START_QUEUED_NEW, AA_START_QUEUED_OLD
    error_file = server.target(SERIAL).device_path("/data/x").parent.parent / ".aa_start_error"
    for sample in (AA_START_QUEUED_OLD, AA_START_QUEUED_NEW):
        error_file.write_text(sample.text)
        result = tools.start_ability("com.example.busy", "EntryAbility")
        assert result.ok and result.queued and result.outcome == "queued"


def test_param_of_an_empty_value_is_the_empty_string(server: FakeHdcServer, tools: ShellTools) -> None:
    # BShellParamCmdGet prints "%s \n": an empty value is one space and a newline.
    server.target(SERIAL).set_param("persist.empty.value", "")
    assert tools.param("persist.empty.value") == ""
    assert tools.param("const.product.model") == "ohbridge-loopback"


def test_a_device_without_aa_says_so_in_one_line_not_16000050() -> None:
    """A shell without OpenHarmony's tools (here the loopback device with none installed, as the
    Linux host behind a real hdcd is) answers ``sh: aa: not found`` with status 127 (POSIX XCU
    2.8.2). No AMS call failed, so it is not turned into 16000050: DeviceToolMissingError names
    the missing tool (ohbridge/backends/shell.py ShellTools._run)."""
    from ohbridge.backends.shell import DeviceToolMissingError

    with FakeHdcServer(["bare-0"]) as bare:
        with ohbridge.connect(f"hdc://127.0.0.1:{bare.port}/bare-0", backend="shell") as dev:
            with pytest.raises(DeviceToolMissingError) as e:
                dev.missions.get_mission_infos("", 10)
    assert e.value.tool == "aa"
    message = str(e.value)
    assert "\n" not in message and message.startswith("the device has no `aa` (") and "not found" in message
