"""One client channel: the server's handshake, admission by connect key, then the one command it
carries (or, after ``alive``, a stream of server-local commands)."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass
from typing import Callable

from . import _messages as msg
from ._commands import is_known_command
from ._device_commands import DeviceCommands
from ._frames import BadHandshake, connect_key_from_reply, frame, read_message, send_text, server_handshake
from ._server_local import ServerLocalCommands
from ._target import FakeTarget

__all__ = ["ReceivedCommand", "ChannelProtocol", "bind_connect_key"]


@dataclass(frozen=True)
class ReceivedCommand:
    """A command as the server received it: the connect key and the command text."""

    key: str
    text: str


def bind_connect_key(targets: dict[str, FakeTarget], key: str) -> tuple[FakeTarget | None, str]:
    """The target a connect key names, and what the server says about it right away."""
    if not key:
        return None, ""
    if key == "any":
        connected = [t for t in targets.values() if t.state == "Connected"]
        return (connected[0], "") if len(connected) == 1 else (None, msg.NO_MATCH)
    target = targets.get(key)
    if target is None:
        return None, msg.NO_MATCH
    if target.state == "Connected":
        return target, ""
    if target.state == "Unauthorized":
        return None, msg.AUTHENTICATING
    return None, msg.OFFLINE


class ChannelProtocol:
    def __init__(
        self,
        targets: dict[str, FakeTarget],
        commands: list[ReceivedCommand],
        handshake_size: Callable[[], int],
        server_local: ServerLocalCommands,
        device_commands: DeviceCommands,
    ) -> None:
        self._targets = targets
        self._commands = commands
        self._handshake_size = handshake_size
        self._server_local = server_local
        self._device_commands = device_commands

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(frame(server_handshake(random.getrandbits(32), self._handshake_size())))
        await writer.drain()
        reply = await read_message(reader)
        if reply is None:
            return
        try:
            key = connect_key_from_reply(reply)
        except BadHandshake:
            return
        target, notice = bind_connect_key(self._targets, key)
        if notice:
            await send_text(writer, notice)
        message = await read_message(reader)
        if message is None:
            return
        command = message.rstrip(b"\0").decode("utf-8", errors="replace")
        self._commands.append(ReceivedCommand(key, command))
        if command == "alive":
            await self._keep_alive(reader, writer)
            return
        local = await self._server_local.answer(command)
        if local is not None:
            if local:  # a zero-length frame is a protocol error: say nothing, just close
                writer.write(frame(local))
                await writer.drain()
            return
        if target is None:
            await send_text(writer, msg.NEED_KEY if is_known_command(command) else msg.UNKNOWN)
            return
        await self._device_commands.run(target, command, reader, writer)

    async def _keep_alive(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            message = await read_message(reader)
            if message is None:
                return
            command = message.rstrip(b"\0").decode("utf-8", errors="replace")
            self._commands.append(ReceivedCommand("", command))
            reply = await self._server_local.answer(command)
            writer.write(frame(reply if reply is not None else msg.NEED_KEY.encode()))
            await writer.drain()
