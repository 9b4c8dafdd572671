#include "py_callbacks.h"

#include <atomic>
#include <mutex>
#include <vector>

#include "convert.h"
#include "gil.h"

namespace ohbridge::py {

bool interpreter_finalizing() {
#if PY_VERSION_HEX >= 0x030D0000
    return Py_IsFinalizing() != 0;
#else
    return _Py_IsFinalizing() != 0;
#endif
}

namespace {
// References dropped by threads where releasing them could end in a forced
// unwind.  Releasing one may run a finalizer (Python code, which may hand the
// GIL over); at interpreter exit a thread other than the main one that re-takes
// the GIL is ended by pthread_exit, and out of a destructor (noexcept) that is
// std::terminate.  A thread without the GIL must not take it here at all: it
// may hold the world lock (a re-registration overwriting callbacks).  So every
// thread but the main one leaves them here, and they are released where a
// forced unwind is harmless: see release_dropped_references and PySink.
std::mutex graveyard_mu;
std::vector<PyObject*> graveyard;

std::vector<PyObject*> take_graveyard() {
    std::vector<PyObject*> dead;
    std::lock_guard<std::mutex> lock(graveyard_mu);
    dead.swap(graveyard);
    return dead;
}

// Raw references only: a forced unwind out of a finalizer leaks the rest.
void release_all(const std::vector<PyObject*>& dead) {
    for (PyObject* o : dead) Py_DECREF(o);
}

// The main thread finalizes the interpreter; it is never ended by a forced
// unwind.  Compared by thread id, which needs no thread state
// (_PyOS_IsMainThread reads the current one: a crash without the GIL).
std::atomic<unsigned long> main_thread_ident{0};

bool on_main_thread() { return PyThread_get_thread_ident() == main_thread_ident.load(std::memory_order_relaxed); }
}  // namespace

void remember_main_thread() {
    pyb::object main = pyb::module_::import("threading").attr("main_thread")();
    main_thread_ident.store(main.attr("ident").cast<unsigned long>(), std::memory_order_relaxed);
}

void release_dropped_references() {
    std::vector<PyObject*> dead = take_graveyard();
    if (dead.empty()) return;
    if (interpreter_finalizing()) return;  // leak: too late to run finalizers
    // Called on threads of Python's own, inside pybind11 functions and
    // destructors: a thread ended meanwhile is parked, never unwound.
    park_on_forced_unwind([&dead] { release_all(dead); });
}

namespace {
// For the dispatcher thread, which must be let end (closing the backend joins it).
void release_dropped_references_unparked() {
    std::vector<PyObject*> dead = take_graveyard();
    if (!dead.empty() && !interpreter_finalizing()) release_all(dead);
}
}  // namespace

PyFunctionRef::~PyFunctionRef() {
    if (!fn_) return;
    if (!Py_IsInitialized() || interpreter_finalizing()) {
        // Too late to touch reference counts safely: leak the reference.
        fn_.release();
        return;
    }
    if (PyGILState_Check() && on_main_thread()) {
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
// Raw references, like the conversion itself (convert.h).
PyObject* python_args(const std::vector<Value>& args) {
    PyObject* tuple = PyTuple_New(static_cast<Py_ssize_t>(args.size()));
    if (tuple == nullptr) return nullptr;
    for (std::size_t i = 0; i < args.size(); ++i) {
        PyObject* item = to_python_new_reference(args[i]);
        if (item == nullptr) {
            Py_DECREF(tuple);
            return nullptr;
        }
        PyTuple_SET_ITEM(tuple, static_cast<Py_ssize_t>(i), item);
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
    // Drop the references while the GIL is held (this thread's go to the
    // graveyard, then are released here).
    batch.clear();
    release_dropped_references_unparked();
    PyGILState_Release(gil);
}

void PySink::discard(std::vector<ScheduledCall>& batch) {
    if (!Py_IsInitialized() || interpreter_finalizing()) {
        batch.clear();  // PyFunctionRef leaks its reference on its own
        return;
    }
    PyGILState_STATE gil = PyGILState_Ensure();  // raw, as in deliver()
    batch.clear();
    release_dropped_references_unparked();
    PyGILState_Release(gil);
}

}  // namespace ohbridge::py
