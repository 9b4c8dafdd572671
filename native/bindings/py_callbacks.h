// Python callables as FunctionRefs, and the sink that calls them from the
// dispatcher thread.  All GIL handling for callbacks lives here.
#pragma once

#include <pybind11/pybind11.h>

#include "ohbridge/dispatcher.h"
#include "ohbridge/value.h"

namespace ohbridge::py {

namespace pyb = pybind11;

// True once the interpreter has started to finalize: from then on no thread
// but the main one may take the GIL, so native threads must leave Python alone.
bool interpreter_finalizing();

// Note which thread is Python's main thread (the one that finalizes).  Call
// once, with the GIL held, when the module is imported.
void remember_main_thread();

// Release the Python references that threads without the GIL dropped.
// Call with the GIL held.
void release_dropped_references();

class PyFunctionRef : public FunctionRef {
public:
    explicit PyFunctionRef(pyb::object fn) : fn_(std::move(fn)) {}
    const void* type_tag() const override { return type_tag_of<PyFunctionRef>(); }
    ~PyFunctionRef() override;
    bool same_function(const FunctionRef& other) const override;
    const pyb::object& function() const { return fn_; }

private:
    pyb::object fn_;
};

// Delivers a batch under one GIL acquisition.  A callback that raises is
// reported through logging (ohbridge._dispatch.report_callback_error) and the
// dispatcher carries on.
class PySink : public CallbackSink {
public:
    void deliver(std::vector<ScheduledCall>& batch, const std::atomic<bool>& abandon) override;
    void discard(std::vector<ScheduledCall>& batch) override;
};

}  // namespace ohbridge::py
