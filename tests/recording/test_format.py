"""The .ohrec format: what it holds, that it reads back as written, its size bound, and no secrets."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Dict, Optional

import pytest

import ohbridge
from ohbridge import OperationType, TriggerInfo, Want, WantAgentFlags, WantAgentInfo
from ohbridge.recording import RecordingTruncated, read_recording
from ohbridge.recording.format import (FORMAT, VERSION, RecordingFormatError, RecordingWriter, decode_value,
                                       encode_value)
from ohbridge.testing import FakeHdcServer

from .conftest import SERIAL

BUNDLE = "com.example.myapplication"
INFO = WantAgentInfo(wants=[Want(bundle_name=BUNDLE, ability_name="EntryAbility")],
                     operation_type=OperationType.START_ABILITY, request_code=0,
                     want_agent_flags=[WantAgentFlags.UPDATE_PRESENT_FLAG])


def _no_refs(_obj: Any) -> Optional[Dict[str, Any]]:
    return None


def test_values_round_trip_through_their_tags() -> None:
    value = {"s": "ünï", "i": -(2**62), "f": 1.5, "b": True, "n": None, "l": [1, [2, {"x": b"\x00\xff"}]],
             "$dollar": {"$fn": "not a function"}, "nan": math.inf}
    encoded = encode_value(value, _no_refs)
    assert json.loads(json.dumps(encoded, allow_nan=False)) == encoded  # plain JSON, nothing JSON cannot hold
    decoded = decode_value(encoded, lambda name, arg: pytest.fail(f"no tag expected, got {name}"))
    assert decoded == value


def test_a_blob_past_the_cap_keeps_only_its_length() -> None:
    assert encode_value(b"x" * 10, _no_refs, max_blob=4) == {"$bytes_omitted": 10}
    assert decode_value(encode_value(b"xy", _no_refs, max_blob=4), lambda n, a: None) == b"xy"


def test_a_session_round_trips_call_by_call(tmp_path: Path) -> None:
    path = tmp_path / "s.ohrec"
    with ohbridge.connect("stub", record=path) as dev:
        agent = dev.want_agent.get_want_agent(INFO)
        assert dev.want_agent.trigger_async(agent, TriggerInfo(code=7)).final_code == 7
        with pytest.raises(ohbridge.BusinessError):
            dev.want_agent.get_uid("not an agent")  # type: ignore[arg-type]
    recording = read_recording(path)
    assert recording.header["format"] == FORMAT and recording.header["version"] == VERSION
    assert recording.header["ohbridge"] == ohbridge.__version__ and recording.header["backend"] == "stub"
    assert recording.header["device"]["api_version"] == 20
    kinds = [e["e"] for e in recording.events]
    assert kinds == ["call", "call", "call", "end"]
    create, trigger, bad = recording.calls
    assert create["args"] == [INFO.to_js()] and create["result"] == {"kind": "resolved", "value": {"$handle": 1}}
    assert trigger["args"][0] == {"$handle": 1} and trigger["result"]["value"]["finalCode"] == 7
    assert bad["raised"] == {"type": "BusinessError", "code": 401,
                             "message": "Wrong argument type. Agent must be a WantAgent."}
    assert [e["n"] for e in recording.events] == sorted(e["n"] for e in recording.events)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + len(recording.events)  # JSON Lines: one header, one event a line


def test_a_callback_is_written_after_the_call_that_passed_it(tmp_path: Path) -> None:
    path = tmp_path / "cb.ohrec"
    got = []
    with ohbridge.connect("stub", record=path) as dev:
        agent = dev.want_agent.get_want_agent(INFO)
        dev.want_agent.get_uid(agent, callback=lambda err, uid: got.append(uid))
        dev.flush()
    events = read_recording(path).events
    call = next(e for e in events if e.get("method") == "wantAgent.getUid")
    callback = next(e for e in events if e["e"] == "callback")
    assert call["result"] == {"kind": "via_callback"} and call["args"][1] == {"$fn": callback["fn"]}
    assert callback["n"] > call["n"] and callback["args"] == [None, got[0]] and callback["t"] >= call["t"]


def test_the_size_cap_cuts_with_a_marker_and_replay_says_so(tmp_path: Path) -> None:
    path = tmp_path / "big.ohrec"
    with ohbridge.connect("stub") as plain:
        from ohbridge.recording import start_recording

        dev = start_recording(plain, str(path), max_bytes=4096, owns_device=False)
        for code in range(100):
            dev.want_agent.get_want_agent(WantAgentInfo(wants=INFO.wants, operation_type=INFO.operation_type,
                                                        request_code=code))
        dev.close()
    assert path.stat().st_size <= 4096
    recording = read_recording(path)
    assert recording.truncated and recording.events[-1]["e"] == "truncated"
    assert "size cap of 4096 bytes" in recording.events[-1]["reason"]
    kept = len(recording.calls)
    assert 0 < kept < 100
    with ohbridge.connect(f"replay:{path}") as replay:
        for code in range(kept):
            replay.want_agent.get_want_agent(WantAgentInfo(wants=INFO.wants, operation_type=INFO.operation_type,
                                                           request_code=code))
        with pytest.raises(RecordingTruncated, match="cut at its size cap"):
            replay.want_agent.get_want_agent(WantAgentInfo(wants=INFO.wants, operation_type=INFO.operation_type,
                                                           request_code=kept))


def test_the_size_cap_has_a_floor(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1024"):
        RecordingWriter(tmp_path / "x.ohrec", {"format": FORMAT}, max_bytes=10)


@pytest.mark.parametrize("text, message", [
    ("", "empty file"),
    ("not json\n", "not JSON"),
    ('{"format": "something else"}\n', "not an ohbridge recording"),
    (json.dumps({"format": FORMAT, "version": 99}) + "\n", "format version 99"),
    (json.dumps({"format": FORMAT, "version": VERSION}) + "\n[1]\n", ":2: expected a JSON object"),
])
def test_a_file_that_is_not_a_recording_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.ohrec"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RecordingFormatError, match=message):
        read_recording(path)
    with pytest.raises(RecordingFormatError, match=message):
        ohbridge.connect(f"replay:{path}")


def test_no_session_token_is_written(tmp_path: Path, loopback: FakeHdcServer) -> None:
    """The agent's token (agent_manager.start_agent) travels in hello, never in an API call or the header."""
    path = tmp_path / "agent.ohrec"
    dev = ohbridge.connect(f"hdc://127.0.0.1:{loopback.port}/{SERIAL}", backend="agent", record=path)
    try:
        token = dev._backend.inner._connector.session.token
        assert len(token) >= 32
        agent = dev.want_agent.get_want_agent(INFO)
        dev.want_agent.trigger(agent, TriggerInfo(code=1), callback=lambda err, data: None)
        dev.missions.get_mission_infos("", 5)
        dev.flush()
    finally:
        dev.close()
    text = path.read_text(encoding="utf-8")
    assert token not in text and token.encode().hex() not in text
    recording = read_recording(path)
    assert recording.header["backend"] == "agent" and len(recording.calls) == 3
    assert "token" not in json.dumps(recording.header).lower()


def test_a_lone_surrogate_is_written_escaped_and_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "surrogate.ohrec"
    with ohbridge.connect("stub", record=path) as dev:
        with pytest.raises(ohbridge.BusinessError):
            dev.want_agent.get_uid("bad \ud800 agent")  # type: ignore[arg-type]
    text = path.read_bytes().decode("utf-8")  # still valid UTF-8
    assert "\\ud800" in text
    assert read_recording(path).calls[0]["args"] == ["bad \ud800 agent"]
    with ohbridge.connect(f"replay:{path}") as dev:
        with pytest.raises(ohbridge.BusinessError):
            dev.want_agent.get_uid("bad \ud800 agent")  # type: ignore[arg-type]


def test_a_recording_that_cannot_be_written_stops_without_failing_the_call(tmp_path: Path) -> None:
    path = tmp_path / "full.ohrec"
    with ohbridge.connect("stub", record=path) as dev:
        writer = dev._backend.writer
        writer._file.close()  # as a full disk or a vanished directory would make every write fail
        assert len(dev.missions.get_mission_infos("", 2)) == 2
        assert writer.failed and writer.truncated
