"""Listener events to Python: throughput and latency, callback form and asyncio form.

    PYTHONPATH=python python benchmarks/bench_listener_events.py [--events 200000]

Events are notifySnapshot notifications raised in native code (a snapshot
update on a synced peer), delivered by the dispatcher thread.  Throughput:
a burst of N events to a trivial callback, from the first post to the last
delivery.  Latency: paced events (one per --interval-us), from the native
post (steady clock, just before the update) to the callback's
time.monotonic_ns(); median and p99.  Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import threading
import time
from typing import Any, Callable, Dict, List, Tuple

import ohbridge
from ohbridge.device import Device

PEER = "PEER1000000000000000000000000000000000000000000000000000000000B"
NOTES = 2  # the Notes mission on the default world's tablet


def sync_listener(dev: Device, on_snapshot: Callable[[str, int], None]) -> None:
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": PEER}, {
        "notifyMissionsChanged": lambda d: None, "notifySnapshot": on_snapshot,
        "notifyNetDisconnect": lambda d, s: None})
    dmm.start_sync_remote_missions({"deviceId": PEER, "fixConflict": False, "tag": 0})
    dev.flush()


def percentile(values: List[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


def report(name: str, n: int, seconds: float, latencies_ns: List[int]) -> Dict[str, float]:
    lat_us = [x / 1000.0 for x in latencies_ns]
    row = {
        "events_per_s": n / seconds,
        "median_us": statistics.median(lat_us),
        "p99_us": percentile(lat_us, 99),
        "max_us": max(lat_us),
    }
    print(f"{name:10s} {row['events_per_s']:>12,.0f} ev/s   latency median {row['median_us']:7.1f} us"
          f"   p99 {row['p99_us']:7.1f} us   max {row['max_us']:8.1f} us")
    return row


def bench_callback(n: int, paced: int, interval_us: int) -> Dict[str, float]:
    with ohbridge.connect("stub") as dev:
        received = [0]
        arrivals: List[int] = []
        done = threading.Event()
        target = [n]

        def throughput_cb(device_id: str, mission_id: int) -> None:
            received[0] += 1
            if received[0] == target[0]:
                done.set()

        sync_listener(dev, throughput_cb)
        received[0] = 0
        t0 = time.perf_counter()
        dev.stub.emit_snapshot_events(PEER, NOTES, n)
        assert done.wait(60), received[0]
        seconds = time.perf_counter() - t0

        now = time.monotonic_ns

        def latency_cb(device_id: str, mission_id: int) -> None:
            arrivals.append(now())

        sync_listener(dev, latency_cb)  # re-registering replaces the callbacks
        stamps = dev.stub.emit_snapshot_events(PEER, NOTES, paced, interval_us)
        dev.flush()
        lat = [a - s for a, s in zip(arrivals, stamps)]
        return report("callback", n, seconds, lat)


def bench_asyncio(n: int, paced: int, interval_us: int) -> Dict[str, float]:
    async def main() -> Tuple[float, List[int]]:
        with ohbridge.connect("stub") as dev:
            loop = asyncio.get_running_loop()
            dmm = dev.aio.distributed_mission_manager
            state: Dict[str, Any] = {"count": 0, "target": n, "done": asyncio.Event(), "arrivals": None}
            now = time.monotonic_ns

            def on_snapshot(device_id: str, mission_id: int) -> None:
                arrivals = state["arrivals"]
                if arrivals is not None:
                    arrivals.append(now())
                    return
                state["count"] += 1
                if state["count"] == state["target"]:
                    state["done"].set()

            await dmm.register_mission_listener({"deviceId": PEER}, {
                "notifyMissionsChanged": lambda d: None, "notifySnapshot": on_snapshot,
                "notifyNetDisconnect": lambda d, s: None})
            await dmm.start_sync_remote_missions({"deviceId": PEER, "fixConflict": False, "tag": 0})
            await loop.run_in_executor(None, dev.flush)
            await asyncio.sleep(0.05)
            state["count"] = 0
            t0 = time.perf_counter()
            await loop.run_in_executor(None, dev.stub.emit_snapshot_events, PEER, NOTES, n)
            await asyncio.wait_for(state["done"].wait(), 60)
            seconds = time.perf_counter() - t0

            state["arrivals"] = []
            stamps = await loop.run_in_executor(None, dev.stub.emit_snapshot_events, PEER, NOTES, paced,
                                                interval_us)
            while len(state["arrivals"]) < len(stamps):
                await asyncio.sleep(0.01)
            return seconds, [a - s for a, s in zip(state["arrivals"], stamps)]

    seconds, lat = asyncio.run(main())
    return report("asyncio", n, seconds, lat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=200_000, help="burst size for throughput")
    parser.add_argument("--paced", type=int, default=20_000, help="events for the latency measurement")
    parser.add_argument("--interval-us", type=int, default=200, help="spacing of the paced events")
    args = parser.parse_args()
    print(f"listener events to Python: burst {args.events:,}, latency over {args.paced:,} events "
          f"one per {args.interval_us} us")
    bench_callback(args.events, args.paced, args.interval_us)
    bench_asyncio(args.events, args.paced, args.interval_us)


if __name__ == "__main__":
    main()
