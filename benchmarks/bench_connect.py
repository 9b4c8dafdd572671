"""connect() to a device whose agent is installed: time and device round trips, before and after.

    PYTHONPATH=python python benchmarks/bench_connect.py [--n 15]

Three paths against the loopback fake device (FakeHdcServer in this process, so that its
command log gives the round trips; its shell is /bin/sh on this machine):

* ``share_agent=False``: the path before shared agents (probe, health check, token push,
  start script, forward; close runs the stop script);
* shared, agent installed but not running: one ``connect.sh`` starts it, one forward;
* shared, agent running (another connection holds it): one ``connect.sh``, the forward reused.

Each row: median and p95 of connect()+close() in ms, and the device round trips of one
connect (commands the hdc server cannot answer alone; ``fport ls`` is not one), with what
those cost on a real device at about 88 ms an ``hdc shell`` (the figure measured against a
real hdc server and daemon; a forward's hello is ~0.1 ms and not counted).
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Callable, List

import ohbridge
from ohbridge.testing import FakeHdcServer
from ohbridge.testing.device_tools import install_device_tools
from ohbridge.testing.fake_hdc.round_trips import device_round_trips

SERIAL = "bench-0"
REAL_TRIP_MS = 88.0


def run(server: FakeHdcServer, n: int, name: str, once: Callable[[], None]) -> None:
    before = len(server.commands)
    once()
    trips = device_round_trips(server.commands[before:])
    samples: List[float] = []
    for _ in range(n):
        t0 = time.perf_counter()
        once()
        samples.append(time.perf_counter() - t0)
    med = statistics.median(samples)
    p95 = sorted(samples)[max(0, int(len(samples) * 0.95) - 1)]
    print(f"  {name:<46} median {med * 1e3:7.1f} ms   p95 {p95 * 1e3:7.1f} ms   "
          f"device round trips {trips:2d} (~{trips * REAL_TRIP_MS:4.0f} ms on a real device)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=15, help="connects per figure")
    args = parser.parse_args()
    with FakeHdcServer([SERIAL]) as server:
        install_device_tools(server.target(SERIAL))
        url = f"hdc://127.0.0.1:{server.port}/{SERIAL}"
        ohbridge.connect(url, backend="agent").close()  # installs the agent
        print("connect(backend='agent') + close(), agent installed (round trips: connect and close):")
        run(server, args.n, "before: share_agent=False",
            lambda: ohbridge.connect(url, backend="agent", share_agent=False).close())
        run(server, args.n, "shared, agent not running (started)",
            lambda: ohbridge.connect(url, backend="agent").close())
        holder = ohbridge.connect(url, backend="agent")
        try:
            run(server, args.n, "shared, agent running (attached)",
                lambda: ohbridge.connect(url, backend="agent").close())
        finally:
            holder.close()


if __name__ == "__main__":
    main()
