"""The pytest plugin, tested with pytester: selection, fixtures, markers, diagnostics, xdist."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from typing import Iterator, List

import pytest

import ohbridge
from ohbridge.testing import FakeHdcServer

from .conftest import plugin_args

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.timeout(120)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "examples/hil/test_example.py").read_text(encoding="utf-8")
SCENARIO = ROOT / "examples/scenarios/living_room.toml"
SERIAL = "hil-fake-0"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OHOS_DEVICE", "OHOS_STUB", "OHOS_SCENARIO", "OHOS_TESTBED", "OHOS_TESTBED_NAME",
                 "OHOS_API_VERSION", "OHOS_NO_DIAGNOSTICS", "OHOS_BACKEND", "OHBRIDGE_AGENT"):
        monkeypatch.delenv(name, raising=False)


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_inprocess(*plugin_args(), "-rs", *args)


def test_the_example_passes_on_the_stub(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_example=EXAMPLE)
    result = run(pytester, "--ohos-stub")
    result.assert_outcomes(passed=6, skipped=1)
    result.stdout.fnmatch_lines(["ohbridge: stub (from the command line)",
                                 "*needs 1 device with features real_device; 0 of the 3 selected qualify "
                                 "(stub: lacks real_device)"])


def test_selection_from_env_and_ini_and_the_command_line_wins(pytester: pytest.Pytester,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    pytester.makepyfile(test_one="def test_backend(ohos_device):\n    assert ohos_device.backend == 'stub'\n")
    pytester.makeini("[pytest]\nohos_device = hdc:not-a-device\n")
    monkeypatch.setenv("OHOS_STUB", "1")  # the environment wins over the ini file
    run(pytester).assert_outcomes(passed=1)
    monkeypatch.delenv("OHOS_STUB")
    pytester.makeini("[pytest]\nohos_stub = true\n")
    result = run(pytester)
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["ohbridge: stub (from the ini file)"])
    pytester.makeini(f"[pytest]\nohos_device = hdc:not-a-device\n")
    run(pytester, "--ohos-scenario", str(SCENARIO)).assert_outcomes(passed=1)


def test_without_a_selection_the_plugin_is_inert_and_fixtures_skip(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_one="""
        import pytest
        def test_plain():
            pass
        def test_device(ohos_device):
            pass
        @pytest.mark.ohos_requires(api_version=9)
        def test_marked():
            pass
    """)
    result = run(pytester)
    result.assert_outcomes(passed=1, skipped=2)
    result.stdout.fnmatch_lines(["*no OpenHarmony device selected: use --ohos-stub, --ohos-device URL*"])
    result.stdout.no_fnmatch_line("ohbridge:*")


def test_markers_skip_with_their_reasons(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_marks="""
        import pytest
        @pytest.mark.ohos_requires(api_version=12)
        def test_api_12(ohos_device):
            assert ohos_device.stub.api_version >= 12
        @pytest.mark.ohos_requires(api_version=18)
        def test_api_18(ohos_device):
            pass
        @pytest.mark.ohos_requires(features=["camera"])
        def test_camera(ohos_device):
            pass
        @pytest.mark.ohos_requires(devices=4)
        def test_four(ohos_devices):
            pass
    """)
    result = run(pytester, "--ohos-stub", "--ohos-api-version", "12")
    result.assert_outcomes(passed=1, skipped=3)
    result.stdout.fnmatch_lines_random([
        "*test_marks.py:*: needs 1 device with API >= 18; 0 of the 3 selected qualify (stub: API 12 < 18)",
        "*test_marks.py:*: needs 1 device with features camera; 0 of the 3 selected qualify (stub: lacks camera)",
        # --ohos-stub selects the default world: its three devices
        "*test_marks.py:*: needs 4 devices; only 3 selected",
    ])
    pytester.makeini("[pytest]\nmarkers_strict = true\n")
    assert "ohos_requires" in "\n".join(run(pytester, "--markers").outlines)


def test_a_failing_test_carries_the_stub_diagnostics(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_fail="""
        def test_fails(ohos_device):
            ohos_device.stub.start_ability("", "com.ohos.settings", "EntryAbility")
            assert False, "boom"
    """)
    result = run(pytester, "--ohos-stub", "--junitxml=report.xml")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*ohbridge stub: device info*", "backend: stub", "api_version: 20",
                                 "*ohbridge stub: aa dump -l (simulated)*", "*Mission ID #1  mission name #?Settings?*",
                                 "*ohbridge stub: hilog*", "*com.ohos.settings*"])
    xml = (pytester.path / "report.xml").read_text()
    # One property per device fact, named after the device, so a CI dashboard can filter on it.
    for name, value in (("serial", "stub"), ("backend", "stub"), ("api_version", "20"),
                        ("model", "ohbridge stub"), ("agent_version", "")):
        assert f'<property name="ohos_device.stub.{name}" value="{value}" />' in xml, (name, xml)
    quiet = run(pytester, "--ohos-stub", "--ohos-no-diagnostics")
    quiet.assert_outcomes(failed=1)
    quiet.stdout.no_fnmatch_line("*ohbridge stub: device info*")


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHdcServer]:
    with FakeHdcServer([SERIAL]) as server:
        target = server.target(SERIAL)
        target.set_param("const.product.model", "rk3568")
        target.set_param("const.ohos.apiversion", "12")
        target.add_log("01-01 00:00:00.000  1  1 I A00001/HilTest: the device saw the failure")
        target.add_executable("aa", "#!/bin/sh\necho 'User ID #100'\necho '  current mission lists:{'\n"
                                    "echo '    Mission ID #7  mission name #[#com.example:entry:Main]'\n")
        for name, value in server.env.items():
            monkeypatch.setenv(name, value)
        yield server


def test_a_failing_test_on_the_loopback_device_carries_hilog_and_aa_dump(
        pytester: pytest.Pytester, loopback: FakeHdcServer) -> None:
    pytester.makepyfile(test_fail="""
        import pytest
        @pytest.mark.ohos_requires(api_version=12, features=["real_device"])
        def test_fails(ohos_device):
            assert ohos_device.transport is not None
            assert False, "boom"
        @pytest.mark.ohos_requires(api_version=13)
        def test_needs_13(ohos_device):
            pass
    """)
    result = run(pytester, "--ohos-device", SERIAL)
    result.assert_outcomes(failed=1, skipped=1)
    result.stdout.fnmatch_lines_random([
        f"*ohbridge hdc:{SERIAL}: device info*", "model: rk3568", "api_version: 12",
        f"*ohbridge hdc:{SERIAL}: aa dump -l*", "*Mission ID #7*",
        f"*ohbridge hdc:{SERIAL}: hilog*", "*the device saw the failure*",
        f"*needs 1 device with API >= 13; 0 of the 1 selected qualify (hdc:{SERIAL}: API 12 < 13)"])


def _agent_manager_missing() -> bool:
    return importlib.util.find_spec("ohbridge.agent_manager") is None


@pytest.mark.skipif(_agent_manager_missing(), reason="needs the agent backend (ohbridge.agent_manager, issue 5), "
                                                      "not in this build yet")
def test_the_example_passes_on_the_loopback_device_with_the_agent(pytester: pytest.Pytester,
                                                                   loopback: FakeHdcServer) -> None:
    pytester.makepyfile(test_example=EXAMPLE)
    result = run(pytester, "--ohos-device", f"hdc:{SERIAL}")
    result.assert_outcomes(passed=7)  # the loopback device is real to the suite: test_only_on_hardware runs


TESTBED_TOML = f"""
name = "bench"
[[devices]]
url = "stub"
label = "phone"
features = ["camera"]
[[devices]]
url = "stub"
label = "old-tablet"
api_version = 11
scenario = "{SCENARIO.as_posix()}"
"""

TESTBED_TEST = """
import pytest

@pytest.mark.ohos_requires(features=["camera"])
def test_camera_goes_to_the_phone(ohos_device_spec):
    assert ohos_device_spec.label == "phone"

@pytest.mark.ohos_requires(api_version=11)
def test_both_fit(ohos_devices):
    assert len(ohos_devices) == 2

@pytest.mark.parametrize("ohos_device", ["old-tablet"], indirect=True)
def test_by_label(ohos_device, ohos_device_spec):
    assert ohos_device_spec.label == "old-tablet"
    assert ohos_device.stub.api_version == 11
    assert ohos_device.missions.get_mission_infos("", 1)[0].label == "Notes"

@pytest.mark.ohos_requires(api_version=12, devices=2)
def test_needs_two_new_ones(ohos_devices):
    pass

def test_factory(ohos_device_factory):
    dev = ohos_device_factory("phone", api_version=14)
    assert dev.stub.api_version == 14
"""


def test_testbed_toml_labels_features_and_factory(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", bench=TESTBED_TOML)
    pytester.makepyfile(test_bed=TESTBED_TEST)
    result = run(pytester, "--ohos-testbed", "bench.toml")
    result.assert_outcomes(passed=4, skipped=1)
    result.stdout.fnmatch_lines(["ohbridge: testbed 'bench': phone, old-tablet*",
                                 "*needs 2 devices with API >= 12; 1 of the 2 selected qualify (old-tablet: API 11 < 12)"])


def test_testbed_yaml_with_several_testbeds(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", lab="""
        testbeds:
          - name: ci
            devices:
              - {url: stub, label: sim, features: [camera]}
          - name: lab
            devices:
              - {serial: "150100424a544434", label: phone}
    """)
    pytester.makepyfile(test_one="""
        def test_sim(ohos_device_spec):
            assert ohos_device_spec.label == "sim" and ohos_device_spec.features == ("camera",)
    """)
    run(pytester, "--ohos-testbed", "lab.yaml", "--ohos-testbed-name", "ci").assert_outcomes(passed=1)
    result = run(pytester, "--ohos-testbed", "lab.yaml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*2 testbeds (ci, lab): choose one by name*"])


def test_a_bad_testbed_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", bad='[[devices]]\nurl = "stub"\ncolour = "red"\n')
    pytester.makepyfile(test_one="def test_x(): pass\n")
    result = run(pytester, "--ohos-testbed", "bad.toml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*devices?0?: unknown key?s? colour*"])
    assert run(pytester, "--ohos-testbed", "missing.toml").ret == pytest.ExitCode.USAGE_ERROR


@pytest.mark.skipif(importlib.util.find_spec("xdist") is None, reason="pytest-xdist is not installed")
def test_xdist_hands_each_worker_its_own_device(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    pytester.makefile(".toml", bench='[[devices]]\nurl = "stub"\nlabel = "a"\n'
                                     '[[devices]]\nurl = "stub"\nlabel = "b"\n')
    pytester.makepyfile(test_many="""
        import json, os, pytest
        @pytest.mark.parametrize("n", range(8))
        def test_record(n, ohos_device_spec, ohos_devices):
            with open(os.environ["RECORD"], "a") as f:
                f.write(json.dumps([os.environ["PYTEST_XDIST_WORKER"], ohos_device_spec.label,
                                    len(ohos_devices)]) + "\\n")
    """)
    record = pytester.path / "record.jsonl"
    monkeypatch.setenv("RECORD", str(record))
    # The workers must import the ohbridge under test, wherever it is (a relative PYTHONPATH breaks
    # in pytester's directory).
    here = str(Path(ohbridge.__file__).resolve().parents[1])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")])))
    result = pytester.runpytest_subprocess(*plugin_args(), "-n", "2", "--ohos-testbed", "bench.toml")
    result.assert_outcomes(passed=8)
    rows: List[List[object]] = [json.loads(line) for line in record.read_text().splitlines()]
    labels_by_worker = {}
    for worker, label, count in rows:
        labels_by_worker.setdefault(worker, set()).add(label)
        assert count == 1  # a worker never sees the other worker's device
    assert all(len(labels) == 1 for labels in labels_by_worker.values())
    if len(labels_by_worker) == 2:
        assert set.union(*labels_by_worker.values()) == {"a", "b"}


BACKEND_TEST = """
import os
def test_backend(ohos_device):
    assert ohos_device.backend == os.environ["EXPECTED_BACKEND"]
"""


def test_the_backend_comes_from_the_command_line_the_env_or_the_ini(
        pytester: pytest.Pytester, loopback: FakeHdcServer, monkeypatch: pytest.MonkeyPatch) -> None:
    pytester.makepyfile(test_backend=BACKEND_TEST)
    monkeypatch.setenv("EXPECTED_BACKEND", "shell")
    result = run(pytester, "--ohos-device", SERIAL, "--ohos-backend", "shell")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines([f"ohbridge: hdc:{SERIAL} (from the command line, backend shell)"])
    monkeypatch.setenv("OHOS_BACKEND", "shell")
    run(pytester, "--ohos-device", SERIAL).assert_outcomes(passed=1)
    monkeypatch.delenv("OHOS_BACKEND")
    pytester.makeini("[pytest]\nohos_backend = shell\n")
    run(pytester, "--ohos-device", SERIAL).assert_outcomes(passed=1)
    pytester.makeini("[pytest]\nohos_backend = carrier-pigeon\n")
    result = run(pytester, "--ohos-device", SERIAL)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*backend must be one of auto, agent, shell, not 'carrier-pigeon'*"])


def test_a_device_the_agent_cannot_serve(pytester: pytest.Pytester, loopback: FakeHdcServer,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    loopback.target(SERIAL).set_device_profile(abi="arm64-v8a", uid=0, debuggable=True)
    pytester.makepyfile(test_backend=BACKEND_TEST)
    monkeypatch.setenv("EXPECTED_BACKEND", "shell")
    result = run(pytester, "--ohos-device", SERIAL)  # auto: the shell backend, and the reason in the summary
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*BackendFallbackWarning: *shell backend*no ohbridge-agent*arm64-v8a*"])
    result = run(pytester, "--ohos-device", SERIAL, "--ohos-backend", "agent")
    # The session stops with ONE message naming the device, why and the fix; no traceback.
    assert result.ret == 3
    result.stdout.fnmatch_lines([f"*ohbridge: cannot use device 'hdc:{SERIAL}' (hdc:{SERIAL}): no ohbridge-agent "
                                 "for the device's ABI arm64-v8a*(fix: *"])
    assert "Traceback" not in result.stdout.str() and "AgentUnavailableError" not in result.stdout.str()


def test_a_testbed_entry_chooses_its_own_backend(pytester: pytest.Pytester, loopback: FakeHdcServer,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    pytester.makefile(".toml", bed=f'[[devices]]\nurl = "hdc:{SERIAL}"\nbackend = "shell"\n')
    pytester.makepyfile(test_backend=BACKEND_TEST)
    monkeypatch.setenv("EXPECTED_BACKEND", "shell")
    run(pytester, "--ohos-testbed", "bed.toml", "--ohos-backend", "agent").assert_outcomes(passed=1)
    pytester.makefile(".toml", bad=f'[[devices]]\nurl = "hdc:{SERIAL}"\nbackend = "adb"\n')
    result = run(pytester, "--ohos-testbed", "bad.toml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*devices?0?: 'backend' must be one of auto, agent, shell, not 'adb'*"])
