"""``file send`` / ``file recv`` in server-side mode: the server itself reads or writes the local
file and the device path maps into the target's sandbox."""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from pathlib import Path

from . import _messages as msg
from ._target import FakeTarget

__all__ = ["file_send", "file_recv", "transfer_args", "local_path", "copy_file"]


def transfer_args(args: list[str]) -> tuple[list[str], str | None, bool]:
    """Positional paths, the -cwd directory, and whether the client asked for "remote" mode."""
    paths: list[str] = []
    cwd: str | None = None
    remote_mode = False
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "-cwd" and i + 1 < len(args):
            cwd = args[i + 1]
            i += 2
            continue
        if arg == "-b" and i + 1 < len(args):
            i += 2
            continue
        if arg == "remote":
            remote_mode = True
        elif not arg.startswith("-"):  # -z -sync -a -m, install's -r -s ...
            paths.append(arg)
        i += 1
    return paths, cwd, remote_mode


def local_path(path: str, cwd: str | None) -> Path | None:
    """A client-side path: absolute, or relative to the client's -cwd (none without one)."""
    if os.path.isabs(path):
        return Path(path)
    return Path(cwd) / path if cwd else None


async def copy_file(src: Path, dst: Path) -> tuple[int, float]:
    """Copy off the event loop; the size copied and the seconds it took."""
    start = time.monotonic()
    loop = asyncio.get_running_loop()

    def copy() -> int:
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        return dst.stat().st_size

    size = await loop.run_in_executor(None, copy)
    return size, time.monotonic() - start


def _done(size: int, seconds: float) -> str:
    ms = max(1, int(seconds * 1000))
    return msg.FILE_DONE.format(size=size, ms=ms, rate=size / 1024 / (ms / 1000))


async def file_send(target: FakeTarget, args: list[str]) -> str:
    paths, cwd, remote_mode = transfer_args(args)
    if remote_mode:
        return msg.UNSUPPORTED.format(what="client-side (remote) file transfer")
    if len(paths) != 2:
        return '[Fail]Invalid param for cmd "file send"\r\n'
    local = local_path(paths[0], cwd)
    if local is None or not local.is_file():
        return msg.FILE_OPEN_FAILED.format(path=paths[0])
    dst = target.device_path(paths[1])
    if dst.is_dir() or paths[1].endswith("/"):
        dst = dst / local.name
    elif not dst.parent.is_dir():  # the daemon opens the file; it makes no parent directories
        return msg.FILE_OPEN_FAILED.format(path=paths[1])
    try:
        size, seconds = await copy_file(local, dst)
    except OSError as exc:
        return f"[Fail]Error opening file: {exc.strerror}, path:{paths[1]}\r\n"
    return _done(size, seconds)


async def file_recv(target: FakeTarget, args: list[str]) -> str:
    paths, cwd, remote_mode = transfer_args(args)
    if remote_mode:
        return msg.UNSUPPORTED.format(what="client-side (remote) file transfer")
    if len(paths) != 2:
        return '[Fail]Invalid param for cmd "file recv"\r\n'
    src = target.device_path(paths[0])
    if not src.is_file():
        return msg.FILE_OPEN_FAILED.format(path=paths[0])
    local = local_path(paths[1], cwd)
    if local is None:
        return msg.FILE_OPEN_FAILED.format(path=paths[1])
    if local.is_dir():
        local = local / src.name
    try:
        size, seconds = await copy_file(src, local)
    except OSError as exc:
        return f"[Fail]Error opening file: {exc.strerror}, path:{paths[1]}\r\n"
    return _done(size, seconds)
