"""Every command with bad input: a usage error (exit 2) or a documented code, in one line, never a traceback.

Bad input: missing and unknown arguments, unreadable files (missing, a directory, not UTF-8),
invalid or absurdly nested JSON, huge and non-finite numbers, non-UTF-8 bytes in argv (what
Python hands over as surrogate escapes), a bad $OHOS_HDC_SERVER_PORT.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Tuple

import pytest

import ohbridge

from .conftest import Result, Run

HUGE = str(10**30)
NON_UTF8 = os.fsdecode(b"com.\xff\xfe.app")  # how argv carries bytes that are not UTF-8
DEEP = "[" * 100_000 + "]" * 100_000  # deeper than json's recursion limit
APP = ("--bundle", "com.example.myapplication", "--ability", "EntryAbility")

# (arguments, allowed exit codes)
CASES: Tuple[Tuple[Tuple[str, ...], Tuple[int, ...]], ...] = (
    # missing and unknown arguments, for every command
    ((), (2,)),
    (("frobnicate",), (2,)),
    (("devices", "--frob"), (2,)),
    (("info", "extra"), (2,)),
    (("missions", "--max"), (2,)),
    (("start", "com.example.myapplication"), (2,)),
    (("continue", "3"), (2,)),
    (("continue", "--to", "PEER1"), (2,)),
    (("listen", "--peer"), (2,)),
    (("wantagent",), (2,)),
    (("wantagent", "trigger"), (2,)),
    (("wantagent", "explode"), (2,)),
    (("agent",), (2,)),
    (("agent", "explode"), (2,)),
    (("doctor", "--frob"), (2,)),
    (("demo", "--frob"), (2,)),
    # unreadable files
    (("--scenario", "nope.toml", "missions"), (2,)),
    (("--scenario", "{dir}", "missions"), (2,)),
    (("--scenario", "{binary}", "missions"), (2,)),
    (("--stub", "wantagent", "create", "--info", "@nope.json"), (2,)),
    (("--stub", "wantagent", "create", "--info", "@{dir}"), (2,)),
    (("--stub", "wantagent", "create", "--info", "@{binary}"), (2,)),
    # invalid JSON
    (("--stub", "wantagent", "create", "--info", "{"), (2,)),
    (("--stub", "wantagent", "create", "--info", "[1, 2]"), (2,)),
    (("--stub", "wantagent", "create", "--info", DEEP), (2,)),
    (("--stub", "wantagent", "create", *APP, "--param", "k=" + DEEP), (1, 2)),
    (("--stub", "wantagent", "trigger", *APP, "--extra", "novalue"), (2,)),
    (("--stub", "wantagent", "create", *APP, "--operation", "EXPLODE"), (2,)),
    (("--stub", "wantagent", "create", "--info", '{"wants": "x"}'), (1,)),  # the API's 401
    # huge and non-finite numbers
    (("--stub", "--api-version", HUGE, "missions"), (2,)),
    (("--stub", "--api-version", "1e23", "missions"), (2,)),
    (("--stub", "missions", "--max", HUGE), (2,)),
    (("--stub", "missions", "--max", "-1"), (2,)),
    (("--stub", "missions", "--watch", "--interval", "-1"), (2,)),
    (("--stub", "missions", "--watch", "--interval", "nan"), (2,)),
    (("--stub", "missions", "--watch", "--count", HUGE), (2,)),
    (("--stub", "continue", HUGE, "--to", "PEER1"), (2,)),
    (("--stub", "continue", "3", "--to", "PEER1", "--wait", "inf"), (2,)),
    (("--stub", "listen", "--count", HUGE), (2,)),
    (("--stub", "listen", "--timeout", "1e309"), (2,)),
    (("--stub", "wantagent", "trigger", *APP, "--code", HUGE), (2,)),
    (("--stub", "wantagent", "create", *APP, "--request-code", HUGE), (2,)),
    (("--stub", "wantagent", "create", "--info", '{"wants": [{"bundleName": "a"}], "operationType": 1, '
                                                 '"requestCode": ' + HUGE + '}'), (0, 1, 2)),
    (("agent", "start", "--port", "99999"), (2,)),
    # non-UTF-8 bytes
    (("--stub", "start", NON_UTF8, "EntryAbility"), (2,)),
    (("--stub", "continue", "3", "--to", NON_UTF8), (2,)),
    (("--stub", "wantagent", "create", "--bundle", NON_UTF8, "--ability", "EntryAbility"), (2,)),
    (("--stub", "wantagent", "create", *APP, "--param", NON_UTF8 + "=1"), (2,)),
    (("--device", NON_UTF8, "info"), (2,)),
    (("--stub", "--scenario", NON_UTF8, "missions"), (2,)),
)


def _materialize(args: Tuple[str, ...], tmp_path: Path) -> Tuple[str, ...]:
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00not text")
    return tuple(a.replace("{dir}", str(tmp_path)).replace("{binary}", str(binary)) for a in args)


def _check(r: Result, allowed: Tuple[int, ...], what: str) -> None:
    where = f"{what}: exit {r.code}\n--- out\n{r.out[:2000]}\n--- err\n{r.err[:2000]}"
    assert "Traceback" not in r.out + r.err, where
    assert "internal error" not in r.out + r.err, where
    assert r.code in allowed, where
    if r.code:
        assert r.err.strip(), where  # something says what went wrong


@pytest.mark.parametrize("args, allowed", CASES, ids=[" ".join(a)[:60] or "(nothing)" for a, _ in CASES])
def test_bad_input_is_a_clear_error(run: Run, no_server: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    args: Tuple[str, ...], allowed: Tuple[int, ...]) -> None:
    monkeypatch.chdir(tmp_path)
    _check(run(*_materialize(args, tmp_path)), allowed, " ".join(args)[:200])


@pytest.mark.parametrize("port", ["abc", "99999", "-1"])
def test_a_bad_hdc_server_port_is_a_usage_error(run: Run, monkeypatch: pytest.MonkeyPatch, port: str) -> None:
    monkeypatch.setenv("OHOS_HDC_SERVER_PORT", port)
    for args in (("devices",), ("info",), ("doctor",)):
        r = run(*args)
        assert "Traceback" not in r.out + r.err and "internal error" not in r.err, (args, r)
        assert r.code == 2 and "OHOS_HDC_SERVER_PORT" in r.err, (args, r)


def test_json_errors_are_one_document(run: Run, tmp_path: Path) -> None:
    r = run("--json", "--scenario", str(tmp_path / "nope.toml"), "missions")
    assert r.code == 2 and r.json()["error"]["kind"] == "usage" and r.json()["error"]["exit_code"] == 2


def test_demo_into_a_closed_pipe_ends_quietly() -> None:
    # `ohbridge demo | head -1`: the reader goes away; no BrokenPipeError traceback.
    here = str(Path(ohbridge.__file__).resolve().parents[1])  # the ohbridge under test
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")])))
    proc = subprocess.Popen([sys.executable, "-m", "ohbridge", "demo"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    code = proc.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert code in (0, 141), (code, err)  # 141: the shell's code for SIGPIPE
