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
from typing import List, NamedTuple

import pytest

import ohbridge

PACKAGE_PARENT = str(Path(ohbridge.__file__).resolve().parent.parent)

# How each script starts its threads: none works until all exist.  Thread.start() waits for the
# new thread to run, and threads already hammering the GIL (with a tiny switch interval, under a
# sanitizer) starved that start for minutes, past the exit the test is about.
START_ALL = """
def start_all(*targets):
    go = threading.Event()
    def gated(target):
        go.wait()
        target()
    for target in targets:
        threading.Thread(target=gated, args=(target,), daemon=True).start()
    go.set()
"""

# Three daemon threads converting a WantAgent argument (the hook) in a loop
# while the main thread exits.
DAEMON_THREADS_IN_CALLS_AT_EXIT = """
import sys, threading, time
""" + START_ALL + """
sys.path.insert(0, sys.argv[1])
import ohbridge
dev = ohbridge.connect("stub")
wa = dev.want_agent
agent = wa.get_want_agent({"wants": [{"bundleName": "com.example.myapplication", "abilityName": "EntryAbility"}],
                           "operationType": 1, "requestCode": 0})
def worker():
    while True:
        wa.get_uid(agent)
start_all(worker, worker, worker)
time.sleep(0.05)
"""

# Daemon threads whose callbacks and hooks raise while the interpreter
# exits: the exception translator and the dispatcher's callback path too.
DAEMON_THREADS_IN_FAILING_CALLS_AT_EXIT = """
import sys, threading, time
""" + START_ALL + """
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
start_all(worker, worker, triggers)
time.sleep(0.05)
"""

# Fewer under a sanitizer (.ci/sanitizers preloads its runtime): each exit
# costs many times as much there, and the point is its reports.
SANITIZED = any(name in os.environ.get("LD_PRELOAD", "") for name in ("libasan", "libtsan"))
RUNS = 12 if SANITIZED else 100
AT_ONCE = 4


class ExitFailure(NamedTuple):
    code: int
    stderr: str  # the tail: a sanitizer's report, or the signal's trace


def exit_failures(script: str, runs: int) -> List[ExitFailure]:
    """The runs of ``script`` that did not exit 0, each with the end of what it printed."""
    # These scripts exit on purpose with threads running or stopped but never joined (daemon
    # threads, dispatchers a forced unwind parked): under the TSan job (.ci/sanitizers) that is
    # a "thread leak" report and exit code 66 by design, not a race; races are still reported.
    env = dict(os.environ)
    if env.get("TSAN_OPTIONS"):
        env["TSAN_OPTIONS"] += ":report_thread_leaks=0"
    failures: List[ExitFailure] = []
    for start in range(0, runs, AT_ONCE):
        procs = [
            subprocess.Popen([sys.executable, "-c", script, PACKAGE_PARENT],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
            for _ in range(min(AT_ONCE, runs - start))
        ]
        for proc in procs:
            try:
                _, err = proc.communicate(timeout=100)
            except subprocess.TimeoutExpired:  # a hang at exit is a failure too, and is not left running
                proc.kill()
                _, err = proc.communicate()
                err += b"\n(killed: still running 100 s after it was started)"
            text = err.decode(errors="replace")
            assert "Fatal Python error" not in text, text
            if proc.returncode != 0:
                failures.append(ExitFailure(proc.returncode, text[-4000:]))
    return failures


def describe(failures: List[ExitFailure], runs: int) -> str:
    """One line of counts and exit codes, then the first failure's own words (CI shows no more)."""
    codes = sorted({f.code for f in failures})
    head = (f"{len(failures)} of {runs} exits failed: {codes} "
            f"(-{int(signal.SIGABRT)} is SIGABRT, -{int(signal.SIGSEGV)} SIGSEGV, 66 a TSan report)")
    return head + ("\n" + failures[0].stderr if failures else "")


@pytest.mark.timeout(900)
def test_no_python_object_is_destroyed_in_the_forced_unwind_of_a_daemon_thread() -> None:
    failures = exit_failures(DAEMON_THREADS_IN_CALLS_AT_EXIT, RUNS)
    assert failures == [], describe(failures, RUNS)


@pytest.mark.timeout(900)
def test_exit_while_daemon_threads_raise_and_callbacks_run_is_clean() -> None:
    failures = exit_failures(DAEMON_THREADS_IN_FAILING_CALLS_AT_EXIT, RUNS // 3)
    assert failures == [], describe(failures, RUNS // 3)
