"""Commands the server answers itself, whatever the connect key (AutoConnectKey in the hdc CLI):
``list targets``, ``checkserver``, ``version``, ``tconn``, ``fport ls``, ``fport rm``, ``wait``, ``alive``."""

from __future__ import annotations

import struct
from typing import Callable

from . import _messages as msg
from ._argv import split_args
from ._forward import ForwardTable
from ._target import FakeTarget

__all__ = ["ServerLocalCommands"]

_CMD_CHECK_SERVER = 13
_SERVER_LOCAL = ("list targets", "checkserver", "version", "tconn", "fport ls", "fport rm", "wait", "alive")


class ServerLocalCommands:
    def __init__(
        self,
        targets: dict[str, FakeTarget],
        add_tcp_target: Callable[[str], object],
        forwards: ForwardTable,
    ) -> None:
        self._targets = targets
        self._add_tcp_target = add_tcp_target
        self._forwards = forwards

    async def answer(self, command: str) -> bytes | None:
        """The whole reply of a command the server answers itself, or ``None`` if it is a device command."""
        if not command.startswith(_SERVER_LOCAL):
            return None
        args = split_args(command)
        if args[:2] == ["list", "targets"]:
            return self._list_targets(verbose="-v" in args[2:]).encode()
        if command == "checkserver":
            return struct.pack("<H", _CMD_CHECK_SERVER) + msg.VERSION.encode()
        if command == "version":
            return (msg.VERSION + "\n").encode()
        if args[0] == "tconn":
            return self._tconn(args[1:]).encode()
        if args[:2] == ["fport", "ls"]:
            return self._forwards.listing().encode()
        if args[:2] == ["fport", "rm"]:
            return (await self._forwards.remove(" ".join(args[2:]))).encode()
        if args[0] == "wait":
            connected = any(t.state == "Connected" for t in self._targets.values())
            return b"" if connected else msg.NO_TARGET.encode()
        return None

    def _list_targets(self, verbose: bool) -> str:
        targets = list(self._targets.values())
        if not targets:
            return msg.EMPTY
        if not verbose:
            return "".join(f"{t.serial}\n" for t in targets)
        return "".join(f"{t.serial}\t\t{t.connection_type}\t{t.state}\t{t.name}\n" for t in targets)

    def _tconn(self, args: list[str]) -> str:
        if not args:
            return msg.TCONN_BAD_ADDRESS
        address = args[0]
        host, _, port = address.rpartition(":")
        if not host or not port.isdigit():
            return msg.TCONN_BAD_ADDRESS
        if "-remove" in args[1:]:
            self._targets.pop(address, None)
            return ""
        if address in self._targets:
            return msg.TCONN_REPEAT
        self._add_tcp_target(address)
        return msg.CONNECT_OK
