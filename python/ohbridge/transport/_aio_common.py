"""What the asyncio hdc classes share: command and endpoint shapes, and the default limits."""

from __future__ import annotations

import socket
from typing import Callable, Sequence, Union

from .quoting import sh_join

__all__ = ["ShellCommand", "PortSpec", "Progress", "DEFAULT_CONNECT_TIMEOUT", "DEFAULT_SHELL_TIMEOUT",
           "DEFAULT_MAX_OUTPUT"]


#: A command as one shell string (used as is) or as an argument list (each one quoted).
ShellCommand = Union[str, Sequence[str]]
#: A forward endpoint: ``"tcp:8012"``, any other hdc endpoint string, or a TCP port number.
PortSpec = Union[str, int]
#: ``progress(bytes_done, bytes_total)``; total is -1 when unknown. Called on the event loop.
Progress = Callable[[int, int], None]

DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_SHELL_TIMEOUT = 60.0
#: What one call keeps of a command's output, in bytes: past it the channel is closed and
#: :class:`HdcOutputLimitError` carries the first this many bytes.  ``shell_stream`` for more.
DEFAULT_MAX_OUTPUT = 64 << 20
_PROGRESS_INTERVAL = 0.5
_FORWARD_PORT_ATTEMPTS = 8


def _as_shell_text(cmd: ShellCommand) -> str:
    if isinstance(cmd, str):
        return cmd
    return sh_join(list(cmd))


def _endpoint(spec: PortSpec) -> str:
    if isinstance(spec, int):
        return f"tcp:{spec}"
    return spec


def _free_local_port() -> int:
    # The server binds the local end itself; we can only propose a port that is free now and
    # retry if someone takes it before the server does.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
