"""Interpreter exit with agents alive, callbacks pending or running: a clean exit."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

PREAMBLE = """
import threading, time, ohbridge
dev = ohbridge.connect("stub")
info = {"wants": [{"bundleName": "com.example.myapplication", "abilityName": "EntryAbility"}],
        "operationType": 1, "requestCode": 0}
"""

SCENARIOS = {
    "agents_alive_callbacks_pending": """
        agent = dev.want_agent.get_want_agent(info)
        for i in range(20000):
            dev.want_agent.trigger(agent, {"code": i}, lambda e, d: None)
    """,
    "callback_running_at_exit": """
        started = threading.Event()
        def slow(err, data):
            started.set()
            time.sleep(0.2)
        agent = dev.want_agent.get_want_agent(info)
        for i in range(50):
            dev.want_agent.trigger(agent, {"code": i}, slow)
        started.wait(5)
    """,
    "device_never_closed_and_collected": """
        import gc
        agent = dev.want_agent.get_want_agent(info)
        dev.want_agent.trigger(agent, {"code": 1}, lambda e, d: None)
        del dev, agent
        gc.collect()
    """,
    "callback_closes_its_own_device": """
        done = threading.Event()
        def close_me(err, data):
            dev.close()
            done.set()
        agent = dev.want_agent.get_want_agent(info)
        dev.want_agent.trigger(agent, {"code": 1}, close_me)
        assert done.wait(5)
    """,
    "exit_from_a_non_main_thread_holding_callbacks": """
        import os
        agent = dev.want_agent.get_want_agent(info)
        for i in range(1000):
            dev.want_agent.trigger(agent, {"code": i}, lambda e, d: None)
        t = threading.Thread(target=lambda: [dev.want_agent.get_uid(agent) for _ in range(1000)], daemon=True)
        t.start()
    """,
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_exit_is_clean(name: str) -> None:
    code = PREAMBLE + textwrap.dedent(SCENARIOS[name]) + "\nprint('exiting')\n"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("exiting")
    assert "Fatal Python error" not in proc.stderr
