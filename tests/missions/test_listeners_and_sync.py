"""The listener registry, sync semantics and the three notifications.

Sources (OpenHarmony-6.0-Release unless a test names another release): openharmony/ability_ability_runtime
frameworks/js/napi/mission_manager/distributed_mission_manager.cpp RegisterMissionExecuteCB,
UnRegisterMissionExecuteCB (the process-global registration_ map) and NAPIRemoteMissionListener::NotifyMissionsChanged
/ NotifySnapshot / NotifyNetDisconnect; openharmony/ability_dmsfwk services/dtbschedmgr/src/mission/
distributed_sched_mission_manager.cpp DistributedSchedMissionManager::RegisterMissionListener,
UnRegisterMissionListener, StartSyncRemoteMissions (no listener or `called`: success, nothing done),
StopSyncRemoteMissions, NotifyMissionsChangedFromRemote, NotifyNetDisconnectOffline and DeviceOfflineNotify;
services/dtbschedmgr/src/mission/distributed_data_change_listener.cpp DistributedDataChangeListener::OnChange
(inserts and updates notify, deletes do not); services/dtbschedmgr/src/mission/mission_changed_notify.cpp.
"""

from __future__ import annotations

from typing import Any

import pytest

from ohbridge.errors import BusinessError, ParameterError, SystemAbilityError
from ohbridge.missions import MissionsAPI

from .conftest import PC, TABLET, Recorder, sync_param


def test_register_listener_double_registration_last_callbacks_win(dev: Any) -> None:
    first, second = Recorder(), Recorder()
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, first.callbacks())
    dmm.register_mission_listener({"deviceId": TABLET}, second.callbacks())
    # One native listener per deviceId in the process.
    assert dev.stub.mission_listener_count == 1
    assert dev.stub.registered_listener_ids() == [TABLET]
    dmm.start_sync_remote_missions(sync_param(TABLET))
    dev.flush()
    assert first.calls == []
    assert len(second.of("snapshot")) == 2


def test_register_listener_failed_reregistration_still_overwrites_callbacks(dev: Any) -> None:
    first, second = Recorder(), Recorder()
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, first.callbacks())
    dev.stub.fail_next("distributedMissionManager.registerMissionListener", -1)
    with pytest.raises(SystemAbilityError):
        dmm.register_mission_listener({"deviceId": TABLET}, second.callbacks())
    dmm.start_sync_remote_missions(sync_param(TABLET))
    dev.flush()
    assert first.calls == [] and second.of("snapshot")


def test_register_listener_fires_no_notification(dev: Any, rec: Recorder) -> None:
    dev.distributed_mission_manager.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dev.flush()
    assert rec.calls == []


def test_register_listener_api9_accepts_unknown_but_not_empty_device_ids(rec: Recorder) -> None:
    # OpenHarmony-3.2-Release: DistributedSchedMissionManager::RegisterMissionListener did not look
    # the id up; DistributedSchedStub::RegisterMissionListenerInner refused an empty one with
    # ERR_FLATTEN_OBJECT, which the 3.2 NAPI map turns into 16300501.
    import ohbridge

    with ohbridge.connect("stub", api_version=9) as dev:
        dmm = dev.distributed_mission_manager
        with pytest.raises(SystemAbilityError):
            dmm.register_mission_listener({"deviceId": ""}, rec.callbacks())
        dmm.register_mission_listener({"deviceId": "NO-SUCH-DEVICE"}, rec.callbacks())
        assert dev.stub.mission_listener_count == 1
        with pytest.raises(ParameterError):  # NAPI: no registration for "": 401 without asking AMS
            dmm.unregister_mission_listener({"deviceId": ""})


def test_device_id_longer_than_128_bytes_is_truncated_not_rejected(dev: Any, rec: Recorder) -> None:
    long_id = "P" * 200
    dev.stub.add_device("P" * 128, "Truncated")
    dev.distributed_mission_manager.register_mission_listener({"deviceId": long_id}, rec.callbacks())
    assert dev.stub.registered_listener_ids() == ["P" * 128]


def test_unregister_listener_removes_entry_and_sync_flag(dev: Any, rec: Recorder) -> None:
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dmm.start_sync_remote_missions(sync_param(TABLET))
    assert dev.stub.listened_devices()[TABLET] == {"listeners": 1, "synced_once": True}
    dmm.unregister_mission_listener({"deviceId": TABLET})
    assert dev.stub.listened_devices() == {}
    assert dev.stub.mission_listener_count == 0
    # Unregistering does not stop the sync: the cache is still there.
    assert TABLET in dev.stub.synced_devices()


def test_unregister_listener_while_device_offline_fails_and_keeps_the_entry(dev: Any, rec: Recorder) -> None:
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dev.stub.take_offline(TABLET)
    with pytest.raises(ParameterError):
        dmm.unregister_mission_listener({"deviceId": TABLET})
    assert dev.stub.registered_listener_ids() == [TABLET]
    dev.stub.bring_online(TABLET)
    dmm.unregister_mission_listener({"deviceId": TABLET})
    assert dev.stub.mission_listener_count == 0


def test_start_sync_without_listener_is_a_successful_no_op(dev: Any) -> None:
    dev.distributed_mission_manager.start_sync_remote_missions(sync_param(TABLET))
    assert dev.stub.synced_devices() == []
    # DMS GetMissionInfos: not synced -> ERR_NULL_OBJECT -> 16000050 "Internal error."
    with pytest.raises(BusinessError, match="16000050"):
        dev.missions.get_mission_infos(TABLET, 10)


def test_start_sync_ignores_fix_conflict_and_tag(dev: Any, rec: Recorder) -> None:
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dmm.start_sync_remote_missions({"deviceId": TABLET, "fixConflict": True, "tag": 2 ** 40})
    assert len(dev.missions.get_mission_infos(TABLET, 20)) == 2


def test_start_sync_when_already_synced_is_a_no_op(dev: Any, rec: Recorder) -> None:
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dmm.start_sync_remote_missions(sync_param(TABLET))
    dev.flush()
    n = len(rec.calls)
    dmm.start_sync_remote_missions(sync_param(TABLET))
    dev.flush()
    assert len(rec.calls) == n  # no second snapshot push


def test_start_sync_fires_no_missions_changed_then_one_snapshot_per_mission(dev: Any, rec: Recorder) -> None:
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    order = []
    dmm.start_sync_remote_missions(sync_param(TABLET), callback=lambda err, _: order.append("settled"))
    dev.flush()
    assert rec.of("changed") == []
    ids = sorted(m.mission_id for m in dev.missions.get_mission_infos(TABLET, 20))
    assert sorted(a[1] for a in rec.of("snapshot")) == ids
    assert all(a[0] == TABLET for a in rec.of("snapshot"))
    assert order == ["settled"]


def test_stop_sync_sync_flag_survives_stop(dev: Any, rec: Recorder) -> None:
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dmm.start_sync_remote_missions(sync_param(TABLET))
    dmm.stop_sync_remote_missions({"deviceId": TABLET})
    assert dev.stub.synced_devices() == []
    # start again: success, but nothing is synced (the `called` flag stays)...
    dmm.start_sync_remote_missions(sync_param(TABLET))
    assert dev.stub.synced_devices() == []
    with pytest.raises(BusinessError, match="16000050"):
        dev.missions.get_mission_infos(TABLET, 10)
    # ...until the listener is unregistered and registered again.
    dmm.unregister_mission_listener({"deviceId": TABLET})
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dmm.start_sync_remote_missions(sync_param(TABLET))
    assert len(dev.missions.get_mission_infos(TABLET, 10)) == 2


def test_stop_sync_on_never_synced_online_device_succeeds(dev: Any) -> None:
    dev.distributed_mission_manager.stop_sync_remote_missions({"deviceId": PC})


def test_stop_sync_unreachable_remote_dms_is_16300501(dev: Any) -> None:
    with pytest.raises(SystemAbilityError):
        dev.distributed_mission_manager.stop_sync_remote_missions({"deviceId": "NO-SUCH"})


def test_stop_sync_empty_device_id_is_401_from_the_dms_stub(dev: Any) -> None:
    # ability_dmsfwk DistributedSchedStub::StopSyncRemoteMissionsInner: devId.empty() ->
    # INVALID_PARAMETERS_ERR (4.0 on), before the caches are touched.
    with pytest.raises(ParameterError):
        dev.distributed_mission_manager.stop_sync_remote_missions({"deviceId": ""})


def test_sync_at_most_20_missions(dev: Any, rec: Recorder) -> None:
    for i in range(25):
        dev.stub.install_app(TABLET, f"com.example.app{i}", 20020000 + i, ["MainAbility"])
        dev.stub.start_ability(TABLET, f"com.example.app{i}", "MainAbility")
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dmm.start_sync_remote_missions(sync_param(TABLET))
    infos = dev.missions.get_mission_infos(TABLET, 100)
    assert len(infos) == 20
    # The 20 most recent, most recent first.
    assert infos[0].want.bundle_name == "com.example.app24"
    dev.flush()
    assert len(rec.of("snapshot")) == 20


def test_notify_missions_changed_when_synced_remote_list_changes(dev: Any, rec: Recorder) -> None:
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dmm.start_sync_remote_missions(sync_param(TABLET))
    dev.flush()
    rec.calls.clear()
    mission = dev.stub.start_ability(TABLET, "com.example.myapplication", "EntryAbility")
    dev.flush()
    assert rec.of("changed") == [(TABLET,)]
    # The cache was replaced before the notification.
    assert [m.mission_id for m in dev.missions.get_mission_infos(TABLET, 20)][0] == mission
    rec.calls.clear()
    dev.stub.close_mission(TABLET, mission)
    dev.flush()
    assert rec.of("changed") == [(TABLET,)]


def test_notify_missions_changed_not_fired_for_unsynced_device(dev: Any, rec: Recorder) -> None:
    dev.distributed_mission_manager.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dev.stub.start_ability(TABLET, "com.example.myapplication", "EntryAbility")
    dev.flush()
    assert rec.calls == []


def test_notify_snapshot_on_snapshot_change(dev: Any, rec: Recorder) -> None:
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dmm.start_sync_remote_missions(sync_param(TABLET))
    dev.flush()
    rec.calls.clear()
    notes = [m for m in dev.stub.missions(TABLET) if m["label"] == "Notes"][0]["missionId"]
    dev.stub.update_snapshot(TABLET, notes, "page 2")
    dev.flush()
    assert rec.calls == [("snapshot", (TABLET, notes))]
    snap = dev.missions.get_mission_snapshot(TABLET, notes)
    assert snap.snapshot.tag == "page 2" and snap.ability.bundle_name == "com.example.notes"


def test_notify_net_disconnect_reaches_the_other_devices_listeners_with_their_own_device_id(dev: Any) -> None:
    # ability_dmsfwk DistributedSchedService::ProcessDeviceOffline -> NotifyNetDisconnectOffline walks
    # listenDeviceMap_, which DeviceOfflineNotify -> CleanMissionResources has cleared of the offline
    # device on another handler: the model erases first, so only the other devices' listeners hear it.
    a, b = Recorder(), Recorder()
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, a.callbacks())
    dmm.register_mission_listener({"deviceId": PC}, b.callbacks())
    dev.stub.take_offline(PC)
    dev.flush()
    assert a.calls == [("disconnect", (TABLET, 0))]
    assert b.calls == []


@pytest.mark.parametrize("api_version", [9, 11, 12])
def test_notify_net_disconnect_never_fired_before_5_1(api_version: int) -> None:
    import ohbridge

    rec = Recorder()
    with ohbridge.connect("stub", api_version=api_version) as dev:
        dev.distributed_mission_manager.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
        dev.stub.take_offline(TABLET)
        dev.flush()
        assert rec.calls == []


def test_device_offline_drops_the_synced_cache(dev: Any, rec: Recorder) -> None:
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dmm.start_sync_remote_missions(sync_param(TABLET))
    dev.stub.take_offline(TABLET)
    assert dev.stub.synced_devices() == []
    dev.stub.bring_online(TABLET)
    with pytest.raises(BusinessError, match="16000050"):
        MissionsAPI(dev).get_mission_infos(TABLET, 5)


def test_removed_device_is_unknown_afterwards(dev: Any, rec: Recorder) -> None:
    dmm = dev.distributed_mission_manager
    other = Recorder()
    dmm.register_mission_listener({"deviceId": PC}, rec.callbacks())
    dmm.register_mission_listener({"deviceId": TABLET}, other.callbacks())
    dev.stub.remove_device(PC)
    dev.flush()
    assert rec.calls == [] and other.calls == [("disconnect", (TABLET, 0))]
    with pytest.raises(ParameterError):
        dmm.register_mission_listener({"deviceId": PC}, rec.callbacks())


def test_remote_missions_lose_time_state_and_unclearable_in_the_cache(dev: Any, rec: Recorder) -> None:
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dmm.start_sync_remote_missions(sync_param(TABLET))
    remote = dev.missions.get_mission_infos(TABLET, 20)[0]
    own = [m for m in dev.stub.missions(TABLET) if m["missionId"] == remote.mission_id][0]
    assert own["timestamp"] != "" and own["abilityState"] != -1
    assert (remote.timestamp, remote.ability_state, remote.unclearable) == ("", -1, False)
    assert (remote.label, remote.continuable) == (own["label"], own["continuable"])
