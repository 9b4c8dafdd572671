"""A device reached over a transport with no API backend on it yet."""

from __future__ import annotations

from typing import Any, List, Tuple

from ..errors import NotSupportedError

__all__ = ["TransportOnlyBackend"]


class TransportOnlyBackend:
    """Shell, files and forwards work through ``device.transport``; API calls need the agent."""

    kind = "transport"

    def __init__(self, transport: Any) -> None:
        self.transport = transport

    def invoke(self, method: str, args: List[Any]) -> Tuple[int, Any]:
        raise NotSupportedError(
            f"{method} needs an API backend on the device: the ohbridge-agent (agent backend) "
            "or the hdc shell tools (shell backend); this connection only has the transport"
        )

    async def ainvoke(self, method: str, args: List[Any]) -> Tuple[int, Any]:
        return self.invoke(method, args)

    def flush(self, timeout: float = 10.0) -> bool:
        return True

    def close(self) -> None:
        close = getattr(self.transport, "close", None)
        if close is not None:
            close()
