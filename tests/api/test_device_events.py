"""device.events() / wait_event over listener notifications, and the notes the per-test reset
undoes (python/ohbridge/device_tracking.py), on the stub."""

from __future__ import annotations

import pytest

import ohbridge
from ohbridge import MissionEvent

PEER = "PEER1000000000000000000000000000000000000000000000000000000000B"
PEER2 = "PEER2000000000000000000000000000000000000000000000000000000000C"
NOTES = ("com.example.notes", "NoteAbility")
CALLBACKS = {"notifyMissionsChanged": lambda d: None, "notifySnapshot": lambda d, m: None,
             "notifyNetDisconnect": lambda d, s: None}


def test_listener_notifications_are_events_and_the_users_callbacks_still_run() -> None:
    heard = []
    with ohbridge.connect("stub") as dev:
        dmm = dev.distributed_mission_manager
        dmm.register_mission_listener({"deviceId": PEER}, {**CALLBACKS, "notifyMissionsChanged": heard.append})
        dmm.start_sync_remote_missions({"deviceId": PEER, "fixConflict": False, "tag": 0})
        dev.stub.start_ability(PEER, *NOTES)
        event = dev.wait_event("missionsChanged", lambda e: e.data.device_id == PEER, timeout=5)
        assert event.data == MissionEvent("missionsChanged", PEER)
        dev.flush()
        assert PEER in heard
        # DeviceOfflineNotify: the listeners of the other devices hear notifyNetDisconnect (API 18+).
        dmm.register_mission_listener({"deviceId": PEER2}, CALLBACKS)
        dev.stub.take_offline(PEER)
        assert dev.wait_event("netDisconnect", timeout=5).data.device_id == PEER2


def test_continue_state_broadcasts_are_events_and_off_still_finds_the_callback() -> None:
    with ohbridge.connect("stub") as dev:
        dmm = dev.distributed_mission_manager
        got = []
        dmm.on("continueStateChange", got.append)
        dev.stub.broadcast_continue_state(PEER, "com.example.notes", 0)
        assert dev.wait_event("continueStateChange", timeout=5).data is not None
        dmm.off("continueStateChange", got.append)
        assert dev.stub.continue_state_listener_count == 0  # the core was handed the same object
        dev.flush()
        assert len(got) == 1


def test_the_tracker_notes_and_undoes_what_this_device_did() -> None:
    with ohbridge.connect("stub") as dev:
        dmm = dev.distributed_mission_manager
        dmm.register_mission_listener({"deviceId": PEER}, CALLBACKS)
        dmm.on("continueStateChange", lambda e: None)
        before = dev.stub.pending_want_count
        dev.want_agent.get_want_agent({"wants": [{"bundleName": "com.example.myapplication"}],
                                       "operationType": 4, "requestCode": 1, "wantAgentFlags": [2]})
        dev.start_ability("com.ohos.camera", "MainAbility")
        report = dev._tracker.reset()
        assert report.unregistered == [PEER] and report.removed_on_listeners == ["continueStateChange"]
        assert report.canceled_want_agents == 1 and report.stopped == ["com.ohos.camera"]
        assert report.problems == []
        assert dev.stub.mission_listener_count == 0 and dev.stub.continue_state_listener_count == 0
        assert dev.stub.pending_want_count == before
        assert dev._tracker.reset().anything is False  # nothing left to undo


def test_what_was_undone_by_hand_is_not_undone_again() -> None:
    with ohbridge.connect("stub") as dev:
        dmm = dev.distributed_mission_manager
        dmm.register_mission_listener({"deviceId": PEER}, CALLBACKS)
        dmm.unregister_mission_listener({"deviceId": PEER})
        dev.start_ability("com.ohos.camera", "MainAbility")
        dev.force_stop("com.ohos.camera")
        assert not dev._tracker.reset().anything


def test_wait_event_checks_its_arguments() -> None:
    with ohbridge.connect("stub") as dev:
        with pytest.raises(ohbridge.errors.ParameterError):
            dev.wait_event("foreground", timeout=float("nan"))
        with pytest.raises(ohbridge.errors.ParameterError):
            dev.wait_event(3, timeout=1)  # type: ignore[arg-type]


def test_the_asyncio_wait_event_keeps_the_loop_running_and_a_cancelled_wait_loses_nothing() -> None:
    """dev.aio.wait_event awaits the event log (EventLog.await_news), not a thread: other tasks
    run while it waits, it wakes on the notification, and a wait cancelled before the event
    leaves the event for the next wait."""
    import asyncio

    async def scenario(dev: ohbridge.Device) -> None:
        adev = dev.aio
        dmm = adev.distributed_mission_manager
        await dmm.register_mission_listener({"deviceId": PEER}, CALLBACKS)
        await dmm.start_sync_remote_missions({"deviceId": PEER, "fixConflict": False, "tag": 0})
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.001)

        tick_task = asyncio.create_task(ticker())
        cancelled = asyncio.create_task(adev.wait_event("netDisconnect", timeout=5))
        await asyncio.sleep(0.05)
        cancelled.cancel()
        with pytest.raises(asyncio.CancelledError):
            await cancelled
        waiting = asyncio.create_task(adev.wait_event("missionsChanged", lambda e: e.data.device_id == PEER,
                                                      timeout=10))
        before = ticks
        await asyncio.sleep(0.05)
        assert ticks > before  # the loop ran on while the wait was pending
        assert not waiting.done()
        dev.stub.start_ability(PEER, *NOTES)
        event = await waiting
        assert event.data == MissionEvent("missionsChanged", PEER)
        tick_task.cancel()
        # The cancelled wait took nothing: a later netDisconnect is still found.
        await dmm.register_mission_listener({"deviceId": PEER2}, CALLBACKS)
        dev.stub.take_offline(PEER)
        assert (await adev.wait_event("netDisconnect", timeout=5)).data.device_id == PEER2

    with ohbridge.connect("stub") as dev:
        asyncio.run(scenario(dev))
