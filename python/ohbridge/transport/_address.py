"""Where the hdc server is: explicit arguments, else the environment hdc itself reads, else defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "PORT_ENV", "ServerAddress", "resolve_server"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8710
# The variable the hdc CLI and server read (InitServerAddr in developtools_hdc src/host/main.cpp).
PORT_ENV = "OHOS_HDC_SERVER_PORT"


@dataclass(frozen=True)
class ServerAddress:
    host: str
    port: int

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


def resolve_server(host: str | None = None, port: int | None = None) -> ServerAddress:
    if port is None:
        raw = os.environ.get(PORT_ENV, "").strip()
        if raw:
            try:
                port = int(raw)
            except ValueError:
                raise ValueError(f"{PORT_ENV}={raw!r} is not a port number") from None
        else:
            port = DEFAULT_PORT
    if not 0 < port < 65536:
        raise ValueError(f"invalid hdc server port {port}")
    return ServerAddress(host or DEFAULT_HOST, port)
