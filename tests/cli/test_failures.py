"""Every command against every way a real device can fail, in human and --json output.

The failures: no hdc server, the device gone (unplugged), no agent build for the device's ABI
(the loopback device reporting aarch64), and an agent that refuses to run (the Linux build on a
device that says it is OpenHarmony: it has no backend for the device's services and exits).
Whatever happens, a command exits 0 or 3, says what went wrong in ONE line with a fix (one JSON
document with an "error" under --json), and never prints a traceback.
"""

from __future__ import annotations

import json
from typing import Dict, Iterator, Tuple

import pytest

from ohbridge.agent_manager import agent_binary_path
from ohbridge.testing import FakeHdcServer
from ohbridge.testing.device_tools import install_device_tools

from .conftest import SERIAL, Result, Run

APP = ("--bundle", "com.example.myapplication", "--ability", "EntryAbility")

COMMANDS: Dict[str, Tuple[str, ...]] = {
    "devices": ("devices",),
    "info": ("info",),
    "missions": ("missions",),
    "start": ("start", "com.ohos.settings", "EntryAbility"),
    "continue": ("continue", "3", "--to", "PEER1", "--wait", "1"),
    "listen": ("listen", "--peer", "PEER1", "--count", "1", "--timeout", "1"),
    "wantagent list": ("wantagent", "list"),
    "wantagent create": ("wantagent", "create", *APP),
    "wantagent trigger": ("wantagent", "trigger", *APP, "--code", "1"),
    "wantagent cancel": ("wantagent", "cancel", *APP),
    "agent install": ("agent", "install"),
    "agent start": ("agent", "start"),
    "agent stop": ("agent", "stop"),
    "agent status": ("agent", "status"),
    "doctor": ("doctor",),
    "demo": ("demo",),
}

# What still works where the agent cannot run: the shell backend serves these.
SHELL_SERVES = {"devices", "info", "missions", "start", "wantagent list", "agent stop", "agent status", "doctor"}

@pytest.fixture(params=["no server", "device gone", "no agent for the ABI", "agent refused"])
def failure(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.delenv("OHBRIDGE_AGENT", raising=False)
    monkeypatch.delenv("OHOS_BACKEND", raising=False)
    if request.param == "no server":
        request.getfixturevalue("no_server")
        yield request.param
        return
    server: FakeHdcServer = request.getfixturevalue("fake_server")
    target = server.target(SERIAL)
    install_device_tools(target)
    if request.param == "device gone":
        server.remove_target(SERIAL)
    elif request.param == "no agent for the ABI":
        target.set_device_profile(abi="arm64-v8a", uid=0, debuggable=True)
    else:
        target.set_device_profile(abi="x86_64", uid=0, debuggable=True)
        monkeypatch.setenv("OHBRIDGE_AGENT", str(agent_binary_path()))
    yield request.param


def _expected_code(failure: str, command: str) -> Tuple[int, ...]:
    if failure in ("no server", "device gone"):
        return (0, 3) if command == "devices" and failure == "device gone" else (3,)
    if failure == "agent refused" and command == "agent install":
        return (0,)  # the build is there and goes onto the device; it is starting it that fails
    return (0,) if command in SHELL_SERVES else (3,)


def _check(r: Result, failure: str, command: str, as_json: bool) -> None:
    where = f"{command!r} with {failure} ({'--json' if as_json else 'human'}): exit {r.code}\n{r.out}\n{r.err}"
    assert "Traceback" not in r.out + r.err, where
    assert r.code in _expected_code(failure, command), where
    lines = [line for line in r.err.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("ohbridge: ") and not line.startswith("ohbridge: warning:")]
    warnings = [line for line in lines if line.startswith("ohbridge: warning:")]
    assert len(warnings) <= 1, where  # a fallback is said once
    if as_json:
        documents = [json.loads(line) for line in r.out.splitlines() if line.strip()]
        assert documents, where
        if r.code == 3 and command != "doctor":
            error = documents[-1]["error"]
            assert error["exit_code"] == 3 and error["message"] and error["fix"], where
        assert errors == [], where  # the error is in the document, not on stderr
    elif r.code == 3 and command != "doctor":
        assert len(errors) == 1 and "(fix: " in errors[0], where


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("as_json", [False, True], ids=["human", "json"])
def test_every_command_fails_in_one_line(run: Run, failure: str, command: str, as_json: bool) -> None:
    argv = [*COMMANDS[command], "--device", f"hdc:{SERIAL}"] + (["--json"] if as_json else [])
    _check(run(*argv), failure, command, as_json)


def test_the_fallback_is_one_warning_line_and_the_api_is_served(run: Run, fake_server: FakeHdcServer) -> None:
    target = fake_server.target(SERIAL)
    install_device_tools(target)
    target.set_device_profile(abi="arm64-v8a", uid=0, debuggable=True)
    r = run("missions", "--device", f"hdc:{SERIAL}", "--json")
    assert r.code == 0 and [m["mission_id"] for m in r.json()["missions"]] == [3, 2, 1]
    warning, = [line for line in r.err.splitlines() if line.strip()]
    assert warning.startswith("ohbridge: warning: ") and "shell backend" in warning and "arm64-v8a" in warning
    r = run("missions", "--device", f"hdc:{SERIAL}", "--backend", "shell")
    assert r.code == 0 and r.err == ""  # asked for: nothing to warn about


def test_backend_agent_where_it_cannot_run_exits_3(run: Run, fake_server: FakeHdcServer,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = fake_server.target(SERIAL)
    install_device_tools(target)
    target.set_device_profile(abi="arm64-v8a")
    r = run("info", "--device", f"hdc:{SERIAL}", "--backend", "agent", "--json")
    assert r.code == 3 and r.json()["error"]["kind"] == "agent_unavailable"
    monkeypatch.setenv("OHOS_BACKEND", "agent")
    r = run("missions", "--device", f"hdc:{SERIAL}")
    assert r.code == 3 and r.err.count("\n") == 1 and "no ohbridge-agent" in r.err


def test_a_mistyped_agent_path_is_one_line(run: Run, fake_server: FakeHdcServer) -> None:
    r = run("info", "--device", f"hdc:{SERIAL}", "--agent", "/nonexistent/agent")
    assert r.code == 3 and r.err.count("\n") == 1 and "not a file" in r.err


def test_doctor_says_which_backend_connect_will_use(run: Run, fake_server: FakeHdcServer) -> None:
    target = fake_server.target(SERIAL)
    target.set_device_profile(abi="arm64-v8a", uid=2000, debuggable=False)
    r = run("doctor", "--device", f"hdc:{SERIAL}", "--json")
    checks = {c["name"]: c for c in r.json()["checks"]}
    assert r.code == 0
    summary, = r.json()["devices"]
    assert (summary["abi"], summary["backend"], summary["agent_build"]) == ("arm64-v8a", "shell", None)
    assert "no ohbridge-agent" in summary["reason"]
    assert "arm64-v8a" in checks[f"{SERIAL} ABI"]["detail"] and "aarch64" in checks[f"{SERIAL} ABI"]["detail"]
    assert checks[f"{SERIAL} agent build"]["status"] == "warn"
    backend = checks[f"{SERIAL} backend"]
    assert backend["status"] == "warn" and "shell backend" in backend["detail"]
    human = run("doctor", "--device", f"hdc:{SERIAL}")
    assert "all good" not in human.out and "warning" in human.out
    assert "agent install" not in human.out  # there is nothing to install for this ABI
    # Given a build, the token is what is missing: not root on a user build.
    r = run("doctor", "--device", f"hdc:{SERIAL}", "--json", "--agent", str(agent_binary_path()))
    checks = {c["name"]: c for c in r.json()["checks"]}
    token = checks[f"{SERIAL} agent token"]
    assert token["status"] == "warn" and "uid 2000" in token["detail"]
    assert "token" in checks[f"{SERIAL} backend"]["detail"] and "debuggable" in checks[f"{SERIAL} backend"]["fix"]


def test_doctor_on_the_loopback_device_uses_the_agent(run: Run, fake_server: FakeHdcServer) -> None:
    r = run("doctor", "--device", f"hdc:{SERIAL}", "--json")
    checks = {c["name"]: c for c in r.json()["checks"]}
    assert r.code == 0 and checks[f"{SERIAL} backend"]["status"] == "ok"
    assert r.json()["devices"][0]["backend"] == "agent"
    assert "agent" in checks[f"{SERIAL} backend"]["detail"]
    assert "all good" in run("doctor", "--device", f"hdc:{SERIAL}").out


def test_a_bug_is_one_line_unless_asked_for_the_traceback(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    import ohbridge.device_info

    def broken(device: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(ohbridge.device_info, "device_facts", broken)
    r = run("info", "--stub")
    assert r.code == 1 and "Traceback" not in r.err and r.err.count("\n") == 1
    assert "internal error: ZeroDivisionError: a bug" in r.err and "OHBRIDGE_DEBUG=1" in r.err
    assert run("info", "--stub", "--json").json()["error"]["kind"] == "internal_error"
    monkeypatch.setenv("OHBRIDGE_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        run("info", "--stub")


def test_a_bad_ohos_backend_is_a_usage_error(run: Run, fake_server: FakeHdcServer,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OHOS_BACKEND", "telepathy")
    for command in (("info",), ("doctor",)):
        r = run(*command, "--device", f"hdc:{SERIAL}")
        assert r.code == 2 and r.err.count("\n") == 1 and "OHOS_BACKEND='telepathy'" in r.err
    assert run("info", "--device", f"hdc:{SERIAL}", "--backend", "telepathy").code == 2  # argparse's choices
