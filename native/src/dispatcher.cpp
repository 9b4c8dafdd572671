#include "ohbridge/dispatcher.h"

#include <chrono>
#include <string>

#include "ohbridge/errors.h"

namespace ohbridge {

namespace {
// Deliver in bounded batches: large enough to amortise one GIL acquisition
// over many events, small enough to keep the latency of the first low.
constexpr std::size_t kMaxBatch = 1024;
}  // namespace

Dispatcher::Dispatcher(std::shared_ptr<CallbackSink> sink) : sink_(std::move(sink)) {
    thread_ = std::thread([this] { run(); });
}

Dispatcher::~Dispatcher() { stop(false); }

void Dispatcher::post(FunctionPtr fn, std::vector<Value> args) {
    if (!fn) return;
    bool was_empty = false;
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (stopping_) return;  // late events after close are dropped, as after process exit
        was_empty = queue_.empty();
        queue_.push_back(ScheduledCall{std::move(fn), std::move(args)});
        ++posted_;
    }
    // The thread only sleeps on an empty queue: a wake-up (a futex call) per
    // event is needed only for the first one.
    if (was_empty) cv_.notify_one();
}

bool Dispatcher::flush(std::int64_t timeout_ms) {
    if (timeout_ms < 0 || timeout_ms > kMaxFlushMs) {
        throw BusinessError(js::PARAM_INVALID, "Parameter error. The flush timeout must be from 0 to " +
                                                   std::to_string(kMaxFlushMs / 1000) + " seconds.");
    }
    std::unique_lock<std::mutex> lock(mu_);
    if (std::this_thread::get_id() == thread_.get_id()) return queue_.empty();  // a callback cannot wait for itself
    std::uint64_t target = posted_;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (delivered_ < target && !stopped_) {
        if (idle_cv_.wait_until(lock, deadline) == std::cv_status::timeout) return delivered_ >= target;
    }
    return delivered_ >= target;
}

void Dispatcher::stop(bool drain) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (!stopping_) {
            stopping_ = true;
            drain_ = drain;
            if (!drain) abandon_.store(true);
        }
    }
    cv_.notify_all();
    if (thread_.joinable()) {
        if (std::this_thread::get_id() == thread_.get_id()) {
            thread_.detach();  // stop() from inside a callback: the thread ends on its own
        } else {
            thread_.join();
        }
    }
}

bool Dispatcher::running() const {
    std::lock_guard<std::mutex> lock(mu_);
    return !stopping_;
}

std::uint64_t Dispatcher::delivered() const {
    std::lock_guard<std::mutex> lock(mu_);
    return delivered_;
}

std::size_t Dispatcher::queued() const {
    std::lock_guard<std::mutex> lock(mu_);
    return queue_.size();
}

void Dispatcher::run() {
    std::vector<ScheduledCall> batch;
    batch.reserve(kMaxBatch);
    for (;;) {
        bool discard = false;
        {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_ && (!drain_ || queue_.empty())) {
                discard = !queue_.empty();
                while (!queue_.empty()) {
                    batch.push_back(std::move(queue_.front()));
                    queue_.pop_front();
                }
                if (!discard) {
                    stopped_ = true;
                    idle_cv_.notify_all();
                    return;
                }
            } else {
                while (!queue_.empty() && batch.size() < kMaxBatch) {
                    batch.push_back(std::move(queue_.front()));
                    queue_.pop_front();
                }
            }
        }
        std::size_t n = batch.size();
        if (discard) {
            sink_->discard(batch);
        } else {
            sink_->deliver(batch, abandon_);
        }
        batch.clear();
        {
            std::lock_guard<std::mutex> lock(mu_);
            delivered_ += n;
            if (discard) {
                stopped_ = true;
                idle_cv_.notify_all();
                return;
            }
        }
        idle_cv_.notify_all();
    }
}

}  // namespace ohbridge
