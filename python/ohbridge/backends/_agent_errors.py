"""What can go wrong talking to an ohbridge-agent, and the agent's error replies as exceptions."""

from __future__ import annotations

from typing import Any

from .._error_base import Error
from ..errors import error_for

__all__ = ["AgentError", "AgentConnectionError", "AgentTimeoutError", "AgentAuthError", "remote_error"]


class AgentError(Error, RuntimeError):
    """The agent could not be reached or did not answer as the protocol says."""


class AgentConnectionError(AgentError, ConnectionError):
    """The link to the agent is down (it died, its forward went, or the hdc server restarted)."""


class AgentTimeoutError(AgentError, TimeoutError):
    """The agent did not answer in time; the link is dropped and the next call reconnects."""


class AgentAuthError(AgentError, PermissionError):
    """The agent refused the session token."""


def remote_error(error: Any, what: str) -> BaseException:
    if isinstance(error, list) and len(error) == 3:
        kind, code, message = error
        if kind == "BusinessError":
            return error_for(int(code), str(message))
        if kind == "ValueError":
            return ValueError(message)
        if kind == "KeyError":
            return KeyError(message)
        if kind == "Unauthorized":
            return AgentAuthError(f"{what}: {message}")
        return AgentError(f"{what}: {kind}: {message}")
    return AgentError(f"{what}: malformed error reply {error!r}")
