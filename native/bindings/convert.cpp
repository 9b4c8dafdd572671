#include "convert.h"

#include <limits>
#include <string>

#include "gil.h"
#include "py_callbacks.h"

namespace ohbridge::py {

namespace {

// Deeper than any real argument; it stops self-referencing containers from
// exhausting the C stack.
constexpr int kMaxDepth = 200;

Value foreign(pyb::handle obj) {
    return Value(Foreign{Py_TYPE(obj.ptr())->tp_name});
}

// Clears the pending error if it is the conversion failure `expected`;
// anything else (MemoryError, KeyboardInterrupt, ...) propagates as itself.
void clear_only(PyObject* expected) {
    if (!PyErr_ExceptionMatches(expected)) throw pyb::error_already_set();
    PyErr_Clear();
}

// A Python str with surrogate code points is what a JS string holding UTF-16
// units looks like.  Read it as JS would: through UTF-16, so a surrogate pair
// becomes its character and a lone surrogate U+FFFD (what
// napi_get_value_string_utf8 yields), instead of failing.
std::string utf8_of(pyb::handle s) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(s.ptr(), &size);
    if (data != nullptr) return std::string(data, static_cast<std::size_t>(size));
    clear_only(PyExc_UnicodeError);
    // The codec lookup may run Python code, and so may re-take the GIL.
    PyObject* raw = park_on_forced_unwind(
        [&] { return PyUnicode_AsEncodedString(s.ptr(), "utf-16-le", "surrogatepass"); });
    if (raw == nullptr) throw pyb::error_already_set();  // surrogatepass encodes every str
    pyb::object utf16 = pyb::reinterpret_steal<pyb::object>(raw);
    int order = -1;  // little endian
    pyb::object fixed = pyb::reinterpret_steal<pyb::object>(PyUnicode_DecodeUTF16(
        PyBytes_AS_STRING(utf16.ptr()), PyBytes_GET_SIZE(utf16.ptr()), "replace", &order));
    if (!fixed) throw pyb::error_already_set();  // "replace" decodes every byte string
    data = PyUnicode_AsUTF8AndSize(fixed.ptr(), &size);
    if (data == nullptr) throw pyb::error_already_set();
    return std::string(data, static_cast<std::size_t>(size));
}

// What an object says it is in JS (its __ohbridge_js__()), or nullptr if it
// has no hook.  Both the lookup (a __getattr__, a property) and the hook run
// Python code, so both may re-take the GIL: park_on_forced_unwind, with no
// owned object alive across either call.  As the agent's encoder
// (backends/agent.py _wire): a missing attribute means no hook, a hook that
// raises an Exception makes the object foreign, and anything else
// (KeyboardInterrupt, SystemExit) propagates as itself.
PyObject* js_of_hook(PyObject* p, bool& failed) {
    failed = false;
    PyObject* hook = park_on_forced_unwind([p] { return PyObject_GetAttrString(p, "__ohbridge_js__"); });
    if (hook == nullptr) {
        clear_only(PyExc_AttributeError);
        return nullptr;
    }
    PyObject* js = park_on_forced_unwind([hook] { return PyObject_CallNoArgs(hook); });
    Py_DECREF(hook);
    if (js == nullptr) {
        clear_only(PyExc_Exception);
        failed = true;
    }
    return js;
}

Value convert(pyb::handle obj, int depth) {
    if (depth > kMaxDepth) return foreign(obj);
    PyObject* p = obj.ptr();
    if (p == Py_None) return Value::null();
    if (PyBool_Check(p)) return Value(p == Py_True);
    if (PyLong_Check(p)) {
        int overflow = 0;
        long long v = PyLong_AsLongLongAndOverflow(p, &overflow);
        if (overflow == 0 && !(v == -1 && PyErr_Occurred())) return Value(static_cast<std::int64_t>(v));
        if (PyErr_Occurred()) throw pyb::error_already_set();  // an exact int always converts or overflows
        double d = PyLong_AsDouble(p);
        if (d == -1.0 && PyErr_Occurred()) {
            clear_only(PyExc_OverflowError);
            d = overflow > 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
        }
        return Value(d);  // a JS number cannot hold it exactly either
    }
    if (PyFloat_Check(p)) return Value(PyFloat_AS_DOUBLE(p));
    if (PyUnicode_Check(p)) return Value(utf8_of(obj));
    if (pyb::isinstance<PyHandle>(obj)) return Value(obj.cast<const PyHandle&>().handle);
    if (pyb::isinstance<UndefinedType>(obj)) return Value::undefined();
    if (PyList_Check(p) || PyTuple_Check(p)) {
        pyb::sequence seq = pyb::reinterpret_borrow<pyb::sequence>(obj);
        Array out;
        out.reserve(static_cast<std::size_t>(pyb::len(seq)));
        for (auto item : seq) out.push_back(convert(item, depth + 1));
        return Value(std::move(out));
    }
    if (PyDict_Check(p)) {
        Object out;
        PyObject* key = nullptr;
        PyObject* val = nullptr;
        Py_ssize_t pos = 0;
        while (PyDict_Next(p, &pos, &key, &val)) {
            // JS property keys are strings; a dict keyed otherwise is not a
            // plain object the API could have been given.
            if (!PyUnicode_Check(key)) return foreign(obj);
            out.emplace_back(utf8_of(key), convert(val, depth + 1));
        }
        return Value(std::move(out));
    }
    if (!PyType_Check(p)) {
        // ohbridge's own value types (dataclasses, WantAgent) say what they
        // are in JS; plain dicts never pay for this lookup.
        bool failed = false;
        PyObject* js = js_of_hook(p, failed);
        if (failed) return foreign(obj);
        if (js != nullptr) {
            pyb::object owned = pyb::reinterpret_steal<pyb::object>(js);
            return convert(owned, depth + 1);
        }
    }
    if (PyCallable_Check(p) && !PyType_Check(p)) {
        return Value(FunctionPtr(std::make_shared<PyFunctionRef>(pyb::reinterpret_borrow<pyb::object>(obj))));
    }
    return foreign(obj);
}

// JS -> Python with raw references only, so that it is safe wherever it is
// cut short.  Every allocation of a container may run the garbage collector,
// and a finalizer it runs is Python code, which may hand the GIL over; at
// interpreter exit a thread that re-takes it is ended by a forced unwind.  A
// frame that owned a pybind11::object would drop its reference in that unwind
// with no thread state (a crash); a raw reference is just leaked, which at
// exit is harmless.  A new reference, or nullptr with a Python error set;
// never a C++ exception.
PyObject* decode_raw(const std::string& s) {
    return PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
}

PyObject* handle_raw(const HandlePtr& h) {
    try {
        return pyb::cast(PyHandle{h}).release().ptr();
    } catch (pyb::error_already_set& e) {
        e.restore();
    } catch (const std::exception& e) {  // not catch (...): a forced unwind must pass
        PyErr_SetString(PyExc_RuntimeError, e.what());
    }
    return nullptr;
}

PyObject* to_python_raw(const Value& v) {
    switch (v.type()) {
        case Value::Type::Undefined:
        case Value::Type::Null:
        case Value::Type::Function:
        case Value::Type::Foreign:
            Py_RETURN_NONE;
        case Value::Type::Bool:
            return PyBool_FromLong(v.as_bool() ? 1 : 0);
        case Value::Type::Int:
            return PyLong_FromLongLong(v.as_int());
        case Value::Type::Double:
            return PyFloat_FromDouble(v.as_double());
        case Value::Type::String:
            return decode_raw(v.as_string());
        case Value::Type::Array: {
            const auto& a = v.as_array();
            PyObject* out = PyList_New(static_cast<Py_ssize_t>(a.size()));
            if (out == nullptr) return nullptr;
            for (std::size_t i = 0; i < a.size(); ++i) {
                PyObject* item = to_python_raw(a[i]);
                if (item == nullptr) {
                    Py_DECREF(out);
                    return nullptr;
                }
                PyList_SET_ITEM(out, static_cast<Py_ssize_t>(i), item);
            }
            return out;
        }
        case Value::Type::Object: {
            PyObject* out = PyDict_New();
            if (out == nullptr) return nullptr;
            for (const auto& m : v.as_object()) {
                PyObject* key = decode_raw(m.first);
                PyObject* val = key != nullptr ? to_python_raw(m.second) : nullptr;
                int failed = val != nullptr ? PyDict_SetItem(out, key, val) : -1;
                Py_XDECREF(key);
                Py_XDECREF(val);
                if (failed != 0) {
                    Py_DECREF(out);
                    return nullptr;
                }
            }
            return out;
        }
        case Value::Type::Handle:
            return handle_raw(v.as_handle());
    }
    Py_RETURN_NONE;
}

}  // namespace

Value from_python(pyb::handle obj) { return convert(obj, 0); }

PyObject* to_python_new_reference(const Value& v) { return to_python_raw(v); }

pyb::object to_python(const Value& v) {
    // A thread of Python's own (its frames above own pybind11 objects) is
    // parked rather than unwound if the interpreter ends it meanwhile.
    PyObject* o = park_on_forced_unwind([&v] { return to_python_raw(v); });
    if (o == nullptr) throw pyb::error_already_set();
    return pyb::reinterpret_steal<pyb::object>(o);
}

}  // namespace ohbridge::py
