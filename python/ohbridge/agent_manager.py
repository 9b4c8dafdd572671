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
import os
import platform
import secrets
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

from .transport.device import TransportDevice
from .transport.quoting import sh_join

__all__ = [
    "AgentStatus",
    "AgentSession",
    "AgentNotFoundError",
    "AgentStartError",
    "DEVICE_DIR",
    "DEVICE_AGENT",
    "agent_binary_path",
    "device_target",
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
_SCRIPT_TIMEOUT = 30.0

Progress = Callable[[int, int], None]


class AgentNotFoundError(FileNotFoundError):
    """No agent binary for the wanted target ships with this installation."""


class AgentStartError(RuntimeError):
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


def _host_target() -> str:
    machine = platform.machine().lower() or "unknown"
    machine = {"amd64": "x86_64", "arm64": "aarch64"}.get(machine, machine)
    return f"{platform.system().lower()}-{machine}"


def agent_binary_path(target: str = "linux-x86_64") -> Path:
    """The agent executable shipped in the package for ``target``.

    The pip build installs the agent for the build host as
    ``ohbridge/bin/ohbridge-agent``; builds for other targets (an OpenHarmony
    SDK build, ``cmake/ohos-toolchain.cmake``) go in ``ohbridge/bin/<target>/``.
    """
    bin_dir = Path(__file__).resolve().parent / "bin"
    candidates = [bin_dir / target / "ohbridge-agent"]
    if target == _host_target():
        candidates.insert(0, bin_dir / "ohbridge-agent")
    for c in candidates:
        if c.is_file():
            return c
    raise AgentNotFoundError(
        f"no ohbridge-agent for {target} in this installation (looked in "
        f"{', '.join(str(c) for c in candidates)}); reinstall ohbridge with pip, run tools/dev-build, "
        f"or build native/agent for {target} with the OpenHarmony toolchain (cmake/ohos-toolchain.cmake)"
    )


def script_text(name: str) -> str:
    """The text of one ``hdc_scripts/`` script (installed with the package, or the source tree's)."""
    here = Path(__file__).resolve().parent
    for d in (here / "hdc_scripts", here.parent.parent / "hdc_scripts"):
        p = d / name
        if p.is_file():
            return p.read_text(encoding="utf-8")
    raise FileNotFoundError(f"hdc script {name!r} is missing from this installation")


def _run_script(transport: TransportDevice, name: str, args: List[str], timeout: float = _SCRIPT_TIMEOUT) -> str:
    # `sh -c SCRIPT NAME ARGS...`: the script and every argument are quoted,
    # so no path or value can be read as shell syntax.
    command = sh_join(["sh", "-c", script_text(name), f"ohbridge-{name}", *args])
    return transport.shell(command, timeout=timeout).stdout


def _kv(text: str) -> Dict[str, str]:
    out: Dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.strip().partition("=")
        if sep and key and " " not in key:
            out[key] = value
    return out


def _int(value: Optional[str]) -> Optional[int]:
    try:
        return int(value) if value else None
    except ValueError:
        return None


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


def device_target(transport: TransportDevice) -> str:
    """The agent build a device needs: ``ohos-<arch>`` if shipped, else ``linux-<arch>``.

    A loopback or emulator device whose architecture is the host's runs the
    Linux build (with the stub backend).
    """
    arch = transport.shell("uname -m", timeout=_SCRIPT_TIMEOUT).stdout.strip() or "unknown"
    arch = {"arm64": "aarch64", "amd64": "x86_64"}.get(arch, arch)
    for target in (f"ohos-{arch}", f"linux-{arch}"):
        try:
            agent_binary_path(target)
            return target
        except AgentNotFoundError:
            continue
    return f"ohos-{arch}"


def agent_status(transport: TransportDevice, *, target: Optional[str] = None) -> AgentStatus:
    """Installed? Which version? Running (pid, port)? The same build as this package's?"""
    kv = _kv(_run_script(transport, "health.sh", [DEVICE_AGENT, STATE_FILE]))
    installed = kv.get("installed") == "1"
    version = kv.get("version") or None
    sha = kv.get("sha256") or None
    up_to_date = False
    if installed:
        try:
            local = agent_binary_path(target or device_target(transport))
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
        pid=_int(kv.get("pid")),
        port=_int(kv.get("port")),
        up_to_date=up_to_date,
        sha256=sha,
    )


def install_agent(transport: TransportDevice, *, force: bool = False, progress: Optional[Progress] = None,
                  target: Optional[str] = None) -> AgentStatus:
    """Push the agent if it is missing or stale (a different build); returns the new status."""
    target = target or device_target(transport)
    local = agent_binary_path(target)
    status = agent_status(transport, target=target)
    if status.installed and status.up_to_date and not force:
        return status
    out = _run_script(transport, "prepare.sh", [DEVICE_DIR])
    if "status=ready" not in out:
        raise AgentStartError(f"cannot prepare {DEVICE_DIR} on the device: {out.strip()}")
    pushed = f"{DEVICE_AGENT}.new.{secrets.token_hex(4)}"
    transport.push(str(local), pushed, progress=progress)
    out = _run_script(transport, "install.sh", [pushed, DEVICE_AGENT, STATE_FILE])
    if "status=installed" not in out:
        raise AgentStartError(f"cannot install the agent on the device: {out.strip()}")
    return agent_status(transport, target=target)


def start_agent(transport: TransportDevice, *, port: Optional[int] = None, stub: Optional[bool] = None,
                api_version: Optional[int] = None, target: Optional[str] = None) -> AgentSession:
    """(Re)start the agent with a fresh session token; returns its port and token.

    ``port=None`` lets the agent pick a free device port.  ``stub``: run the
    simulated world instead of the device's real services; by default, the
    Linux build (a loopback or emulated device) runs the stub and an
    OpenHarmony build the device's own services.  An agent already running is
    replaced: its token belongs to another session.
    """
    target = target or device_target(transport)
    if stub is None:
        stub = target.startswith("linux-")
    token = secrets.token_hex(32)
    token_path = f"{DEVICE_DIR}/token.{secrets.token_hex(8)}"
    out = _run_script(transport, "prepare.sh", [DEVICE_DIR])
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
    out = _run_script(transport, "start.sh",
                      [DEVICE_AGENT, STATE_FILE, token_path, str(int(port or 0)), LOG_FILE, *extra])
    kv = _kv(out)
    device_port = _int(kv.get("port"))
    if kv.get("status") != "started" or device_port is None:
        raise AgentStartError(f"the agent did not start on the device: {out.strip()}")
    return AgentSession(device_port=device_port, token=token, pid=_int(kv.get("pid")),
                        version=kv.get("version") or None, backend="stub" if stub else "ohos")


def stop_agent(transport: TransportDevice) -> None:
    """Stop the agent if one runs (TERM, then KILL)."""
    _run_script(transport, "stop.sh", [STATE_FILE])


def collect_diagnostics(transport: TransportDevice, *, hilog_lines: int = 300) -> str:
    """Agent state and log, device params, ``aa dump -a``, the focus window and recent hilog."""
    return _run_script(transport, "diagnostics.sh", [STATE_FILE, LOG_FILE, str(int(hilog_lines))],
                       timeout=120.0)


class HdcAgentConnector:
    """Brings up the path to the agent on a device: install, start, forward.

    Used by :class:`ohbridge.backends.agent.AgentBackend`; on a reconnect it
    first makes a new forward to the agent it had, and only restarts the
    agent (a new token, a new world for a stub) when that agent is gone.
    """

    def __init__(self, transport: TransportDevice, *, stub: Optional[bool] = None,
                 api_version: Optional[int] = None, port: Optional[int] = None,
                 stop_on_close: bool = True, close_transport: bool = False) -> None:
        self.transport = transport
        self._stop_on_close = stop_on_close
        self._close_transport = close_transport
        self._stub = stub
        self._api_version = api_version
        self._port = port
        self.session: Optional[AgentSession] = None
        self._forward: Any = None
        self._target: Optional[str] = None

    def endpoint(self, *, restart: bool) -> Any:
        from .backends.agent import AgentEndpoint

        if self.session is None or restart:
            if self._target is None:
                self._target = device_target(self.transport)
            install_agent(self.transport, target=self._target)
            self.session = start_agent(self.transport, port=self._port, stub=self._stub,
                                       api_version=self._api_version, target=self._target)
        self._remove_forward()
        self._forward = self.transport.forward(0, f"tcp:{self.session.device_port}")
        return AgentEndpoint("127.0.0.1", int(self._forward.local_port), self.session.token)

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
            except Exception:  # noqa: BLE001 - the device or its server may be gone
                pass
        if self._close_transport:
            close = getattr(self.transport, "close", None)
            if close is not None:
                close()
