"""The shell backend's asyncio form never blocks the loop, and its calls overlap.

A real device costs about 88 ms per ``hdc shell`` (docs/agent.md, "Why the agent").  The
loopback device, in a process of its own so that its work is not measured here, adds 50 ms to
every command (ohbridge.testing.latency).  16 concurrent calls must then finish in about the
time of one, while a 1 ms ticker on the same loop keeps running on time.

Wall-clock asserts are what this test is about, so they are generous: 16 calls in less than
8 x 50 ms (one after another they take more than 16 x 50 ms), and a ticker lag under 20 ms.  A
loop that a call blocks misses by 50 ms or more on every run; a machine shared by many jobs
stalls a whole process now and then for 10 ms or more, which says nothing about the code.  So
a run that misses is measured again (up to ``ATTEMPTS`` runs; one must meet both bounds), and
the ticker's lag with no calls at all is measured alongside: when even that is 5 ms or more in
every run, the machine cannot resolve the bound and the test skips, saying so.  What does not
depend on the clock is tested too: 16 calls are all on the device at once, and the loop keeps
ticking while they are held there.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest

import ohbridge
from ohbridge.device import Device
from ohbridge.testing import FakeHdcServer
from ohbridge.testing.device_tools import install_device_tools
from ohbridge.testing.latency import hold_commands, set_command_delay
from ohbridge.testing.loopback_process import LoopbackProcess

DELAY = 0.05
CALLS = 16
MAX_LAG = 0.020
MAX_ELAPSED = 8 * DELAY
ATTEMPTS = 3
QUIET_IDLE_LAG = 0.005


@pytest.fixture(scope="module")
def slow_shell_device() -> Iterator[Device]:
    with LoopbackProcess(delay=DELAY) as loopback:
        dev = ohbridge.connect(loopback.url, backend="shell")
        try:
            yield dev
        finally:
            dev.close()


async def _ticker(stop: asyncio.Event, lags: List[float]) -> None:
    interval = 0.001
    while not stop.is_set():
        start = time.perf_counter()
        await asyncio.sleep(interval)
        lags.append(time.perf_counter() - start - interval)


async def _concurrent_calls(dev: Device) -> Tuple[float, List[float], List[int]]:
    stop = asyncio.Event()
    lags: List[float] = []
    ticker = asyncio.create_task(_ticker(stop, lags))
    await asyncio.sleep(0.01)  # the ticker is running
    start = time.perf_counter()
    results = await asyncio.gather(*(dev.aio.missions.get_mission_infos("", 10) for _ in range(CALLS)))
    elapsed = time.perf_counter() - start
    stop.set()
    await ticker
    return elapsed, lags, [len(r) for r in results]


async def _idle_lag() -> float:
    stop = asyncio.Event()
    lags: List[float] = []
    ticker = asyncio.create_task(_ticker(stop, lags))
    await asyncio.sleep(0.2)
    stop.set()
    await ticker
    return max(lags)


@pytest.mark.skipif(any(os.environ.get(v) for v in ("ASAN_OPTIONS", "TSAN_OPTIONS")),
                    reason="under a sanitizer (.ci/sanitizers) every native call and allocation runs several "
                           "times slower: a 20 ms wall-clock bound says nothing there; the clock-free twin runs")
def test_16_shell_calls_overlap_and_a_1ms_ticker_keeps_its_max_lag_under_20ms(slow_shell_device: Device) -> None:
    # backends/shell.py ShellTools._ashell: AsyncHdcDevice.shell, one channel per command on the
    # caller's loop; the parsers run as shell steps (backends/_shell_steps.py).
    asyncio.run(_concurrent_calls(slow_shell_device))  # warm-up: first connections, imports
    measured = []
    idle_lags = []
    for _attempt in range(ATTEMPTS):
        idle = asyncio.run(_idle_lag())
        idle_lags.append(idle)
        elapsed, lags, sizes = asyncio.run(_concurrent_calls(slow_shell_device))
        assert sizes == [3] * CALLS
        measured.append(f"{elapsed * 1000:.0f} ms for 16 calls, ticker lag max {max(lags) * 1000:.1f} ms "
                        f"(median {statistics.median(lags) * 1000:.2f} ms; idle max {idle * 1000:.1f} ms)")
        if elapsed < MAX_ELAPSED and max(lags) < MAX_LAG:
            return
    if min(idle_lags) >= QUIET_IDLE_LAG:
        # An idle loop on a quiet machine lags well under a millisecond: this one cannot resolve
        # a 20 ms bound now.  test_16_shell_calls_are_all_in_flight_at_once still holds the code.
        pytest.skip("the machine is too loaded to measure a 20 ms lag bound: " + "; ".join(measured))
    pytest.fail(f"no run kept the ticker lag under {MAX_LAG * 1000:.0f} ms with 16 calls in under "
                f"{MAX_ELAPSED * 1000:.0f} ms: " + "; ".join(measured))


def test_the_same_calls_one_after_another_take_at_least_16_delays(slow_shell_device: Device) -> None:
    # The counterpart that makes the 8 x 50 ms bound meaningful: the delay is really there.
    async def one_by_one() -> float:
        start = time.perf_counter()
        for _ in range(CALLS):
            await slow_shell_device.aio.missions.get_mission_infos("", 10)
        return time.perf_counter() - start

    assert asyncio.run(one_by_one()) >= CALLS * DELAY


def test_16_shell_calls_are_all_in_flight_at_once_and_the_loop_runs_meanwhile(tmp_path: Path) -> None:
    # No clock: every command waits on the device until a gate file exists.  Calls that block
    # the loop could never get the 16 there (the first would wait forever); overlapping ones do,
    # and the ticker keeps ticking while they wait.
    with FakeHdcServer(["held-0"]) as server:
        target = server.target("held-0")
        install_device_tools(target)
        gate = tmp_path / "gate"
        dev = ohbridge.connect(f"hdc://127.0.0.1:{server.port}/held-0", backend="shell")
        try:
            hold_commands(target, str(gate))

            async def main() -> List[int]:
                ticks = 0

                async def tick() -> None:
                    nonlocal ticks
                    while True:
                        await asyncio.sleep(0.001)
                        ticks += 1

                ticker = asyncio.create_task(tick())
                calls = asyncio.gather(*(dev.aio.missions.get_mission_infos("", 10) for _ in range(CALLS)))
                deadline = time.monotonic() + 60
                while len(list(tmp_path.glob("gate.held.*"))) < CALLS:
                    assert time.monotonic() < deadline, "the 16 calls never were on the device at once"
                    await asyncio.sleep(0.01)
                ticks_while_held = ticks
                await asyncio.sleep(0.05)
                assert ticks > ticks_while_held  # the loop is free while every call waits
                gate.touch()
                results = await asyncio.wait_for(calls, 60)
                ticker.cancel()
                return [len(r) for r in results]

            assert asyncio.run(main()) == [3] * CALLS
        finally:
            set_command_delay(target, 0)
            dev.close()
