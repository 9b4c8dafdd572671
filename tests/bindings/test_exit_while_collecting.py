"""Interpreter exit while the collector runs finalizers inside ohbridge's conversions and
callback releases: never a crash, never std::terminate.

Every allocation of a container (a list, a dict, a tuple) may run the garbage collector, and a
finalizer is Python code, which may hand the GIL to another thread.  On CPython < 3.14 a thread
other than the main one that re-takes the GIL while the interpreter finalizes is ended by a
forced unwind (CPython Python/ceval_gil.c ``take_gil`` -> ``PyThread_exit_thread``).  Two places
met it:

* ``to_python`` (native/bindings/convert.cpp) held its partial result in ``pybind11::object``\\ s,
  released in the unwind with no thread state; it now builds with raw references;
* ``PyFunctionRef::~PyFunctionRef`` (native/bindings/py_callbacks.cpp) released the callable
  itself when its thread held the GIL: the callable's finalizer ran inside a noexcept destructor,
  and a forced unwind there is std::terminate ("terminate called without an active exception",
  SIGABRT).  Only the main thread, which finalizes and so is never ended, releases directly now.

Before the fix 36 of 50 exits of the first script aborted (SIGABRT); the second did not crash
in 50 runs before the fix either (the window inside a conversion is narrow), and guards the raw
conversion.  Each script makes backends in daemon
threads (so that some outlive the atexit close and have a dispatcher delivering callbacks into
finalization), with the collector's threshold at 1 and a tiny switch interval so that GIL
hand-offs land inside conversions.
"""

from __future__ import annotations

import pytest

from .test_exit_with_daemon_threads import RUNS, START_ALL, describe, exit_failures

PRELUDE = """
import gc, sys, threading, time
""" + START_ALL + """sys.path.insert(0, sys.argv[1])
from ohbridge.backends.stub import StubBackend
# 10 us, not 1 us: at 1 us the GIL changed hands so often that glibc's condition variable in
# CPython's forced switch (ceval_gil.h, switch_cond) deadlocked now and then (a signaller stuck in
# __condvar_quiesce_and_switch_g1, every other thread in take_gil/drop_gil, no ohbridge frame: 1
# exit in ~200-600 hung so).  At 10 us: none in 1,000 exits, hand-offs still land in conversions.
sys.setswitchinterval(1e-5)

class Dies:
    # A finalizer long enough in bytecode that the GIL changes hands inside it.
    def __del__(self):
        n = 0
        for i in range(3000):
            n += i

class Cycle(Dies):
    def __init__(self):
        self.me = self  # freed only by the collector

WANT = {"wants": [{"bundleName": "com.example.myapplication", "abilityName": "EntryAbility",
                   "parameters": {"k%d" % i: [i, str(i), {"x": i}] for i in range(20)}}],
        "operationType": 1, "requestCode": 0}
gc.set_threshold(1, 1, 1)

def garbage():
    while True:
        Cycle()
"""

# Callables that die in the dispatcher thread and in the calling threads, their finalizers
# running Python code, while the interpreter exits.
CALLBACKS_DYING_AT_EXIT = PRELUDE + """
def calls():
    while True:
        b = StubBackend()
        _, agent = b.invoke("wantAgent.getWantAgent", [WANT])
        for _ in range(50):
            b.invoke("wantAgent.trigger", [agent, {"code": 0}, lambda err, data, keep=Dies(): None])
start_all(garbage, calls, calls, calls)
time.sleep(0.1)
"""

# Large results converted on daemon threads while the collector runs finalizers.
CONVERSIONS_AT_EXIT = PRELUDE + """
def calls():
    while True:
        b = StubBackend()
        _, agent = b.invoke("wantAgent.getWantAgent", [WANT])
        for _ in range(50):
            b.invoke("wantAgent.getWant", [agent])
            b.invoke("wantAgent.trigger", [agent, {"code": 0}, lambda err, data: None])
start_all(garbage, calls, calls, calls)
time.sleep(0.1)
"""


@pytest.mark.timeout(900)
def test_a_callable_released_by_a_thread_at_exit_never_terminates_the_process() -> None:
    failures = exit_failures(CALLBACKS_DYING_AT_EXIT, RUNS // 2)
    assert failures == [], describe(failures, RUNS // 2)


@pytest.mark.timeout(900)
def test_a_conversion_cut_short_at_exit_never_crashes() -> None:
    failures = exit_failures(CONVERSIONS_AT_EXIT, RUNS // 2)
    assert failures == [], describe(failures, RUNS // 2)
