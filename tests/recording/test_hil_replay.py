"""The example HIL suite, recorded through the loopback device with the Linux agent, replayed with no device."""

from __future__ import annotations

from pathlib import Path

import pytest

from ohbridge.recording import read_recording
from ohbridge.testing import FakeHdcServer

from .conftest import EXAMPLE, SERIAL, plugin_args

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.timeout(180)


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_inprocess(*plugin_args(), "-rs", "-p", "no:cacheprovider", *args)


@pytest.fixture
def recorded(pytester: pytest.Pytester, loopback: FakeHdcServer, tmp_path: Path) -> Path:
    pytester.makepyfile(test_example=EXAMPLE)
    out = tmp_path / "recordings"
    run(pytester, "--ohos-device", f"hdc:{SERIAL}", f"--ohos-record={out}").assert_outcomes(passed=7)
    return out


def test_the_recorded_example_replays_with_every_test_passing_and_no_device(
        pytester: pytest.Pytester, recorded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted(p.name for p in recorded.iterdir())
    assert "test_example.py_test_a_trigger_completes_with_its_code.ohrec" in files, files
    header = read_recording(recorded / files[0]).header
    assert header["backend"] == "agent" and header["serial"] == SERIAL
    assert header["device"]["model"] == "rk3568" and header["device"]["api_version"] == 12
    assert header["device"]["release"] == "OpenHarmony-5.0.0.71"
    for name in ("OHOS_HDC_SERVER_PORT", "OHOS_HDC_SERVER", "OHBRIDGE_HDC_PORT"):
        monkeypatch.delenv(name, raising=False)
    result = run(pytester, f"--ohos-replay={recorded}")
    result.assert_outcomes(passed=7)


def test_an_edited_argument_makes_replay_fail_naming_that_call(pytester: pytest.Pytester, recorded: Path) -> None:
    edited = EXAMPLE.replace("TriggerInfo(code=42)", "TriggerInfo(code=43)")
    # ... and a test that stops short of its recording: it fails at teardown, listing what it did not call.
    edited = edited.replace("    assert ohos_device.want_agent.get_operation_type(agent) == OperationType.START_ABILITY\n", "")
    assert edited.count("TriggerInfo(code=43)") == 1 and edited.count("get_operation_type") == 0
    pytester.makepyfile(test_example=edited)
    result = run(pytester, f"--ohos-replay={recorded}")
    result.assert_outcomes(passed=6, failed=1, errors=1)
    # (On a real device the per-test reset's calls are part of the recording: the WantAgent's cancel.)
    result.stdout.fnmatch_lines(["*test_a_want_agent_names_its_bundle.ohrec: the test ended with * recorded call(s) "
                                 "not made:*", "*#3 wantAgent.getOperationType({\"$handle\":1})*"])
    result.stdout.fnmatch_lines(["*ReplayDivergence: replay of *test_a_trigger_completes_with_its_code.ohrec "
                                 "diverged at call #2 of *:*",
                                 "*recorded: wantAgent.triggerAsync(*\"code\":42*",
                                 "*actual:   wantAgent.triggerAsync(*\"code\":43*",
                                 "*first difference at args?1?.code: recorded 42, actual 43*"])


def test_the_fidelity_report_over_the_recorded_example_shows_no_difference(recorded: Path) -> None:
    from ohbridge.recording.fidelity import measure_path, summarise

    reports = measure_path(str(recorded))
    assert len(reports) == 7 and sum(r.calls for r in reports) > 10
    assert [d for r in reports for d in r.differences] == []
    methods = {row["method"]: row for row in summarise(reports)}
    assert methods["wantAgent.getWantAgent"]["calls"] >= 5 and methods["wantAgent.getWantAgent"]["differences"] == 0


def test_a_recording_edited_to_another_error_code_shows_exactly_that_difference(recorded: Path) -> None:
    from ohbridge.recording.fidelity import measure_path

    path = recorded / "test_example.py_test_bad_input_is_a_401.ohrec"
    text = path.read_text(encoding="utf-8")
    assert text.count('"code":401') == 1
    path.write_text(text.replace('"code":401', '"code":16000151'), encoding="utf-8")
    differences = [(Path(r.path).name, d.call, d.method, d.what, d.recorded, d.stub)
                   for r in measure_path(str(recorded)) for d in r.differences]
    assert differences == [(path.name, 1, "wantAgent.getUid", "error code", 16000151, 401)]
