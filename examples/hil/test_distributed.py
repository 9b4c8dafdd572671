"""Two devices of one simulated world: a listener, a sync, a continuation, a device going offline.

    pytest examples/hil --ohos-stub                                        # the default world
    pytest examples/hil --ohos-scenario examples/scenarios/living_room.toml
    pytest examples/hil --ohos-testbed examples/hil/pair.toml -n 2         # a testbed group

``ohos_devices`` gives every device of the world (``--ohos-stub``, ``--ohos-scenario``), or the
devices of a testbed group, which run together on one xdist worker and share one world.  Each
device calls the API from its own side: its own listeners, its own synced cache.  The world
controls (``device.stub``) stand in for what a lab does by hand: read a device's networkId, take
it off the network.
"""

from __future__ import annotations

from typing import List, Tuple

import pytest

import ohbridge
from ohbridge.errors import BusinessError


class Heard:
    """What a remote-mission listener was told."""

    def __init__(self) -> None:
        self.events: List[Tuple[str, ...]] = []

    def callbacks(self) -> dict:
        return {"notifyMissionsChanged": lambda device_id: self.events.append(("changed", device_id)),
                "notifySnapshot": lambda device_id, mission_id: self.events.append(("snapshot", device_id)),
                "notifyNetDisconnect": lambda device_id, state: self.events.append(("disconnect", device_id))}


@pytest.mark.ohos_requires(devices=2, features=["distributed", "stub"])
def test_a_mission_continues_from_a_to_b(ohos_devices: List[ohbridge.Device]) -> None:
    a, b = ohos_devices[0], ohos_devices[1]
    a_id, b_id = a.stub.local_device_id, b.stub.local_device_id
    assert a_id != b_id  # two devices of one world, not two copies of one

    # A listens to B and syncs B's missions.
    heard = Heard()
    a.distributed_mission_manager.register_mission_listener({"deviceId": b_id}, heard.callbacks())
    a.distributed_mission_manager.start_sync_remote_missions(
        {"deviceId": b_id, "fixConflict": False, "tag": 0})
    assert [m.mission_id for m in a.missions.get_mission_infos(b_id, 20)] == \
        [m.mission_id for m in b.missions.get_mission_infos("", 20)]

    # A continues its foreground continuable mission to B; B's own list shows it in front.
    mission = next(m for m in a.missions.get_mission_infos("", 20) if m.continuable)
    done = a.distributed_mission_manager.continue_mission(
        ohbridge.ContinueDeviceInfo(src_device_id=a_id, dst_device_id=b_id, mission_id=mission.mission_id,
                                    want_param={}),
        {"onContinueDone": lambda result: heard.events.append(("done", str(result.result_code)))})
    assert done is None
    a.flush()
    assert ("done", "0") in heard.events
    assert b.missions.get_mission_infos("", 1)[0].want.bundle_name == mission.want.bundle_name
    assert ("changed", b_id) in heard.events  # A's sync saw B's list change
    assert a.missions.get_mission_infos(b_id, 1)[0].want.bundle_name == mission.want.bundle_name

    # B leaves the network: A's DMS drops B's listener entry and synced cache.
    b.stub.take_offline(b_id)
    with pytest.raises(BusinessError):
        a.missions.get_mission_infos(b_id, 20)
    with pytest.raises(BusinessError):
        a.distributed_mission_manager.start_sync_remote_missions(
            {"deviceId": b_id, "fixConflict": False, "tag": 0})
    assert not next(d for d in a.stub.devices() if d["network_id"] == b_id)["online"]
