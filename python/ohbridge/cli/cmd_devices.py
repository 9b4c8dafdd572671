"""``ohbridge devices`` and ``ohbridge info``: what is connected, and what one device is."""

from __future__ import annotations

import argparse
from typing import Any, Dict, List

from ._app import App, table

__all__ = ["add_parsers"]


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("devices", parents=[common], help="list devices with state, model and API version",
                       description="List the devices behind the hdc server (state, model, API version); "
                                   "with --stub, the devices of the simulated world.")
    p.set_defaults(run=devices)
    p = sub.add_parser("info", parents=[common], help="describe one device",
                       description="Backend, model, API version and features of the selected device.")
    p.set_defaults(run=info)


def _hdc_rows() -> List[Dict[str, Any]]:
    from ..transport.hdc import HdcClient

    client = HdcClient()
    rows = []
    for target in client.list_targets():
        row: Dict[str, Any] = {"serial": target.key, "state": target.state or "Connected",
                               "connection": target.connection_type, "model": "", "api_version": None,
                               "url": f"hdc:{target.key}"}
        if target.connected:
            device = client.device(target.key)
            row["model"] = device.param("const.product.model", timeout=10) or ""
            api = device.param("const.ohos.apiversion", timeout=10)
            row["api_version"] = int(api) if api and api.strip().isdigit() else None
        rows.append(row)
    return rows


def _stub_rows(app: App) -> List[Dict[str, Any]]:
    device = app.device()
    api = device.stub.api_version
    return [{"serial": d["network_id"], "name": d["name"], "state": "Connected" if d["online"] else "Offline",
             "connection": "local" if d["local"] else "simulated", "model": f"stub {d['device_type']}",
             "api_version": api, "url": "stub" if d["local"] else ""} for d in device.stub.devices()]


def devices(app: App) -> int:
    rows = _stub_rows(app) if app.on_stub else _hdc_rows()

    def human() -> None:
        if not rows:
            app.say("no devices (is one plugged in and authorized? try `ohbridge doctor`)")
            return
        # Whole serials: they are what --device and `continue --to` take, so they must copy-paste.
        shown = [dict(r, api_version=r["api_version"] if r["api_version"] is not None else "?") for r in rows]
        columns = ["serial", "name", "state", "connection", "model", "api_version"]
        if not any(r.get("name") for r in rows):
            columns.remove("name")  # hdc knows no device names
        app.say(table(shown, columns))

    app.emit({"devices": rows}, human)
    return 0


def info(app: App) -> int:
    from ..device_info import device_facts

    facts = device_facts(app.device()).as_dict()

    def human() -> None:
        for key in ("serial", "backend", "model", "software_version", "api_version"):
            app.say(f"{key.replace('_', ' '):17}: {facts[key] if facts[key] not in (None, '') else '?'}")
        app.say(f"{'features':17}: {', '.join(facts['features']) or '-'}")
        for peer in facts["peers"]:
            state = "online" if peer["online"] else "offline"
            app.say(f"{'peer':17}: {peer['name']} ({peer['device_type']}, {state}) {peer['network_id'][:16]}...")

    app.emit(facts, human)
    return 0
