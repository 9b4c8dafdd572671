// Python objects <-> the core's JS-shaped Value.
#pragma once

#include <pybind11/pybind11.h>

#include "ohbridge/value.h"

namespace ohbridge::py {

namespace pyb = pybind11;

// The wrapped native handle (a JS object wrapping a native, e.g. WantAgent).
struct PyHandle {
    HandlePtr handle;
};

// Marks JS `undefined` (Python None is JS null).
struct UndefinedType {};

// What cannot be represented becomes a Foreign object, which validation then
// rejects with the module's own 401 message.  Only what is not a conversion
// failure raises (pybind11::error_already_set, the Python exception as it
// was): a KeyboardInterrupt or SystemExit out of an __ohbridge_js__ hook, a
// MemoryError.
Value from_python(pyb::handle obj);
// Callers on a thread of Python's own: a forced unwind at interpreter exit
// parks the thread (gil.h).
pyb::object to_python(const Value& v);
// Raw references only, for the dispatcher thread, which must be let end: a
// new reference, or nullptr with a Python error set; never a C++ exception,
// and nothing owned that a forced unwind would release.
PyObject* to_python_new_reference(const Value& v);

}  // namespace ohbridge::py
