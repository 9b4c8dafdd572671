"""``ohbridge record -- COMMAND`` and ``ohbridge fidelity PATH``: output, --json, one-line errors, exit codes."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Tuple

import pytest

import ohbridge
from ohbridge.cli import main
from ohbridge.recording import RECORD_DIR_ENV, read_recording

PACKAGE_ROOT = str(Path(ohbridge.__file__).resolve().parents[1])
PROGRAM = """
import ohbridge
with ohbridge.connect("stub") as dev:
    print(len(dev.missions.get_mission_infos("", 10)))
"""


def cli(*argv: str) -> Tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def program(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PYTHONPATH", PACKAGE_ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    path = tmp_path / "program.py"
    path.write_text(PROGRAM, encoding="utf-8")
    return path


def test_record_runs_the_command_with_every_connect_recorded(program: Path, tmp_path: Path) -> None:
    out = tmp_path / "recs"
    code, stdout, stderr = cli("record", "--dir", str(out), "--json", "--", sys.executable, str(program))
    assert code == 0, stderr
    report = json.loads(stdout.splitlines()[-1])
    assert report["exit_code"] == 0 and len(report["recordings"]) == 1
    recording = read_recording(out / report["recordings"][0])
    assert [c["method"] for c in recording.calls] == ["missionManager.getMissionInfos"]
    assert RECORD_DIR_ENV not in os.environ  # only the command's environment had it


def test_record_exits_with_the_commands_code(tmp_path: Path) -> None:
    code, _out, err = cli("record", "--dir", str(tmp_path / "r"), "--", sys.executable, "-c", "raise SystemExit(5)")
    assert code == 5 and "0 recording(s)" in err


@pytest.mark.parametrize("argv, message", [
    (("record",), "no command to record"),
    (("record", "--", "no-such-command-ohbridge"), "no such command: no-such-command-ohbridge"),
    (("fidelity", "/no/such/recording.ohrec"), "no such recording or directory"),
])
def test_bad_input_is_one_line_and_exit_2(argv: Tuple[str, ...], message: str, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # `record` makes its default ./recordings: not in the checkout
    code, out, err = cli(*argv)
    assert code == 2 and out == ""
    line, = err.splitlines()
    assert line.startswith("ohbridge: ") and message in line and "(fix: " in line and "Traceback" not in err


def test_a_mistyped_command_leaves_no_recording_directory_behind(tmp_path: Path) -> None:
    code, _out, err = cli("record", "--dir", str(tmp_path / "r"), "--", "no-such-command-ohbridge")
    assert code == 2 and "no such command" in err
    assert not (tmp_path / "r").exists()


def test_a_program_that_is_not_executable_is_named_as_such(tmp_path: Path) -> None:
    script = tmp_path / "run.sh"
    script.write_text("echo hi\n")
    script.chmod(0o644)
    code, _out, err = cli("record", "--dir", str(tmp_path / "r"), "--", str(script))
    assert code == 2 and f"cannot run {script}: permission denied" in err
    assert not (tmp_path / "r").exists()


def test_fidelity_of_a_file_that_is_not_a_recording_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ohrec"
    bad.write_text("{}\n", encoding="utf-8")
    code, out, err = cli("fidelity", str(bad), "--json")
    assert code == 2 and json.loads(out)["error"]["kind"] == "usage" and err == ""


@pytest.fixture
def recordings(tmp_path: Path) -> Path:
    directory = tmp_path / "recs"
    for name, code in (("a", 1), ("b", 2)):
        with ohbridge.connect("stub", record=directory / f"{name}.ohrec") as dev:
            dev.missions.get_mission_infos("", code)
            with pytest.raises(ohbridge.BusinessError):
                dev.want_agent.get_uid("not an agent")  # type: ignore[arg-type]
    return directory


def test_fidelity_with_no_difference_exits_0(recordings: Path) -> None:
    code, out, _err = cli("fidelity", str(recordings / "a.ohrec"))
    assert code == 0 and "0 difference(s) in 2 call(s) of 1 recording(s): the stub answered as the device did" in out


def test_fidelity_lists_each_difference_and_summarises_a_directory(recordings: Path) -> None:
    edited = recordings / "b.ohrec"
    edited.write_text(edited.read_text(encoding="utf-8").replace('"code":401', '"code":16000050'), encoding="utf-8")
    code, out, _err = cli("fidelity", str(recordings))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].split() == ["FILE", "CALL", "METHOD", "WHAT", "PATH", "RECORDED", "STUB"]
    assert lines[1].split() == ["b.ohrec", "2", "wantAgent.getUid", "error", "code", "16000050", "401"]
    assert any(line.split()[:4] == ["wantAgent.getUid", "2", "1", "1"] for line in lines)  # the per-function table
    assert lines[-1] == "1 difference(s) in 4 call(s) of 2 recording(s)"
    code, out, _err = cli("fidelity", str(recordings), "--json")
    data = json.loads(out)
    assert code == 1 and data["differences"] == 1
    summary = {row["method"]: row for row in data["summary"]}
    assert summary["wantAgent.getUid"] == {"method": "wantAgent.getUid", "calls": 2, "differing_calls": 1,
                                           "differences": 1, "kinds": ["error code"]}
    assert summary["missionManager.getMissionInfos"]["differences"] == 0
