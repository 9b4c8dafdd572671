"""The asyncio form: agent calls through gather vs one after another, and the loop's lag meanwhile.

    PYTHONPATH=python python benchmarks/bench_asyncio.py [--calls 1000] [--shell-calls 16] [--delay 0.05]

The loopback device (ohbridge.testing.loopback_process) runs in a child process, so its work is
not measured here.  Two parts:

* agent: ``--calls`` calls of ``get_mission_infos`` through ``asyncio.gather`` and the same
  number awaited one after another (calls/s each, and the ratio);
* shell: ``--shell-calls`` concurrent calls against a device that adds ``--delay`` seconds to
  every command (a real device costs about 88 ms per ``hdc shell``), while a 1 ms ticker runs on
  the loop: its lag (median, max) and the wall time, *before* (the old behaviour: the sync API
  called inside the loop, which is what ``dev.aio`` used to do) and *after* (``dev.aio``).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from typing import Awaitable, Callable, List, Tuple

import ohbridge
from ohbridge.device import Device
from ohbridge.testing.loopback_process import LoopbackProcess


async def _ticker(stop: asyncio.Event, lags: List[float]) -> None:
    while not stop.is_set():
        start = time.perf_counter()
        await asyncio.sleep(0.001)
        lags.append(time.perf_counter() - start - 0.001)


async def _with_ticker(work: Callable[[], Awaitable[object]]) -> Tuple[float, List[float]]:
    stop = asyncio.Event()
    lags: List[float] = []
    ticker = asyncio.create_task(_ticker(stop, lags))
    await asyncio.sleep(0.01)
    start = time.perf_counter()
    await work()
    elapsed = time.perf_counter() - start
    stop.set()
    await ticker
    return elapsed, lags


def bench_agent(dev: Device, calls: int) -> None:
    async def gathered() -> float:
        start = time.perf_counter()
        await asyncio.gather(*(dev.aio.missions.get_mission_infos("", 10) for _ in range(calls)))
        return time.perf_counter() - start

    async def one_by_one() -> float:
        start = time.perf_counter()
        for _ in range(calls):
            await dev.aio.missions.get_mission_infos("", 10)
        return time.perf_counter() - start

    asyncio.run(gathered())  # warm-up
    together = asyncio.run(gathered())
    serial = asyncio.run(one_by_one())
    print(f"agent, {calls} calls")
    print(f"  gather            {calls / together:10,.0f} calls/s   ({together * 1000:8.1f} ms)")
    print(f"  one after another {calls / serial:10,.0f} calls/s   ({serial * 1000:8.1f} ms)")
    print(f"  ratio             {serial / together:10.2f} x")


def bench_shell(dev: Device, calls: int, delay: float) -> None:
    async def before() -> None:
        # What dev.aio did before: the sync call made inside the coroutine, blocking the loop.
        async def one() -> object:
            return dev.missions.get_mission_infos("", 10)

        await asyncio.gather(*(one() for _ in range(calls)))

    async def after() -> None:
        await asyncio.gather(*(dev.aio.missions.get_mission_infos("", 10) for _ in range(calls)))

    asyncio.run(_with_ticker(after))  # warm-up: connections, the persistent shell of the sync path
    dev.missions.get_mission_infos("", 10)
    print(f"shell, {calls} concurrent calls, {delay * 1000:.0f} ms per command, 1 ms ticker on the loop")
    for name, work in (("before (sync in the loop)", before), ("after (dev.aio)", after)):
        elapsed, lags = asyncio.run(_with_ticker(work))
        print(f"  {name:<26} {elapsed * 1000:8.1f} ms   ticker lag median {statistics.median(lags) * 1000:7.2f} ms"
              f"   max {max(lags) * 1000:8.2f} ms   ({len(lags)} ticks)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--shell-calls", type=int, default=16)
    parser.add_argument("--delay", type=float, default=0.05)
    args = parser.parse_args()
    with LoopbackProcess() as loopback:
        with ohbridge.connect(loopback.url, backend="agent") as dev:
            bench_agent(dev, args.calls)
    with LoopbackProcess(delay=args.delay) as loopback:
        with ohbridge.connect(loopback.url, backend="shell") as dev:
            bench_shell(dev, args.shell_calls, args.delay)


if __name__ == "__main__":
    main()
