// Releasing the GIL around native work, and calling into Python, safely at
// interpreter exit.
#pragma once

#include <Python.h>

#include <chrono>
#include <thread>

namespace ohbridge::py {

// A thread that may not return to Python: keep it here until the process
// ends.  This is what CPython 3.14 itself does with such threads.
[[noreturn]] inline void park_thread_forever() {
    for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
}

// On CPython < 3.14 a non-main thread that re-takes the GIL while the
// interpreter finalizes (a daemon thread still inside an ohbridge call) is
// ended with pthread_exit: a forced unwind.  Let through, it runs the
// destructors of every C++ frame above, and a pybind11::object destroyed
// there drops a reference (and may free the object) with no thread state:
// a segfault.  So each point where the GIL may be re-taken is wrapped here,
// and a thread that is being ended is parked instead: it never unwinds and
// never touches Python again.
//
// `fn` is a CPython C API call (or a lambda of raw C API calls that owns no
// C++ object): it cannot throw a C++ exception, so what reaches catch (...)
// is the forced unwind.  It is caught with catch (...), not by its type:
// abi::__forced_unwind has no object, and binding a reference to it is
// undefined behaviour (UBSan: reference binding to null pointer).
template <typename Fn>
auto park_on_forced_unwind(Fn&& fn) -> decltype(fn()) {
    try {
        return fn();
    } catch (...) {
        park_thread_forever();  // never rethrown: the unwind must not reach frames that own Python objects
    }
}

// Like pybind11::gil_scoped_release, for the one case it gets wrong: the
// re-take at interpreter exit (see park_on_forced_unwind).  Out of a
// noexcept destructor a forced unwind is std::terminate.
class GilRelease {
public:
    GilRelease() : state_(PyEval_SaveThread()) {}
    ~GilRelease() {
        // Not parked for finalizing alone: the finalizing thread (a backend
        // closed by the interpreter's own teardown) re-takes the GIL fine.
        PyThreadState* state = state_;
        park_on_forced_unwind([state] { PyEval_RestoreThread(state); });
    }
    GilRelease(const GilRelease&) = delete;
    GilRelease& operator=(const GilRelease&) = delete;

private:
    PyThreadState* state_;
};

}  // namespace ohbridge::py
