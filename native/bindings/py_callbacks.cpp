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
    auto* o = tag_cast<const PyFunctionRef>(&other);
    return o != nullptr && o->fn_.ptr() == fn_.ptr();
}

namespace {
// Hands the pending Python error to ohbridge._dispatch.report_callback_error.
// Raw references only, here and in deliver(): if the interpreter finalizes
// while a callback runs, the dispatcher thread is ended by pthread_exit when
// it re-takes the GIL, and the forced unwind must find no C++ object that
// would drop a Python reference on its way (no thread state: a segfault).
// The thread is let end, not parked: closing the backend joins it.
void report_pending_error(PyObject* fn) {
    PyObject* type = nullptr;
    PyObject* value = nullptr;
    PyObject* tb = nullptr;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (value != nullptr && tb != nullptr) PyException_SetTraceback(value, tb);
    PyObject* dispatch = PyImport_ImportModule("ohbridge._dispatch");
    PyObject* reported = nullptr;
    if (dispatch != nullptr) {
        reported = PyObject_CallMethod(dispatch, "report_callback_error", "OO", fn, value != nullptr ? value : Py_None);
        Py_DECREF(dispatch);
    }
    if (reported == nullptr) PyErr_WriteUnraisable(fn);
    Py_XDECREF(reported);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}

// A new tuple of the call's arguments, or nullptr with a Python error set.
PyObject* python_args(const std::vector<Value>& args) {
    PyObject* tuple = PyTuple_New(static_cast<Py_ssize_t>(args.size()));
    if (tuple == nullptr) return nullptr;
    try {
        for (std::size_t i = 0; i < args.size(); ++i) {
            PyTuple_SET_ITEM(tuple, static_cast<Py_ssize_t>(i), to_python(args[i]).release().ptr());
        }
    } catch (pyb::error_already_set& e) {
        Py_DECREF(tuple);
        e.restore();
        return nullptr;
    } catch (const std::exception& e) {
        Py_DECREF(tuple);
        PyErr_SetString(PyExc_RuntimeError, e.what());
        return nullptr;
    }
    return tuple;
}
}  // namespace

void PySink::deliver(std::vector<ScheduledCall>& batch, const std::atomic<bool>& abandon) {
    if (batch.empty()) return;
    if (!Py_IsInitialized() || interpreter_finalizing()) {
        discard(batch);
        return;
    }
    // Not gil_scoped_acquire: its destructor would run in the forced unwind.
    PyGILState_STATE gil = PyGILState_Ensure();
    for (auto& call : batch) {
        if (abandon.load(std::memory_order_relaxed)) break;
        auto* ref = tag_cast<PyFunctionRef>(call.fn.get());
        if (ref == nullptr) continue;
        PyObject* fn = ref->function().ptr();
        PyObject* args = python_args(call.args);
        PyObject* result = args != nullptr ? PyObject_Call(fn, args, nullptr) : nullptr;
        Py_XDECREF(args);
        if (result == nullptr) {
            report_pending_error(fn);
        } else {
            Py_DECREF(result);
        }
    }
    // Drop the references while the GIL is held.
    batch.clear();
    release_dropped_references();
    PyGILState_Release(gil);
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
