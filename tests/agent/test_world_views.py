"""The agent running the simulated world serves several device views of it (``world.select``).

The same rules as the in-process views (tests/world/test_world_views.py): per-device DMS state,
shared presence and mission lists (ability_dmsfwk DistributedSchedMissionManager)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

import ohbridge
from ohbridge.backends.agent import AgentBackend, TcpConnector
from ohbridge.backends.agent_view import open_agent_view
from ohbridge.device import Device

from ..missions.conftest import Recorder, sync_param
from .conftest import LocalAgent

PHONE = "LOCAL0000000000000000000000000000000000000000000000000000000000A"
TABLET = "PEER1000000000000000000000000000000000000000000000000000000000B"
PC = "PEER2000000000000000000000000000000000000000000000000000000000C"


@pytest.fixture
def phone(local_agent: LocalAgent) -> Iterator[Device]:
    with Device(AgentBackend(TcpConnector("127.0.0.1", local_agent.port, local_agent.token)), serial="agent") as d:
        yield d


def test_a_session_selects_its_device_by_name_or_network_id(phone: Device) -> None:
    with open_agent_view(phone, "Living Room Tablet") as tablet, open_agent_view(phone, PC) as pc:
        assert phone.stub.local_device_id == PHONE
        assert tablet.stub.local_device_id == TABLET and pc.stub.local_device_id == PC
        assert [m.want.bundle_name for m in tablet.missions.get_mission_infos("", 10)] == \
            [m["want"]["bundleName"] for m in phone.stub.missions(TABLET)]


def test_unknown_device_is_a_clear_error_listing_the_names(phone: Device) -> None:
    with pytest.raises(ohbridge.UnknownDeviceError, match=r"no simulated device named 'Fridge'.*'Study PC'"):
        open_agent_view(phone, "Fridge")
    assert phone.missions.get_mission_infos("", 1)  # the device's own session is untouched


def test_views_share_the_world_and_keep_their_own_dms_state(phone: Device) -> None:
    """Per device: listenDeviceMap_ and the synced cache (RegisterMissionListener,
    StartSyncRemoteMissions).  Shared: a device going offline is lost by its peers
    (DeviceOfflineNotify -> CleanMissionResources, then NotifyNetDisconnectOffline)."""
    with open_agent_view(phone, TABLET) as tablet:
        heard = Recorder()
        dmm = tablet.distributed_mission_manager
        dmm.register_mission_listener({"deviceId": PHONE}, heard.callbacks())
        dmm.register_mission_listener({"deviceId": PC}, heard.callbacks())
        dmm.start_sync_remote_missions(sync_param(PHONE))
        assert tablet.stub.synced_devices() == [PHONE] and phone.stub.synced_devices() == []
        assert phone.stub.mission_listener_count == 0 and tablet.stub.mission_listener_count == 2
        phone.stub.take_offline(PHONE)
        assert heard.wait_for(1)
        tablet.flush()
        assert heard.of("disconnect") == [(PC, 0)]
        assert sorted(tablet.stub.listened_devices()) == [PC]


def test_a_continuation_from_one_view_arrives_in_the_other(phone: Device) -> None:
    """DistributedSchedService::ContinueMission -> ContinueLocalMission; the target's list shows it."""
    with open_agent_view(phone, TABLET) as tablet:
        own = "com.example.myapplication"
        mission = next(m.mission_id for m in phone.missions.get_mission_infos("", 10) if m.want.bundle_name == own)
        done = Recorder()
        phone.distributed_mission_manager.continue_mission(
            {"srcDeviceId": PHONE, "dstDeviceId": TABLET, "missionId": mission, "wantParam": {}},
            {"onContinueDone": done.fn("done")})
        assert done.wait_for(1)
        assert tablet.missions.get_mission_infos("", 1)[0].want.bundle_name == own


def test_closing_a_view_leaves_the_device_connection_working(phone: Device, tmp_path: Path) -> None:
    tablet = open_agent_view(phone, TABLET)
    tablet.distributed_mission_manager.register_mission_listener({"deviceId": PHONE}, Recorder().callbacks())
    tablet.close()
    assert phone.missions.get_mission_infos("", 1)
