"""The command router for commands a device answers (``shell``, ``hilog``, ``file``, ``install``,
``uninstall``, ``fport``): which handler runs, and the replies it sends on the channel."""

from __future__ import annotations

import asyncio
from typing import Callable

from . import _messages as msg
from ._apps import install, uninstall
from ._argv import split_args
from ._file_transfer import file_recv, file_send
from ._forward import ForwardTable
from ._frames import send_text
from ._processes import DeviceProcesses
from ._pty_shell import run_interactive_shell
from ._target import FakeTarget

__all__ = ["DeviceCommands"]


class DeviceCommands:
    def __init__(
        self,
        processes: DeviceProcesses,
        forwards: ForwardTable,
        refuse_interactive_shell: Callable[[], bool],
    ) -> None:
        self._processes = processes
        self._forwards = forwards
        self._refuse_interactive_shell = refuse_interactive_shell

    async def run(
        self,
        target: FakeTarget,
        command: str,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        if command.startswith("shell "):
            body = command[len("shell ") :]
            if not body.strip():
                await self._interactive_shell(target, reader, writer)
            elif body.lstrip().startswith("-"):
                await send_text(writer, msg.UNSUPPORTED.format(what="shell with options"))
            else:
                await self._processes.stream(target, body, reader, writer)
            return
        if command == "shell":
            await self._interactive_shell(target, reader, writer)
            return
        args = split_args(command)
        if args[:1] == ["hilog"]:
            # hdc's own hilog runs `hilog` (or `hilog -h`) and drops every other argument.
            await self._processes.stream(target, "hilog -h" if "-h" in args[1:] else "hilog", reader, writer)
        elif args[:2] == ["file", "send"]:
            await send_text(writer, await file_send(target, args[2:]))
        elif args[:2] == ["file", "recv"]:
            await send_text(writer, await file_recv(target, args[2:]))
        elif args[:1] == ["install"]:
            for text in await install(target, args[1:], self._processes):
                await send_text(writer, text)
        elif args[:1] == ["uninstall"]:
            for text in await uninstall(target, args[1:], self._processes):
                await send_text(writer, text)
        elif args[:1] == ["fport"] and len(args) == 3:
            await send_text(writer, await self._forwards.add(target.serial, args[1], args[2]))
        else:
            await send_text(writer, msg.UNKNOWN)

    async def _interactive_shell(
        self, target: FakeTarget, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        if self._refuse_interactive_shell():
            await send_text(writer, msg.UNSUPPORTED.format(what="interactive shell"))
            return
        await run_interactive_shell(target, reader, writer, self._processes.groups)
