"""hdc transport figures against the loopback fake device (FakeHdcServer).

    PYTHONPATH=python python benchmarks/bench_hdc.py [--n 200]

Prints: per-command latency of `shell echo` through ohbridge (sync and asyncio) and through a
subprocess per command (the way CLI-wrapping tools work; no real `hdc` binary is available here,
so the subprocess is a Python one-shot client of the same protocol, plus the bare spawn cost of
`/bin/true` as the floor any CLI wrapper pays), streaming throughput, and 16 concurrent shells.
The fake runs each shell command with /bin/sh on this machine, so absolute figures are
loopback figures; on a real device every `hdc shell` costs about 88 ms (ARCHITECTURE.md).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from typing import Callable

from ohbridge.testing import FakeHdcServer
from ohbridge.transport.hdc import AsyncHdcClient, HdcClient

# A one-shot protocol client as a separate process: what a CLI invocation costs, minus hdc's own
# startup (which is C++, so cheaper than Python's; see the /bin/true floor).
_ONE_SHOT = r"""
import socket, struct, sys
def exact(s, n):
    b = b""
    while len(b) < n:
        c = s.recv(n - len(b))
        if not c: raise EOFError
        b += c
    return b
port, key, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3]
with socket.create_connection(("127.0.0.1", port)) as s:
    (n,) = struct.unpack(">I", exact(s, 4)); hello = exact(s, n)
    r = hello[:12] + key.encode().ljust(32, b"\0")
    p = cmd.encode() + b"\0"
    s.sendall(struct.pack(">I", len(r)) + r + struct.pack(">I", len(p)) + p)
    out = b""
    while True:
        try: (n,) = struct.unpack(">I", exact(s, 4))
        except EOFError: break
        out += exact(s, n)
sys.stdout.buffer.write(out)
"""


def timed(fn: Callable[[], object], n: int) -> list[float]:
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return samples


def describe(name: str, samples: list[float]) -> float:
    med = statistics.median(samples)
    p95 = sorted(samples)[int(len(samples) * 0.95) - 1]
    print(f"  {name:<50} median {med * 1e3:7.2f} ms   p95 {p95 * 1e3:7.2f} ms   (n={len(samples)})")
    return med


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200, help="commands per latency figure")
    parser.add_argument("--stream-mb", type=int, default=200, help="MB to stream for the throughput figure")
    args = parser.parse_args()

    with FakeHdcServer(["bench-0"]) as server:
        client = HdcClient(port=server.port)
        dev = client.device("bench-0")
        dev.shell("echo warm")
        print(f"hdc transport benchmark against the fake server on {server.address} (python {sys.version.split()[0]})")

        print("\nper-command latency, `shell echo hi`:")
        sync_med = describe("ohbridge HdcClient (sync)", timed(lambda: dev.shell("echo hi"), args.n))

        async def async_loop() -> list[float]:
            adev = await AsyncHdcClient(port=server.port).device("bench-0")
            samples = []
            for _ in range(args.n):
                t0 = time.perf_counter()
                await adev.shell("echo hi")
                samples.append(time.perf_counter() - t0)
            return samples

        describe("ohbridge AsyncHdcClient", asyncio.run(async_loop()))
        raw_cmd = [sys.executable, "-c", _ONE_SHOT, str(server.port), "bench-0", "shell echo hi"]
        sub_med = describe(
            "subprocess per command (python one-shot client)",
            timed(lambda: subprocess.run(raw_cmd, check=True, capture_output=True), args.n),
        )
        true_med = describe("bare spawn of /bin/true (any CLI wrapper's floor)", timed(lambda: subprocess.run(["/bin/true"], check=True), args.n))
        server_med = describe("server-local `list targets -v` (no device shell)", timed(client.list_targets, args.n))
        print(f"  -> subprocess per command / ohbridge: {sub_med / sync_med:.1f}x;  "
              f"spawn floor alone is {true_med / sync_med:.2f}x of an ohbridge shell; "
              f"a shell command costs {sync_med / server_med:.1f}x a server-local one (the /bin/sh spawn on the fake device)")

        print("\nstreaming throughput:")
        size = args.stream_mb * 1024 * 1024

        async def stream() -> tuple[int, float]:
            adev = await AsyncHdcClient(port=server.port).device("bench-0")
            total = 0
            t0 = time.perf_counter()
            async with adev.shell_stream(f"head -c {size} /dev/zero") as s:
                async for chunk in s:
                    total += len(chunk)
            return total, time.perf_counter() - t0

        total, secs = asyncio.run(stream())
        assert total == size, (total, size)
        print(f"  shell_stream of {args.stream_mb} MB: {total / secs / 1e6:8.1f} MB/s  ({secs:.2f} s)")
        t0 = time.perf_counter()
        r = dev.shell("seq 1 200000", timeout=120)
        secs = time.perf_counter() - t0
        print(f"  shell `seq 1 200000` ({len(r.stdout_bytes) / 1e6:.2f} MB, whole): {secs * 1e3:.0f} ms")

        print("\n16 concurrent shells (`sleep 0.2; echo done`), asyncio client:")

        async def concurrent(k: int) -> float:
            adev = await AsyncHdcClient(port=server.port).device("bench-0")
            t0 = time.perf_counter()
            results = await asyncio.gather(*(adev.shell("sleep 0.2; echo done") for _ in range(k)))
            assert all(r.stdout == "done\n" for r in results)
            return time.perf_counter() - t0

        one = asyncio.run(concurrent(1))
        sixteen = asyncio.run(concurrent(16))
        print(f"  1 shell: {one * 1e3:.0f} ms;  16 concurrent: {sixteen * 1e3:.0f} ms wall "
              f"(sequential would be ~{16 * one * 1e3:.0f} ms; speed-up {16 * one / sixteen:.1f}x)")

        async def concurrent_echo(k: int, rounds: int) -> float:
            adev = await AsyncHdcClient(port=server.port).device("bench-0")
            t0 = time.perf_counter()
            for _ in range(rounds):
                await asyncio.gather(*(adev.shell("echo hi") for _ in range(k)))
            return (time.perf_counter() - t0) / (k * rounds)

        per = asyncio.run(concurrent_echo(16, max(1, args.n // 16)))
        print(f"  16 concurrent `shell echo hi`: {1 / per:.0f} commands/s ({per * 1e3:.2f} ms each, amortised)")


if __name__ == "__main__":
    main()
