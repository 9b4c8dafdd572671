"""get_mission_infos through the loopback device: agent vs shell backend vs a process per call.

    PYTHONPATH=python python benchmarks/bench_backends.py [--n 300]

All three read the same device (a FakeHdcServer on 127.0.0.1 whose fake
``aa dump -l`` prints the stub's default world):

* agent: ``ohbridge.connect(url)`` -> one msgpack-rpc round trip over the
  ``fport`` forward per call;
* shell: ``ohbridge.connect(url, backend="shell")`` -> one ``hdc shell aa dump
  -l`` per call, parsed;
* subprocess: what a CLI-wrapping tool does, a new process per call that
  runs ``shell aa dump -l`` through the hdc protocol and prints the output.

On a real device a shell command costs about 88 ms (measured against a real hdc server and daemon, Ver 3.2.0f: docs/transport.md),
so the shell figures here are a floor; the agent figure is the forward's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from typing import Callable, List

import ohbridge

SERIAL = "bench-0"


def measure(fn: Callable[[], object], n: int, warmup: int = 5) -> List[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000.0)
    return out


def p99(xs: List[float]) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(round(0.99 * (len(s) - 1))))]


def row(name: str, xs: List[float]) -> None:
    print(f"{name:<38} median {statistics.median(xs):8.3f} ms   p99 {p99(xs):8.3f} ms   (n={len(xs)})")


_SERVER = """
import sys
from ohbridge.testing import FakeHdcServer
from ohbridge.testing.device_tools import install_device_tools
with FakeHdcServer([%r]) as server:
    install_device_tools(server.target(%r))
    print(server.port, flush=True)
    sys.stdin.read()  # until the benchmark closes our stdin
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--n-subprocess", type=int, default=30)
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    # The fake hdc server (and its fport relay) in its own process, as a real
    # hdc server is: in this process its relay would compete for the GIL.
    server = subprocess.Popen([sys.executable, "-c", _SERVER % (SERIAL, SERIAL)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        url = f"hdc://127.0.0.1:{port}/{SERIAL}"
        with ohbridge.connect(url) as agent_dev, ohbridge.connect(url, backend="shell") as shell_dev:
            assert len(agent_dev.missions.get_mission_infos("", 10)) == 3
            assert len(shell_dev.missions.get_mission_infos("", 10)) == 3
            agent = measure(lambda: agent_dev.missions.get_mission_infos("", 10), args.n)
            shell = measure(lambda: shell_dev.missions.get_mission_infos("", 10), max(30, args.n // 5))
        code = (
            "import sys; from ohbridge.transport import open_device; "
            f"sys.stdout.write(open_device({url!r}).shell('aa dump -l').stdout)"
        )

        def one_process() -> None:
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
            assert "Mission ID #3" in out.stdout

        proc = measure(one_process, args.n_subprocess, warmup=2)
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(30)
    print("get_mission_infos('', 10) through the loopback hdc device")
    row("agent (msgpack-rpc over fport)", agent)
    row("shell backend (hdc shell aa dump -l)", shell)
    row("subprocess per call (shell aa dump -l)", proc)
    ratio = statistics.median(shell) / statistics.median(agent)
    print(f"agent is {ratio:.1f}x faster than the shell backend per operation (median); "
          f"{statistics.median(proc) / statistics.median(agent):.0f}x faster than a process per call")


if __name__ == "__main__":
    main()
