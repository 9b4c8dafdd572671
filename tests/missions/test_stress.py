"""Stress: 8 threads register, sync, continue and unregister against 5 devices that come and go.

Bounded in time; passes when nothing crashed, nothing hung, and once every
device is back and every thread has unregistered what it still held, the
world's listener count is zero (no leaked listener).
"""

from __future__ import annotations

import random
import threading
import time
from typing import Any, List

import pytest

import ohbridge
from ohbridge.errors import BusinessError

DURATION_S = 2.0
PEERS = [f"STRESS{i:02d}" + "0" * 56 for i in range(5)]


@pytest.mark.timeout(60)
def test_stress_eight_threads_five_devices_flapping_no_crash_no_deadlock_no_leaked_listener() -> None:
    dev = ohbridge.connect("stub")
    stub = dev.stub
    for i, peer in enumerate(PEERS):
        stub.add_device(peer, f"peer {i}", qos_continue=(i % 2 == 1))
        stub.install_app(peer, "com.example.myapplication", 20010042, ["EntryAbility"], continuable=True)
        stub.install_app(peer, "com.example.notes", 20010077, ["NoteAbility"], continuable=True)
        stub.start_ability(peer, "com.example.notes", "NoteAbility")
    local = stub.local_device_id
    stop = threading.Event()
    errors: List[BaseException] = []
    events = [0]
    lock = threading.Lock()

    def count(*args: Any) -> None:
        with lock:
            events[0] += 1

    callbacks = {"notifyMissionsChanged": count, "notifySnapshot": count, "notifyNetDisconnect": count}

    def worker(seed: int) -> None:
        rnd = random.Random(seed)
        dmm = dev.distributed_mission_manager
        try:
            while not stop.is_set():
                peer = rnd.choice(PEERS)
                op = rnd.random()
                try:
                    if op < 0.25:
                        dmm.register_mission_listener({"deviceId": peer}, callbacks)
                    elif op < 0.45:
                        dmm.start_sync_remote_missions({"deviceId": peer, "fixConflict": False, "tag": seed})
                    elif op < 0.55:
                        dmm.stop_sync_remote_missions({"deviceId": peer})
                    elif op < 0.75:
                        dmm.unregister_mission_listener({"deviceId": peer})
                    elif op < 0.85:
                        missions = stub.missions("")
                        if missions:
                            dmm.continue_mission({"srcDeviceId": local, "dstDeviceId": peer,
                                                  "missionId": missions[0]["missionId"], "wantParam": {}},
                                                 {"onContinueDone": count})
                        else:
                            stub.start_ability("", "com.example.myapplication", "EntryAbility")
                    elif op < 0.92:
                        m = stub.missions(peer)
                        if m:
                            dmm.continue_mission({"srcDeviceId": peer, "dstDeviceId": local,
                                                  "missionId": m[0]["missionId"], "wantParam": {}},
                                                 {"onContinueDone": count}, callback=lambda e, d: None)
                    else:
                        dev.missions.get_mission_infos(peer, 20)
                except BusinessError:
                    pass  # offline devices, unknown ids, in-progress continuations: all expected
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    def flapper() -> None:
        try:
            flap()
        except BaseException as e:  # noqa: BLE001 - reported through `errors`
            errors.append(e)

    def flap() -> None:
        rnd = random.Random(99)
        while not stop.is_set():
            peer = rnd.choice(PEERS)
            stub.set_online(peer, rnd.random() < 0.6)
            missions = stub.missions(peer)
            if missions:
                try:
                    stub.update_snapshot(peer, missions[0]["missionId"])
                except KeyError:
                    pass  # a worker continued that mission away meanwhile
            time.sleep(0.001)

    threads = [threading.Thread(target=worker, args=(i,), name=f"stress-{i}") for i in range(8)]
    threads.append(threading.Thread(target=flapper, name="flapper"))
    for t in threads:
        t.start()
    time.sleep(DURATION_S)
    stop.set()
    for t in threads:
        t.join(20)
        assert not t.is_alive(), f"{t.name} hung"
    assert errors == []

    # Every device back; unregister whatever is still registered.
    for peer in PEERS:
        stub.bring_online(peer)
    for device_id in stub.registered_listener_ids():
        dev.distributed_mission_manager.unregister_mission_listener({"deviceId": device_id})
    assert stub.registered_listener_ids() == []
    assert stub.mission_listener_count == 0
    assert dev.flush(10)
    dev.close()
    assert events[0] > 0
