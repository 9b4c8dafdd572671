"""``ohbridge demo``: a guided run of the main features on the simulated device."""

from __future__ import annotations

import argparse
import asyncio
import threading
from typing import Any, Dict, List, Optional

from ._app import App

__all__ = ["add_parsers"]


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common], help="a guided tour of WantAgent and distributed missions (stub)",
                       description="A guided run of the main features. It runs on the simulated device unless "
                                   "--device names another.")
    p.set_defaults(run=demo)


class _Tour:
    """Numbered steps for people; the same facts as one JSON document for scripts."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.steps: List[Dict[str, Any]] = []

    def step(self, title: str) -> None:
        self.steps.append({"title": title, "facts": []})
        if not self.app.json:
            self.app.say(f"\n{len(self.steps)}. {title}")

    def show(self, text: str) -> None:
        self.steps[-1]["facts"].append(text)
        if not self.app.json:
            self.app.say(f"   {text}")


def demo(app: App) -> int:
    from ..model import OperationType, TriggerInfo, Want, WantAgentFlags, WantAgentInfo

    if app.device_url is None:
        app.args.stub = True  # the demo's home is the stub; --device takes it elsewhere
    device = app.device()
    tour = _Tour(app)
    if not app.json:
        app.say("ohbridge demo: OpenHarmony's WantAgent and distributed missions, driven from Python.")

    tour.step("Connect")
    tour.show(f"ohbridge.connect({app.device_url!r}) -> backend {device.backend!r}")
    on_stub = device.backend == "stub"
    if on_stub:
        for d in device.stub.devices():
            where = "this device" if d["local"] else "a peer"
            tour.show(f"{d['name']!r} ({d['device_type']}, {where}), networkId {d['network_id'][:12]}...")

    tour.step("WantAgent: create one and ask about it (@ohos.app.ability.wantAgent)")
    wa = device.want_agent
    info = WantAgentInfo(wants=[Want(bundle_name="com.example.myapplication", ability_name="EntryAbility",
                                     parameters={"from": "demo"})],
                         operation_type=OperationType.START_ABILITY, request_code=0,
                         want_agent_flags=[WantAgentFlags.UPDATE_PRESENT_FLAG])
    agent = wa.get_want_agent(info)
    tour.show(f"get_want_agent(...) -> bundle {wa.get_bundle_name(agent)!r}, uid {wa.get_uid(agent)}, "
              f"{OperationType(wa.get_operation_type(agent)).name}")
    tour.show(f"the same info again gives the same record: equal -> {wa.equal(agent, wa.get_want_agent(info))}")

    tour.step("Trigger it: the completion arrives on the native dispatcher thread, as on a device")
    completed = threading.Event()
    seen: Dict[str, Any] = {}

    def on_complete(err: Any, data: Any) -> None:
        seen.update(code=data.final_code, main=threading.current_thread() is threading.main_thread())
        completed.set()

    wa.trigger(agent, TriggerInfo(code=42), on_complete)
    completed.wait(10)
    where = "the main thread" if seen.get("main") else "the dispatcher thread, not the main one"
    tour.show(f"trigger(code=42) -> onComplete finalCode={seen.get('code')} (called on {where})")
    if on_stub:
        started = device.stub.started_abilities()[-1]
        want = started.get("want", {})
        tour.show(f"the system started {want.get('bundleName')}/{want.get('abilityName')} "
                  f"(result {started.get('result')}, via {started.get('via')})")

    tour.step("Errors carry the real codes and messages")
    from ..errors import BusinessError

    try:
        wa.get_uid("not an agent")  # type: ignore[call-overload]
    except BusinessError as e:
        tour.show(f"get_uid('not an agent') -> BusinessError {e.code}: {e.message}")
    wa.cancel(agent)
    tour.show(f"after cancel the agent is hollow: bundle name {wa.get_bundle_name(agent)!r}")

    tour.step("The local mission list (what `aa dump -l` shows)")
    for m in device.missions.get_mission_infos("", 5):
        tour.show(f"#{m.mission_id} {m.label!r} {m.want.bundle_name} continuable={m.continuable}")

    if on_stub:
        _distributed(tour, device)

    tour.step("The asyncio form: the same names under device.aio")

    async def in_asyncio() -> str:
        return await device.aio.want_agent.get_bundle_name(await device.aio.want_agent.get_want_agent(info))

    tour.show(f"await dev.aio.want_agent.get_bundle_name(...) -> {asyncio.run(in_asyncio())!r}")

    if app.json:
        app.emit({"ok": True, "backend": device.backend, "steps": tour.steps}, lambda: None)
    else:
        app.say("\nDone. Next: `ohbridge --help`, `ohbridge missions --stub`, "
                "`pytest examples/hil --ohos-stub`, and the README's tour.")
    return 0


def _distributed(tour: _Tour, device: Any) -> None:
    from ..mission_model import (ContinueCallback, ContinueDeviceInfo, ContinueResult, MissionCallback,
                                 MissionDeviceInfo, MissionParameter)

    control = device.stub
    peer = next(d for d in control.devices() if not d["local"] and d["online"])
    peer_id, peer_name = peer["network_id"], peer["name"]
    dmm = device.distributed_mission_manager
    events: List[str] = []
    disconnected = threading.Event()

    def net_disconnect(device_id: str, state: int) -> None:
        events.append("notifyNetDisconnect")
        disconnected.set()

    tour.step(f"Distributed missions: listen to {peer_name!r} and sync its missions (@ohos.distributedMissionManager)")
    dmm.register_mission_listener(MissionDeviceInfo(peer_id), MissionCallback(
        lambda d: events.append("notifyMissionsChanged"), lambda d, m: events.append(f"notifySnapshot #{m}"),
        net_disconnect))
    dmm.start_sync_remote_missions(MissionParameter(peer_id))
    device.flush()
    tour.show(f"listener heard: {', '.join(events) or 'nothing yet'}")
    for m in device.missions.get_mission_infos(peer_id, 5):
        tour.show(f"{peer_name} mission #{m.mission_id} {m.label!r} ({m.want.bundle_name})")

    tour.step(f"Continue the front local mission on {peer_name!r}")
    front = device.missions.get_mission_infos("", 1)[0]
    done = threading.Event()
    result: List[Optional[int]] = [None]

    def on_continue_done(r: ContinueResult) -> None:
        result[0] = r.result_code
        done.set()

    dmm.continue_mission(ContinueDeviceInfo(control.local_device_id, peer_id, front.mission_id, {}),
                         ContinueCallback(on_continue_done))
    tour.show(f"continue_mission(#{front.mission_id} {front.label!r}) accepted by DMS")
    done.wait(10)
    tour.show(f"onContinueDone resultCode={result[0]} ({'success' if result[0] == 0 else 'failed'})")

    tour.step(f"{peer_name!r} drops off the network")
    control.take_offline(peer_id)
    heard = disconnected.wait(5)
    tour.show("listener heard notifyNetDisconnect" if heard else "no notifyNetDisconnect (older release)")
    control.bring_online(peer_id)
    dmm.unregister_mission_listener(MissionDeviceInfo(peer_id))
    tour.show("back online; listener unregistered")
