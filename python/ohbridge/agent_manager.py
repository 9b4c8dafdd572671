"""Install, start, stop and check the ohbridge-agent on a device, through its transport.

Everything on the device side is a POSIX sh script from ``hdc_scripts/``, run
through ``transport.shell`` with every argument quoted.  The agent lives in
``/data/local/tmp/ohbridge/`` (a directory private to the shell user); it
listens on device loopback only, and takes its session token from a file the
host pushes and the agent deletes once read, so the token never appears on a
command line, in a log or in a repr.

The CLI (``ohbridge agent install|start|stop|status``, ``ohbridge doctor``)
and the agent backend of ``ohbridge.connect("hdc:...")`` both use these
functions.
"""

from __future__ import annotations

import hashlib
import logging
import os
import platform
import secrets
import subprocess
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Union

from ._scripts import SCRIPT_TIMEOUT, int_or_none, key_values, run_script, script_text
from .transport.device import TransportDevice
from ._error_base import Error

if TYPE_CHECKING:
    from .device_probe import DeviceProbe
    from .transport.diagnose import LinkDiagnosis

log = logging.getLogger(__name__)

__all__ = [
    "AgentLeftRunningWarning",
    "AgentStatus",
    "AgentSession",
    "AgentNotFoundError",
    "AgentPathError",
    "AgentStartError",
    "DEVICE_DIR",
    "DEVICE_AGENT",
    "AgentBinary",
    "agent_binary_path",
    "agent_for",
    "find_agent",
    "install_agent",
    "start_agent",
    "stop_agent",
    "agent_status",
    "collect_diagnostics",
    "script_text",
]

DEVICE_DIR = "/data/local/tmp/ohbridge"
DEVICE_AGENT = f"{DEVICE_DIR}/ohbridge-agent"
STATE_FILE = f"{DEVICE_DIR}/agent.state"
LOG_FILE = f"{DEVICE_DIR}/agent.log"
Progress = Callable[[int, int], None]
PathLike = Union[str, "os.PathLike[str]"]


class AgentNotFoundError(Error, FileNotFoundError):
    """No agent binary for the wanted target ships with this installation.

    ``reason`` says what is missing, ``fix`` how to get a build; ``str()`` says both.
    """

    def __init__(self, reason: str, fix: str = "") -> None:
        super().__init__(reason + (f"; {fix}" if fix else ""))
        self.reason = reason
        self.fix = fix


class AgentPathError(AgentNotFoundError):
    """The agent build the user named (``agent_path=``, ``$OHBRIDGE_AGENT``, ``--agent``) is not a file."""


class AgentLeftRunningWarning(RuntimeWarning):
    """``close()`` could not stop the agent on the device (the device or its server is gone)."""


class AgentStartError(Error, RuntimeError):
    """The device did not install or start the agent; the message carries its output."""


@dataclass
class AgentStatus:
    """What ``health.sh`` reports about the agent on a device."""

    installed: bool
    version: Optional[str]
    running: bool
    pid: Optional[int]
    port: Optional[int]
    up_to_date: bool
    sha256: Optional[str] = None


@dataclass
class AgentSession:
    """A started agent: what the agent backend needs to reach it.

    The token is excluded from ``repr`` so that logging a session cannot leak it.
    """

    device_port: int
    token: str = field(repr=False)
    pid: Optional[int] = None
    version: Optional[str] = None
    backend: str = "stub"
    #: the device port of an agent this start replaced (forwards to it are stale)
    replaced_port: Optional[int] = None


@dataclass(frozen=True)
class AgentBinary:
    """The agent build chosen for a device, and where it came from."""

    path: Path
    #: the device ABI it is for
    abi: str
    #: ``agent_path=``, ``$OHBRIDGE_AGENT``, ``packaged`` (``ohbridge/bin/<abi>/``) or ``host build``
    source: str
    #: what it serves by default: ``device`` (OhosBackend, the device's own services, which needs
    #: the agent's system token) or ``stub`` (the simulated world of the Linux build)
    world: str


_BIN_DIR = Path(__file__).resolve().parent / "bin"


def _host_build() -> Path:
    # The pip build (and tools/dev-build) installs the agent for the build host here.
    return _BIN_DIR / "ohbridge-agent"


def _packaged(abi: str) -> Path:
    # OpenHarmony builds (cmake/ohos-toolchain.cmake), by ABI.
    return _BIN_DIR / abi / "ohbridge-agent"


def _build_hint(abi: str) -> str:
    return (f"build native/agent for {abi} with the OpenHarmony toolchain (cmake/ohos-toolchain.cmake) and "
            f"copy it to {_packaged(abi)}, or name a build with agent_path=, $OHBRIDGE_AGENT or --agent")


def agent_binary_path(target: Optional[str] = None) -> Path:
    """The agent executable shipped in the package: the host's build, or the one for an ABI.

    ``target``: None (the Linux build for this host, ``ohbridge/bin/ohbridge-agent``), an ABI
    (``arm64-v8a``, ``armeabi-v7a``, ``x86_64``: ``ohbridge/bin/<abi>/ohbridge-agent``), or the
    older ``linux-<machine>`` / ``ohos-<machine>`` names.
    """
    from .device_probe import abi_of_machine, host_abi

    candidates: List[Path] = []
    if target is None:
        candidates.append(_host_build())
        label = f"this host ({platform.machine()})"
    else:
        machine = target.split("-", 1)[1] if target.startswith(("linux-", "ohos-")) else target
        label = abi_of_machine(machine) or machine
        if target.startswith("linux-") and label == host_abi():
            candidates.append(_host_build())
        candidates.append(_packaged(label))
    for c in candidates:
        if c.is_file():
            return c
    raise AgentNotFoundError(
        f"no ohbridge-agent for {label} in this installation (looked in {', '.join(str(c) for c in candidates)})",
        "reinstall ohbridge with pip, run tools/dev-build, or " + _build_hint(label))


def user_agent_path(agent_path: Optional[PathLike]) -> "Optional[tuple[str, Path]]":
    """The agent build the user names (``agent_path=``, else ``$OHBRIDGE_AGENT``), with where the
    name came from; None when neither names one, AgentPathError when the name is not a file."""
    for source, given in (("agent_path=", agent_path), ("$OHBRIDGE_AGENT", os.environ.get("OHBRIDGE_AGENT"))):
        if given is None or not str(given).strip():
            continue
        path = Path(str(given).strip()).expanduser()
        if not path.is_file():
            raise AgentPathError(f"{source} names {str(path)!r}, which is not a file",
                                 "name the ohbridge-agent executable built for the device")
        return source, path
    return None


def find_agent(probe: "DeviceProbe", agent_path: Optional[PathLike] = None) -> AgentBinary:
    """The agent build for the device ``probe`` describes.

    In order: ``agent_path`` (the caller's), ``$OHBRIDGE_AGENT``, the packaged OpenHarmony build
    for the device's ABI, and, for a device that is not OpenHarmony (no
    ``const.product.cpu.abilist``: the loopback device, an emulated Linux) of this host's ABI,
    the host's Linux build, which serves the simulated world.  A path the user names must exist.
    """
    from .device_probe import host_abi, machine_of_abi

    abi = probe.abi
    world = "device" if probe.openharmony else "stub"
    named = user_agent_path(agent_path)
    if named is not None:
        source, path = named
        return AgentBinary(path=path, abi=probe.abi_text, source=source, world=world)
    looked: List[Path] = []
    if abi is not None:
        # By ABI; and by machine (ohos-aarch64/), where the toolchain file's notes used to put it.
        for packaged in (_packaged(abi), _BIN_DIR / f"ohos-{machine_of_abi(abi)}" / "ohbridge-agent"):
            looked.append(packaged)
            if packaged.is_file():
                return AgentBinary(path=packaged, abi=abi, source="packaged", world=world)
        if not probe.openharmony and abi == host_abi() and platform.system() == "Linux":
            looked.append(_host_build())
            if looked[-1].is_file():
                return AgentBinary(path=looked[-1], abi=abi, source="host build", world="stub")
    where = f" (looked in {', '.join(str(p) for p in looked)})" if looked else ""
    raise AgentNotFoundError(f"no ohbridge-agent for the device's ABI {probe.abi_text} in this installation{where}",
                             _build_hint(abi or probe.abi_text))


def agent_for(transport: TransportDevice, agent: Optional[AgentBinary] = None,
              probe: Optional["DeviceProbe"] = None) -> AgentBinary:
    """``agent``, or the build :func:`find_agent` picks for the device (probed unless ``probe``)."""
    if agent is not None:
        return agent
    from .device_probe import probe_device

    return find_agent(probe or probe_device(transport))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


_local_versions: Dict[Path, Optional[str]] = {}


def _local_version(path: Path) -> Optional[str]:
    """The version a local agent binary reports (only runnable for the host's own target)."""
    if path not in _local_versions:
        version: Optional[str] = None
        try:
            out = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=10).stdout
            if out.startswith("ohbridge-agent "):
                version = out.split(None, 1)[1].strip()
        except (OSError, subprocess.SubprocessError):
            pass
        _local_versions[path] = version
    return _local_versions[path]


def agent_status(transport: TransportDevice, *, agent: Optional[AgentBinary] = None,
                 probe: Optional["DeviceProbe"] = None) -> AgentStatus:
    """Installed? Which version? Running (pid, port)? The same build as this package's?"""
    kv = key_values(run_script(transport, "health.sh", [DEVICE_AGENT, STATE_FILE]))
    installed = kv.get("installed") == "1"
    version = kv.get("version") or None
    sha = kv.get("sha256") or None
    up_to_date = False
    if installed:
        try:
            local: Optional[Path] = agent_for(transport, agent, probe).path
        except AgentNotFoundError:
            local = None
        if local is not None:
            if sha:
                up_to_date = sha == _sha256(local)
            else:
                up_to_date = version is not None and version == _local_version(local)
    return AgentStatus(
        installed=installed,
        version=version,
        running=kv.get("running") == "1",
        pid=int_or_none(kv.get("pid")),
        port=int_or_none(kv.get("port")),
        up_to_date=up_to_date,
        sha256=sha,
    )


def install_agent(transport: TransportDevice, *, force: bool = False, progress: Optional[Progress] = None,
                  agent: Optional[AgentBinary] = None) -> AgentStatus:
    """Push the agent if it is missing or stale (a different build); returns the new status.

    ``agent``: the build to push (default: :func:`find_agent`'s for the device).
    """
    agent = agent_for(transport, agent)
    local = agent.path
    status = agent_status(transport, agent=agent)
    if status.installed and status.up_to_date and not force:
        return status
    out = run_script(transport, "prepare.sh", [DEVICE_DIR])
    if "status=ready" not in out:
        raise AgentStartError(f"cannot prepare {DEVICE_DIR} on the device: {out.strip()}")
    pushed = f"{DEVICE_AGENT}.new.{secrets.token_hex(4)}"
    transport.push(str(local), pushed, progress=progress)
    out = run_script(transport, "install.sh", [pushed, DEVICE_AGENT, STATE_FILE])
    if "status=installed" not in out:
        raise AgentStartError(f"cannot install the agent on the device: {out.strip()}")
    return agent_status(transport, agent=agent)


def start_agent(transport: TransportDevice, *, port: Optional[int] = None, stub: Optional[bool] = None,
                api_version: Optional[int] = None, agent: Optional[AgentBinary] = None,
                prepared: bool = False) -> AgentSession:
    """(Re)start the agent with a fresh session token; returns its port and token.

    ``port=None`` lets the agent pick a free device port.  ``stub``: run the
    simulated world instead of the device's real services; by default, the
    Linux build (a loopback or emulated device) runs the stub and an
    OpenHarmony build the device's own services.  An agent already running is
    replaced: its token belongs to another session.  ``prepared``: the caller knows the
    agent's directory exists (it just found the agent installed there), which saves a device
    round trip.
    """
    if stub is None:
        stub = agent_for(transport, agent).world == "stub"
    token = secrets.token_hex(32)
    token_path = f"{DEVICE_DIR}/token.{secrets.token_hex(8)}"
    if not prepared:
        out = run_script(transport, "prepare.sh", [DEVICE_DIR])
        if "status=ready" not in out:
            raise AgentStartError(f"cannot prepare {DEVICE_DIR} on the device: {out.strip()}")
    fd, local_token = tempfile.mkstemp(prefix="ohbridge-token-")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(token)
        transport.push(local_token, token_path)
    finally:
        os.unlink(local_token)
    extra: List[str] = []
    if stub:
        extra.append("--stub")
        if api_version is not None:
            extra += ["--api-version", str(int(api_version))]
    out = run_script(transport, "start.sh",
                      [DEVICE_AGENT, STATE_FILE, token_path, str(int(port or 0)), LOG_FILE, *extra])
    kv = key_values(out)
    device_port = int_or_none(kv.get("port"))
    if kv.get("status") != "started" or device_port is None:
        raise AgentStartError(f"the agent did not start on the device: {out.strip()}")
    return AgentSession(device_port=device_port, token=token, pid=int_or_none(kv.get("pid")),
                        version=kv.get("version") or None, backend="stub" if stub else "ohos",
                        replaced_port=int_or_none(kv.get("replaced_port")))


def stop_agent(transport: TransportDevice) -> None:
    """Stop the agent if one runs (TERM, then KILL)."""
    run_script(transport, "stop.sh", [STATE_FILE])


def collect_diagnostics(transport: TransportDevice, *, hilog_lines: int = 300) -> str:
    """Agent state and log, device params, ``aa dump -a``, the focus window and recent hilog."""
    return run_script(transport, "diagnostics.sh", [STATE_FILE, LOG_FILE, str(int(hilog_lines))],
                       timeout=120.0)


class HdcAgentConnector:
    """Brings up the path to the agent on a device: install, start, forward.

    Used by :class:`ohbridge.backends.agent.AgentBackend`; on a reconnect it
    first makes a new forward to the agent it had, and only restarts the
    agent (a new token, a new world for a stub) when that agent is gone.
    """

    def __init__(self, transport: TransportDevice, *, stub: Optional[bool] = None,
                 api_version: Optional[int] = None, port: Optional[int] = None,
                 stop_on_close: bool = True, close_transport: bool = False,
                 agent: Optional[AgentBinary] = None) -> None:
        self.transport = transport
        self._stop_on_close = stop_on_close
        self._close_transport = close_transport
        self._stub = stub
        self._api_version = api_version
        self._port = port
        self.session: Optional[AgentSession] = None
        self._forward: Any = None
        self._agent = agent

    def endpoint(self, *, restart: bool) -> Any:
        from .backends.agent import AgentEndpoint

        if self.session is None or restart:
            if self._agent is None:
                self._agent = agent_for(self.transport)
            status = install_agent(self.transport, agent=self._agent)
            self.session = start_agent(self.transport, port=self._port, stub=self._stub,
                                       api_version=self._api_version, agent=self._agent,
                                       prepared=status.installed)
            if self.session.replaced_port is not None:
                self._remove_stale_forwards(self.session.replaced_port)
        self._remove_forward()
        self._forward = self.transport.forward(0, f"tcp:{self.session.device_port}")
        return AgentEndpoint("127.0.0.1", int(self._forward.local_port), self.session.token)

    def diagnose(self) -> Optional["LinkDiagnosis"]:
        """Which part of the path to the agent is broken (hdc transports only)."""
        from .transport.client import HdcDevice
        from .transport.diagnose import diagnose_link

        if not isinstance(self.transport, HdcDevice):
            return None
        fwd = self._forward
        return diagnose_link(self.transport, forward=(fwd.local, fwd.remote) if fwd is not None else None,
                             peer="the ohbridge-agent")

    def own_transport(self) -> None:
        """From now on, closing the connector closes the transport too."""
        self._close_transport = True

    def _remove_stale_forwards(self, device_port: int) -> None:
        """Forwards of this device to an agent that was just replaced: left by a process that
        died, or by a session cut when the device dropped off its link."""
        remove = getattr(self.transport, "remove_forward", None)
        if remove is None:
            return
        for rule in self.transport.list_forwards():
            if rule.key == self.transport.serial and rule.remote == f"tcp:{device_port}":
                try:
                    remove(rule.local, rule.remote)
                except Exception as exc:  # noqa: BLE001 - a rule someone else removed meanwhile
                    log.debug("removing the stale forward %s %s: %s", rule.local, rule.remote, exc)

    def _remove_forward(self) -> None:
        fwd, self._forward = self._forward, None
        if fwd is not None:
            try:
                fwd.remove()
            except Exception:  # noqa: BLE001 - the server that held it may be gone
                pass

    def close(self) -> None:
        self._remove_forward()
        if self._stop_on_close and self.session is not None:
            self.session = None
            try:
                stop_agent(self.transport)
            except Exception as exc:  # noqa: BLE001 - the device or its server may be gone
                found = self.diagnose()
                why = found.message if found is not None and found.part != "peer" else str(exc)
                warnings.warn(AgentLeftRunningWarning(
                    f"could not stop the ohbridge-agent on {self.transport.serial}: {why}; the next "
                    "connect() to this device stops it and removes its forwards"), stacklevel=2)
        if self._close_transport:
            close = getattr(self.transport, "close", None)
            if close is not None:
                close()
