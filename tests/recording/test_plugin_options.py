"""The plugin's --ohos-record / --ohos-replay in their three spellings, and their usage errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import plugin_args

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.timeout(120)

SUITE = """
import pytest

@pytest.mark.parametrize("code", [1, 2])
def test_missions(ohos_device, code):
    assert len(ohos_device.missions.get_mission_infos("", code)) == code

def test_two_devices(ohos_device_factory):
    a, b = ohos_device_factory(), ohos_device_factory()
    assert a.missions.get_mission_infos("", 1) and b.missions.get_mission_infos("", 2)
"""


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_inprocess(*plugin_args(), "-rs", "-p", "no:cacheprovider", *args)


def test_record_from_the_environment_and_replay_from_the_ini_file(pytester: pytest.Pytester, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    pytester.makepyfile(test_suite=SUITE)
    out = tmp_path / "recs"
    monkeypatch.setenv("OHOS_RECORD", str(out))
    run(pytester, "--ohos-stub").assert_outcomes(passed=3)
    assert sorted(p.name for p in out.iterdir()) == [
        "test_suite.py_test_missions_1.ohrec", "test_suite.py_test_missions_2.ohrec",
        "test_suite.py_test_two_devices.1.ohrec", "test_suite.py_test_two_devices.ohrec"]
    monkeypatch.delenv("OHOS_RECORD")
    pytester.makeini(f"[pytest]\nohos_replay = {out}\n")
    result = run(pytester)
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["ohbridge: testbed 'replay': replay (from the ini file)"])


def test_a_test_without_a_recording_is_skipped_with_the_reason(pytester: pytest.Pytester, tmp_path: Path) -> None:
    pytester.makepyfile(test_suite=SUITE)
    (tmp_path / "empty").mkdir()
    result = run(pytester, f"--ohos-replay={tmp_path / 'empty'}")
    result.assert_outcomes(skipped=3)
    result.stdout.fnmatch_lines(["*no recording of this test in *empty (test_suite.py_test_missions_1.ohrec); "
                                 "record one with --ohos-record"])


@pytest.mark.parametrize("args, message", [
    (("--ohos-replay=/no/such/dir",), "no directory of recordings '/no/such/dir'"),
    (("--ohos-replay=.", "--ohos-stub"), "--ohos-replay serves the recorded devices; drop --ohos-stub"),
    (("--ohos-replay=.", "--ohos-record=x"), "give either a directory to record into"),
])
def test_usage_errors_stop_the_session_in_one_line(pytester: pytest.Pytester, args: tuple, message: str) -> None:
    pytester.makepyfile(test_suite=SUITE)
    result = run(pytester, *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*ohbridge*{message}*"])
