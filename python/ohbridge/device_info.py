"""What a device is and what it can do, for people and reports (the CLI's ``info``, the pytest plugin).

Facts come from the cheapest reliable source: the stub's own controls for a simulated device,
``param get`` over the transport for a real one.  Diagnostics are the things a person needs to
understand a failed test on a device: its identity, the mission list (``aa dump -l``), and the tail
of its log (``hilog``).
"""

from __future__ import annotations

import os

from dataclasses import asdict, dataclass, field
from typing import Any, Dict, FrozenSet, List, Optional, Tuple

from .connect import connect
from .device import Device

__all__ = [
    "DeviceFacts",
    "BACKEND_FEATURES",
    "connect_url",
    "device_facts",
    "diagnostics",
    "format_stub_mission_list",
]

# What each backend can serve (the capability table of docs/agent.md), as feature names that
# tests can require with ``ohos_requires(features=[...])``.
BACKEND_FEATURES: Dict[str, FrozenSet[str]] = {
    "stub": frozenset({"stub", "missions", "start_ability", "want_agent", "distributed"}),
    "agent": frozenset({"real_device", "missions", "start_ability", "want_agent", "distributed"}),
    "shell": frozenset({"real_device", "missions", "start_ability", "want_agent_observe"}),
    "transport": frozenset({"real_device"}),
}

_PARAM_API_VERSION = "const.ohos.apiversion"
_PARAM_MODEL = "const.product.model"
_PARAM_SOFTWARE = "const.product.software.version"
_DIAGNOSTIC_TIMEOUT = 10.0


def connect_url(url: str, *, scenario: Optional[str] = None, api_version: Optional[int] = None,
                backend: str = "auto", agent_path: Optional[str] = None) -> Device:
    """``ohbridge.connect`` that also reads ``stub:PATH`` as the stub with that scenario file.

    ``backend`` and ``agent_path`` apply to real devices (a simulated one is always the stub).
    """
    if url.startswith("stub:") and len(url) > len("stub:"):
        rest = url[len("stub:"):]
        if rest.endswith(".toml") or os.path.isfile(rest):
            scenario, url = scenario or rest, "stub"
        else:  # stub:NAME, a device of the (scenario's) world
            device = connect(url, scenario=scenario, api_version=api_version)
            return device
    if url == "stub":
        device = connect("stub", scenario=scenario, api_version=api_version)
        if api_version is not None:
            device.stub.api_version = api_version  # an explicit level wins over the scenario's
        return device
    return connect(url, backend=backend, agent_path=agent_path)


@dataclass
class DeviceFacts:
    serial: str
    backend: str
    api_version: Optional[int]
    model: str
    software_version: str = ""
    features: Tuple[str, ...] = ()
    #: the simulated devices of a stub world (name, network id, online), empty on a real device
    peers: List[Dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> Dict[str, Any]:
        data = asdict(self)
        data["features"] = list(self.features)
        return data


def _param(device: Device, name: str) -> Optional[str]:
    transport = device.transport
    if transport is None or not hasattr(transport, "param"):
        return None
    try:
        value = transport.param(name, timeout=_DIAGNOSTIC_TIMEOUT)
    except Exception:  # a fact we cannot read is reported as unknown, not as a failure
        return None
    return None if value is None else str(value).strip()


def device_facts(device: Device) -> DeviceFacts:
    """Identity, API level and features of a connected device."""
    recorded = getattr(device._backend, "recorded_facts", None)
    if recorded is not None:  # a replay: the recorded device's facts
        facts: DeviceFacts = recorded()
        return facts
    features = tuple(sorted(BACKEND_FEATURES.get(device.backend, frozenset())))
    if device.backend == "stub":
        control = device.stub
        peers = [{"name": d["name"], "network_id": d["network_id"], "online": d["online"],
                  "device_type": d["device_type"]} for d in control.devices() if not d["local"]]
        return DeviceFacts(serial=device.serial, backend="stub", api_version=int(control.api_version),
                           model="ohbridge stub", software_version="simulated", features=features, peers=peers)
    raw_api = _param(device, _PARAM_API_VERSION)
    api_version = int(raw_api) if raw_api and raw_api.isdigit() else None
    return DeviceFacts(serial=device.serial, backend=device.backend, api_version=api_version,
                       model=_param(device, _PARAM_MODEL) or "unknown",
                       software_version=_param(device, _PARAM_SOFTWARE) or "", features=features)


def format_stub_mission_list(device: Device) -> str:
    """The simulated mission lists in the shape of ``aa dump -l`` (so people read one format)."""
    control = device.stub
    lines: List[str] = []
    for dev in control.devices():
        where = "local" if dev["local"] else ("online" if dev["online"] else "offline")
        lines.append(f"Device {dev['name']!r} [{dev['network_id'][:16]}...] ({where})")
        lines.append("  current mission lists:{")
        for m in control.missions(dev["network_id"] if not dev["local"] else ""):
            want = m["want"]
            lines.append(f"    Mission ID #{m['missionId']}  mission name #[{m['label']}]  "
                         f"lockedState #{int(m['lockedState'])}")
            lines.append(f"        bundle name [{want['bundleName']}]")
            lines.append(f"        main name [{want['abilityName']}]")
            lines.append(f"        continuable #{int(m['continuable'])}  continueState #{m['continueState']}  "
                         f"alive #{int(m['alive'])}")
        lines.append(" }")
    return "\n".join(lines)


def _shell_text(device: Device, argv: List[str]) -> str:
    if device.transport is None:
        return f"(could not run {' '.join(argv)}: a simulated device has no shell)"
    try:
        result = device.transport.shell(argv, timeout=_DIAGNOSTIC_TIMEOUT)
    except Exception as e:  # diagnostics must never hide the test's own failure
        return f"(could not run {' '.join(argv)}: {type(e).__name__}: {e})"
    return str(result.stdout)


def diagnostics(device: Device, *, hilog_lines: int = 100) -> List[Tuple[str, str]]:
    """(title, text) sections describing the device's state right now."""
    facts = device_facts(device)
    info = "\n".join(f"{k}: {', '.join(v) if isinstance(v, list) else v}"
                     for k, v in facts.as_dict().items() if k != "peers")
    sections = [("device info", info)]
    remaining = getattr(device._backend, "remaining", None)
    if remaining is not None:  # a replay: where it stands in its recording
        left = remaining[:20]
        sections.append(("replay", "recorded calls not served yet:\n" + ("\n".join(left) or "(none)")))
        return sections
    if device.backend == "stub":
        control = device.stub
        sections.append(("aa dump -l (simulated)", format_stub_mission_list(device)))
        events = [f"start {s}" for s in control.started_abilities()[-hilog_lines:]]
        events += [f"pending want {p}" for p in control.pending_wants()]
        sections.append(("hilog (the stub has none: its record of starts and WantAgents)",
                         "\n".join(events) or "(nothing recorded)"))
        return sections
    if device.transport is None:
        return sections
    sections.append(("aa dump -l", _shell_text(device, ["aa", "dump", "-l"])))
    log = _shell_text(device, ["hilog", "-x", "-z", str(hilog_lines)])
    tail = log.splitlines()[-hilog_lines:]
    sections.append((f"hilog (last {len(tail)} lines)", "\n".join(tail)))
    return sections
