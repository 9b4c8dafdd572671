"""One simulated world, several device views (``ohbridge.simulate``, ``connect("stub:NAME")``).

Each device of a super device runs its own AMS and DMS, so what is kept per
device is per view here; what travels over the network is shared.  The rules
and the ability_dmsfwk functions they follow (OpenHarmony-v5.1.0-Release,
services/dtbschedmgr/src/mission/distributed_sched_mission_manager.cpp unless
named otherwise) are in each test's docstring.
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest

import ohbridge
from ohbridge.errors import BusinessError

from ..missions.conftest import Recorder, sync_param

PHONE = "LOCAL0000000000000000000000000000000000000000000000000000000000A"
TABLET = "PEER1000000000000000000000000000000000000000000000000000000000B"
PC = "PEER2000000000000000000000000000000000000000000000000000000000C"
OWN_BUNDLE = "com.example.myapplication"


@pytest.fixture
def world() -> Iterator[ohbridge.SimulatedWorld]:
    with ohbridge.simulate() as w:
        yield w


def _bundles(dev: ohbridge.Device, device_id: str = "") -> list:
    return [m.want.bundle_name for m in dev.missions.get_mission_infos(device_id, 20)]


def test_world_devices_list_every_simulated_device(world: ohbridge.SimulatedWorld) -> None:
    names = {d.name: d for d in world.devices}
    assert set(names) == {"Local Phone", "Living Room Tablet", "Study PC"}
    assert names["Living Room Tablet"].network_id == TABLET
    assert names["Study PC"].device_type == "2in1" and names["Study PC"].online is True


def test_a_view_calls_from_its_own_device(world: ohbridge.SimulatedWorld) -> None:
    """The view's local device is the one named: its local mission list is that device's."""
    tablet = world.device("Living Room Tablet")
    by_id = world.device(TABLET)
    assert tablet.stub.local_device_id == TABLET == by_id.stub.local_device_id
    assert _bundles(tablet) == [m["want"]["bundleName"] for m in world.stub.missions(TABLET)]
    assert "com.example.notes" in _bundles(tablet) and "com.example.notes" not in _bundles(world.device(PHONE))


def test_unknown_device_name_is_a_clear_error_listing_the_names(world: ohbridge.SimulatedWorld) -> None:
    with pytest.raises(ohbridge.UnknownDeviceError, match=r"no simulated device named 'Fridge'.*'Study PC'"):
        world.device("Fridge")


def test_connect_stub_name_names_the_local_device() -> None:
    with ohbridge.connect("stub:Tablet", scenario="examples/scenarios/living_room.toml") as dev:
        assert dev.stub.local_device_id.startswith("TABLET")
        assert dev.serial == "stub:Tablet"
    with pytest.raises(ohbridge.UnknownDeviceError, match="'My Phone'"):
        ohbridge.connect("stub:Fridge", scenario="examples/scenarios/living_room.toml")


def test_dms_listeners_and_synced_caches_are_per_device(world: ohbridge.SimulatedWorld) -> None:
    """DistributedSchedMissionManager::RegisterMissionListener / StartSyncRemoteMissions fill the
    calling device's listenDeviceMap_ and mission cache: another device's DMS knows nothing of them."""
    phone, pc = world.device(PHONE), world.device(PC)
    phone.distributed_mission_manager.register_mission_listener({"deviceId": TABLET}, Recorder().callbacks())
    phone.distributed_mission_manager.start_sync_remote_missions(sync_param(TABLET))
    assert phone.stub.synced_devices() == [TABLET] and phone.stub.mission_listener_count == 1
    assert pc.stub.synced_devices() == [] and pc.stub.mission_listener_count == 0
    assert pc.stub.listened_devices() == {}
    # The PC never synced the tablet: FetchCachedRemoteMissions finds nothing (ERR_NULL_OBJECT).
    with pytest.raises(BusinessError):
        pc.missions.get_mission_infos(TABLET, 10)
    assert "com.example.notes" in _bundles(phone, TABLET)


def test_sync_sees_the_other_views_missions_both_ways(world: ohbridge.SimulatedWorld) -> None:
    """NotifyMissionsChangedToRemote -> NotifyMissionsChangedFromRemote: a device syncing from
    another gets its list again (RebornMissionCache) and notifyMissionsChanged when it changes."""
    phone, tablet = world.device(PHONE), world.device(TABLET)
    on_phone, on_tablet = Recorder(), Recorder()
    phone.distributed_mission_manager.register_mission_listener({"deviceId": TABLET}, on_phone.callbacks())
    tablet.distributed_mission_manager.register_mission_listener({"deviceId": PHONE}, on_tablet.callbacks())
    phone.distributed_mission_manager.start_sync_remote_missions(sync_param(TABLET))
    tablet.distributed_mission_manager.start_sync_remote_missions(sync_param(PHONE))
    assert _bundles(tablet, PHONE) == _bundles(phone)
    # The tablet closes a mission of its own: the phone hears it and sees the new list.
    notes = next(m.mission_id for m in tablet.missions.get_mission_infos("", 10)
                 if m.want.bundle_name == "com.example.notes")
    tablet.missions.clean_mission(notes)
    tablet.flush()
    phone.flush()
    assert on_phone.of("changed") == [(TABLET,)]
    assert "com.example.notes" not in _bundles(phone, TABLET)
    assert on_tablet.of("changed") == []  # the phone's list did not change


def test_continuation_from_a_arrives_at_b(world: ohbridge.SimulatedWorld) -> None:
    """DistributedSchedService::ContinueMission -> ContinueLocalMission on the source; the ability
    starts on the target (the sink's mission list shows it) and, with
    supportContinueSourceExit (default true), the source's mission ends."""
    phone, tablet = world.device(PHONE), world.device(TABLET)
    assert OWN_BUNDLE not in _bundles(tablet)
    mission = next(m.mission_id for m in phone.missions.get_mission_infos("", 10)
                   if m.want.bundle_name == OWN_BUNDLE)
    done = Recorder()
    phone.distributed_mission_manager.continue_mission(
        {"srcDeviceId": PHONE, "dstDeviceId": TABLET, "missionId": mission, "wantParam": {}},
        {"onContinueDone": done.fn("done")})
    phone.flush()
    assert [r[0].result_code for r in done.of("done")] == [0]
    assert _bundles(tablet)[0] == OWN_BUNDLE
    assert OWN_BUNDLE not in _bundles(phone)


def test_b_continues_from_a_on_its_own_side(world: ohbridge.SimulatedWorld) -> None:
    """The same rule from the other view: the tablet pulls the phone's app by bundle name
    (ContinueMissionOfBundleNameInner -> ProcessContinueRemoteMission: the local device is the
    target, the source's GetMissionIdByBundleName finds the mission)."""
    phone, tablet = world.device(PHONE), world.device(TABLET)
    tablet.distributed_mission_manager.continue_mission(
        {"srcDeviceId": PHONE, "dstDeviceId": TABLET, "bundleName": OWN_BUNDLE, "wantParam": {}})
    tablet.flush()
    assert _bundles(tablet)[0] == OWN_BUNDLE and OWN_BUNDLE not in _bundles(phone)


def test_b_cannot_pull_by_a_mission_id_of_a_from_5_0(world: ohbridge.SimulatedWorld) -> None:
    """DistributedSchedStub::ContinueMissionInner (5.0.0+) reads the mission id from the calling
    device's own list: the phone's mission id means nothing on the tablet (ERR_NULL_OBJECT, 16300501)."""
    tablet = world.device(TABLET)
    mission = next(m["missionId"] for m in world.stub.missions(PHONE) if m["want"]["bundleName"] == OWN_BUNDLE)
    assert all(m["missionId"] != mission for m in world.stub.missions(TABLET))
    with pytest.raises(BusinessError) as e:
        tablet.distributed_mission_manager.continue_mission(
            {"srcDeviceId": PHONE, "dstDeviceId": TABLET, "missionId": mission, "wantParam": {}},
            {"onContinueDone": Recorder().fn("done")})
    assert e.value.code == 16300501


def test_offline_device_is_lost_by_every_peer(world: ohbridge.SimulatedWorld) -> None:
    """DistributedSchedService::DeviceOfflineNotify on each peer: DeviceOfflineNotify ->
    CleanMissionResources erases the offline device's listener entry and cache first; then
    ProcessDeviceOffline (posted to the adapter's handler) runs NotifyNetDisconnectOffline, which
    tells the listeners of the remaining devices, each with its own deviceId."""
    tablet, pc = world.device(TABLET), world.device(PC)
    heard = Recorder()
    dmm = tablet.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": PHONE}, heard.callbacks())
    dmm.register_mission_listener({"deviceId": PC}, heard.callbacks())
    dmm.start_sync_remote_missions(sync_param(PHONE))
    world.stub.take_offline(PHONE)
    tablet.flush()
    assert heard.of("disconnect") == [(PC, 0)]
    assert sorted(tablet.stub.listened_devices()) == [PC] and tablet.stub.synced_devices() == []
    with pytest.raises(BusinessError):
        tablet.missions.get_mission_infos(PHONE, 10)  # IsDeviceIdValidated: not online
    # The offline device loses its peers too: the PC is out of its reach.
    phone = world.device(PHONE)
    with pytest.raises(BusinessError):
        phone.distributed_mission_manager.register_mission_listener({"deviceId": PC}, Recorder().callbacks())
    assert pc.stub.devices()  # the PC's view still works


def test_wantagents_are_per_device(world: ohbridge.SimulatedWorld) -> None:
    """AbilityManagerService's PendingWantManager runs on each device: a WantAgent made on the
    phone is not one of the tablet's records."""
    phone, tablet = world.device(PHONE), world.device(TABLET)
    agent = phone.want_agent.get_want_agent({
        "wants": [{"bundleName": OWN_BUNDLE, "abilityName": "EntryAbility"}],
        "operationType": ohbridge.OperationType.START_ABILITY, "requestCode": 1, "wantAgentFlags": []})
    assert phone.stub.pending_want_count == 1 and tablet.stub.pending_want_count == 0
    assert phone.want_agent.get_bundle_name(agent) == OWN_BUNDLE
    with pytest.raises(BusinessError):
        tablet.want_agent.get_bundle_name(agent)


def test_caller_identity_is_per_device(world: ohbridge.SimulatedWorld) -> None:
    """The caller's token is the app's on its own device: CHECK_CALLER_IS_SYSTEM_APP refuses the
    tablet's non-system caller (202) while the phone's system caller goes on."""
    phone, tablet = world.device(PHONE), world.device(TABLET)
    tablet.stub.set_caller(system_app=False)
    assert phone.stub.caller["system_app"] is True
    with pytest.raises(BusinessError) as e:
        tablet.distributed_mission_manager.register_mission_listener({"deviceId": PHONE}, Recorder().callbacks())
    assert e.value.code == 202
    phone.distributed_mission_manager.register_mission_listener({"deviceId": TABLET}, Recorder().callbacks())


def test_closing_a_view_ends_its_listeners_not_the_others(world: ohbridge.SimulatedWorld) -> None:
    """OnMissionListenerDied: the listener's process is gone, DMS erases it, and an entry left
    empty that had synced stops its sync.  The other views keep working."""
    phone, other = world.device(PHONE), world.device(PHONE)
    phone.distributed_mission_manager.register_mission_listener({"deviceId": TABLET}, Recorder().callbacks())
    phone.distributed_mission_manager.start_sync_remote_missions(sync_param(TABLET))
    assert other.stub.mission_listener_count == 1  # one device, one DMS
    phone.close()
    assert other.stub.mission_listener_count == 0 and other.stub.synced_devices() == []
    assert _bundles(other)


def test_views_and_world_close_or_vanish_in_any_order() -> None:
    """No order of close and garbage collection crashes the interpreter or breaks a live view."""
    import gc

    w = ohbridge.simulate()
    a, b = w.device(PHONE), w.device(TABLET)
    a.distributed_mission_manager.register_mission_listener({"deviceId": TABLET}, Recorder().callbacks())
    del w
    gc.collect()
    assert _bundles(b)  # the world lives while a view does
    a.close()
    assert _bundles(b)
    del a
    gc.collect()
    b.close()
    w2 = ohbridge.simulate()
    c = w2.device(PC)
    w2.close()
    with pytest.raises(Exception, match="closed"):
        c.missions.get_mission_infos("", 1)
    with pytest.raises(RuntimeError, match="closed"):
        w2.device(PC)


def test_reset_world_strands_other_views_with_a_clear_error(world: ohbridge.SimulatedWorld) -> None:
    tablet = world.device(TABLET)
    world.stub.reset_world("ONLY", "Only Device")
    with pytest.raises(RuntimeError, match="no longer in the world"):
        tablet.missions.get_mission_infos("", 1)
    assert [d.name for d in world.devices] == ["Only Device"]


def test_scenario_caller_applies_on_every_device(tmp_path: Any) -> None:
    scenario = tmp_path / "w.toml"
    scenario.write_text('[caller]\nsystem_app = false\n[[devices]]\nnetwork_id = "A"\nname = "a"\nlocal = true\n'
                        '[[devices]]\nnetwork_id = "B"\nname = "b"\n')
    with ohbridge.simulate(scenario=scenario) as w:
        assert w.device("a").stub.caller["system_app"] is False
        assert w.device("b").stub.caller["system_app"] is False


EXIT_SCRIPT = """
import gc, sys, ohbridge
order = sys.argv[1]
heard = []
def note(*args):
    heard.append(args)
world = ohbridge.simulate()
a, b = world.device("Local Phone"), world.device("Living Room Tablet")
for view, peer in ((a, b), (b, a)):
    peer_id = peer.stub.local_device_id
    view.distributed_mission_manager.register_mission_listener(
        {"deviceId": peer_id}, {"notifyMissionsChanged": note, "notifySnapshot": note, "notifyNetDisconnect": note})
    view.distributed_mission_manager.start_sync_remote_missions({"deviceId": peer_id, "fixConflict": False, "tag": 0})
world.stub.auto_continue = False
mine = a.missions.get_mission_infos("", 1)[0]
a.distributed_mission_manager.continue_mission(
    {"srcDeviceId": a.stub.local_device_id, "dstDeviceId": b.stub.local_device_id, "missionId": mine.mission_id,
     "wantParam": {}}, {"onContinueDone": note})
if order == "world-first":
    del world; gc.collect()
elif order == "views-first":
    a.close(); del a; gc.collect(); b.close(); world.close()
elif order == "close-world":
    world.close()
# "exit": leave everything open; interpreter exit must still be clean
print("ok")
"""


@pytest.mark.parametrize("order", ["world-first", "views-first", "close-world", "exit"])
def test_no_close_order_crashes_the_interpreter(order: str, tmp_path: Any) -> None:
    """Views hold the world, callbacks hold no view: any order of close, collection and interpreter
    exit ends with status 0 (a segfault is -11, a hang the timeout)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = tmp_path / "exit_order.py"
    script.write_text(EXIT_SCRIPT)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(ohbridge.__file__).resolve().parents[1]),
                                                      env.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, str(script), order], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["ok"]
