"""Scenario files: connect("stub", scenario=path) builds the declared world."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import ohbridge
from ohbridge.scenario import ScenarioError

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "scenarios" / "living_room.toml"
PHONE = "PHONE00000000000000000000000000000000000000000000000000000000001"
TABLET = "TABLET0000000000000000000000000000000000000000000000000000000002"
TV = "TV00000000000000000000000000000000000000000000000000000000000003"


def test_scenario_file_declares_devices_bundles_and_missions() -> None:
    with ohbridge.connect("stub", scenario=EXAMPLE) as dev:
        assert dev.stub.local_device_id == PHONE
        devices = {d["network_id"]: d for d in dev.stub.devices()}
        assert set(devices) == {PHONE, TABLET, TV}
        assert devices[TV]["online"] is False and devices[TV]["qos_continue"] is True
        assert devices[TV]["dms_version"] == "5.1.0" and devices[TABLET]["dms_version"] == "4.1.0"
        assert [m.label for m in dev.missions.get_mission_infos("", 10)] == ["Notes", "Video", "Settings"]
        tablet_missions = dev.stub.missions(TABLET)
        assert tablet_missions[0]["continueState"] == 1
        assert set(dev.stub.bundles()) == {"com.example.myapplication", "com.example.notes", "com.example.video",
                                          "com.ohos.settings"}


def test_scenario_world_behaves_like_the_default_one() -> None:
    with ohbridge.connect("stub", scenario=EXAMPLE) as dev:
        notes = dev.missions.get_mission_infos("", 1)[0].mission_id
        results: list = []
        dev.distributed_mission_manager.continue_mission(
            {"srcDeviceId": PHONE, "dstDeviceId": TABLET, "missionId": notes, "wantParam": {}},
            {"onContinueDone": results.append})
        dev.flush()
        assert results[0].result_code == 0


def test_default_world_is_local_device_plus_two_peers() -> None:
    with ohbridge.connect("stub") as dev:
        devices = dev.stub.devices()
        assert len(devices) == 3 and sum(d["local"] for d in devices) == 1
        assert all(dev.stub.missions(d["network_id"]) for d in devices)


@pytest.mark.parametrize(
    "text,match",
    [
        ('[[devices]]\nnetwork_id = "A"\n', "exactly one device"),
        ('[[devices]]\nnetwork_id = "A"\nlocal = true\ncolour = "red"\n', "unknown key"),
        ('[[devices]]\nnetwork_id = "A"\nlocal = true\n[[devices.missions]]\nbundle = "x"\nability = "Y"\n',
         "cannot start"),
        ("api_version = \n", "scenario"),
        ('[[devices]]\nnetwork_id = "A"\nlocal = true\n[[devices.missions]]\nbundle = "x"\n', "required"),
    ],
)
def test_scenario_mistakes_raise_scenario_error_naming_the_place(tmp_path: Path, text: str, match: str) -> None:
    path = tmp_path / "scenario.toml"
    path.write_text(text)
    with pytest.raises(ScenarioError, match=match):
        ohbridge.connect("stub", scenario=path).close()


def test_scenario_sets_api_version_and_caller(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text('api_version = 11\n[caller]\nsystem_app = false\n[[devices]]\nnetwork_id = "L"\nlocal = true\n')
    with ohbridge.connect("stub", scenario=path) as dev:
        assert dev.stub.api_version == 11
        assert dev.stub.caller["system_app"] is False


def test_scenario_dms_version_decides_the_continuation_path() -> None:
    # DistributedSchedStub::IsUsingQos (ability_dmsfwk distributed_sched_stub.cpp): a peer whose DMS
    # is known to be older than 5.0.0 gets the legacy path, any other the QoS one.
    data = {"api_version": 20, "devices": [
        {"network_id": "L", "local": True},
        {"network_id": "OLD", "dms_version": "4.0.0"},
        {"network_id": "NEW", "dms_version": "5.0.1"},
        {"network_id": "SPELLED", "qos_continue": True},
    ]}
    from ohbridge.scenario import apply_scenario
    with ohbridge.connect("stub") as dev:
        apply_scenario(dev, data)
        devices = {d["network_id"]: d for d in dev.stub.devices()}
        assert [devices[k]["qos_continue"] for k in ("OLD", "NEW", "SPELLED")] == [False, True, True]
        assert devices["SPELLED"]["dms_version"] == "5.0.0"


def test_scenario_dms_version_must_be_a_string() -> None:
    from ohbridge.scenario import apply_scenario
    with ohbridge.connect("stub") as dev:
        with pytest.raises(ScenarioError, match="dms_version"):
            apply_scenario(dev, {"devices": [{"network_id": "L", "local": True},
                                             {"network_id": "P", "dms_version": 5}]})
