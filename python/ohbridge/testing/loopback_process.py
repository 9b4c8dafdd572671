"""The loopback device in a process of its own, for measuring a client without sharing its GIL.

A :class:`~ohbridge.testing.FakeHdcServer` runs on a thread of the process that uses it: fine for
behaviour, but a benchmark or an event-loop lag test would measure the server's Python work
too (it spawns a shell per command).  ``LoopbackProcess`` runs the server, with the fake device
tools and an optional per-command delay, in a child process on 127.0.0.1::

    with LoopbackProcess(delay=0.05) as device:
        dev = ohbridge.connect(device.url, backend="shell")

Run as ``python -m ohbridge.testing.loopback_process --delay 0.05``: it prints the port, then
serves until its standard input closes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from types import TracebackType
from typing import List, Optional, Type

__all__ = ["LoopbackProcess", "SERIAL"]

SERIAL = "loopback-0"
_START_TIMEOUT = 60.0


class LoopbackProcess:
    """A child process serving one loopback device (``SERIAL``) on an ephemeral loopback port."""

    def __init__(self, *, delay: float = 0.0, serial: str = SERIAL) -> None:
        self.delay = delay
        self.serial = serial
        self.port = 0
        self._proc: Optional["subprocess.Popen[str]"] = None

    @property
    def url(self) -> str:
        return f"hdc://127.0.0.1:{self.port}/{self.serial}"

    def start(self) -> "LoopbackProcess":
        proc = subprocess.Popen(
            [sys.executable, "-m", "ohbridge.testing.loopback_process", "--delay", str(self.delay),
             "--serial", self.serial],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self._proc = proc
        assert proc.stdout is not None
        line = proc.stdout.readline()  # the child prints the port once it listens
        if not line.strip().isdigit():
            self.stop()
            raise RuntimeError(f"the loopback device process did not start (it said {line!r})")
        self.port = int(line)
        return self

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.stdin is not None:
            proc.stdin.close()  # the child's signal to stop
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(30)
        if proc.stdout is not None:
            proc.stdout.close()

    def __enter__(self) -> "LoopbackProcess":
        return self.start()

    def __exit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException],
                 tb: Optional[TracebackType]) -> None:
        self.stop()


def main(argv: Optional[List[str]] = None) -> int:
    from .device_tools import install_device_tools
    from .fake_hdc import FakeHdcServer
    from .latency import set_command_delay

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.0, help="seconds added to every command")
    parser.add_argument("--serial", default=SERIAL)
    args = parser.parse_args(argv)
    with FakeHdcServer([args.serial]) as server:
        target = server.target(args.serial)
        install_device_tools(target)
        set_command_delay(target, args.delay)
        print(server.port, flush=True)
        sys.stdin.read()  # until the parent closes the pipe (or dies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
