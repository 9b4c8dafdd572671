"""What one call keeps is bounded; a stream's read() has a timeout; exit records are in range.

A server sending 1 GB within the deadline drove the client to +3 GB RSS and put
all of it into ``exc.output`` (transport/aio.py ``_collect``); a shell stream
held every byte after an exit marker with no newline, rescanned a flood of
``[Fail]`` lines on every chunk (O(n^2)), and blocked for ever on a silent
server; ``_exitcode.py`` accepted a forged status of -9999999999.
"""

from __future__ import annotations

import time

import pytest

from ohbridge.testing import FakeHdcServer
from ohbridge.transport import aio
from ohbridge.transport._exitcode import ExitMarker
from ohbridge.transport.errors import HdcOutputLimitError, HdcTimeoutError
from ohbridge.transport.hdc import HdcDevice

MB = 1 << 20


def test_output_past_max_output_closes_the_channel_and_keeps_only_the_cap(device: HdcDevice) -> None:
    with pytest.raises(HdcOutputLimitError) as caught:
        device.shell("yes ohbridge", max_output=MB, timeout=60)
    assert len(caught.value.output) == MB and caught.value.max_output == MB
    assert device.shell("echo still fine").stdout == "still fine\n"


@pytest.mark.timeout(120)
def test_an_endless_flood_is_capped_at_the_documented_default(device: HdcDevice) -> None:
    with pytest.raises(HdcOutputLimitError) as caught:
        device.shell("cat /dev/zero", timeout=100)
    assert len(caught.value.output) == aio.DEFAULT_MAX_OUTPUT


@pytest.mark.timeout(30)
def test_stream_read_on_a_silent_command_times_out(device: HdcDevice, server: FakeHdcServer) -> None:
    with device.shell_stream("exec sleep 600") as stream:
        with pytest.raises(HdcTimeoutError):
            stream.read(timeout=0.05)
    # Let the server finish stopping the command before the fixture stops the server: its
    # subprocess transport must not outlive its loop.
    for _ in range(200):
        if not server._handlers:  # type: ignore[attr-defined]
            break
        time.sleep(0.05)


def test_stream_read_with_a_timeout_returns_what_arrives(device: HdcDevice) -> None:
    with device.shell_stream("echo hello") as stream:
        assert b"".join(iter(lambda: stream.read(timeout=10), b"")) == b"hello\n"
    assert stream.returncode == 0


@pytest.mark.timeout(60)
def test_a_flood_of_fail_lines_is_output_once_it_passes_a_refusals_size(device: HdcDevice) -> None:
    lines = 200_000  # 1.4 MB of "[Fail]x" lines: far more than any refusal
    with device.shell_stream(f"yes '[Fail]x' | head -n {lines}") as stream:
        first = stream.read(timeout=30)
        assert first.startswith(b"[Fail]x\n")
        total = len(first) + sum(len(c) for c in iter(lambda: stream.read(timeout=30), b""))
    assert total == lines * len(b"[Fail]x\n") and stream.returncode == 0


def test_refusal_watch_looks_at_each_line_once_and_gives_up_past_its_limit() -> None:
    watch = aio._RefusalWatch()
    assert watch.could_be(b"[Fail]no such device\n")
    for _ in range(aio._RefusalWatch.LIMIT // 8):
        if not watch.could_be(b"[Fail]x\n"):
            break
    else:
        raise AssertionError("a flood of [Fail] lines was held back as a possible refusal")
    assert not aio._RefusalWatch().could_be(b"output\n")


@pytest.mark.parametrize("status", [b"-9999999999", b"-1", b"256", b"99999", b"1e3"])
def test_an_exit_status_sh_cannot_produce_is_not_an_exit_record(status: bytes) -> None:
    marker = ExitMarker()
    flt = marker.filter()
    forged = marker.marker + status + b"\n"
    out = flt.feed(forged) + flt.finish()
    assert flt.returncode is None and out == forged


@pytest.mark.parametrize("status", [0, 1, 127, 255])
def test_every_status_sh_can_produce_is_read(status: int) -> None:
    marker = ExitMarker()
    flt = marker.filter()
    assert flt.feed(b"out" + marker.marker + str(status).encode() + b"\n") == b"out"
    assert flt.returncode == status


def test_a_marker_without_its_newline_holds_back_only_a_records_length() -> None:
    marker = ExitMarker()
    flt = marker.filter()
    out = flt.feed(marker.marker + b"0" + b"x" * MB)
    assert len(flt.pending()) < len(marker.marker) + 8
    assert out + flt.finish() == marker.marker + b"0" + b"x" * MB
