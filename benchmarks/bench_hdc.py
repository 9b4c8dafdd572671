"""hdc transport figures against the loopback fake device (FakeHdcServer).

    PYTHONPATH=python python benchmarks/bench_hdc.py [--n 200]

Prints: per-command latency of `shell echo` through ohbridge (sync and asyncio), through its
persistent shell session, and through a subprocess per command (the way CLI-wrapping tools work;
no real `hdc` binary is available here, so the subprocess is a Python one-shot client of the same
protocol, plus the bare spawn cost of `/bin/true` as the floor any CLI wrapper pays); a shell
backend call with and without the persistent session; `shell_stream`, `push` and `pull` of 3 MB
and 64 MB through ohbridge next to the same through the one-shot subprocess, ratios side by side;
and 16 concurrent shells. The fake server runs in a process of its own, so that it does not share
the client's interpreter lock. It runs each shell command with /bin/sh on this machine, so
absolute figures are loopback figures; on a real device every `hdc shell` costs about 88 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator

import ohbridge
from ohbridge.backends.shell import ShellTools
from ohbridge.transport.hdc import AsyncHdcClient, HdcClient

# A one-shot protocol client as a separate process: what a CLI invocation costs, minus hdc's own
# startup (which is C++, so cheaper than Python's; see the /bin/true floor).
_ONE_SHOT = r"""
import socket, struct, sys
def exact(s, n):
    buf = bytearray(n); view = memoryview(buf); got = 0
    while got < n:
        k = s.recv_into(view[got:])
        if not k: raise EOFError
        got += k
    return buf
port, key, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3]
out = sys.stdout.buffer
with socket.create_connection(("127.0.0.1", port)) as s:
    (n,) = struct.unpack(">I", exact(s, 4)); hello = exact(s, n)
    r = bytes(hello[:12]) + key.encode().ljust(32, b"\0")
    p = cmd.encode() + b"\0"
    s.sendall(struct.pack(">I", len(r)) + r + struct.pack(">I", len(p)) + p)
    while True:  # frames go to stdout as they come, as the CLI prints them
        try: (n,) = struct.unpack(">I", exact(s, 4))
        except EOFError: break
        out.write(exact(s, n))
out.flush()
"""

# The fake server in a process of its own; prints its port and sandbox root, serves until stdin closes.
_SERVER = r"""
import sys
from ohbridge.testing import FakeHdcServer
from ohbridge.testing.device_tools import install_device_tools
with FakeHdcServer(["bench-0"]) as server:
    install_device_tools(server.target())
    server.target().set_param("const.product.model", "bench")
    print(server.port, server.target().root, flush=True)
    sys.stdin.read()
"""

MB = 1024 * 1024


@contextlib.contextmanager
def fake_server() -> Iterator[tuple[int, Path]]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    proc = subprocess.Popen([sys.executable, "-c", _SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True)
    try:
        assert proc.stdout is not None
        port, root = proc.stdout.readline().split(maxsplit=1)
        yield int(port), Path(root.strip())
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(30)


def one_shot(port: int, command: str) -> bytes:
    cmd = [sys.executable, "-c", _ONE_SHOT, str(port), "bench-0", command]
    return subprocess.run(cmd, check=True, capture_output=True).stdout


def best_of(fn: Callable[[], object], rounds: int) -> float:
    return min(timed(fn, rounds))


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
    parser.add_argument("--rounds", type=int, default=5, help="repetitions per throughput figure (best is shown)")
    args = parser.parse_args()

    with fake_server() as (port, root):
        client = HdcClient(port=port)
        dev = client.device("bench-0")
        dev.shell("echo warm")
        print(f"hdc transport benchmark against the fake server on 127.0.0.1:{port} (python {sys.version.split()[0]})")

        print("\nper-command latency, `shell echo hi`:")
        sync_med = describe("ohbridge HdcClient (sync)", timed(lambda: dev.shell("echo hi"), args.n))

        async def async_loop() -> list[float]:
            adev = await AsyncHdcClient(port=port).device("bench-0")
            samples = []
            for _ in range(args.n):
                t0 = time.perf_counter()
                await adev.shell("echo hi")
                samples.append(time.perf_counter() - t0)
            return samples

        describe("ohbridge AsyncHdcClient", asyncio.run(async_loop()))
        with dev.shell_session() as pool:
            pool.shell("echo warm")
            describe("ohbridge persistent shell session (shell_session)", timed(lambda: pool.shell("echo hi"), args.n))
            describe("  the same, builtin `:` (the session's own round trip)", timed(lambda: pool.shell(":"), args.n))
        sub_med = describe(
            "subprocess per command (python one-shot client)",
            timed(lambda: one_shot(port, "shell echo hi"), args.n),
        )
        true_med = describe("bare spawn of /bin/true (any CLI wrapper's floor)", timed(lambda: subprocess.run(["/bin/true"], check=True), args.n))
        server_med = describe("server-local `list targets -v` (no device shell)", timed(client.list_targets, args.n))
        print(f"  -> subprocess per command / ohbridge: {sub_med / sync_med:.1f}x;  "
              f"spawn floor alone is {true_med / sync_med:.2f}x of an ohbridge shell; "
              f"a shell command costs {sync_med / server_med:.1f}x a server-local one (the /bin/sh spawn on the fake device)")

        print("\nshell backend call, ShellTools.param('const.product.model'):")
        describe("one `hdc shell` per call", timed(lambda: ShellTools(dev).param("const.product.model"), args.n))
        tools = ShellTools(dev, persistent=True)
        tools.param("const.product.model")
        describe("persistent shell session", timed(lambda: tools.param("const.product.model"), args.n))
        tools.close()

        print(f"\nthroughput, best of {args.rounds} (MB/s; ohbridge vs one subprocess per command, ratio):")
        with tempfile.TemporaryDirectory() as tmp:
            for size_mb in (3, 64):
                size = size_mb * MB
                local = Path(tmp) / f"blob{size_mb}"
                local.write_bytes(os.urandom(size))

                def stream() -> None:
                    with dev.shell_stream(f"head -c {size} /dev/zero") as s:
                        total = sum(len(chunk) for chunk in s)
                    assert total == size, (total, size)

                def stream_sub() -> None:
                    assert len(one_shot(port, f"shell head -c {size} /dev/zero")) == size

                remote = f"/data/local/tmp/blob{size_mb}"
                back = Path(tmp) / f"back{size_mb}"
                rows = [
                    ("shell_stream", stream, stream_sub),
                    ("push", lambda: dev.push(local, remote), lambda: one_shot(port, f"file send {local} {remote}")),
                    ("pull", lambda: dev.pull(remote, back), lambda: one_shot(port, f"file recv {remote} {back}")),
                ]
                for name, ours, theirs in rows:
                    a, b = best_of(ours, args.rounds), best_of(theirs, args.rounds)
                    print(f"  {name:<12} {size_mb:>3} MB: ohbridge {size / a / 1e6:7.1f}   subprocess {size / b / 1e6:7.1f}   "
                          f"ratio {b / a:5.2f}x")
                assert back.read_bytes() == local.read_bytes()
        t0 = time.perf_counter()
        r = dev.shell("seq 1 200000", timeout=120)
        secs = time.perf_counter() - t0
        print(f"  shell `seq 1 200000` ({len(r.stdout_bytes) / 1e6:.2f} MB, whole): {secs * 1e3:.0f} ms")

        print("\nconnect(backend='agent'):")
        url = f"hdc://127.0.0.1:{port}/bench-0"

        def connect_once() -> None:
            ohbridge.connect(url, backend="agent").close()

        describe("first connect (agent pushed)", timed(connect_once, 1))
        describe("agent already installed (one connect.sh, forward, hello)", timed(connect_once, max(3, args.n // 20)))

        print("\n16 concurrent shells (`sleep 0.2; echo done`), asyncio client:")

        async def concurrent(k: int) -> float:
            adev = await AsyncHdcClient(port=port).device("bench-0")
            t0 = time.perf_counter()
            results = await asyncio.gather(*(adev.shell("sleep 0.2; echo done") for _ in range(k)))
            assert all(r.stdout == "done\n" for r in results)
            return time.perf_counter() - t0

        one = asyncio.run(concurrent(1))
        sixteen = asyncio.run(concurrent(16))
        print(f"  1 shell: {one * 1e3:.0f} ms;  16 concurrent: {sixteen * 1e3:.0f} ms wall "
              f"(sequential would be ~{16 * one * 1e3:.0f} ms; speed-up {16 * one / sixteen:.1f}x)")

        async def concurrent_echo(k: int, rounds: int) -> float:
            adev = await AsyncHdcClient(port=port).device("bench-0")
            t0 = time.perf_counter()
            for _ in range(rounds):
                await asyncio.gather(*(adev.shell("echo hi") for _ in range(k)))
            return (time.perf_counter() - t0) / (k * rounds)

        per = asyncio.run(concurrent_echo(16, max(1, args.n // 16)))
        print(f"  16 concurrent `shell echo hi`: {1 / per:.0f} commands/s ({per * 1e3:.2f} ms each, amortised)")


if __name__ == "__main__":
    main()
