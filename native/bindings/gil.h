// Releasing the GIL around native work, safely at interpreter exit.
#pragma once

#include <Python.h>

namespace ohbridge::py {

// Like pybind11::gil_scoped_release, except that re-taking the GIL may throw.
// On CPython < 3.14 a non-main thread that re-takes the GIL while the
// interpreter finalizes (a daemon thread still inside an ohbridge call) is
// ended with pthread_exit, i.e. a forced unwind.  Out of a noexcept destructor
// that is std::terminate; out of this one it unwinds the thread cleanly
// (pybind11 rethrows abi::__forced_unwind).
class GilRelease {
public:
    GilRelease() : state_(PyEval_SaveThread()) {}
    ~GilRelease() noexcept(false) { PyEval_RestoreThread(state_); }
    GilRelease(const GilRelease&) = delete;
    GilRelease& operator=(const GilRelease&) = delete;

private:
    PyThreadState* state_;
};

}  // namespace ohbridge::py
