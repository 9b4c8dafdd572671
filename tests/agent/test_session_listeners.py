"""A client that leaves a shared agent takes what it registered with it.

On a device DMS removes a dead process's listeners through death recipients: ability_dmsfwk
``services/dtbschedmgr/src/mission/distributed_sched_mission_manager.cpp``,
``DistributedSchedMissionManager::OnMissionListenerDied`` (the listener leaves every entry of
``listenDeviceMap_``; an entry left empty is erased, with its ``called`` flag, and if it had been
synced ``StopSyncRemoteMissions(devId, false)`` follows: the synced caches go), and
``mission/notification/dms_continue_recv_manager.cpp``, ``DMSContinueRecvMgr::NotifyDied`` (the
on-listener leaves every type, as ``RegisterOffListener``).  Identical on OpenHarmony-v5.0.0-Release,
v5.1.0-Release and master.  A shared agent outlives its clients, so the agent does this itself
when a session ends, by ``leave`` or by a cut connection, for the listeners whose callbacks are
that session's, through every view it used; other sessions' listeners stay.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Dict, Iterator, List

import pytest

import ohbridge
from ohbridge.backends.agent import AgentBackend
from ohbridge.backends.agent_view import open_agent_view
from ohbridge.device import Device
from ohbridge.testing import FakeHdcServer

from ..missions.conftest import Recorder, sync_param
from .conftest import url_of

PHONE = "LOCAL0000000000000000000000000000000000000000000000000000000000A"
TABLET = "PEER1000000000000000000000000000000000000000000000000000000000B"
PC = "PEER2000000000000000000000000000000000000000000000000000000000C"


def _eventually(check: Callable[[], bool], within: float = 10.0) -> bool:
    """A cut connection is noticed by the agent's reader, not by the next request: wait for it."""
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _cut(dev: Device) -> None:
    backend: AgentBackend = dev._backend  # type: ignore[assignment]
    backend.drop_link()  # as if the process died: no leave


@pytest.fixture
def clients(loopback: FakeHdcServer) -> Iterator[List[Device]]:
    """Two processes' connections to one shared agent (its default device, the phone)."""
    a = ohbridge.connect(url_of(loopback), backend="agent")
    b = ohbridge.connect(url_of(loopback), backend="agent")
    assert a._backend.info["pid"] == b._backend.info["pid"]  # type: ignore[attr-defined]
    try:
        yield [a, b]
    finally:
        a.close()
        b.close()


def _b_still_hears(b: Device, heard: Recorder) -> None:
    """B's own listener for PC fires: a synced PC's mission list changes."""
    b.distributed_mission_manager.start_sync_remote_missions(sync_param(PC))
    b.stub.set_mission(PC, int(b.stub.missions(PC)[0]["missionId"]), label="renamed")
    assert heard.wait_for(1)
    b.flush()
    assert heard.of("changed") == [(PC,)]


def _register_both(a: Device, b: Device) -> Dict[str, Recorder]:
    heard = {"a": Recorder(), "b": Recorder()}
    a.distributed_mission_manager.register_mission_listener({"deviceId": TABLET}, heard["a"].callbacks())
    b.distributed_mission_manager.register_mission_listener({"deviceId": PC}, heard["b"].callbacks())
    assert sorted(b.stub.listened_devices()) == sorted([PC, TABLET])
    return heard


def test_leave_removes_the_leavers_mission_listener_as_on_mission_listener_died(clients: List[Device]) -> None:
    a, b = clients
    heard = _register_both(a, b)
    a.close()  # says leave; the agent forgets A before it answers
    assert sorted(b.stub.listened_devices()) == [PC]
    assert b.stub.registered_listener_ids() == [PC]
    _b_still_hears(b, heard["b"])
    assert heard["a"].calls == []


def test_a_cut_connection_removes_its_mission_listener_as_on_mission_listener_died(clients: List[Device]) -> None:
    a, b = clients
    heard = _register_both(a, b)
    _cut(a)
    assert _eventually(lambda: sorted(b.stub.listened_devices()) == [PC]), b.stub.listened_devices()
    assert b.stub.registered_listener_ids() == [PC]
    _b_still_hears(b, heard["b"])


def test_an_emptied_synced_entry_stops_its_sync_and_forgets_called_as_on_mission_listener_died(
        clients: List[Device]) -> None:
    """OnMissionListenerDied: `called` -> StopSyncRemoteMissions(devId, false); the entry is erased."""
    a, b = clients
    a.distributed_mission_manager.register_mission_listener({"deviceId": TABLET}, Recorder().callbacks())
    a.distributed_mission_manager.start_sync_remote_missions(sync_param(TABLET))
    assert b.stub.synced_devices() == [TABLET]
    assert b.stub.listened_devices()[TABLET]["synced_once"] is True
    a.close()
    assert b.stub.listened_devices() == {}
    assert b.stub.synced_devices() == []
    # A fresh entry: B's start syncs again instead of being the "already called" no-op.
    b.distributed_mission_manager.register_mission_listener({"deviceId": TABLET}, Recorder().callbacks())
    b.distributed_mission_manager.start_sync_remote_missions(sync_param(TABLET))
    assert b.stub.synced_devices() == [TABLET]


def test_a_listener_unregistered_by_its_client_is_not_removed_again_on_leave(clients: List[Device]) -> None:
    """UnRegisterMissionListener erased A's entry (without stopping the sync); A's leave finds
    nothing of A's: B's later listener for that device and the running sync stay."""
    a, b = clients
    dmm = a.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, Recorder().callbacks())
    dmm.start_sync_remote_missions(sync_param(TABLET))
    dmm.unregister_mission_listener({"deviceId": TABLET})
    heard = Recorder()
    b.distributed_mission_manager.register_mission_listener({"deviceId": TABLET}, heard.callbacks())
    a.close()
    assert b.stub.listened_devices() == {TABLET: {"listeners": 1, "synced_once": False}}
    assert b.stub.synced_devices() == [TABLET]


def test_a_listener_another_client_registered_again_is_that_clients(clients: List[Device]) -> None:
    """RegisterMissionExecuteCB overwrites the device's one listener's callbacks: it is B's now."""
    a, b = clients
    a.distributed_mission_manager.register_mission_listener({"deviceId": PC}, Recorder().callbacks())
    heard = Recorder()
    b.distributed_mission_manager.register_mission_listener({"deviceId": PC}, heard.callbacks())
    a.close()
    assert b.stub.listened_devices() == {PC: {"listeners": 1, "synced_once": False}}
    _b_still_hears(b, heard)


def test_leave_drops_the_leavers_continue_state_callback_as_notify_died(clients: List[Device]) -> None:
    """One on-listener per process holds every client's callbacks: it stays while B's is on it."""
    a, b = clients
    got_a: List[Any] = []
    got_b: List[Any] = []
    a.distributed_mission_manager.on("continueStateChange", got_a.append)
    b.distributed_mission_manager.on("continueStateChange", got_b.append)
    a.close()
    assert b.stub.continue_state_listener_count == 1
    b.stub.broadcast_continue_state(TABLET, "com.example.notes", 0)
    b.flush()
    assert len(got_b) == 1 and got_a == []


def test_the_last_continue_state_callback_leaving_unregisters_the_listener_as_notify_died(
        clients: List[Device]) -> None:
    a, b = clients
    a.distributed_mission_manager.on("continueStateChange", lambda change: None)
    assert b.stub.continue_state_listener_count == 1
    _cut(a)
    assert _eventually(lambda: b.stub.continue_state_listener_count == 0)


def test_a_closed_view_session_removes_its_listeners_on_that_device(clients: List[Device]) -> None:
    """A world.select view is a session of its own (closed without leave): its listeners in the
    tablet's DMS go; another process's listener on the tablet stays."""
    a, b = clients
    a_tablet = open_agent_view(a, TABLET)
    with open_agent_view(b, TABLET) as b_tablet:
        a_tablet.distributed_mission_manager.register_mission_listener({"deviceId": PHONE}, Recorder().callbacks())
        a_tablet.distributed_mission_manager.start_sync_remote_missions(sync_param(PHONE))
        b_tablet.distributed_mission_manager.register_mission_listener({"deviceId": PC}, Recorder().callbacks())
        assert sorted(b_tablet.stub.listened_devices()) == sorted([PC, PHONE])
        a_tablet.close()
        assert _eventually(lambda: sorted(b_tablet.stub.listened_devices()) == [PC]), \
            b_tablet.stub.listened_devices()
        assert b_tablet.stub.synced_devices() == []
