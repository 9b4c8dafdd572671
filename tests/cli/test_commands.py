"""Every command of the CLI against the stub: output, --json and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import ohbridge
from ohbridge.testing import FakeHdcServer

from .conftest import SERIAL, Run

ROOT = Path(__file__).resolve().parents[2]
APP = ("--bundle", "com.example.myapplication", "--ability", "EntryAbility")


def test_help_lists_the_commands_and_the_exit_codes(run: Run) -> None:
    r = run("--help")
    assert r.code == 0
    for command in ("devices", "info", "missions", "start", "continue", "wantagent", "listen", "agent",
                    "doctor", "demo"):
        assert command in r.out
    assert "exit codes" in r.out and "3    no device" in r.out


def test_a_usage_error_exits_2(run: Run) -> None:
    assert run("no-such-command").code == 2
    assert run("start", "--stub").code == 2  # BUNDLE and ABILITY missing


def test_global_options_work_before_and_after_the_command(run: Run) -> None:
    assert run("--stub", "--json", "info").json()["backend"] == "stub"
    assert run("info", "--stub", "--json").json()["backend"] == "stub"


def test_devices_on_the_stub_lists_the_simulated_world(run: Run) -> None:
    r = run("devices", "--stub")
    assert r.code == 0 and "Living Room Tablet"[:0] in r.out and "stub tablet" in r.out
    rows = run("devices", "--stub", "--json").json()["devices"]
    assert [row["connection"] for row in rows] == ["local", "simulated", "simulated"]
    assert all(row["api_version"] == 20 for row in rows)


def test_info_describes_the_device(run: Run) -> None:
    r = run("info", "--stub", "--api-version", "12")
    assert r.code == 0 and "api version      : 12" in r.out and "Study PC" in r.out
    data = run("info", "--stub", "--json").json()
    assert data["api_version"] == 20 and "distributed" in data["features"]
    assert {p["name"] for p in data["peers"]} == {"Living Room Tablet", "Study PC"}


def test_missions_lists_most_recent_first(run: Run) -> None:
    r = run("missions", "--stub")
    assert r.code == 0 and r.out.index("My Application") < r.out.index("Settings")
    missions = run("missions", "--stub", "--json").json()["missions"]
    assert [m["mission_id"] for m in missions] == [3, 2, 1]


def test_missions_watch_prints_one_document_per_list(run: Run) -> None:
    r = run("missions", "--stub", "--json", "--watch", "--count", "1", "--interval", "0.01")
    assert r.code == 0
    lines = r.out.splitlines()
    assert len(lines) == 1 and "missions" in __import__("json").loads(lines[0])


def test_missions_with_a_scenario(run: Run) -> None:
    r = run("missions", "--scenario", str(ROOT / "examples/scenarios/living_room.toml"), "--json")
    assert [m["label"] for m in r.json()["missions"]] == ["Notes", "Video", "Settings"]


def test_start_brings_up_a_mission(run: Run) -> None:
    r = run("start", "com.ohos.settings", "EntryAbility", "--stub")
    assert r.code == 0 and "started com.ohos.settings/EntryAbility" in r.out
    assert run("start", "com.ohos.settings", "EntryAbility", "--stub", "--json").json()["mission_id"] == 1


def test_start_of_an_unknown_bundle_is_an_api_error(run: Run) -> None:
    r = run("start", "com.example.missing", "EntryAbility", "--stub", "--json")
    assert r.code == 1 and "error" in r.json()


def test_continue_a_mission_to_a_peer_by_name(run: Run) -> None:
    r = run("continue", "3", "--to", "living room tablet", "--stub")
    assert r.code == 0 and "continued" in r.out and "done" in r.out
    data = run("continue", "3", "--to", "Living", "--stub", "--json").json()
    assert data["result_code"] == 0 and data["to"].startswith("PEER1")


def test_continue_refusals_keep_their_codes(run: Run) -> None:
    # Study PC lacks the bundle and free install is off: DMS says 16300503.
    r = run("continue", "3", "--to", "Study PC", "--stub", "--json")
    assert r.code == 1 and r.json()["error"]["code"] == 16300503
    r = run("continue", "3", "--to", "nowhere", "--stub")
    assert r.code == 2 and "matches none" in r.err


def test_listen_streams_events_as_json_lines(run: Run) -> None:
    r = run("listen", "--stub", "--json", "--count", "2")
    assert r.code == 0
    events = [__import__("json").loads(line) for line in r.out.splitlines()]
    assert len(events) == 2 and all(e["event"] == "snapshot" for e in events)
    r = run("listen", "--stub", "--peer", "Study PC", "--count", "1")
    assert r.code == 0 and r.out.startswith("snapshot")


def test_wantagent_create_trigger_cancel_list(run: Run) -> None:
    r = run("wantagent", "create", "--stub", *APP, "--flag", "UPDATE_PRESENT_FLAG", "--param", "k=1")
    assert r.code == 0 and "com.example.myapplication" in r.out
    created = run("wantagent", "create", "--stub", "--json", *APP).json()
    assert created["operation_type"] == "START_ABILITY" and created["uid"] == 20010042
    triggered = run("wantagent", "trigger", "--stub", "--json", *APP, "--code", "42", "--extra", "x=true").json()
    assert triggered["final_code"] == 42
    assert run("wantagent", "cancel", "--stub", *APP).out.strip() == "canceled"
    listed = run("wantagent", "list", "--stub", "--json")
    assert listed.code == 0 and listed.json() == {"records": []}
    assert "fresh world" in run("wantagent", "list", "--stub").out


def test_wantagent_info_as_json(run: Run) -> None:
    info = '{"wants": [{"bundleName": "com.example.myapplication", "abilityName": "EntryAbility"}],' \
           ' "operationType": 3, "requestCode": 5, "wantAgentFlags": []}'
    assert run("wantagent", "create", "--stub", "--json", "--info", info).json()["operation_type"] == "START_SERVICE"


def test_wantagent_bad_input(run: Run) -> None:
    assert run("wantagent", "create", "--stub").code == 2  # no Want named
    assert run("wantagent", "create", "--stub", *APP, "--flag", "NOPE").code == 2
    assert run("wantagent", "create", "--stub", "--info", "{not json").code == 2


def test_agent_commands_on_the_stub(run: Run) -> None:
    r = run("agent", "status", "--stub", "--json")
    assert r.code == 0 and r.json()["backend"] == "stub"
    for verb in ("install", "start", "stop"):
        r = run("agent", verb, "--stub", "--json")
        assert r.code == 2 and "real device" in r.json()["error"]["message"]


def test_doctor_on_the_stub(run: Run) -> None:
    r = run("doctor", "--stub")
    assert r.code == 0 and "all good" in r.out
    checks = run("doctor", "--stub", "--json").json()["checks"]
    assert {c["name"]: c["status"] for c in checks} == {"native core": "ok", "stub": "ok"}


def test_demo_runs_to_the_end(run: Run) -> None:
    r = run("demo")
    assert r.code == 0
    for text in ("WantAgent", "finalCode=42", "onContinueDone resultCode=0", "notifyNetDisconnect", "asyncio"):
        assert text in r.out
    data = run("demo", "--json").json()
    assert data["ok"] and len(data["steps"]) >= 8


def test_no_hdc_server_exits_3_and_says_how_to_fix_it(run: Run, no_server: None) -> None:
    r = run("devices")
    assert r.code == 3 and "hdc start" in r.err
    assert run("devices", "--json").json()["error"]["kind"] == "no_connection"
    r = run("doctor", "--json")
    assert r.code == 3 and r.json()["checks"][-1]["name"] == "hdc server"


def test_devices_and_doctor_against_the_loopback_device(run: Run, fake_server: FakeHdcServer) -> None:
    fake_server.add_target("offline-1")
    fake_server.target("offline-1").state = "Offline"
    rows = run("devices", "--json").json()["devices"]
    assert rows[0] == {"serial": SERIAL, "state": "Connected", "connection": rows[0]["connection"],
                       "model": "rk3568", "api_version": 12, "url": f"hdc:{SERIAL}"}
    assert rows[1]["state"] == "Offline"
    assert "rk3568" in run("devices").out
    r = run("doctor", "--device", SERIAL, "--json")
    status = {c["name"]: c["status"] for c in r.json()["checks"]}
    assert status["hdc server"] == "ok" and status[f"device {SERIAL}"] == "ok"
    assert status["device offline-1"] == "fail" and r.code == 3
    assert status[f"{SERIAL} API level"] == "ok" and status[f"{SERIAL} permissions"] == "ok"


def test_an_unknown_device_exits_3(run: Run, fake_server: FakeHdcServer) -> None:
    r = run("info", "--device", "hdc:not-there", "--json")
    assert r.code == 3 and r.json()["error"]["kind"] == "no_device"


def test_python_dash_m_runs_the_demo() -> None:
    # The ohbridge under test (installed in CI, the source tree in development), not a guess.
    here = str(Path(ohbridge.__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, "-m", "ohbridge", "demo"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Done." in done.stdout


@pytest.mark.parametrize("stream_is_tty", [False, True])
def test_progress_bar_only_on_a_terminal(stream_is_tty: bool) -> None:
    import io

    from ohbridge.cli._progress import progress_bar

    class Stream(io.StringIO):
        def isatty(self) -> bool:
            return stream_is_tty

    stream = Stream()
    bar = progress_bar("pushing", stream)
    assert (bar is not None) == stream_is_tty
    if bar is not None:
        for done in (0, 500_000, 1_000_000):
            bar(done, 1_000_000)
        assert stream.getvalue().endswith("100% 1.0/1.0 MB\n")


def test_start_that_ams_queued_is_success_on_a_device(run: Run, fake_server: FakeHdcServer) -> None:
    """ability_command.cpp RunAsStartAbility: from 5.1.0 a START_ABILITY_WAITING answer prints the
    aa tool error 10106101 block, and the start still happens (parsers/aa.py, parse_aa_result)."""
    from ohbridge.testing.device_tools import install_device_tools

    target = fake_server.target(SERIAL)
    install_device_tools(target)
    queued = ("Error Code:10106101  Error Message:Another ability is being started. Wait until it finishes "
              "starting\nError cause: High system concurrency\n  Try the following:\n"
              "  > No need to process, just wait for the startup\n\n")
    (Path(target.root) / ".aa_start_error").write_text(queued)  # what the fake aa prints for it
    r = run("--device", f"hdc:{SERIAL}", "--backend", "shell", "--json", "start", "com.example.late", "EntryAbility")
    assert r.code == 0, r.err
    assert json.loads(r.out)["outcome"] == "queued"
    r = run("--device", f"hdc:{SERIAL}", "--backend", "shell", "start", "com.example.myapplication", "EntryAbility")
    assert r.code == 0 and r.out.startswith("started com.example.myapplication/EntryAbility"), r.out + r.err
