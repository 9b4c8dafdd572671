"""Callbacks come from the native dispatcher thread; the asyncio form lands in the caller's loop;
unregistering mid-delivery and exiting with listeners registered neither crash nor hang."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any, List

import pytest

import ohbridge
from ohbridge.mission_model import MissionEvent

from .conftest import PC, TABLET, Recorder, sync_param

ROOT = Path(__file__).resolve().parents[2]
# The subprocess must import the ohbridge this test imported: the installed
# package in CI, the source tree (with its dev-built extension) locally.
PACKAGE_PARENT = str(Path(ohbridge.__file__).resolve().parent.parent)


def test_listener_callbacks_fire_from_the_native_dispatcher_thread(dev: Any, rec: Recorder) -> None:
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dmm.start_sync_remote_missions(sync_param(TABLET))
    assert rec.wait_for(2)
    assert threading.current_thread().name not in rec.threads
    assert len(set(rec.threads)) == 1  # one dispatcher thread, in order


def test_continuation_callbacks_fire_from_the_dispatcher_thread(dev: Any, local: str) -> None:
    threads: List[str] = []
    done = threading.Event()

    def on_done(result: Any) -> None:
        threads.append(threading.current_thread().name)
        done.set()

    dev.distributed_mission_manager.continue_mission(
        {"srcDeviceId": local, "dstDeviceId": TABLET, "missionId": 3, "wantParam": {}}, {"onContinueDone": on_done})
    assert done.wait(5) and threads != [threading.current_thread().name]


def test_asyncio_listener_events_are_delivered_in_the_callers_loop(dev: Any) -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        seen: List[Any] = []
        got = asyncio.Event()

        def changed(device_id: str) -> None:
            seen.append((asyncio.get_running_loop() is loop, threading.current_thread() is threading.main_thread()))
            got.set()

        dmm = dev.aio.distributed_mission_manager
        await dmm.register_mission_listener({"deviceId": TABLET}, {
            "notifyMissionsChanged": changed, "notifySnapshot": lambda d, m: None,
            "notifyNetDisconnect": lambda d, s: None})
        await dmm.start_sync_remote_missions(sync_param(TABLET))
        dev.stub.start_ability(TABLET, "com.example.myapplication", "EntryAbility")
        await asyncio.wait_for(got.wait(), 5)
        assert seen == [(True, True)]
        await dmm.unregister_mission_listener({"deviceId": TABLET})

    asyncio.run(main())


def test_asyncio_event_stream_yields_events_in_order(dev: Any) -> None:
    async def main() -> List[MissionEvent]:
        dmm = dev.aio.distributed_mission_manager
        events: List[MissionEvent] = []
        async with dmm.listen({"deviceId": PC}) as stream:
            await dmm.start_sync_remote_missions(sync_param(PC))
            events.append(await stream.get(5))
            # The PC's own entry is erased before DMS notifies (DeviceOfflineNotify): the
            # disconnect is heard by the listeners of the other devices.
            dev.stub.take_offline(TABLET)
            async for event in stream:
                events.append(event)
                if event.kind == "netDisconnect":
                    break
            dev.stub.take_offline(PC)
        # Offline at exit: the device refuses to unregister, as on a device.
        assert stream.unregister_error is not None and stream.unregister_error.code == 401
        return events

    events = asyncio.run(main())
    assert [e.kind for e in events] == ["snapshot", "netDisconnect"]
    assert events[-1] == MissionEvent("netDisconnect", PC, state=0)


def test_unregister_while_an_event_is_being_delivered_does_not_deadlock(dev: Any) -> None:
    dmm = dev.distributed_mission_manager
    results: List[Any] = []
    done = threading.Event()

    def snapshot(device_id: str, mission_id: int) -> None:
        # Inside the dispatcher: unregister, re-register, unregister again.
        dmm.unregister_mission_listener({"deviceId": device_id})
        results.append(dev.stub.mission_listener_count)
        done.set()

    dmm.register_mission_listener({"deviceId": TABLET}, {
        "notifyMissionsChanged": lambda d: None, "notifySnapshot": snapshot, "notifyNetDisconnect": lambda d, s: None})
    dmm.start_sync_remote_missions(sync_param(TABLET))
    assert done.wait(5)
    assert dev.flush(5)
    assert results[0] == 0
    assert dev.stub.mission_listener_count == 0


def test_closing_the_device_with_listeners_and_events_pending_is_clean() -> None:
    dev = ohbridge.connect("stub")
    rec = Recorder()
    dmm = dev.distributed_mission_manager
    dmm.register_mission_listener({"deviceId": TABLET}, rec.callbacks())
    dmm.start_sync_remote_missions(sync_param(TABLET))
    dev.stub.emit_snapshot_events(TABLET, 1, 2000)
    dev.close()
    assert dev.stub.callbacks_delivered >= 2002  # close drains


def run_python(code: str) -> "subprocess.CompletedProcess[str]":
    env = dict(os.environ, PYTHONPATH=PACKAGE_PARENT)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True,
                          timeout=60)


def test_interpreter_exit_with_listeners_registered_and_events_pending() -> None:
    proc = run_python(f"""
        import threading, ohbridge
        dev = ohbridge.connect("stub")
        dmm = dev.distributed_mission_manager
        slow = threading.Event()
        def snapshot(d, m):
            slow.wait(0.001)
        dmm.register_mission_listener({{"deviceId": "{TABLET}"}},
            {{"notifyMissionsChanged": print, "notifySnapshot": snapshot, "notifyNetDisconnect": print}})
        dmm.on("continueStateChange", print)
        dmm.start_sync_remote_missions({{"deviceId": "{TABLET}", "fixConflict": False, "tag": 0}})
        dev.stub.emit_snapshot_events("{TABLET}", 1, 20000)
        print("exiting")
    """)
    assert proc.returncode == 0, proc.stderr
    assert "exiting" in proc.stdout


def test_interpreter_exit_while_daemon_threads_drive_the_world() -> None:
    proc = run_python(f"""
        import threading, ohbridge
        dev = ohbridge.connect("stub")
        dev.distributed_mission_manager.register_mission_listener({{"deviceId": "{PC}"}},
            {{"notifyMissionsChanged": print, "notifySnapshot": lambda d, m: None,
              "notifyNetDisconnect": lambda d, s: None}})
        dev.distributed_mission_manager.start_sync_remote_missions(
            {{"deviceId": "{PC}", "fixConflict": False, "tag": 0}})
        stub = dev.stub
        def worker():
            while True:
                try:
                    stub.update_snapshot("{PC}", 1)
                    stub.take_offline("{PC}")
                    stub.bring_online("{PC}")
                    stub.start_ability("{PC}", "com.example.video", "PlayerAbility")
                except Exception:
                    pass
        for _ in range(3):
            threading.Thread(target=worker, daemon=True).start()
        import time; time.sleep(0.2)
        print("exiting")
    """)
    assert proc.returncode == 0, proc.stderr


def test_interpreter_exit_while_daemon_threads_call_the_api() -> None:
    proc = run_python(f"""
        import threading, ohbridge
        dev = ohbridge.connect("stub")
        dmm = dev.distributed_mission_manager
        def worker():
            while True:
                try:
                    dmm.register_mission_listener({{"deviceId": "{PC}"}},
                        {{"notifyMissionsChanged": print, "notifySnapshot": lambda d, m: None,
                          "notifyNetDisconnect": lambda d, s: None}})
                    dmm.start_sync_remote_missions({{"deviceId": "{PC}", "fixConflict": False, "tag": 0}})
                    dev.stub.update_snapshot("{PC}", 1)
                except Exception:
                    pass
        for _ in range(3):
            threading.Thread(target=worker, daemon=True).start()
        import time; time.sleep(0.2)
        print("exiting")
    """)
    assert proc.returncode == 0, proc.stderr


def test_demo_continue_mission_runs_on_the_stub() -> None:
    env = dict(os.environ, PYTHONPATH=PACKAGE_PARENT)
    proc = subprocess.run([sys.executable, str(ROOT / "examples" / "continue_mission.py")], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "onContinueDone({resultCode: 0})" in out
    assert "notifyNetDisconnect" in out and "state=0" in out
    assert "#2 'Notes'" in out


def test_benchmark_script_runs_small() -> None:
    env = dict(os.environ, PYTHONPATH=PACKAGE_PARENT)
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_listener_events.py"), "--events",
                           "2000", "--paced", "200", "--interval-us", "50"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "callback" in proc.stdout and "asyncio" in proc.stdout
