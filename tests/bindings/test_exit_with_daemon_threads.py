"""Interpreter exit while daemon threads are inside ohbridge calls: never a crash.

On CPython < 3.14 a daemon thread that re-takes the GIL during finalization is
ended by ``pthread_exit`` (CPython Python/ceval_gil.c ``take_gil`` ->
``PyThread_exit_thread``): a forced unwind through the extension's C++ frames.
Any ``pybind11::object`` destroyed on the way drops a reference with no thread
state.  The converter calls the WantAgent's ``__ohbridge_js__`` hook, so the
unwind can start inside it (native/bindings/convert.cpp ``js_of_hook``).
Before the fix about one exit in three segfaulted on a loaded machine.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

import ohbridge

PACKAGE_PARENT = str(Path(ohbridge.__file__).resolve().parent.parent)

# Three daemon threads converting a WantAgent argument (the hook) in a loop
# while the main thread exits.
DAEMON_THREADS_IN_CALLS_AT_EXIT = """
import sys, threading, time
sys.path.insert(0, sys.argv[1])
import ohbridge
dev = ohbridge.connect("stub")
wa = dev.want_agent
agent = wa.get_want_agent({"wants": [{"bundleName": "com.example.myapplication", "abilityName": "EntryAbility"}],
                           "operationType": 1, "requestCode": 0})
def worker():
    while True:
        wa.get_uid(agent)
for _ in range(3):
    threading.Thread(target=worker, daemon=True).start()
time.sleep(0.05)
"""

# Daemon threads whose callbacks and hooks raise while the interpreter
# exits: the exception translator and the dispatcher's callback path too.
DAEMON_THREADS_IN_FAILING_CALLS_AT_EXIT = """
import sys, threading, time
sys.path.insert(0, sys.argv[1])
import ohbridge
dev = ohbridge.connect("stub")
wa = dev.want_agent
def worker():
    while True:
        try:
            wa.get_want_agent({"wants": [], "operationType": 1, "requestCode": 0})
        except ohbridge.errors.BusinessError:
            pass
def triggers():
    agent = wa.get_want_agent({"wants": [{"bundleName": "com.example.myapplication", "abilityName": "EntryAbility"}],
                               "operationType": 1, "requestCode": 0})
    while True:
        wa.trigger(agent, {"code": 0}, lambda err, data: time.sleep(0.001))
for target in (worker, worker, triggers):
    threading.Thread(target=target, daemon=True).start()
time.sleep(0.05)
"""

# Fewer under a sanitizer (.ci/sanitizers preloads its runtime): each exit
# costs many times as much there, and the point is its reports.
SANITIZED = any(name in os.environ.get("LD_PRELOAD", "") for name in ("libasan", "libtsan"))
RUNS = 12 if SANITIZED else 100
AT_ONCE = 4


def exit_codes(script: str, runs: int) -> List[int]:
    # These scripts exit on purpose with threads running or stopped but never joined (daemon
    # threads, dispatchers a forced unwind parked): under the TSan job (.ci/sanitizers) that is
    # a "thread leak" report and exit code 66 by design, not a race; races are still reported.
    env = dict(os.environ)
    if env.get("TSAN_OPTIONS"):
        env["TSAN_OPTIONS"] += ":report_thread_leaks=0"
    codes: List[int] = []
    for start in range(0, runs, AT_ONCE):
        procs = [
            subprocess.Popen([sys.executable, "-c", script, PACKAGE_PARENT],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
            for _ in range(min(AT_ONCE, runs - start))
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=100)
            assert b"Fatal Python error" not in err, err.decode(errors="replace")
            codes.append(proc.returncode)
    return codes


@pytest.mark.timeout(900)
def test_no_python_object_is_destroyed_in_the_forced_unwind_of_a_daemon_thread() -> None:
    codes = exit_codes(DAEMON_THREADS_IN_CALLS_AT_EXIT, RUNS)
    crashes = [c for c in codes if c != 0]
    assert crashes == [], f"{len(crashes)} of {RUNS} exits failed: {sorted(set(crashes))} (-{int(signal.SIGSEGV)} is SIGSEGV)"


@pytest.mark.timeout(900)
def test_exit_while_daemon_threads_raise_and_callbacks_run_is_clean() -> None:
    codes = exit_codes(DAEMON_THREADS_IN_FAILING_CALLS_AT_EXIT, RUNS // 3)
    assert [c for c in codes if c != 0] == []
