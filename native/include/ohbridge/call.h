// How a call into a module ends, in the terms of the JS API: it throws
// synchronously (a BusinessError exception), or it settles its promise now,
// or later, or it has handed its result to the caller's AsyncCallback.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "ohbridge/dispatcher.h"
#include "ohbridge/errors.h"
#include "ohbridge/value.h"

namespace ohbridge {

// The err argument of an AsyncCallback, or the rejection of a promise.
Value error_value(std::int32_t code, const std::string& message);
inline Value error_value(const BusinessError& e) { return error_value(e.code(), e.message()); }

// A promise the core settles later (continueMission by bundle name settles
// when the continuation completes, not when it is accepted).
class Deferred {
public:
    explicit Deferred(std::weak_ptr<Dispatcher> dispatcher) : dispatcher_(std::move(dispatcher)) {}

    void resolve(Value v);
    void reject(std::int32_t code, std::string message);
    // Call fn(err, data) from the dispatcher once settled (now, if already).
    void then(FunctionPtr fn, Value success_err = Value::undefined());
    // Wait for settlement; nullopt on timeout.
    bool wait(std::int64_t timeout_ms);
    bool settled() const;
    // After settlement: the error (code != 0) or the value.
    std::int32_t code() const;
    std::string message() const;
    Value value() const;

private:
    void fire_locked(std::unique_lock<std::mutex>& lock);
    std::weak_ptr<Dispatcher> dispatcher_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    bool settled_ = false;
    std::int32_t code_ = 0;
    std::string message_;
    Value value_;
    FunctionPtr callback_;
    Value success_err_;
};

struct Outcome {
    enum class Kind { Resolved, Rejected, Pending, ViaCallback };
    Kind kind = Kind::Resolved;
    Value value;
    std::int32_t code = 0;
    std::string message;
    std::shared_ptr<Deferred> deferred;

    static Outcome resolved(Value v = Value::undefined()) {
        Outcome o;
        o.value = std::move(v);
        return o;
    }
    static Outcome rejected(std::int32_t code, std::string message) {
        Outcome o;
        o.kind = Kind::Rejected;
        o.code = code;
        o.message = std::move(message);
        return o;
    }
    static Outcome rejected(const BusinessError& e) { return rejected(e.code(), e.message()); }
    static Outcome pending(std::shared_ptr<Deferred> d) {
        Outcome o;
        o.kind = Kind::Pending;
        o.deferred = std::move(d);
        return o;
    }
    static Outcome via_callback() {
        Outcome o;
        o.kind = Kind::ViaCallback;
        return o;
    }
};

// Ends an async call: with a JS callback, post callback(err, data) and report
// ViaCallback; without one, return the outcome as the promise's settlement.
// `success_err` is what the module passes as err on success (undefined for
// distributedMissionManager, null for app.ability.wantAgent).
Outcome settle(Dispatcher& dispatcher, const FunctionPtr& callback, Outcome outcome,
               const Value& success_err);

}  // namespace ohbridge
