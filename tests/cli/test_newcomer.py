"""What a first-time user meets: help texts, the stub's device table, watching, continuing, logs."""

from __future__ import annotations

import argparse
import logging

import pytest

from ohbridge.agent_manager import agent_binary_path
from ohbridge.backends.stub import DEFAULT_API_VERSION
from ohbridge.cli import build_parser
from ohbridge.testing import FakeHdcServer
from ohbridge.testing.device_tools import install_device_tools

from .conftest import SERIAL, Run

GLOBAL_FLAGS = ("--device", "--stub", "--scenario", "--api-version", "--backend", "--agent", "--json", "--log-level")


def _commands(parser: argparse.ArgumentParser, path: tuple = ()) -> list:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                found.append((path + (name,), child))
                found += _commands(child, path + (name,))
    return found


COMMANDS = _commands(build_parser())


def test_there_are_commands_to_check() -> None:
    names = {" ".join(p) for p, _ in COMMANDS}
    assert {"missions", "start", "wantagent trigger", "agent status", "demo"} <= names


@pytest.mark.parametrize("path, parser", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_a_description_and_no_markup(run: Run, path: tuple, parser: argparse.ArgumentParser
                                                       ) -> None:
    assert parser.description, f"`ohbridge {' '.join(path)}` has no description"
    r = run(*path, "--help")
    assert r.code == 0
    assert "``" not in r.out, r.out
    options = r.out.split("\noptions:", 1)[1].split("global options (")[0]
    for flag in GLOBAL_FLAGS:  # listed once, in `ohbridge --help`; each command points there
        assert f"  {flag}" not in options, (flag, r.out)
    assert "see `ohbridge --help`" in " ".join(r.out.split())


def test_the_top_help_lists_the_global_options_once_with_the_real_default(run: Run) -> None:
    out = run("--help").out
    for flag in GLOBAL_FLAGS:
        assert out.count(flag + " ") + out.count(flag + ",") >= 1, flag
    assert out.count("--backend {auto,agent,shell}\n") == 1
    assert f"(default {DEFAULT_API_VERSION}" in out
    assert "register-python-argcomplete ohbridge" in out


def test_global_options_still_work_after_the_command(run: Run) -> None:
    assert run("missions", "--stub", "--json").json()["missions"]


def test_missions_watch_with_a_count_ends_on_a_quiet_device(run: Run) -> None:
    r = run("--stub", "--json", "missions", "--watch", "--count", "2", "--interval", "0.01")
    assert r.code == 0
    assert len(r.out.splitlines()) == 1  # nothing changed: printed once, and the second poll ended it


def test_devices_on_the_stub_show_whole_serials_and_names(run: Run) -> None:
    rows = run("--stub", "devices", "--json").json()["devices"]
    out = run("--stub", "devices").out
    assert "NAME" in out.splitlines()[0]
    for row in rows:
        assert len(row["serial"]) > 24 and row["serial"] in out and row["name"] in out


def test_continue_names_the_peer(run: Run) -> None:
    r = run("--stub", "continue", "3", "--to", "Living Room Tablet")
    assert r.code == 0 and "continued to Living Room Tablet: done" in r.out
    assert run("--stub", "--json", "continue", "3", "--to", "Living").json()["to_name"] == "Living Room Tablet"


def test_a_missing_scenario_is_exit_2_in_one_line(run: Run) -> None:
    r = run("--scenario", "nope.toml", "missions")
    assert r.code == 2 and r.err.count("\n") == 1 and "nope.toml" in r.err and "Traceback" not in r.err


def test_verbose_logs_hdc_commands_and_agent_calls_but_never_the_token(
        run: Run, fake_server: FakeHdcServer, monkeypatch: pytest.MonkeyPatch) -> None:
    install_device_tools(fake_server.target(SERIAL))
    monkeypatch.setenv("OHBRIDGE_AGENT", str(agent_binary_path()))
    import ohbridge.agent_attach as attach

    tokens: list = []
    real = attach.parse_report

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        outcome = real(*args, **kwargs)
        if outcome.session is not None:
            tokens.append(outcome.session.token)
        return outcome

    monkeypatch.setattr(attach, "parse_report", spy)
    before = list(logging.getLogger("ohbridge").handlers)
    r = run("-v", "--device", SERIAL, "missions")
    assert r.code == 0, r.err
    assert "DEBUG: hdc " in r.err and "shell" in r.err  # the hdc commands
    assert "agent rpc hello" in r.err and "agent rpc invoke" in r.err  # the RPC calls
    assert tokens and all(t not in r.err + r.out for t in tokens)
    assert logging.getLogger("ohbridge").handlers == before  # the handler is gone with the run


def test_log_level_info_is_quieter_than_debug(run: Run) -> None:
    assert run("--log-level", "info", "--stub", "missions").code == 0
    assert run("--log-level", "LOUD", "--stub", "missions").code == 2


def test_completion_answers_the_shell_when_argcomplete_is_installed() -> None:
    pytest.importorskip("argcomplete", reason="the optional 'completion' extra")
    import os
    import subprocess
    import sys
    from pathlib import Path

    import ohbridge

    # What bash's completion hook does: argcomplete's variables, the answer on file descriptor 8.
    line = "ohbridge wantagent tr"
    here = str(Path(ohbridge.__file__).resolve().parents[1])
    env = dict(os.environ, _ARGCOMPLETE="1", COMP_LINE=line, COMP_POINT=str(len(line)), _ARGCOMPLETE_IFS="\n",
               PYTHONPATH=os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")])))
    read, write = os.pipe()
    try:
        done = subprocess.run(
            [sys.executable, "-c", "import os, sys; os.dup2(int(sys.argv[1]), 8); "
             "from ohbridge.cli import main; main()", str(write)],
            env=env, pass_fds=(write,), capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
        os.close(write)
        write = -1
        answer = os.read(read, 65536).decode()
    finally:
        if write != -1:
            os.close(write)
        os.close(read)
    assert done.returncode == 0, done.stderr
    assert [word.strip() for word in answer.split("\n")] == ["trigger"], answer
