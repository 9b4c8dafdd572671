#include "admission.h"

#include <sys/socket.h>

#include <algorithm>

namespace ohbridge::agent {

Admission::~Admission() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        done_ = true;
    }
    changed_.notify_all();
    if (watcher_.joinable()) watcher_.join();
}

void Admission::share(int idle_ms, std::function<void()> on_idle) {
    std::lock_guard<std::mutex> lock(mu_);
    idle_ = std::chrono::milliseconds(idle_ms);
    idle_since_ = std::chrono::steady_clock::now();
    on_idle_ = std::move(on_idle);
    watcher_ = std::thread([this] { watch(); });
}

// The shared agent's clock: it runs while no authenticated client is there.
void Admission::watch() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
        if (done_) return;
        if (stopping_) break;
        if (clients_ == 0) {
            auto until = idle_since_ + idle_;
            if (changed_.wait_until(lock, until, [&] { return done_ || stopping_ || clients_ > 0; })) continue;
            if (clients_ == 0) {
                stopping_ = true;
                break;
            }
        } else {
            changed_.wait(lock, [&] { return done_ || stopping_ || clients_ == 0; });
        }
    }
    // A last client that said leave is still connected: let its session send
    // the reply and end before the agent goes.
    changed_.wait_for(lock, std::chrono::seconds(2), [&] { return done_ || clients_ == 0; });
    if (done_) return;
    auto on_idle = on_idle_;
    lock.unlock();
    if (on_idle) on_idle();
}

void Admission::arrive(int fd) {
    std::lock_guard<std::mutex> lock(mu_);
    while (!strangers_.empty() && strangers_.size() >= max_strangers_) {
        // Shut down, not closed: its session thread owns the descriptor and
        // closes it after leave().
        ::shutdown(strangers_.front(), SHUT_RDWR);
        strangers_.pop_front();
    }
    strangers_.push_back(fd);
}

Admit Admission::authenticate(int fd) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (stopping_) return Admit::Stopping;
        if (clients_ >= max_clients_) return Admit::Full;
        strangers_.remove(fd);
        ++clients_;
    }
    changed_.notify_all();
    return Admit::Admitted;
}

bool Admission::leaving() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (!on_idle_ || clients_ > 1) return false;
        stopping_ = true;
    }
    changed_.notify_all();
    return true;
}

void Admission::leave(int fd, bool authenticated) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (authenticated) {
            if (--clients_ == 0) idle_since_ = std::chrono::steady_clock::now();
        } else {
            strangers_.remove(fd);
        }
    }
    changed_.notify_all();
}

std::size_t Admission::clients() const {
    std::lock_guard<std::mutex> lock(mu_);
    return clients_;
}

std::size_t Admission::strangers() const {
    std::lock_guard<std::mutex> lock(mu_);
    return strangers_.size();
}

}  // namespace ohbridge::agent
