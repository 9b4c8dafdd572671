"""The fidelity report: the recorded calls on a stub of the recorded world, and what differs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

import ohbridge
from ohbridge.recording import read_recording
from ohbridge.recording.fidelity import measure
from ohbridge.recording.world import LOCAL_ID, derive_world

from .test_replay import TABLET, session


@pytest.fixture(scope="module")
def session_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fidelity") / "session.ohrec"
    with ohbridge.connect("stub", record=path) as dev:
        session(dev)
    return path


def _edited(source: Path, target: Path, edit: Any) -> Path:
    lines = source.read_text(encoding="utf-8").splitlines()
    events: List[Dict[str, Any]] = [json.loads(line) for line in lines[1:]]
    edit(events)
    target.write_text("\n".join([lines[0]] + [json.dumps(e) for e in events]) + "\n", encoding="utf-8")
    return target


def test_a_session_of_every_call_shape_measures_with_no_difference(session_file: Path) -> None:
    report = measure(read_recording(session_file))
    assert report.calls == 18 and report.differences == []


def test_the_world_is_what_the_answers_showed(session_file: Path) -> None:
    world = derive_world(read_recording(session_file))
    local, tablet = world["devices"]
    assert local["network_id"] == LOCAL_ID and local["local"]
    assert tablet["network_id"] == TABLET  # named by the listener and the remote mission list
    assert {b["name"]: b["uid"] for b in local["bundles"]} == {"com.example.myapplication": 20010042}  # getUid
    assert [m["bundle"] for m in tablet["missions"]] == ["com.ohos.settings", "com.example.notes"]
    assert world["caller"] == {"bundle_name": "com.example.myapplication"}  # getBundleName: the creator
    assert world["api_version"] == 20


def test_a_scenario_mission_shows_the_want_flags_and_parameters_it_was_started_with() -> None:
    """World data a derived world needs: a mission's Want is the one it was last started with (MissionInfo.want)."""
    from ohbridge.scenario import apply_scenario

    with ohbridge.connect("stub") as dev:
        apply_scenario(dev, {"devices": [{"network_id": LOCAL_ID, "local": True,
                                          "bundles": [{"name": "com.example.a", "uid": 20010500}],
                                          "missions": [{"bundle": "com.example.a", "ability": "EntryAbility",
                                                        "module": "", "flags": 134217728,
                                                        "parameters": {"k": 1}}]}]})
        want = dev.missions.get_mission_infos("", 1)[0].want
        assert (want.flags, want.module_name, want.parameters) == (134217728, "", {"k": 1})


def test_an_edited_answer_shows_where_it_differs(session_file: Path, tmp_path: Path) -> None:
    def edit(events: List[Dict[str, Any]]) -> None:
        remote = next(e for e in events if e.get("method") == "missionManager.getMissionInfos")
        remote["result"]["value"][0]["label"] = "Settings (edited)"

    report = measure(read_recording(_edited(session_file, tmp_path / "answer.ohrec", edit)))
    # The label is world data too: the world derived from the edited answer has it, so only a value
    # that the stub computes can differ.  An edited computed value:
    assert report.differences == []

    def edit_computed(events: List[Dict[str, Any]]) -> None:
        equal = next(e for e in events if e.get("method") == "wantAgent.equal")
        equal["result"]["value"] = False

    report = measure(read_recording(_edited(session_file, tmp_path / "computed.ohrec", edit_computed)))
    assert [(d.method, d.what, d.path, d.recorded, d.stub) for d in report.differences] == [
        ("wantAgent.equal", "answer", "value", False, True)]


def test_an_edited_event_shows_as_an_event_difference(session_file: Path, tmp_path: Path) -> None:
    def edit(events: List[Dict[str, Any]]) -> None:
        completion = next(e for e in events if e["e"] == "callback" and isinstance(e["args"][1], dict)
                          and "finalCode" in e["args"][1])
        completion["args"][1]["finalCode"] = 99
        snapshots = [e for e in events if e["e"] == "callback" and len(e["args"]) == 2
                     and isinstance(e["args"][1], int) and e["args"][0] == TABLET]
        events.remove(snapshots[-1])

    report = measure(read_recording(_edited(session_file, tmp_path / "event.ohrec", edit)))
    found = sorted((d.method, d.what, d.path.split(" call")[0].split("[")[0], d.recorded, d.stub)
                   for d in report.differences)
    assert len(found) == 2, found
    assert found[0][:2] == ("distributedMissionManager.registerMissionListener", "event")
    assert found[0][3:] == ("1 call(s)", "2 call(s)")
    assert found[1][:2] == ("wantAgent.trigger", "event") and found[1][3:] == (99, 4)


def test_a_call_the_device_never_answered_is_skipped_not_compared(tmp_path: Path) -> None:
    path = tmp_path / "unserved.ohrec"

    def edit(events: List[Dict[str, Any]]) -> None:
        events.insert(0, {"e": "call", "n": -1, "t": 0, "method": "wantAgent.getWantAgent", "args": [{}],
                          "raised": {"type": "NotSupportedError", "message": "not supported by the shell backend"}})

    with ohbridge.connect("stub", record=tmp_path / "plain.ohrec") as dev:
        dev.missions.get_mission_infos("", 1)
    report = measure(read_recording(_edited(tmp_path / "plain.ohrec", path, edit)))
    assert report.differences == [] and report.methods == {"missionManager.getMissionInfos": 1}
    assert report.skipped == [{"call": 1, "method": "wantAgent.getWantAgent",
                               "why": "NotSupportedError: not supported by the shell backend"}]
