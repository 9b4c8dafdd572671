// The native dispatcher thread.  On a device, AsyncCallback completions and
// listener notifications reach JS from a thread that is not the caller's; the
// stub reproduces that: every callback into the front end is posted here and
// delivered, in order, from one native thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "ohbridge/value.h"

namespace ohbridge {

struct ScheduledCall {
    FunctionPtr fn;
    std::vector<Value> args;
};

// Where scheduled calls go.  The Python binding's sink takes the GIL once
// per batch; the agent's sink writes RPC notifications.
class CallbackSink {
public:
    virtual ~CallbackSink() = default;
    // Consume the batch.  Implementations must also destroy the entries
    // (clear the vector) under whatever lock the FunctionRefs need, and stop
    // calling (dropping the rest) as soon as `abandon` is set: a stop without
    // drain must not wait for a batch of slow callbacks.
    virtual void deliver(std::vector<ScheduledCall>& batch, const std::atomic<bool>& abandon) = 0;
    // Called instead of deliver when the dispatcher is shutting down without
    // draining: release the entries without calling them.
    virtual void discard(std::vector<ScheduledCall>& batch) { batch.clear(); }
};

class Dispatcher {
public:
    explicit Dispatcher(std::shared_ptr<CallbackSink> sink);
    ~Dispatcher();
    Dispatcher(const Dispatcher&) = delete;
    Dispatcher& operator=(const Dispatcher&) = delete;

    void post(FunctionPtr fn, std::vector<Value> args);
    // The longest flush: a day.  Past it the deadline arithmetic (in
    // steady_clock nanoseconds) would overflow.
    static constexpr std::int64_t kMaxFlushMs = 24LL * 60 * 60 * 1000;
    // Block until everything posted before this call has been delivered.
    // Returns false on timeout or when stopped.  A timeout outside
    // [0, kMaxFlushMs] is a BusinessError 401.
    bool flush(std::int64_t timeout_ms);
    // Stop the thread.  With drain, deliver what is queued first.
    void stop(bool drain);
    bool running() const;
    std::uint64_t delivered() const;
    std::size_t queued() const;
    std::thread::id thread_id() const { return thread_.get_id(); }

private:
    void run();

    std::shared_ptr<CallbackSink> sink_;
    mutable std::mutex mu_;
    std::condition_variable cv_;       // work available / stop
    std::condition_variable idle_cv_;  // a batch finished
    std::deque<ScheduledCall> queue_;
    std::uint64_t posted_ = 0;
    std::uint64_t delivered_ = 0;
    bool stopping_ = false;
    bool drain_ = false;
    bool stopped_ = false;
    std::atomic<bool> abandon_{false};
    std::thread thread_;
};

}  // namespace ohbridge
