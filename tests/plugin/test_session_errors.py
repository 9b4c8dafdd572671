"""Setup mistakes end in one clear message, never a traceback per test.

An unknown testbed label, an unreachable device, a missing hdc server, more xdist workers than
real devices: each is a problem of the session, not of a test.
"""

from __future__ import annotations

import importlib.util
import os
import socket
from pathlib import Path

import pytest

import ohbridge

from .conftest import plugin_args

pytest_plugins = ["pytester"]
pytestmark = pytest.mark.timeout(120)

EIGHT_TESTS = "import pytest\n\n@pytest.mark.parametrize('n', range(8))\ndef test_n(n, ohos_device):\n    pass\n"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OHOS_DEVICE", "OHOS_STUB", "OHOS_SCENARIO", "OHOS_TESTBED", "OHOS_BACKEND", "OHBRIDGE_AGENT"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def no_server(monkeypatch: pytest.MonkeyPatch) -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("OHOS_HDC_SERVER_PORT", str(port))
    return port


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_inprocess(*plugin_args(), *args)


def test_an_unknown_label_under_the_stub_says_so(pytester: pytest.Pytester, no_server: int) -> None:
    pytester.makepyfile(test_label="""
        import pytest

        @pytest.mark.parametrize("ohos_device", ["phone"], indirect=True)
        def test_on_the_phone(ohos_device):
            pass
    """)
    result = run(pytester, "--ohos-stub")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*ohbridge: no device labelled 'phone' in this session (the selected devices "
                                 "have no labels; labels come from a testbed file (--ohos-testbed))*"])
    out = result.stdout.str()
    assert "hdc server" not in out and "Traceback" not in out  # no attempt to hdc-connect a serial "phone"


def test_an_unknown_label_in_a_testbed_lists_the_labels(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", lab='[[devices]]\nurl = "stub"\nlabel = "sim"\n')
    pytester.makepyfile(test_label="""
        import pytest

        @pytest.mark.parametrize("ohos_device", ["phone"], indirect=True)
        def test_on_the_phone(ohos_device):
            pass
    """)
    result = run(pytester, "--ohos-testbed", "lab.toml")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*no device labelled 'phone' in this session (labels here: 'sim')*"])


def test_a_missing_hdc_server_is_one_session_message(pytester: pytest.Pytester, no_server: int) -> None:
    pytester.makepyfile(test_eight=EIGHT_TESTS)
    result = run(pytester, "--ohos-device", "hdc:PHONE1")
    assert result.ret == 3
    out = result.stdout.str()
    assert out.count("ohbridge: cannot use device") == 1, out
    result.stdout.fnmatch_lines([f"*ohbridge: cannot use device 'hdc:PHONE1' (hdc:PHONE1): cannot reach an hdc "
                                 f"server at 127.0.0.1:{no_server}*(fix: *"])
    assert "Traceback" not in out and "port argument" not in out


def test_an_unreachable_device_of_a_testbed_is_one_session_message(pytester: pytest.Pytester,
                                                                     no_server: int) -> None:
    # The README's lab: a phone that is not there, and a stub.
    pytester.makefile(".toml", lab='[[devices]]\nserial = "150100424a544434520325d2a0ae0f00"\nlabel = "phone"\n'
                                   '[[devices]]\nurl = "stub"\nlabel = "sim"\n')
    pytester.makepyfile(test_eight=EIGHT_TESTS)
    result = run(pytester, "--ohos-testbed", "lab.toml")
    assert result.ret == 3
    result.stdout.fnmatch_lines(["*ohbridge: cannot use device 'phone' (hdc:150100424a544434520325d2a0ae0f00)*"])
    assert "Traceback" not in result.stdout.str()


@pytest.mark.skipif(importlib.util.find_spec("xdist") is None, reason="pytest-xdist is not installed")
def test_more_workers_than_real_devices_is_a_usage_error(pytester: pytest.Pytester, no_server: int,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # The subprocess must import the ohbridge under test (a relative PYTHONPATH breaks in pytester's dir).
    here = str(Path(ohbridge.__file__).resolve().parents[1])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([here, os.environ.get("PYTHONPATH", "")]))
    pytester.makefile(".toml", lab='[[devices]]\nserial = "150100424a544434520325d2a0ae0f00"\nlabel = "phone"\n'
                                   '[[devices]]\nurl = "stub"\nlabel = "sim"\n')
    pytester.makepyfile(test_eight=EIGHT_TESTS)
    result = pytester.runpytest_subprocess(*plugin_args(), "-n", "3", "--ohos-testbed", "lab.toml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*ohbridge: -n 3 starts 3 xdist workers, but the testbed has 2 device(s)*"
                                 "run with -n 2 or fewer"])


@pytest.mark.skipif(importlib.util.find_spec("xdist") is None, reason="pytest-xdist is not installed")
def test_an_unreachable_device_under_xdist_stops_the_run_without_a_crash(
        pytester: pytest.Pytester, no_server: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # pytest.exit in a worker is an INTERNALERROR on the controller: the worker fails the test in
    # one line and sets session.shouldstop instead, which xdist relays as the run's end.
    here = str(Path(ohbridge.__file__).resolve().parents[1])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")])))
    pytester.makefile(".toml", lab='[[devices]]\nserial = "AAA"\nlabel = "phone"\n'
                                   '[[devices]]\nserial = "BBB"\nlabel = "tablet"\n')
    pytester.makepyfile(test_eight=EIGHT_TESTS)
    result = pytester.runpytest_subprocess(*plugin_args(), "-n", "2", "--ohos-testbed", "lab.toml")
    out = result.stdout.str() + result.stderr.str()
    assert "INTERNALERROR" not in out and "Traceback" not in out, out
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*Interrupted: ohbridge: cannot use device *cannot reach an hdc server*"])
    assert result.parseoutcomes().get("errors", 0) <= 2  # at most one per worker, not one per test
