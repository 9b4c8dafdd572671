"""Which backend serves a real device: the agent where it can run, else the shell backend.

``connect(url)`` (``backend="auto"``) probes the device once (:mod:`ohbridge.device_probe`) and
serves it through the ohbridge-agent when all of this holds:

* an agent build exists for the device's ABI (``agent_path=``, ``$OHBRIDGE_AGENT``, the packaged
  ``ohbridge/bin/<abi>/ohbridge-agent``, or the host's Linux build for a loopback device);
* on an OpenHarmony device, the agent can get its system token: it mints a native token and sets
  it on itself, which takes root.  ``hdc shell`` runs as root only where ``const.debuggable`` is
  1 and ``persist.hdc.root`` is not 0 (``hdc smode``); everywhere else hdcd drops to the shell
  user (developtools_hdc, src/daemon/main.cpp, ``NeedDropRootPrivileges``);
* the agent then starts.

Otherwise it falls back to the shell backend with ONE :class:`BackendFallbackWarning` (and one
log record on the ``ohbridge.connect`` logger) saying why and what is lost.  ``backend="agent"``
never falls back: it raises :class:`AgentUnavailableError` with the same reason.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from dataclasses import dataclass
from typing import Optional, Union

from .agent_manager import AgentBinary, AgentNotFoundError, AgentPathError, find_agent
from .device_probe import DeviceProbe, probe_device
from .transport.device import TransportDevice
from ._error_base import Error

__all__ = [
    "BACKEND_CHOICES",
    "SHELL_CANNOT_SERVE",
    "AgentUnavailableError",
    "BackendChoice",
    "BackendFallbackWarning",
    "choose_backend",
    "warn_fallback",
]

log = logging.getLogger("ohbridge.connect")

PathLike = Union[str, "os.PathLike[str]"]

#: what ``backend=`` accepts for a real device
BACKEND_CHOICES = ("auto", "agent", "shell", "transport")

#: what a device served by the shell backend loses (the capability table of docs/agent.md)
SHELL_CANNOT_SERVE = ("the distributed mission manager (mission listeners, sync, continue_mission, "
                      "on/off) and WantAgent get_want_agent/trigger/cancel (WantAgents are only observed, "
                      "through aa dump -p); those calls raise NotSupportedError")


class BackendFallbackWarning(UserWarning):
    """``connect()`` serves a device through the shell backend because the agent cannot run there."""


class AgentUnavailableError(Error, RuntimeError):
    """``backend="agent"`` was asked for on a device where the agent cannot run."""

    def __init__(self, reason: str, fix: str = "") -> None:
        super().__init__(reason + (f" ({fix})" if fix else ""))
        self.reason = reason
        self.fix = fix


@dataclass(frozen=True)
class BackendChoice:
    """The backend for one device, and why."""

    #: ``agent``, ``shell`` or ``transport``
    backend: str
    #: why not the agent ("" when the agent was chosen or asked for)
    reason: str = ""
    #: what would make the agent work there
    fix: str = ""
    agent: Optional[AgentBinary] = None
    probe: Optional[DeviceProbe] = None


def _token_problem(probe: DeviceProbe) -> Optional[tuple[str, str]]:
    """Why the agent cannot get its token on this device (None: it can, or we cannot tell)."""
    if probe.root is not False:
        return None
    reason = f"the hdc shell runs as uid {probe.uid}, not root, so the agent cannot mint its system token"
    if probe.debuggable:
        return reason, "const.debuggable is 1: run `hdc smode` (hdcd restarts as root), then connect again"
    return (reason + " (const.debuggable is not 1: a user build, where hdcd always drops root)",
            "use a debuggable (eng/root) image to run the agent")


def choose_backend(transport: TransportDevice, backend: str = "auto", *, agent_path: Optional[PathLike] = None,
                   stub: Optional[bool] = None, probe: Optional[DeviceProbe] = None) -> BackendChoice:
    """The backend that can serve the device behind ``transport`` (one ``hdc shell`` to probe it).

    ``backend``: ``auto`` (the agent if it can run, else the shell backend), ``agent`` (the agent
    or :class:`AgentUnavailableError`), ``shell`` or ``transport`` (no probe at all).
    ``stub=True``: the agent will run the simulated world, which needs no token.
    """
    if backend not in BACKEND_CHOICES:
        raise ValueError(f"backend must be one of {', '.join(BACKEND_CHOICES)}, not {backend!r}")
    if backend in ("shell", "transport"):
        return BackendChoice(backend)
    probe = probe or probe_device(transport)
    agent: Optional[AgentBinary] = None
    try:
        agent = find_agent(probe, agent_path)
    except AgentPathError:
        raise  # a path the user named and mistyped is an error to fix, not a reason to fall back
    except AgentNotFoundError as e:
        reason, fix = e.reason, e.fix
    else:
        problem = None if stub or agent.world == "stub" else _token_problem(probe)
        if problem is None:
            return BackendChoice("agent", agent=agent, probe=probe)
        reason, fix = problem
    if backend == "agent":
        raise AgentUnavailableError(reason, fix)
    return BackendChoice("shell", reason=reason, fix=fix, agent=agent, probe=probe)


def _caller_outside_ohbridge() -> int:
    """The stacklevel, for a warning raised in this module's caller, of the first frame not ours."""
    frame = sys._getframe(2)
    level = 2
    while frame.f_back is not None and str(frame.f_globals.get("__name__", "")).startswith("ohbridge."):
        frame = frame.f_back
        level += 1
    return level


def warn_fallback(serial: str, reason: str) -> None:
    """The one warning (and log record) of a fallback to the shell backend, at the user's line."""
    message = (f"{serial}: serving the device through the shell backend, because {reason}. "
               f"The shell backend cannot serve {SHELL_CANNOT_SERVE}")
    log.warning("%s", message)
    warnings.warn(message, BackendFallbackWarning, stacklevel=_caller_outside_ohbridge())
