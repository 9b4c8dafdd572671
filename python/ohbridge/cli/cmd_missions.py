"""Mission commands: the local list (``missions``), ``start``, ``continue`` and ``listen``."""

from __future__ import annotations

import argparse
import queue
import threading
import time
from typing import Any, Dict, List, Optional

from ._app import EXIT_USAGE, App, CliError, table

__all__ = ["add_parsers", "resolve_peer", "peer_name"]


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("missions", parents=[common], help="the local mission list, most recent first",
                       description="The local mission list (getMissionInfos), most recent first. With --watch, "
                                   "poll it and print it again whenever it changes.")
    p.add_argument("--max", type=_positive_int, default=20, help="how many missions at most (default 20)")
    p.add_argument("--watch", action="store_true", help="keep watching and print the list whenever it changes")
    p.add_argument("--interval", type=_positive_float, default=1.0,
                   help="seconds between polls with --watch (default 1)")
    p.add_argument("--count", type=_positive_int, default=None,
                   help="with --watch: stop after this many polls, changed or not (default: until Ctrl-C)")
    p.set_defaults(run=missions)

    p = sub.add_parser("start", parents=[common], help="start an ability (aa start)",
                       description="Start BUNDLE/ABILITY on the device, as `aa start -b BUNDLE -a ABILITY` does "
                                   "(Device.start_ability), and print its mission once it is in front.")
    p.add_argument("bundle", metavar="BUNDLE")
    p.add_argument("ability", metavar="ABILITY")
    p.add_argument("--module", default="entry", help="module name (default entry)")
    p.set_defaults(run=start)

    p = sub.add_parser("continue", parents=[common], help="continue a local mission on another device",
                       description="Continue local mission MISSION on the peer DEVICE (continueMission) and wait "
                                   "for onContinueDone.")
    p.add_argument("mission", metavar="MISSION", type=_mission_id, help="local mission id (see `ohbridge missions`)")
    p.add_argument("--to", required=True, metavar="DEVICE",
                   help="the target device: its networkId (a unique prefix is enough on the stub) or name")
    p.add_argument("--wait", type=_positive_float, default=30.0,
                   help="seconds to wait for onContinueDone (default 30)")
    p.set_defaults(run=continue_mission)

    p = sub.add_parser("listen", parents=[common], help="stream mission events of peer devices",
                       description="Register a mission listener on peers, sync their missions and print "
                                   "every event (missions changed, snapshot, disconnect, continue state) "
                                   "until Ctrl-C, --count or --timeout.")
    p.add_argument("--peer", action="append", metavar="DEVICE",
                   help="peer networkId or name (repeatable; default on the stub: every online peer)")
    p.add_argument("--count", type=_positive_int, default=None, help="stop after this many events")
    p.add_argument("--timeout", type=_positive_float, default=None, help="stop after this many seconds")
    p.set_defaults(run=listen)


_MAX_COUNT = 2**31 - 1  # getMissionInfos takes an int32 numMax; so do the counts here
_MAX_SECONDS = 366 * 24 * 3600.0  # beyond a year a wait is a typo (and overflows timers)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= _MAX_COUNT:
        raise argparse.ArgumentTypeError(f"{text} is out of range 1..{_MAX_COUNT}")
    return value


def _mission_id(text: str) -> int:
    """missionId is an int32 in MissionInfo (and in continueMission's ContinueDeviceInfo)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a mission id: {text!r}") from None
    if not -2**31 <= value < 2**31:
        raise argparse.ArgumentTypeError(f"{text} does not fit a mission id (int32)")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value <= _MAX_SECONDS:  # also refuses nan and inf
        raise argparse.ArgumentTypeError(f"{text} is out of range (0, {_MAX_SECONDS:g}] seconds")
    return value


def _mission_rows(app: App, limit: int) -> List[Dict[str, Any]]:
    return [{"mission_id": m.mission_id, "label": m.label, "bundle": m.want.bundle_name,
             "ability": m.want.ability_name, "continuable": m.continuable, "locked": m.locked_state,
             "timestamp": m.timestamp} for m in app.device().missions.get_mission_infos("", limit)]


def _print_missions(app: App, rows: List[Dict[str, Any]]) -> None:
    if not rows:
        app.say("no missions")
        return
    app.say(table(rows, ["mission_id", "label", "bundle", "ability", "continuable"]))


def missions(app: App) -> int:
    rows = _mission_rows(app, app.args.max)
    if not app.args.watch:
        app.emit({"missions": rows}, lambda: _print_missions(app, rows))
        return 0
    polls = 0
    previous: Optional[List[Dict[str, Any]]] = None
    while True:
        # --count counts polls, not changes: on a quiet device the list never changes, and
        # `--watch --count 2` must still end after the second look.
        polls += 1
        if rows != previous:
            current = rows

            def human() -> None:
                app.say(time.strftime("-- %H:%M:%S"))
                _print_missions(app, current)

            app.emit({"time": time.time(), "missions": rows}, human)
            previous = rows
        if app.args.count is not None and polls >= app.args.count:
            return 0
        time.sleep(app.args.interval)
        rows = _mission_rows(app, app.args.max)


def start(app: App) -> int:
    # Device.start_ability on every backend, so the CLI starts an ability exactly as a test does:
    # its errors are the API's (10104001 for a missing bundle or ability), and a start that AMS
    # queued behind another (START_ABILITY_WAITING) is reported as queued, not as a failure.
    device = app.device()
    bundle, ability = app.args.bundle, app.args.ability
    started = device.start_ability(bundle, ability, module=app.args.module)
    mission_id: Optional[int] = None
    if not started.queued:
        front = device.foreground()  # its mission, when it is already in front (a device may lag)
        if front is not None and (front.want.bundle_name, front.want.ability_name) == (bundle, ability):
            mission_id = front.mission_id
    outcome = "queued" if started.queued else "started"
    app.emit({"bundle": bundle, "ability": ability, "mission_id": mission_id, "outcome": outcome},
             lambda: app.say(f"{outcome} {bundle}/{ability}" + (f": mission #{mission_id}" if mission_id else "")
                             + (" (AMS queued it behind another start)" if started.queued else "")))
    return 0


def resolve_peer(app: App, wanted: str) -> str:
    """A networkId from what the user typed: on the stub, a device name or a unique id prefix."""
    device = app.device()
    if device.backend != "stub":
        return wanted
    peers = [d for d in device.stub.devices() if not d["local"]]
    by_name = [d for d in peers if d["name"].lower() == wanted.lower()]
    by_name_prefix = [d for d in peers if d["name"].lower().startswith(wanted.lower())]
    by_id_prefix = [d for d in peers if d["network_id"].startswith(wanted)]
    found = by_name or by_name_prefix or by_id_prefix
    if len(found) != 1:
        names = ", ".join(f"{d['name']!r} ({d['network_id'][:12]}...)" for d in peers)
        why = "matches several" if found else "matches none"
        raise CliError(f"device {wanted!r} {why} of the peers: {names}", EXIT_USAGE, kind="usage")
    return str(found[0]["network_id"])


def peer_name(app: App, network_id: str) -> str:
    """What people call a peer: its name on the stub, else its networkId."""
    device = app.device()
    if device.backend == "stub":
        for d in device.stub.devices():
            if d["network_id"] == network_id:
                return str(d["name"])
    return network_id


def _local_id(app: App) -> str:
    device = app.device()
    return str(device.stub.local_device_id) if device.backend == "stub" else ""


def continue_mission(app: App) -> int:
    from ..mission_model import ContinueCallback, ContinueDeviceInfo, ContinueResult

    dmm = app.device().distributed_mission_manager
    target = resolve_peer(app, app.args.to)
    done = threading.Event()
    results: List[int] = []

    def on_continue_done(result: ContinueResult) -> None:
        results.append(result.result_code)
        done.set()

    dmm.continue_mission(ContinueDeviceInfo(_local_id(app), target, app.args.mission, {}),
                         ContinueCallback(on_continue_done))
    app.note(f"DMS accepted the continuation of mission #{app.args.mission}; waiting for onContinueDone")
    if not done.wait(app.args.wait):
        app.fail(f"no onContinueDone within {app.args.wait:g} s", kind="timeout")
    code = results[0]
    name = peer_name(app, target)
    app.emit({"mission_id": app.args.mission, "to": target, "to_name": name, "result_code": code},
             lambda: app.say(f"mission #{app.args.mission} continued to {name}: "
                             f"{'done' if code == 0 else f'failed, resultCode {code}'}"))
    return 0 if code == 0 else 1


def _peers_to_listen(app: App) -> List[str]:
    if app.args.peer:
        return [resolve_peer(app, p) for p in app.args.peer]
    device = app.device()
    if device.backend != "stub":
        raise CliError("name the peers to listen to with --peer NETWORK_ID", EXIT_USAGE, kind="usage")
    return [d["network_id"] for d in device.stub.devices() if not d["local"] and d["online"]]


def listen(app: App) -> int:
    from ..mission_model import MissionCallback, MissionDeviceInfo, MissionParameter

    device = app.device()
    dmm = device.distributed_mission_manager
    events: "queue.Queue[Dict[str, Any]]" = queue.Queue()

    def listener_for(peer: str) -> MissionCallback:
        # The callbacks run on the native dispatcher thread: hand events to the main thread.
        return MissionCallback(
            lambda d: events.put({"event": "missionsChanged", "device_id": d}),
            lambda d, m: events.put({"event": "snapshot", "device_id": d, "mission_id": m}),
            lambda d, s: events.put({"event": "netDisconnect", "device_id": d, "state": s}))

    peers = _peers_to_listen(app)
    dmm.on("continueStateChange", lambda change: events.put(
        {"event": "continueStateChange", "state": int(change.state), "info": change.info}))
    for peer in peers:
        dmm.register_mission_listener(MissionDeviceInfo(peer), listener_for(peer))
        dmm.start_sync_remote_missions(MissionParameter(peer))
    app.note(f"listening to {len(peers)} peer(s); Ctrl-C to stop")
    deadline = None if app.args.timeout is None else time.monotonic() + app.args.timeout
    seen = 0
    try:
        while app.args.count is None or seen < app.args.count:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                break
            try:
                event = events.get(timeout=wait)
            except queue.Empty:
                break
            seen += 1
            human = f"{event['event']:20} " + " ".join(f"{k}={str(v)[:24]}" for k, v in event.items() if k != "event")
            app.emit_line(event, human)
    finally:
        for peer in peers:
            try:
                dmm.unregister_mission_listener(MissionDeviceInfo(peer))
            except Exception:  # an offline peer keeps its registration, as on a device
                pass
        dmm.off("continueStateChange")
    return 0
