"""The plugin and simulated worlds: ``ohos_devices`` is a whole world, testbed groups run
together (one xdist worker, one world), ``ohos_each_device`` runs a test per device."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from typing import List

import pytest

import ohbridge
from ohbridge.pytest_plugin._pool import NoDeviceError, worker_share
from ohbridge.testbed import Testbed, TestbedError, parse_testbed, tomllib

from .conftest import plugin_args

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.timeout(180)

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "examples/scenarios/living_room.toml"
needs_xdist = pytest.mark.skipif(importlib.util.find_spec("xdist") is None, reason="pytest-xdist is not installed")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OHOS_DEVICE", "OHOS_STUB", "OHOS_SCENARIO", "OHOS_TESTBED", "OHOS_TESTBED_NAME",
                 "OHOS_API_VERSION", "OHOS_NO_DIAGNOSTICS", "OHOS_BACKEND"):
        monkeypatch.delenv(name, raising=False)


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_inprocess(*plugin_args(), "-rs", *args)


ONE_WORLD = """
import pytest

@pytest.mark.ohos_requires(devices=3)
def test_every_device_of_one_world(ohos_device, ohos_devices):
    ids = [d.stub.local_device_id for d in ohos_devices]
    assert len(set(ids)) == 3
    assert ohos_devices[0].stub.local_device_id == ohos_device.stub.local_device_id  # the local one first
    # one world: what one view starts, another view's world controls see
    first, second = ohos_devices[0], ohos_devices[1]
    mission = second.stub.start_ability("", "com.ohos.settings", "EntryAbility")
    assert any(m["missionId"] == mission for m in first.stub.missions(ids[1]))
"""


def test_ohos_devices_under_the_stub_is_every_device_of_one_world(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_world=ONE_WORLD)
    run(pytester, "--ohos-stub").assert_outcomes(passed=1)


def test_ohos_devices_under_a_scenario_is_every_device_of_it(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_world="""
        def test_names(ohos_devices):
            assert [d.serial for d in ohos_devices] == ["stub", "stub:Tablet", "stub:Living Room TV"]
    """)
    run(pytester, "--ohos-scenario", str(SCENARIO)).assert_outcomes(passed=1)


def test_each_test_gets_a_fresh_world(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_fresh="""
        import pytest
        @pytest.mark.parametrize("n", range(2))
        def test_fresh(n, ohos_devices):
            tablet = ohos_devices[1]
            assert len(tablet.missions.get_mission_infos("", 20)) == 1   # the scenario's one mission
            tablet.stub.start_ability("", "com.example.notes", "NoteAbility")
            tablet.missions.clean_all_missions()
    """)
    run(pytester, "--ohos-scenario", str(SCENARIO)).assert_outcomes(passed=2)


def test_ohos_each_device_runs_the_test_once_per_device(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_each="""
        def test_each(ohos_each_device):
            assert ohos_each_device.missions.get_mission_infos("", 20) is not None
    """)
    result = run(pytester, "--ohos-scenario", str(SCENARIO), "-v")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines_random(["*test_each?My Phone? PASSED*", "*test_each?Tablet? PASSED*",
                                        "*test_each?Living Room TV? PASSED*"])


def test_ohos_each_device_over_testbed_entries_uses_their_labels(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", bench=f'[[devices]]\nurl = "stub:My Phone"\nlabel = "phone"\nscenario = "{SCENARIO}"\n'
                                     f'[[devices]]\nurl = "stub:Tablet"\nlabel = "tablet"\nscenario = "{SCENARIO}"\n')
    pytester.makepyfile(test_each="""
        def test_each(ohos_each_device):
            assert ohos_each_device.serial in ("stub:My Phone", "stub:Tablet")
    """)
    result = run(pytester, "--ohos-testbed", "bench.toml", "-v")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines_random(["*test_each?phone? PASSED*", "*test_each?tablet? PASSED*"])


PAIR = f"""
[[devices]]
url = "stub:My Phone"
label = "phone"
scenario = "{SCENARIO}"
[[devices]]
url = "stub:Tablet"
label = "tablet"
scenario = "{SCENARIO}"
[[groups]]
name = "pair"
devices = ["phone", "tablet"]
"""


def test_the_stub_devices_of_a_group_share_one_world(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", pair=PAIR)
    pytester.makepyfile(test_pair="""
        import pytest
        @pytest.mark.ohos_requires(devices=2)
        def test_pair(ohos_devices):
            phone, tablet = ohos_devices
            assert tablet.stub.local_device_id != phone.stub.local_device_id
            tablet.stub.take_offline(tablet.stub.local_device_id)
            assert not next(d for d in phone.stub.devices() if d["name"] == "Tablet")["online"]
    """)
    run(pytester, "--ohos-testbed", "pair.toml").assert_outcomes(passed=1)


@needs_xdist
def test_a_group_goes_to_one_xdist_worker_so_two_device_tests_run(pytester: pytest.Pytester,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    pytester.makefile(".toml", pair=PAIR)
    pytester.makepyfile(test_pair="""
        import json, os, pytest
        @pytest.mark.ohos_requires(devices=2)
        @pytest.mark.parametrize("n", range(4))
        def test_pair(n, ohos_devices):
            ids = {d.stub.local_device_id for d in ohos_devices}
            with open(os.environ["RECORD"], "a") as f:
                f.write(json.dumps([os.environ["PYTEST_XDIST_WORKER"], sorted(d.serial for d in ohos_devices),
                                    len(ids)]) + "\\n")
    """)
    record = pytester.path / "record.jsonl"
    monkeypatch.setenv("RECORD", str(record))
    here = str(Path(ohbridge.__file__).resolve().parents[1])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")])))
    result = pytester.runpytest_subprocess(*plugin_args(), "-n", "2", "--ohos-testbed", "pair.toml")
    result.assert_outcomes(passed=4)
    rows: List[List[object]] = [json.loads(line) for line in record.read_text().splitlines()]
    assert len(rows) == 4
    for _worker, serials, distinct in rows:
        assert serials == ["stub:My Phone", "stub:Tablet"] and distinct == 2


def _hdc_bed(groups: str = "") -> Testbed:
    text = "".join(f'[[devices]]\nserial = "S{i}"\nlabel = "d{i}"\n' for i in range(4)) + groups
    return parse_testbed(tomllib.loads(text))


def test_worker_share_hands_out_groups_whole() -> None:
    bed = _hdc_bed('[[groups]]\nname = "a"\ndevices = ["d0", "d2"]\n[[groups]]\nname = "b"\ndevices = ["d1", "d3"]\n')
    assert [d.label for d in worker_share(bed, (0, 2))] == ["d0", "d2"]
    assert [d.label for d in worker_share(bed, (1, 2))] == ["d1", "d3"]
    ungrouped = _hdc_bed()
    assert [d.label for d in worker_share(ungrouped, (1, 2))] == ["d1", "d3"]
    with pytest.raises(NoDeviceError, match="4 device.s. in 2 unit.s."):
        worker_share(bed, (2, 3))


def test_more_workers_than_units_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", bench='[[devices]]\nserial = "S0"\nlabel = "a"\n[[devices]]\nserial = "S1"\n'
                                     'label = "b"\n[[groups]]\ndevices = ["a", "b"]\n')
    pytester.makepyfile(test_x="def test_x(ohos_devices):\n    pass\n")
    if importlib.util.find_spec("xdist") is None:
        pytest.skip("pytest-xdist is not installed")
    result = pytester.runpytest_inprocess(*plugin_args(), "-n", "2", "--ohos-testbed", "bench.toml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*2 device?s? in 1 unit?s?*run with -n 1 or fewer*"])


@pytest.mark.parametrize("groups, message", [
    ('[[groups]]\ndevices = ["nope"]\n', "no device labelled 'nope'"),
    ('[[groups]]\ndevices = ["d0"]\n[[groups]]\ndevices = ["d0"]\n', "already in group"),
    ('[[groups]]\ndevices = []\n', "non-empty list of device labels"),
    ('[[groups]]\ndevices = ["d0"]\ncolour = 1\n', "unknown key"),
])
def test_bad_groups_name_the_place(groups: str, message: str) -> None:
    with pytest.raises(TestbedError, match=message):
        _hdc_bed(groups)


def test_stub_devices_of_a_group_need_one_scenario() -> None:
    with pytest.raises(TestbedError, match="same scenario"):
        parse_testbed(tomllib.loads('[[devices]]\nurl = "stub:a"\nlabel = "a"\nscenario = "x.toml"\n'
                                    '[[devices]]\nurl = "stub:b"\nlabel = "b"\n'
                                    '[[groups]]\ndevices = ["a", "b"]\n'))


@needs_xdist
@pytest.mark.parametrize("selection", [["--ohos-scenario", str(SCENARIO)],
                                       ["--ohos-testbed", str(ROOT / "examples/hil/pair.toml"), "-n", "2"]])
def test_the_distributed_example_passes(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch,
                                        selection: List[str]) -> None:
    here = str(Path(ohbridge.__file__).resolve().parents[1])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")])))
    result = pytester.runpytest_subprocess(*plugin_args(), "-p", "no:cacheprovider",
                                           str(ROOT / "examples/hil/test_distributed.py"), *selection)
    result.assert_outcomes(passed=1)
