"""hdc transport figures against the loopback fake device (FakeHdcServer), or a real hdc server.

    PYTHONPATH=python python benchmarks/bench_hdc.py [--n 200]
    PYTHONPATH=python python benchmarks/bench_hdc.py --server 127.0.0.1:8710 --serial KEY --hdc /path/to/hdc
        (or OHBRIDGE_REAL_HDC=127.0.0.1:8710; the subprocess column is then the real `hdc` CLI)

Prints: per-command latency of `shell echo` through ohbridge (sync and asyncio), through its
persistent shell session, and through a subprocess per command (the way CLI-wrapping tools work:
the real `hdc` CLI against a real server; against the fake, a Python one-shot client of the same
protocol), plus the bare spawn cost of `/bin/true` as the floor any CLI wrapper pays; a shell
backend call with and without the persistent session; `shell_stream` of `seq` (~6.6 MB) and
`shell_stream`, `push` and `pull` of 3 MB and 64 MB next to the same through the subprocess,
medians and ratios side by side; connect time and an agent call; and 16 concurrent shells. The
fake server runs in a process of its own, so that it does not share the client's interpreter
lock; it runs each shell command with /bin/sh on this machine, so its figures are loopback
figures. Against a real hdcd every one-shot `hdc shell` costs ~100 ms (docs/transport.md).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator

import ohbridge
from ohbridge.backends.shell import ShellTools
from ohbridge.transport.quoting import sh_join
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


class Target:
    """Where the benchmark runs: the fake server in its own process, or a real hdc server."""

    def __init__(self, host: str, port: int, serial: str, remote_dir: str, hdc_cli: str | None) -> None:
        self.host, self.port, self.serial, self.remote_dir, self.hdc_cli = host, port, serial, remote_dir, hdc_cli

    @property
    def real(self) -> bool:
        return self.hdc_cli is not None

    def one_shot(self, command: str) -> bytes:
        """One process per command: the real `hdc` CLI when there is one, else the Python one-shot client."""
        if self.hdc_cli is not None:
            # The CLI takes the command as separate arguments (it joins them with spaces again).
            cmd = [self.hdc_cli, "-s", f"{self.host}:{self.port}", "-t", self.serial, *command.split()]
        else:
            cmd = [sys.executable, "-c", _ONE_SHOT, str(self.port), self.serial, command]
        return subprocess.run(cmd, check=True, capture_output=True).stdout


def parse_server(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit():
        raise argparse.ArgumentTypeError(f"--server wants HOST:PORT, not {text!r}")
    return host or "127.0.0.1", int(port)


@contextlib.contextmanager
def target_from(args: argparse.Namespace) -> Iterator[Target]:
    server = args.server or os.environ.get("OHBRIDGE_REAL_HDC")
    if not server:
        with fake_server() as (port, _root):
            yield Target("127.0.0.1", port, "bench-0", "/data/local/tmp", None)
        return
    host, port = parse_server(server)
    serial = args.serial or HdcClient(host, port).device().serial
    cli = args.hdc or shutil.which("hdc")
    if cli is None:
        raise SystemExit("a real server needs the real `hdc` CLI for the subprocess column: --hdc PATH")
    yield Target(host, port, serial, args.remote_dir, cli)


def median_of(fn: Callable[[], object], rounds: int) -> float:
    return statistics.median(timed(fn, rounds))


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
    parser.add_argument("--rounds", type=int, default=5, help="repetitions per throughput figure (the median is shown)")
    parser.add_argument("--server", metavar="HOST:PORT", help="a real hdc server (default: $OHBRIDGE_REAL_HDC, else the fake)")
    parser.add_argument("--serial", help="the real server's device (default: its only device)")
    parser.add_argument("--hdc", metavar="PATH", help="the real `hdc` CLI for the subprocess column (default: hdc on PATH)")
    parser.add_argument("--remote-dir", default="/data/local/tmp", help="device directory for push/pull (real server)")
    args = parser.parse_args()

    with target_from(args) as target:
        host, port, serial = target.host, target.port, target.serial
        one_shot = target.one_shot
        client = HdcClient(host, port)
        dev = client.device(serial)
        dev.shell("echo warm")
        where = f"the real hdc server at {host}:{port} (device {serial}, {client.server_version()})" if target.real else f"the fake server on 127.0.0.1:{port}"
        print(f"hdc transport benchmark against {where} (python {sys.version.split()[0]})")
        sub_name = "subprocess per command (the real `hdc` CLI)" if target.real else "subprocess per command (python one-shot client)"

        print("\nper-command latency, `shell echo hi`:")
        sync_med = describe("ohbridge HdcClient (sync)", timed(lambda: dev.shell("echo hi"), args.n))

        async def async_loop() -> list[float]:
            adev = await AsyncHdcClient(host, port).device(serial)
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
        sub_med = describe(sub_name, timed(lambda: one_shot("shell echo hi"), args.n))
        true_med = describe("bare spawn of /bin/true (any CLI wrapper's floor)", timed(lambda: subprocess.run(["/bin/true"], check=True), args.n))
        server_med = describe("server-local `list targets -v` (no device shell)", timed(client.list_targets, args.n))
        print(f"  -> subprocess per command / ohbridge: {sub_med / sync_med:.1f}x;  "
              f"spawn floor alone is {true_med / sync_med:.2f}x of an ohbridge shell; "
              f"a shell command costs {sync_med / server_med:.1f}x a server-local one (the /bin/sh spawn on the fake device)")

        # A Linux host behind a real hdcd has no OpenHarmony `param`: time the backend's command
        # path (ShellTools._shell, what every parser call goes through) with a tool it has.
        if target.real:
            label, call = "ShellTools command path, `uname -m`", lambda t: t._shell(sh_join(["uname", "-m"]))
        else:
            label, call = "ShellTools.param('const.product.model')", lambda t: t.param("const.product.model")
        print(f"\nshell backend call, {label}:")
        describe("one `hdc shell` per call", timed(lambda: call(ShellTools(dev)), args.n))
        tools = ShellTools(dev, persistent=True)
        call(tools)
        describe("persistent shell session", timed(lambda: call(tools), args.n))
        tools.close()

        print(f"\nthroughput, median of {args.rounds} (MB/s; ohbridge vs one subprocess per command, ratio):")
        with tempfile.TemporaryDirectory() as tmp:
            seq_size = len(dev.shell("seq 1 1000000", timeout=120).stdout_bytes)  # ~6.9 MB of text

            def seq_stream() -> None:
                with dev.shell_stream("seq 1 1000000") as s:
                    total = sum(len(chunk) for chunk in s)
                assert total == seq_size, (total, seq_size)

            def seq_sub() -> None:
                assert len(one_shot("shell seq 1 1000000")) == seq_size

            a, b = median_of(seq_stream, args.rounds), median_of(seq_sub, args.rounds)
            print(f"  {'shell_stream':<12} seq {seq_size / MB:.1f} MB: ohbridge {seq_size / a / 1e6:7.1f}   "
                  f"subprocess {seq_size / b / 1e6:7.1f}   ratio {b / a:5.2f}x")
            for size_mb in (3, 64):
                size = size_mb * MB
                local = Path(tmp) / f"blob{size_mb}"
                local.write_bytes(os.urandom(size))

                # Not NUL bytes: the real CLI prints output as C strings and stops at the first NUL.
                produce = f"head -c {size} /dev/zero | tr '\\0' a"

                def stream() -> None:
                    with dev.shell_stream(produce) as s:
                        total = sum(len(chunk) for chunk in s)
                    assert total == size, (total, size)

                def stream_sub() -> None:
                    assert len(one_shot(f"shell {produce}")) == size

                remote = f"{target.remote_dir}/blob{size_mb}"
                back = Path(tmp) / f"back{size_mb}"
                rows = [
                    ("shell_stream", stream, stream_sub),
                    ("push", lambda: dev.push(local, remote), lambda: one_shot(f"file send {local} {remote}")),
                    ("pull", lambda: dev.pull(remote, back), lambda: one_shot(f"file recv {remote} {back}")),
                ]
                for name, ours, theirs in rows:
                    a, b = median_of(ours, args.rounds), median_of(theirs, args.rounds)
                    print(f"  {name:<12} {size_mb:>3} MB: ohbridge {size / a / 1e6:7.1f}   subprocess {size / b / 1e6:7.1f}   "
                          f"ratio {b / a:5.2f}x")
                assert back.read_bytes() == local.read_bytes()
                dev.shell(["rm", "-f", remote])
        t0 = time.perf_counter()
        r = dev.shell("seq 1 200000", timeout=120)
        secs = time.perf_counter() - t0
        print(f"  shell `seq 1 200000` ({len(r.stdout_bytes) / 1e6:.2f} MB, whole): {secs * 1e3:.0f} ms")

        print("\nconnect(backend='agent'):")
        url = f"hdc://{host}:{port}/{serial}"

        def connect_once() -> None:
            ohbridge.connect(url, backend="agent").close()

        describe("first connect (agent pushed, or found installed)", timed(connect_once, 1))
        describe("agent already installed (one connect.sh, forward, hello)", timed(connect_once, max(3, args.n // 20)))
        with ohbridge.connect(url, backend="agent") as agent_dev:
            agent_dev.missions.get_mission_infos("", 10)
            describe("agent call, missions.get_mission_infos('', 10)",
                     timed(lambda: agent_dev.missions.get_mission_infos("", 10), args.n))

        print("\n16 concurrent shells (`sleep 0.2; echo done`), asyncio client:")

        async def concurrent(k: int) -> float:
            adev = await AsyncHdcClient(host, port).device(serial)
            t0 = time.perf_counter()
            results = await asyncio.gather(*(adev.shell("sleep 0.2; echo done") for _ in range(k)))
            assert all(r.stdout == "done\n" for r in results)
            return time.perf_counter() - t0

        one = asyncio.run(concurrent(1))
        sixteen = asyncio.run(concurrent(16))
        print(f"  1 shell: {one * 1e3:.0f} ms;  16 concurrent: {sixteen * 1e3:.0f} ms wall "
              f"(sequential would be ~{16 * one * 1e3:.0f} ms; speed-up {16 * one / sixteen:.1f}x)")

        async def concurrent_echo(k: int, rounds: int) -> float:
            adev = await AsyncHdcClient(host, port).device(serial)
            t0 = time.perf_counter()
            for _ in range(rounds):
                await asyncio.gather(*(adev.shell("echo hi") for _ in range(k)))
            return (time.perf_counter() - t0) / (k * rounds)

        per = asyncio.run(concurrent_echo(16, max(1, args.n // 16)))
        print(f"  16 concurrent `shell echo hi`: {1 / per:.0f} commands/s ({per * 1e3:.2f} ms each, amortised)")


if __name__ == "__main__":
    main()
