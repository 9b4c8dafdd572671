#include "ohbridge/call.h"

namespace ohbridge {

Value error_value(std::int32_t code, const std::string& message) {
    Value v(Object{});
    v.set("code", static_cast<std::int64_t>(code));
    v.set("message", message);
    v.set("name", "BusinessError");
    return v;
}

void Deferred::resolve(Value v) {
    std::unique_lock<std::mutex> lock(mu_);
    if (settled_) return;
    settled_ = true;
    value_ = std::move(v);
    fire_locked(lock);
}

void Deferred::reject(std::int32_t code, std::string message) {
    std::unique_lock<std::mutex> lock(mu_);
    if (settled_) return;
    settled_ = true;
    code_ = code;
    message_ = std::move(message);
    fire_locked(lock);
}

void Deferred::then(FunctionPtr fn, Value success_err) {
    std::unique_lock<std::mutex> lock(mu_);
    callback_ = std::move(fn);
    success_err_ = std::move(success_err);
    if (settled_) fire_locked(lock);
}

void Deferred::fire_locked(std::unique_lock<std::mutex>& lock) {
    FunctionPtr cb = std::move(callback_);
    callback_.reset();
    std::vector<Value> args;
    if (cb) {
        if (code_ != 0) {
            args = {error_value(code_, message_), Value::undefined()};
        } else {
            args = {success_err_, value_};
        }
    }
    lock.unlock();
    cv_.notify_all();
    if (cb) {
        if (auto d = dispatcher_.lock()) d->post(std::move(cb), std::move(args));
    }
}

bool Deferred::wait(std::int64_t timeout_ms) {
    std::unique_lock<std::mutex> lock(mu_);
    if (timeout_ms < 0) {
        cv_.wait(lock, [this] { return settled_; });
        return true;
    }
    return cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [this] { return settled_; });
}

bool Deferred::settled() const {
    std::lock_guard<std::mutex> lock(mu_);
    return settled_;
}
std::int32_t Deferred::code() const {
    std::lock_guard<std::mutex> lock(mu_);
    return code_;
}
std::string Deferred::message() const {
    std::lock_guard<std::mutex> lock(mu_);
    return message_;
}
Value Deferred::value() const {
    std::lock_guard<std::mutex> lock(mu_);
    return value_;
}

Outcome settle(Dispatcher& dispatcher, const FunctionPtr& callback, Outcome outcome, const Value& success_err) {
    if (!callback) return outcome;
    switch (outcome.kind) {
        case Outcome::Kind::Resolved:
            dispatcher.post(callback, {success_err, std::move(outcome.value)});
            break;
        case Outcome::Kind::Rejected:
            dispatcher.post(callback, {error_value(outcome.code, outcome.message), Value::undefined()});
            break;
        case Outcome::Kind::Pending:
            outcome.deferred->then(callback, success_err);
            break;
        case Outcome::Kind::ViaCallback:
            break;
    }
    return Outcome::via_callback();
}

}  // namespace ohbridge
