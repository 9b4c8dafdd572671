#include "py_callbacks.h"

#include <mutex>
#include <vector>

#include "convert.h"

namespace ohbridge::py {

bool interpreter_finalizing() {
#if PY_VERSION_HEX >= 0x030D0000
    return Py_IsFinalizing() != 0;
#else
    return _Py_IsFinalizing() != 0;
#endif
}

namespace {
// References dropped by threads that do not hold the GIL.  Taking the GIL
// from a destructor is what must not happen: the thread may hold the world
// lock (a re-registration overwriting callbacks), and at interpreter exit a
// daemon thread that takes the GIL is ended by pthread_exit, which out of a
// noexcept destructor is std::terminate.  So they wait here until a thread
// that holds the GIL anyway releases them.
std::mutex graveyard_mu;
std::vector<PyObject*> graveyard;
}  // namespace

void release_dropped_references() {
    std::vector<PyObject*> dead;
    {
        std::lock_guard<std::mutex> lock(graveyard_mu);
        if (graveyard.empty()) return;
        dead.swap(graveyard);
    }
    if (interpreter_finalizing()) return;  // leak: too late to run finalizers
    for (PyObject* o : dead) Py_DECREF(o);
}

PyFunctionRef::~PyFunctionRef() {
    if (!fn_) return;
    if (!Py_IsInitialized() || interpreter_finalizing()) {
        // Too late to touch reference counts safely: leak the reference.
        fn_.release();
        return;
    }
    if (PyGILState_Check()) {
        fn_ = pyb::object();
        return;
    }
    std::lock_guard<std::mutex> lock(graveyard_mu);
    graveyard.push_back(fn_.release().ptr());
}

bool PyFunctionRef::same_function(const FunctionRef& other) const {
    auto* o = dynamic_cast<const PyFunctionRef*>(&other);
    return o != nullptr && o->fn_.ptr() == fn_.ptr();
}

namespace {
void report(pyb::error_already_set& e, const pyb::object& fn) {
    try {
        pyb::module_::import("ohbridge._dispatch").attr("report_callback_error")(fn, e.value());
    } catch (pyb::error_already_set& inner) {
        inner.discard_as_unraisable("ohbridge callback error reporter");
    }
}
}  // namespace

void PySink::deliver(std::vector<ScheduledCall>& batch, const std::atomic<bool>& abandon) {
    if (batch.empty()) return;
    if (!Py_IsInitialized() || interpreter_finalizing()) {
        discard(batch);
        return;
    }
    pyb::gil_scoped_acquire gil;
    for (auto& call : batch) {
        if (abandon.load(std::memory_order_relaxed)) break;
        auto* ref = dynamic_cast<PyFunctionRef*>(call.fn.get());
        if (ref == nullptr) continue;
        try {
            pyb::tuple args(call.args.size());
            for (std::size_t i = 0; i < call.args.size(); ++i) {
                args[i] = to_python(call.args[i]);
            }
            ref->function()(*args);
        } catch (pyb::error_already_set& e) {
            report(e, ref->function());
        } catch (const std::exception& e) {
            PyErr_SetString(PyExc_RuntimeError, e.what());
            pyb::error_already_set err;
            report(err, ref->function());
        }
    }
    // Drop the references while the GIL is held.
    batch.clear();
    release_dropped_references();
}

void PySink::discard(std::vector<ScheduledCall>& batch) {
    if (!Py_IsInitialized() || interpreter_finalizing()) {
        batch.clear();  // PyFunctionRef leaks its reference on its own
        return;
    }
    pyb::gil_scoped_acquire gil;
    batch.clear();
}

}  // namespace ohbridge::py
