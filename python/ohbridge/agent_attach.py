"""connect() to a device's agent in one ``hdc shell``: probe, version check, attach or start.

``hdc_scripts/connect.sh`` does on the device what used to take a probe, a health check, a
pushed token file and a start script (four device round trips and a file transfer): it probes
the device, compares the installed agent's sha256 with the build the host would push for that
device, and then attaches to the agent already running (another process's: it is shared) or
starts one. The host hands it every build it could choose (one per device kind and ABI, most
specific first), so the script can pick without a second round trip; the host then checks that
its own choice (:func:`ohbridge.backend_choice.choose_backend`, fed the script's probe) is the
build the script checked. Only a missing or stale agent costs more: one push and a second run.

The session token: a started agent makes its own (``--token-out``) and keeps it in a file of
mode 0600 in the agent's private directory; the script prints it to the host over the shell
channel. Whoever can read that file is the device user that runs the hdc shell, who could kill
or restart the agent anyway: that is who may attach. The token never goes on a command line,
in the environment or in a log, and the report's text never reaches an error message: every
message is built from the parsed fields, never from the raw output.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Dict, List, Optional, Tuple, Union

from ._scripts import SCRIPT_TIMEOUT, int_or_none, run_script
from .agent_manager import (
    DEVICE_AGENT,
    DEVICE_DIR,
    STATE_FILE,
    AgentBinary,
    AgentSession,
    AgentStartError,
    _BIN_DIR,
    _host_build,
    _local_version,
    _packaged,
    user_agent_path,
)
from .device_probe import ABIS, DeviceProbe, host_abi, machine_of_abi, probe_of
from .transport.device import TransportDevice
from .transport.errors import HdcError

if TYPE_CHECKING:
    from .backend_choice import BackendChoice

__all__ = [
    "AgentReplyError",
    "AttachOutcome",
    "BuildCandidate",
    "IDLE_EXIT_MS",
    "attach_or_start",
    "build_candidates",
    "candidate_for_probe",
    "parse_report",
    "run_connect_script",
]

PathLike = Union[str, "os.PathLike[str]"]

#: a shared agent stops this long after its last client went away without saying leave
#: (a host that died); long enough for a test run's next connect to find it
IDLE_EXIT_MS = 30_000

#: what the script's ``agent=`` says
OUTCOMES = ("no-build", "no-token", "missing", "stale", "attached", "started", "failed")

_WORD = re.compile(r"^[A-Za-z0-9._-]+$")
_TOKEN = re.compile(r"^[0-9a-f]{64}$")


class AgentReplyError(AgentStartError):
    """The device answered the connect script with something that is not its report."""


@dataclass(frozen=True)
class BuildCandidate:
    """A build the host would run on one kind of device (``key``: ``oh:ABI``, ``oh:*``,
    ``linux:ABI``, ``linux:*``) and how it would launch it."""

    key: str
    binary: AgentBinary
    sha256: str
    version: str
    options: Tuple[str, ...]

    @property
    def options_text(self) -> str:
        return " ".join(self.options)


@dataclass
class AttachOutcome:
    """What one run of the connect script found and did."""

    probe: DeviceProbe
    #: one of :data:`OUTCOMES`
    agent: str
    candidate: str = ""
    session: Optional[AgentSession] = None
    #: device ports of agents this run stopped or found dead (the host removes forwards to them)
    stale_ports: List[int] = field(default_factory=list)
    #: the script's ``error:`` and ``log:`` lines (never the token)
    errors: List[str] = field(default_factory=list)


_sha_cache: Dict[Tuple[str, int, int], str] = {}


def _sha256(path: Path) -> str:
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _sha_cache:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        _sha_cache[key] = h.hexdigest()
    return _sha_cache[key]


def _launch_options(world: str, stub: Optional[bool], api_version: Optional[int]) -> Tuple[str, ...]:
    # As start_agent launches: the stub world when asked, or when the build serves it by default.
    if stub if stub is not None else world == "stub":
        return ("--stub",) + (("--api-version", str(int(api_version))) if api_version is not None else ())
    return ()


def build_candidates(agent_path: Optional[PathLike] = None, *, stub: Optional[bool] = None,
                     api_version: Optional[int] = None) -> List[BuildCandidate]:
    """Every build :func:`ohbridge.agent_manager.find_agent` could choose, keyed by the kind of
    device it would choose it for, most specific first (a build the user names: for any ABI)."""
    found: List[Tuple[str, AgentBinary]] = []
    named = user_agent_path(agent_path)
    if named is not None:
        source, path = named
        found = [("oh:*", AgentBinary(path, "*", source, "device")), ("linux:*", AgentBinary(path, "*", source, "stub"))]
    else:
        for abi in ABIS:
            for packaged in (_packaged(abi), _BIN_DIR / f"ohos-{machine_of_abi(abi)}" / "ohbridge-agent"):
                if packaged.is_file():
                    found.append((f"oh:{abi}", AgentBinary(packaged, abi, "packaged", "device")))
                    found.append((f"linux:{abi}", AgentBinary(packaged, abi, "packaged", "stub")))
                    break
            else:
                if abi == host_abi() and _host_build().is_file() and os.uname().sysname == "Linux":
                    found.append((f"linux:{abi}", AgentBinary(_host_build(), abi, "host build", "stub")))
    out = []
    for key, binary in found:
        options = _launch_options(binary.world, stub, api_version)
        assert all(_WORD.match(w) for w in options)  # words by the script's contract
        out.append(BuildCandidate(key, binary, _sha256(binary.path), _local_version(binary.path) or "", options))
    return out


def _connect_args(candidates: List[BuildCandidate], mode: str, stub: Optional[bool]) -> List[str]:
    args = [DEVICE_DIR, mode, str(IDLE_EXIT_MS), "0" if stub else "1", str(len(candidates))]
    for c in candidates:
        args += [c.key, c.sha256, c.version or "-", c.options_text]
    return args


def parse_report(text: str) -> AttachOutcome:
    """The connect script's report, checked strictly: :class:`AgentReplyError` for anything else."""
    kv: Dict[str, str] = {}
    stale: List[int] = []
    errors: List[str] = []
    odd: List[str] = []
    for raw in text.splitlines():
        line = raw.rstrip("\r")
        if line.startswith(("error: ", "log: ")):
            errors.append(line)
            continue
        key, sep, value = line.partition("=")
        if not sep or not re.match(r"^[a-z_0-9]+$", key):
            if line.strip():
                odd.append(line)
            continue
        if key == "replaced_port":
            port = int_or_none(value)
            if port is not None:
                stale.append(port)
            continue
        kv[key] = value
    agent = kv.get("agent", "")
    if kv.get("status") != "done" or agent not in OUTCOMES:
        seen = odd[0] if odd else (next((ln for ln in text.splitlines() if ln.strip() and not ln.startswith("token=")),
                                        "") or "nothing")
        raise AgentReplyError("the device did not answer the agent's connect script with its report "
                              f"(first line: {seen.strip()[:120]!r})")
    outcome = AttachOutcome(probe=probe_of(kv), agent=agent, candidate=kv.get("candidate", ""),
                            stale_ports=stale, errors=errors)
    if agent in ("attached", "started"):
        port, token = int_or_none(kv.get("port")), kv.get("token", "")
        if port is None or not 0 < port < 65536 or not _TOKEN.match(token):
            # Name what is wrong, never the token's text.
            what = "no agent port" if port is None or not 0 < port < 65536 else "no well-formed session token"
            raise AgentReplyError(f"the agent's connect script reported an agent {agent} with {what}")
        outcome.session = AgentSession(device_port=port, token=token, pid=int_or_none(kv.get("pid")),
                                       version=kv.get("version") or None)
    return outcome


def run_connect_script(transport: TransportDevice, candidates: List[BuildCandidate], *,
                       mode: str = "attach", stub: Optional[bool] = None) -> AttachOutcome:
    """One ``hdc shell``: the script, quoted as every script is (``sh -c SCRIPT NAME ARGS``).

    A transport failure keeps its class, with the message of the part that failed (the hdc
    server, the device link) when :func:`~ohbridge.transport.diagnose.diagnose_link` finds one.
    """
    try:
        text = run_script(transport, "connect.sh", _connect_args(candidates, mode, stub), timeout=SCRIPT_TIMEOUT)
    except HdcError as exc:
        found = _broken_part(transport)
        if found is not None:
            exc.message = found
        raise
    return parse_report(text)


def _broken_part(transport: TransportDevice) -> Optional[str]:
    from .transport.client import HdcDevice
    from .transport.diagnose import DEVICE_LINK, SERVER, diagnose_link

    if not isinstance(transport, HdcDevice):
        return None
    try:
        found = diagnose_link(transport, peer="the ohbridge-agent")
    except Exception:  # noqa: BLE001 - a diagnosis must not hide the failure it explains
        return None
    return found.message if found.part in (SERVER, DEVICE_LINK) else None


def _install(transport: TransportDevice, binary: AgentBinary) -> None:
    pushed = f"{DEVICE_AGENT}.new.{secrets.token_hex(4)}"
    transport.push(str(binary.path), pushed)
    out = run_script(transport, "install.sh", [pushed, DEVICE_AGENT, STATE_FILE])
    if "status=installed" not in out:
        raise AgentStartError("cannot install the agent on the device: " +
                              "; ".join(ln.strip() for ln in out.splitlines() if ln.strip())[:300])


def attach_or_start(transport: TransportDevice, backend: str = "auto", *, agent_path: Optional[PathLike] = None,
                    stub: Optional[bool] = None, api_version: Optional[int] = None,
                    mode: str = "attach") -> Tuple["BackendChoice", Optional[AttachOutcome]]:
    """The backend for the device, and the agent it attached to or started (one ``hdc shell``
    when the agent is installed and current; a push and a second run when it is not).

    Raises what :func:`~ohbridge.backend_choice.choose_backend` raises (``backend="agent"`` on a
    device where the agent cannot run), and :class:`AgentStartError` when the agent would not
    start (the caller falls back for ``auto``).
    """
    from .backend_choice import choose_backend

    candidates = build_candidates(agent_path, stub=stub, api_version=api_version)
    outcome = run_connect_script(transport, candidates, mode=mode, stub=stub)
    # The host's own rules decide, on the script's probe: the same choice as the slow path.
    choice = choose_backend(transport, backend, agent_path=agent_path, stub=stub, probe=outcome.probe)
    if choice.backend != "agent" or choice.agent is None:
        return choice, None
    picked = next((c for c in candidates if c.key == outcome.candidate), None)
    if picked is None or picked.binary.path != choice.agent.path:
        raise AgentStartError(f"the connect script checked the build for {outcome.candidate or 'no device kind'}, "
                              f"and the host chose {choice.agent.path} ({choice.agent.source})")
    if outcome.agent in ("missing", "stale"):
        _install(transport, choice.agent)
        again = run_connect_script(transport, candidates, mode=mode, stub=stub)
        again.stale_ports[:0] = outcome.stale_ports
        outcome = again
    if outcome.agent in ("no-build", "no-token", "missing", "stale"):
        raise AgentStartError(f"the connect script found the agent {outcome.agent} where the host chose "
                              f"{choice.agent.path}")
    if outcome.agent == "failed":
        said = "; ".join(e.split(": ", 1)[1] for e in outcome.errors if e.strip()) or "no output"
        raise AgentStartError(f"the agent did not start on the device: {said[:400]}")
    assert outcome.session is not None
    outcome.session.backend = "stub" if "--stub" in picked.options else "ohos"
    return choice, outcome


def candidate_for_probe(candidates: List[BuildCandidate], probe: DeviceProbe) -> Optional[BuildCandidate]:
    """The candidate the script picks for a probe (the same rule, for tests and doctor)."""
    kind = "oh" if probe.openharmony else "linux"
    for c in candidates:
        if (probe.abi and c.key == f"{kind}:{probe.abi}") or c.key == f"{kind}:*":
            return c
    return None

