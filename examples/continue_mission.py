"""Continue a mission to a peer device and watch what the listener hears.

Runs on the simulated super device by default::

    python examples/continue_mission.py
    python examples/continue_mission.py --scenario examples/scenarios/living_room.toml
    python examples/continue_mission.py --api-version 12   # no notifyNetDisconnect before 5.1

Steps: register a mission listener on a peer, start syncing its missions,
print them, continue the local front mission to the peer (onContinueDone
arrives later, from the dispatcher thread), then take the peer offline and
print the disconnect notification.  That notification goes to the listeners
of the *other* devices: DMS erases the offline device's own listener entry
(DistributedSchedMissionManager::DeviceOfflineNotify) before it notifies, so
the demo also listens on a second peer.
"""

from __future__ import annotations

import argparse
import threading
from typing import Any, Optional

import ohbridge
from ohbridge.errors import BusinessError
from ohbridge.mission_model import (
    ContinueCallback,
    ContinueDeviceInfo,
    ContinueResult,
    MissionCallback,
    MissionDeviceInfo,
    MissionParameter,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--device", default="stub", help="device URL (default: the simulated device)")
    parser.add_argument("--scenario", help="TOML world for the stub")
    parser.add_argument("--api-version", type=int, help="OpenHarmony API level to simulate")
    args = parser.parse_args()

    with ohbridge.connect(args.device, scenario=args.scenario, api_version=args.api_version) as dev:
        if args.api_version is not None:
            dev.stub.api_version = args.api_version  # the command line wins over the scenario
        local = dev.stub.local_device_id
        peers = [d for d in dev.stub.devices() if not d["local"] and d["online"]]
        peer = peers[0]["network_id"]
        print(f"local device {local[:12]}..., peer {peers[0]['name']!r} ({peer[:12]}...)")

        disconnected = threading.Event()
        dmm = dev.distributed_mission_manager

        def missions_changed(device_id: str) -> None:
            print(f"  [listener] notifyMissionsChanged({device_id[:12]}...)")

        def snapshot(device_id: str, mission_id: int) -> None:
            print(f"  [listener] notifySnapshot({device_id[:12]}..., {mission_id})")

        def net_disconnect(device_id: str, state: int) -> None:
            print(f"  [listener] notifyNetDisconnect({device_id[:12]}..., state={state})")
            disconnected.set()

        dmm.register_mission_listener(MissionDeviceInfo(peer),
                                       MissionCallback(missions_changed, snapshot, net_disconnect))
        print("registered a mission listener")
        others = [d["network_id"] for d in peers[1:]]
        for other in others:
            dmm.register_mission_listener(MissionDeviceInfo(other),
                                           MissionCallback(missions_changed, snapshot, net_disconnect))
        if others:
            print(f"and one on each of {len(others)} other peer(s), to hear the disconnect")
        dmm.start_sync_remote_missions(MissionParameter(peer, fix_conflict=False, tag=0))
        dev.flush()
        print(f"synced; missions on {peers[0]['name']!r}:")
        for m in dev.missions.get_mission_infos(peer, 20):
            print(f"  #{m.mission_id} {m.label!r} {m.want.bundle_name}/{m.want.ability_name}"
                  f" continuable={m.continuable}")

        front = dev.missions.get_mission_infos("", 1)[0]
        done = threading.Event()

        def on_continue_done(result: ContinueResult) -> None:
            print(f"  onContinueDone({{resultCode: {result.result_code}}}) on {threading.current_thread().name}")
            done.set()

        def accepted(err: Optional[BusinessError], _: Any) -> None:
            print(f"  continueMission settled: {'accepted' if err is None else err}")

        print(f"continuing local mission #{front.mission_id} {front.label!r} to the peer")
        dmm.continue_mission(ContinueDeviceInfo(local, peer, front.mission_id, {}),
                             ContinueCallback(on_continue_done), callback=accepted)
        done.wait(5)
        dev.flush()

        print("taking the peer offline")
        dev.stub.take_offline(peer)
        if not disconnected.wait(2):
            print("  (no notifyNetDisconnect: this release never fires it, or no other peer listens)")
        for other in others:
            dmm.unregister_mission_listener(MissionDeviceInfo(other))
        try:
            dmm.unregister_mission_listener(MissionDeviceInfo(peer))
        except BusinessError as e:
            print(f"unregistering while the peer is offline fails as on a device: {e}")
            dev.stub.bring_online(peer)
            dmm.unregister_mission_listener(MissionDeviceInfo(peer))
            print("peer back online: listener unregistered")


if __name__ == "__main__":
    main()
