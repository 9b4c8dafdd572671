// Releasing the GIL around native work, safely at interpreter exit.
#pragma once

#include <Python.h>

#include <chrono>
#include <cxxabi.h>
#include <thread>

namespace ohbridge::py {

bool interpreter_finalizing();

// A thread that may not return to Python: keep it here until the process
// ends.  This is what CPython 3.14 itself does with such threads.
[[noreturn]] inline void park_thread_forever() {
    for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
}

// Like pybind11::gil_scoped_release, for the one case it gets wrong.
// On CPython < 3.14 a non-main thread that re-takes the GIL while the
// interpreter finalizes (a daemon thread still inside an ohbridge call) is
// ended with pthread_exit: a forced unwind.  Out of a noexcept destructor
// that is std::terminate; let through, it runs the destructors of the
// pybind11 frames above, which drop Python references without the GIL and
// corrupt reference counts (a crash later, in the GC or at exit).  So the
// thread is parked instead: it never unwinds and never touches Python again.
class GilRelease {
public:
    GilRelease() : state_(PyEval_SaveThread()) {}
    ~GilRelease() {
        if (interpreter_finalizing()) park_thread_forever();
        try {
            PyEval_RestoreThread(state_);
        } catch (abi::__forced_unwind&) {
            park_thread_forever();  // never rethrown: the unwind must not reach Python frames
        }
    }
    GilRelease(const GilRelease&) = delete;
    GilRelease& operator=(const GilRelease&) = delete;

private:
    PyThreadState* state_;
};

}  // namespace ohbridge::py
