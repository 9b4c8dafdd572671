"""``install`` / ``uninstall``: the server streams the package to the device, the daemon runs ``bm``."""

from __future__ import annotations

import random
import shutil

from . import _messages as msg
from ._file_transfer import copy_file, local_path, transfer_args
from ._processes import DeviceProcesses
from ._target import FakeTarget

__all__ = ["install", "uninstall"]


async def install(target: FakeTarget, args: list[str], processes: DeviceProcesses) -> list[str]:
    paths, cwd, _ = transfer_args(args)
    options = [a for a in args if a.startswith("-") and a != "-cwd"]
    replies: list[str] = []
    for path in paths:
        local = local_path(path, cwd)
        if local is None or not local.is_file():
            replies.append(msg.FILE_OPEN_FAILED.format(path=path))
            continue
        staged = target.root / "data" / "local" / "tmp" / f"{random.getrandbits(32):08x}" / local.name
        await copy_file(local, staged)
        flags = " ".join(o for o in options if o in ("-r", "-s", "-w", "-u"))
        out = await processes.output_of(target, f"bm install {flags} -p '{staged}'")
        shutil.rmtree(staged.parent, ignore_errors=True)
        replies.append(msg.APP_RESULT.format(what="install", path=path, msg=" ".join(out.split())))
    replies.append(msg.APP_FINISH)
    return replies


async def uninstall(target: FakeTarget, args: list[str], processes: DeviceProcesses) -> list[str]:
    bundles = [a for a in args if not a.startswith("-")]
    if not bundles:
        return ['[Fail]Invalid param for cmd "uninstall"\r\n']
    keep = " -k" if "-k" in args else ""
    out = await processes.output_of(target, f"bm uninstall -n '{bundles[-1]}'{keep}")
    return [msg.APP_RESULT.format(what="uninstall", path=bundles[-1], msg=" ".join(out.split())), msg.APP_FINISH]
