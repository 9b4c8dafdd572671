// ohbridge._native: the pybind11 module.  Thin by design: conversion, GIL
// handling and error translation; the semantics live in the core.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "convert.h"
#include "gil.h"
#include "ohbridge/call.h"
#include "ohbridge/errors.h"
#include "ohbridge/want.h"
#include "py_callbacks.h"

namespace pyb = pybind11;
using namespace ohbridge;

void bind_stub(pyb::module_& m);

namespace ohbridge::py {
// (kind, payload) for an Outcome: 0 resolved -> value; 1 rejected ->
// (code, message); 2 pending -> Deferred; 3 handed to the callback -> None.
pyb::tuple outcome_to_python(Outcome&& o) {
    switch (o.kind) {
        case Outcome::Kind::Resolved: {
            // Raw until the tuple is whole: building it may run the collector,
            // and a thread ended there must not unwind through an owned
            // conversion result (convert.h).
            PyObject* pair = park_on_forced_unwind([&o] {
                PyObject* value = to_python_new_reference(o.value);
                return value != nullptr ? Py_BuildValue("(iN)", 0, value) : nullptr;
            });
            if (pair == nullptr) throw pyb::error_already_set();
            return pyb::reinterpret_steal<pyb::tuple>(pair);
        }
        case Outcome::Kind::Rejected:
            return pyb::make_tuple(1, pyb::make_tuple(o.code, o.message));
        case Outcome::Kind::Pending:
            return pyb::make_tuple(2, pyb::cast(o.deferred));
        case Outcome::Kind::ViaCallback:
            break;
    }
    return pyb::make_tuple(3, pyb::none());
}
}  // namespace ohbridge::py

PYBIND11_MODULE(_native, m) {
    m.doc() = "ohbridge native core";
    py::remember_main_thread();
#ifdef OHBRIDGE_VERSION
    m.attr("__version__") = OHBRIDGE_VERSION;
#endif

    // A JS BusinessError thrown synchronously becomes the matching
    // ohbridge.errors class.
    pyb::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const BusinessError& e) {
            // Translators run with the GIL held.  Building the error runs
            // Python code, which may re-take the GIL at exit: raw references
            // and park_on_forced_unwind (gil.h), no pybind11 objects.
            std::int32_t code = e.code();
            const std::string& message = e.message();
            py::park_on_forced_unwind([code, &message] {
                PyObject* errors = PyImport_ImportModule("ohbridge.errors");
                if (errors == nullptr) return;
                PyObject* text = PyUnicode_DecodeUTF8(message.data(), static_cast<Py_ssize_t>(message.size()), "replace");
                PyObject* exc = PyObject_CallMethod(errors, "error_for", "iN", static_cast<int>(code), text);
                Py_DECREF(errors);
                if (exc == nullptr) return;  // its own error is what is raised
                PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc)), exc);
                Py_DECREF(exc);
            });
        }
    });

    pyb::class_<py::PyHandle>(m, "Handle", "A native object wrapped for Python (a WantAgent's target).")
        .def_property_readonly("kind", [](const py::PyHandle& h) { return std::string(h.handle->kind()); })
        .def("same_native", [](const py::PyHandle& a, const py::PyHandle& b) { return a.handle == b.handle; })
        .def("__repr__", [](const py::PyHandle& h) { return std::string("<native ") + h.handle->kind() + ">"; });

    pyb::class_<py::UndefinedType>(m, "UndefinedType")
        .def("__repr__", [](const py::UndefinedType&) { return "undefined"; })
        .def("__bool__", [](const py::UndefinedType&) { return false; });
    m.attr("undefined") = py::UndefinedType{};

    pyb::class_<Deferred, std::shared_ptr<Deferred>>(m, "Deferred", "A promise the core settles later.")
        .def(
            "wait",
            [](Deferred& d, std::optional<double> timeout) {
                std::int64_t ms = timeout ? static_cast<std::int64_t>(*timeout * 1000.0) : -1;
                py::GilRelease release;
                return d.wait(ms);
            },
            pyb::arg("timeout") = pyb::none())
        .def_property_readonly("settled", &Deferred::settled)
        .def("result",
             [](Deferred& d) -> pyb::tuple {
                 if (!d.settled()) throw std::runtime_error("not settled");
                 if (d.code() != 0) return pyb::make_tuple(1, pyb::make_tuple(d.code(), d.message()));
                 return pyb::make_tuple(0, py::to_python(d.value()));
             })
        .def("then", [](Deferred& d, pyb::object fn) {
            d.then(std::make_shared<py::PyFunctionRef>(std::move(fn)), Value::undefined());
        });

    // The error tables, so that Python never duplicates a message.
    m.def("want_agent_error_message", &want_agent_error_message);
    m.def("dmm_error_message", &dmm_error_message);
    m.def(
        "dmm_js_code",
        [](std::int32_t native_code, int api_version) {
            ApiProfile p;
            p.api_version = api_version;
            return dmm_js_code(native_code, p);
        },
        pyb::arg("native_code"), pyb::arg("api_version") = 20);

    // For tests of the value model itself.
    m.def("roundtrip", [](pyb::handle obj) { return py::to_python(py::from_python(obj)); });
    m.def("js_typeof_object", [](pyb::handle obj) { return py::from_python(obj).is_object(); });
    m.def("params_equal", [](pyb::handle a, pyb::handle b) {
        auto pa = unwrap_want_params(py::from_python(a));
        auto pb = unwrap_want_params(py::from_python(b));
        if (!pa || !pb) throw std::invalid_argument("not convertible to WantParams");
        return pa->deep_equals(*pb);
    });

    bind_stub(m);
}
