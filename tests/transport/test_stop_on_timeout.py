"""A one-shot command the client gives up on is stopped on the device, with all it started.

developtools_hdc (OpenHarmony-5.1.0-Release) ``src/common/async_cmd.cpp``: ``AsyncCmd::Popen``
forks the command's shell and calls ``setsid()`` in the child (the shell leads its own session
and process group); ``AsyncCmd::DoRelease``, run when the client closes the channel, sends
SIGTERM to that one pid.  The fake does the same, so these tests see what a device does: the
children outlive the channel unless the client kills the group (``transport/_stop_group``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import signal
import subprocess
import time
from pathlib import Path
from typing import Callable

import pytest

from ohbridge.testing import FakeHdcServer
from ohbridge.transport import _aio_device
from ohbridge.transport._exitcode import ExitMarker
from ohbridge.transport._stop_group import stop_process_group, stop_script
from ohbridge.transport.aio import AsyncHdcClient
from ohbridge.transport.errors import HdcOutputLimitError, HdcTimeoutError
from ohbridge.transport.hdc import HdcDevice

SERIAL = "fake-0"  # the conftest fixtures' device


def _unique_sleep() -> tuple[str, str]:
    """A ``sleep`` argument no other process has, and a grep pattern that does not match itself."""
    digits = str(secrets.randbelow(10**8)).zfill(8)
    return f"30.{digits}", f"30[.]{digits}"


def _pids_with(pattern_digits: str) -> list[int]:
    """Host processes whose argv holds ``30.<digits>`` (the fake's device is this host)."""
    needle = f"30.{pattern_digits}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if needle in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


def _wait_for(predicate: Callable[[], bool], limit: float = 10.0) -> bool:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False


# --- the pid record (_exitcode) ------------------------------------------------------------


def test_the_wrapper_reports_the_shell_pid_first_and_the_filter_strips_it() -> None:
    # AsyncCmd::Popen: the forked shell is the group leader, so its $$ names the group.
    marker = ExitMarker()
    wrapped = marker.wrap("echo hi")
    assert wrapped.index('"$$"') < wrapped.index("sh -c")
    stream = marker.marker + b"p4242\nhi\n" + marker.marker + b"0\n"
    for cut in range(len(stream) + 1):
        flt = marker.filter()
        out = flt.feed(stream[:cut]) + flt.feed(stream[cut:]) + flt.finish()
        assert (out, flt.pid, flt.returncode) == (b"hi\n", 4242, 0)


def test_only_one_pid_record_is_taken_and_a_foreign_token_is_output() -> None:
    mine, other = ExitMarker(), ExitMarker()
    flt = mine.filter()
    out = flt.feed(mine.marker + b"p7\n" + mine.marker + b"p8\n" + other.marker + b"p9\n")
    out += flt.finish()
    assert flt.pid == 7
    assert out == mine.marker + b"p8\n" + other.marker + b"p9\n"


def test_the_stop_script_names_only_a_number() -> None:
    script = stop_script(1234)
    assert "kill -s TERM -- -1234" in script and "kill -s KILL -- -1234" in script
    with pytest.raises(ValueError):
        stop_script("1; reboot")  # type: ignore[arg-type]


def test_the_stop_script_kills_a_group_that_ignores_sigterm() -> None:
    # SIGTERM first, SIGKILL for what is still alive after the grace: run here with /bin/sh,
    # on a session like the one AsyncCmd::Popen makes (setsid), whose members ignore SIGTERM.
    arg, _ = _unique_sleep()
    leader = subprocess.Popen(
        ["/bin/sh", "-c", f"trap '' TERM; sleep {arg} & sleep {arg}"], start_new_session=True
    )
    try:
        assert _wait_for(lambda: len(_pids_with(arg[3:])) >= 2)
        subprocess.run(["/bin/sh", "-c", stop_script(leader.pid)], check=True, timeout=30)
        leader.wait(timeout=30)
        assert _pids_with(arg[3:]) == []
    finally:
        for pid in _pids_with(arg[3:]):
            os.kill(pid, signal.SIGKILL)
        if leader.poll() is None:
            leader.kill()
            leader.wait()


# --- the fake is as hard on a client as hdcd ----------------------------------------------


@pytest.mark.timeout(60)
def test_closing_the_channel_sigterms_only_the_shell_like_asynccmd_dorelease(
    device: HdcDevice, monkeypatch: pytest.MonkeyPatch
) -> None:
    # src/common/async_cmd.cpp AsyncCmd::DoRelease: uv_kill(pid, SIGTERM), the forked shell only.
    async def no_stop(*_: object) -> None:
        return None

    monkeypatch.setattr(_aio_device, "stop_process_group", no_stop)
    arg, _ = _unique_sleep()
    digits = arg[3:]
    with pytest.raises(HdcTimeoutError):
        device.shell(f"sleep {arg} & sleep {arg}; echo never", timeout=1.5)
    try:
        assert _wait_for(lambda: len(_pids_with(digits)) >= 2), "the command's children should outlive the channel"
    finally:
        for pid in _pids_with(digits):
            os.kill(pid, signal.SIGKILL)


# --- the client stops the group -----------------------------------------------------------


@pytest.mark.timeout(60)
def test_a_timed_out_shell_leaves_none_of_its_processes(device: HdcDevice) -> None:
    arg, pattern = _unique_sleep()
    with pytest.raises(HdcTimeoutError):
        device.shell(f"sleep {arg} & sleep {arg}; echo never", timeout=1.5)
    # Stopped before shell() raised: nothing to wait for.
    assert device.shell(f"grep -l '{pattern}' /proc/[0-9]*/cmdline 2>/dev/null", timeout=10).stdout == ""
    assert _pids_with(arg[3:]) == []


@pytest.mark.timeout(60)
def test_a_command_over_the_output_limit_is_stopped(device: HdcDevice) -> None:
    arg, _ = _unique_sleep()
    with pytest.raises(HdcOutputLimitError):
        device.shell(f"sleep {arg} & while :; do echo flood; done", timeout=30, max_output=4096)
    assert _pids_with(arg[3:]) == []


@pytest.mark.timeout(60)
def test_a_cancelled_shell_is_stopped(server: FakeHdcServer) -> None:
    arg, _ = _unique_sleep()

    async def main() -> None:
        adev = await AsyncHdcClient(port=server.port).device(SERIAL)
        call = asyncio.ensure_future(adev.shell(f"sleep {arg} & sleep {arg}", timeout=None))
        for _ in range(200):
            if len(_pids_with(arg[3:])) >= 2:
                break
            await asyncio.sleep(0.05)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call

    asyncio.run(main())
    assert _pids_with(arg[3:]) == []


@pytest.mark.timeout(60)
def test_a_finished_command_keeps_what_it_left_running(device: HdcDevice) -> None:
    # An agent started with `&` must survive: only an abandoned command is stopped.
    arg, _ = _unique_sleep()
    assert device.shell(f"sleep {arg} >/dev/null 2>&1 & echo started", timeout=10).stdout == "started\n"
    try:
        assert len(_pids_with(arg[3:])) == 1
    finally:
        for pid in _pids_with(arg[3:]):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("how", ["read-timeout", "close"])
def test_a_stream_closed_early_leaves_none_of_its_processes(device: HdcDevice, how: str) -> None:
    arg, _ = _unique_sleep()
    with device.shell_stream(f"echo go; sleep {arg} & sleep {arg}") as stream:
        assert stream.read(timeout=10) == b"go\n"
        assert _wait_for(lambda: len(_pids_with(arg[3:])) >= 2)
        if how == "read-timeout":
            with pytest.raises(HdcTimeoutError):
                stream.read(timeout=0.5)
    assert _pids_with(arg[3:]) == []


@pytest.mark.timeout(30)
def test_a_failing_stop_is_logged_never_raised(caplog: pytest.LogCaptureFixture) -> None:
    async def main() -> None:
        with FakeHdcServer([SERIAL]) as srv:
            client = AsyncHdcClient(port=srv.port)
        # The server is gone: the stop's own channel fails, quietly.
        await stop_process_group(client, SERIAL, 4242)
        await stop_process_group(client, SERIAL, None)  # no pid reported: nothing to do
        await stop_process_group(client, SERIAL, 1)  # never `kill -- -1`

    with caplog.at_level(logging.DEBUG, logger="ohbridge.transport._stop_group"):
        asyncio.run(main())
    assert [r.getMessage() for r in caplog.records if "could not stop process group 4242" in r.getMessage()]
    assert not [r for r in caplog.records if "group 1 " in r.getMessage()]
