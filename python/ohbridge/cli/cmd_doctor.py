"""``ohbridge doctor``: check the set-up step by step and say what to fix."""

from __future__ import annotations

import argparse
from dataclasses import asdict, dataclass
from typing import Any, Dict, List

from ._app import EXIT_API_ERROR, EXIT_NO_DEVICE, EXIT_OK, App

__all__ = ["add_parsers"]

_PROBE = "/data/local/tmp/.ohbridge-doctor-probe"


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("doctor", parents=[common], help="check the hdc server, devices, agent and permissions",
                       description="Check the native core, the stub, the hdc server, the devices, the agent and "
                                   "the permissions it needs; say what to fix. With --stub, only the local checks.")
    p.set_defaults(run=doctor)


@dataclass
class Check:
    name: str
    status: str  # "ok", "warn" or "fail"
    detail: str
    fix: str = ""
    #: a failure that means "no device or connection" (exit 3) rather than "something refused" (exit 1)
    connection: bool = False


def _local_checks() -> List[Check]:
    checks = []
    try:
        from .. import _native  # noqa: F401  (the import is the check)

        checks.append(Check("native core", "ok", "ohbridge._native loads"))
    except ImportError as e:
        return [Check("native core", "fail", f"ohbridge._native does not load: {e}",
                      "reinstall: pip install . (or tools/dev-build in a checkout)")]
    try:
        from ..connect import connect

        with connect("stub") as dev:
            agent = dev.want_agent.get_want_agent(
                {"wants": [{"bundleName": "com.example.myapplication", "abilityName": "EntryAbility"}],
                 "operationType": 1, "requestCode": 0, "wantAgentFlags": []})
            dev.want_agent.get_bundle_name(agent)
        checks.append(Check("stub", "ok", "the simulated device answers"))
    except Exception as e:
        checks.append(Check("stub", "fail", f"{type(e).__name__}: {e}", "report this as a bug"))
    return checks


def _device_checks(app: App, devices: List[Dict[str, Any]]) -> List[Check]:
    from ..transport.errors import HdcError
    from ..transport.hdc import HdcClient

    from ..testbed import device_url
    from ..transport._open import parse_device_url

    selected = app.device_url
    try:
        wanted = parse_device_url(device_url(selected)) if selected else None
    except ValueError as e:
        return [Check("device", "fail", str(e), "name a device as hdc:SERIAL or hdc://HOST:PORT/SERIAL")]
    if wanted is not None and wanted.scheme != "hdc":
        return [Check("device", "warn", f"doctor checks devices behind an hdc server, not {selected!r}",
                      "run the command you need; an adb device is served by the shell backend")]
    client = HdcClient(wanted.host, wanted.port) if wanted is not None else HdcClient()
    try:
        targets = client.list_targets()
    except HdcError as e:
        return [Check("hdc server", "fail", f"not reachable at {client.address}: {e}",
                      "start it with `hdc start` (hdc comes with the OpenHarmony SDK toolchains); for another "
                      "server set OHOS_HDC_SERVER_PORT; without hardware use --stub", connection=True)]
    checks = [Check("hdc server", "ok", f"{client.address}, {len(targets)} target(s)")]
    if not targets:
        checks.append(Check("devices", "fail", "no device behind the hdc server",
                            "plug a device in with USB debugging on, or `hdc tconn IP:PORT`", connection=True))
        return checks
    for t in targets:
        if t.connected:
            checks.append(Check(f"device {t.key}", "ok", f"{t.connection_type or 'connected'} {t.name}".strip()))
        elif t.state == "Unauthorized":
            checks.append(Check(f"device {t.key}", "fail", "unauthorized",
                                "accept the USB debugging prompt on the device", connection=True))
        else:
            checks.append(Check(f"device {t.key}", "fail", t.state or "not connected",
                                "reconnect the cable or run `hdc kill` then `hdc start`", connection=True))
    connected = [t for t in targets if t.connected]
    if wanted is not None and wanted.serial:
        key = wanted.serial
        chosen = [t for t in connected if t.key == key]
        if not chosen and not any(t.key == key for t in targets):
            checks.append(Check(f"device {key}", "fail", "not behind the hdc server (unplugged? another server?)",
                                "check `ohbridge devices`; name one with --device hdc:SERIAL", connection=True))
    else:
        chosen = connected[:1] if len(connected) == 1 else []
        if len(connected) > 1:
            checks.append(Check("selection", "warn", f"{len(connected)} devices: commands need --device",
                                "set OHOS_DEVICE=hdc:SERIAL or pass --device"))
    for t in chosen:
        try:
            checks += _one_device(app, client.device(t.key), devices)
        except HdcError as e:  # the device went away (or stopped answering) while being checked
            checks.append(Check(f"device {t.key}", "fail", f"stopped answering: {e.message}",
                                "reconnect it and run `ohbridge doctor` again", connection=True))
    return checks


def _one_device(app: App, device: Any, devices: List[Dict[str, Any]]) -> List[Check]:
    """What the device is, which backend ``connect()`` will use there and why, and the agent's state.

    ``devices`` gets the decision in machine-readable form (serial, abi, agent_build, backend, reason).
    """
    from ..agent_manager import AgentNotFoundError, agent_status, find_agent
    from ..backend_choice import SHELL_CANNOT_SERVE, AgentUnavailableError, choose_backend
    from ..device_probe import probe_device
    from .cmd_agent import status_dict

    serial = device.serial
    checks = []
    probe = probe_device(device)
    if probe.api_version is not None:
        checks.append(Check(f"{serial} API level", "ok", f"API {probe.api_version}"))
    else:
        checks.append(Check(f"{serial} API level", "warn", "const.ohos.apiversion unreadable",
                            "is this an OpenHarmony device with a developer-mode shell?"))
    kind = ("OpenHarmony" if probe.openharmony
            else "no const.product.cpu.abilist: a loopback or Linux device, served by the host's Linux build")
    checks.append(Check(f"{serial} ABI", "ok" if probe.abi else "warn",
                        f"{probe.abi_text} (uname -m: {probe.machine or '?'}; {kind})",
                        "" if probe.abi else "no agent is built for this machine: the shell backend serves it"))
    probe_file = device.shell(f"touch {_PROBE} && rm -f {_PROBE} && echo writable", timeout=10)
    writable = "writable" in probe_file.stdout
    if writable:
        checks.append(Check(f"{serial} permissions", "ok", "/data/local/tmp is writable (the agent goes there)"))
    else:
        checks.append(Check(f"{serial} permissions", "fail",
                            f"cannot write /data/local/tmp: {probe_file.stdout.strip()}",
                            "enable developer mode; on retail HarmonyOS NEXT only the shell backend can run"))
    build = None
    try:
        build = find_agent(probe, app.agent_path)
    except AgentNotFoundError as e:
        checks.append(Check(f"{serial} agent build", "warn", e.reason, e.fix))
    else:
        serves = "the simulated world" if build.world == "stub" else "the device's own services"
        checks.append(Check(f"{serial} agent build", "ok", f"{build.path} ({build.source}; serves {serves})"))
    if build is not None and build.world == "device":
        if probe.root is False:
            fix = ("run `hdc smode` (const.debuggable is 1), then connect again" if probe.debuggable
                   else "a user build (const.debuggable is not 1) never gives hdc a root shell")
            checks.append(Check(f"{serial} agent token", "warn",
                                f"the hdc shell runs as uid {probe.uid}: the agent cannot mint its system token", fix))
        else:
            checks.append(Check(f"{serial} agent token", "ok", "the hdc shell is root: the agent can mint its token"))
    summary: Dict[str, Any] = {"serial": serial, "abi": probe.abi_text, "openharmony": probe.openharmony,
                               "uid": probe.uid, "debuggable": probe.debuggable,
                               "agent_build": None if build is None else str(build.path),
                               "backend": None, "reason": ""}
    devices.append(summary)
    try:
        choice = choose_backend(device, app.backend, agent_path=app.agent_path, probe=probe)
    except AgentUnavailableError as e:
        summary["reason"] = e.reason
        checks.append(Check(f"{serial} backend", "fail", f"--backend agent cannot run here: {e.reason}",
                            e.fix or "use --backend auto or shell"))
        return checks
    summary["backend"], summary["reason"] = choice.backend, choice.reason
    if choice.backend == "shell":
        if choice.reason:
            why = "no agent build for its ABI" if build is None else (
                "the agent cannot get its token" if "token" in choice.reason else choice.reason)
            checks.append(Check(f"{serial} backend", "warn",
                                f"connect() will use the shell backend ({why}), which cannot serve {SHELL_CANNOT_SERVE}",
                                choice.fix or "see the WARN above"))
        else:
            checks.append(Check(f"{serial} backend", "ok", "connect() will use the shell backend (asked for)"))
        return checks
    if not writable:
        checks.append(Check(f"{serial} backend", "fail", "connect() would use the agent, which cannot be pushed",
                            "fix the permissions above, or use --backend shell"))
        return checks
    checks.append(Check(f"{serial} backend", "ok", f"connect() will use the agent ({build.path if build else '?'})"))
    status = status_dict(agent_status(device, agent=choice.agent, probe=probe))
    if not status.get("installed"):
        checks.append(Check(f"{serial} agent", "ok", "not installed yet (connect() pushes it)"))
    elif not status.get("up_to_date", True):
        checks.append(Check(f"{serial} agent", "ok",
                            f"version {status.get('version')} differs from this build (connect() replaces it)"))
    elif not status.get("running"):
        checks.append(Check(f"{serial} agent", "ok", f"{status.get('version')} installed, stopped (started on demand)"))
    else:
        checks.append(Check(f"{serial} agent", "ok", f"{status.get('version')} running on port {status.get('port')}"))
    return checks


def doctor(app: App) -> int:
    checks = _local_checks()
    #: per device checked: what connect() will do there (for scripts; people read the checks)
    devices: List[Dict[str, Any]] = []
    if not app.on_stub:
        checks += _device_checks(app, devices)
    failed = [c for c in checks if c.status == "fail"]
    code = EXIT_OK if not failed else (EXIT_NO_DEVICE if all(c.connection for c in failed) else EXIT_API_ERROR)

    def human() -> None:
        marks = {"ok": "ok  ", "warn": "WARN", "fail": "FAIL"}
        for c in checks:
            app.say(f"[{marks[c.status]}] {c.name}: {c.detail}")
            if c.fix and c.status != "ok":
                app.say(f"       fix: {c.fix}")
        warned = [c for c in checks if c.status == "warn"]
        if failed:
            app.say(f"{len(failed)} problem(s) to fix")
        elif warned:
            app.say(f"usable, with {len(warned)} warning(s): see WARN above")
        else:
            app.say("all good")

    app.emit({"ok": not failed, "exit_code": code, "checks": [asdict(c) for c in checks], "devices": devices}, human)
    return code


