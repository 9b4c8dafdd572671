"""``ohbridge doctor``: check the set-up step by step and say what to fix."""

from __future__ import annotations

import argparse
from dataclasses import asdict, dataclass
from typing import Any, List

from ._app import EXIT_API_ERROR, EXIT_NO_DEVICE, EXIT_OK, App, CliError

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


def _device_checks(app: App) -> List[Check]:
    from ..transport.errors import HdcError
    from ..transport.hdc import HdcClient

    client = HdcClient()
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
    selected = app.device_url
    if selected:
        from ..testbed import device_url

        key = device_url(selected).split(":", 1)[-1]
        chosen = [t for t in connected if t.key == key]
    else:
        chosen = connected[:1] if len(connected) == 1 else []
        if len(connected) > 1:
            checks.append(Check("selection", "warn", f"{len(connected)} devices: commands need --device",
                                "set OHOS_DEVICE=hdc:SERIAL or pass --device"))
    for t in chosen:
        checks += _one_device(client.device(t.key))
    return checks


def _one_device(device: Any) -> List[Check]:
    serial = device.serial
    checks = []
    api = device.param("const.ohos.apiversion", timeout=10)
    if api and api.strip().isdigit():
        checks.append(Check(f"{serial} API level", "ok", f"API {api.strip()}"))
    else:
        checks.append(Check(f"{serial} API level", "warn", "const.ohos.apiversion unreadable",
                            "is this an OpenHarmony device with a developer-mode shell?"))
    probe = device.shell(f"touch {_PROBE} && rm -f {_PROBE} && echo writable", timeout=10)
    if "writable" in probe.stdout:
        checks.append(Check(f"{serial} permissions", "ok", "/data/local/tmp is writable (the agent goes there)"))
    else:
        checks.append(Check(f"{serial} permissions", "fail", f"cannot write /data/local/tmp: {probe.stdout.strip()}",
                            "enable developer mode; on retail HarmonyOS NEXT only the shell backend can run"))
    try:
        from .cmd_agent import agent_manager, status_dict

        status = status_dict(agent_manager().agent_status(device))
    except CliError as e:
        checks.append(Check(f"{serial} agent", "warn", e.message, "use the shell backend until the agent lands"))
        return checks
    if not status.get("installed"):
        checks.append(Check(f"{serial} agent", "warn", "not installed", f"ohbridge --device hdc:{serial} agent install"))
    elif not status.get("up_to_date", True):
        checks.append(Check(f"{serial} agent", "warn", f"version {status.get('version')} is outdated",
                            f"ohbridge --device hdc:{serial} agent install --force"))
    elif not status.get("running"):
        checks.append(Check(f"{serial} agent", "ok", f"{status.get('version')} installed, stopped (started on demand)"))
    else:
        checks.append(Check(f"{serial} agent", "ok", f"{status.get('version')} running on port {status.get('port')}"))
    return checks


def doctor(app: App) -> int:
    checks = _local_checks()
    if not app.on_stub:
        checks += _device_checks(app)
    failed = [c for c in checks if c.status == "fail"]
    code = EXIT_OK if not failed else (EXIT_NO_DEVICE if all(c.connection for c in failed) else EXIT_API_ERROR)

    def human() -> None:
        marks = {"ok": "ok  ", "warn": "WARN", "fail": "FAIL"}
        for c in checks:
            app.say(f"[{marks[c.status]}] {c.name}: {c.detail}")
            if c.fix and c.status != "ok":
                app.say(f"       fix: {c.fix}")
        app.say("all good" if not failed else f"{len(failed)} problem(s) to fix")

    app.emit({"ok": not failed, "exit_code": code, "checks": [asdict(c) for c in checks]}, human)
    return code


